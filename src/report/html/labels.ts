/** How the report names objectives: metric, unit and direction, from the run's header and the environment. */
import type { MetricSpec, ObjectiveSpec } from '../../objective/types.js';

export interface ObjectiveInfo {
  metric: string;
  unit: string;
  direction: 'min' | 'max';
  description?: string;
}

export function objectiveInfo(objectives: readonly ObjectiveSpec[], metrics: readonly MetricSpec[]): ObjectiveInfo[] {
  return objectives.map((o) => {
    const spec = metrics.find((m) => m.name === o.metric);
    return { metric: o.metric, unit: o.unit || spec?.unit || '', direction: o.direction, description: spec?.description };
  });
}

/** "latencyNs (ns), lower is better" */
export function axisTitle(info: ObjectiveInfo, log = false): string {
  const unit = info.unit ? ` (${info.unit})` : '';
  const better = info.direction === 'max' ? 'higher is better' : 'lower is better';
  return `${info.metric}${unit}, ${better}${log ? ', log scale' : ''}`;
}

/** "latencyNs (ns)" for table headers. */
export function columnTitle(info: ObjectiveInfo): string {
  return info.unit ? `${info.metric} (${info.unit})` : info.metric;
}

/** The value of objective `index` in natural units from a minimization-form vector. */
export function naturalValue(info: ObjectiveInfo, minimizationForm: number): number {
  return info.direction === 'max' ? -minimizationForm : minimizationForm;
}
