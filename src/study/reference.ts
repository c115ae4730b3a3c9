/**
 * The hypervolume reference point policy, always written next to the value it produced:
 * - explicit: the sweep spec's `referencePoint`;
 * - environment: the model's default (e.g. 1.1 per objective for ZDT problems);
 * - derived: the nadir of the fronts considered, pushed out by 10% of the front's range per
 *   objective, so extreme front points still contribute. Derived points depend on the results,
 *   so comparisons derive one point from all the runs they compare.
 */
import type { ObjectiveSpec } from '../objective/types.js';

export type ReferencePolicy = 'explicit' | 'environment' | 'derived';

export interface ReferencePoint {
  policy: ReferencePolicy;
  /** In minimization form, in objective order. */
  vector: number[];
  /** Natural units, keyed by objective metric (what users read and write). */
  values: Record<string, number>;
  description: string;
}

/** Margin beyond the nadir for derived reference points, as a share of each objective's range. */
export const DERIVED_MARGIN = 0.1;

function toValues(objectives: readonly ObjectiveSpec[], vector: readonly number[]): Record<string, number> {
  const values: Record<string, number> = {};
  objectives.forEach((o, i) => (values[o.metric] = o.direction === 'max' ? -vector[i] : vector[i]));
  return values;
}

function fromValues(objectives: readonly ObjectiveSpec[], values: Record<string, number>, where: string): number[] {
  return objectives.map((o) => {
    const v = values[o.metric];
    if (typeof v !== 'number' || !Number.isFinite(v)) {
      throw new Error(`${where}: needs a finite value for objective "${o.metric}" (has ${Object.keys(values).join(', ') || 'nothing'})`);
    }
    return o.direction === 'max' ? -v : v;
  });
}

export function fixedReference(
  objectives: readonly ObjectiveSpec[],
  explicit: Record<string, number> | undefined,
  environment: Record<string, number> | undefined,
): ReferencePoint | null {
  if (explicit) {
    const vector = fromValues(objectives, explicit, 'referencePoint');
    return { policy: 'explicit', vector, values: toValues(objectives, vector), description: 'given in the sweep spec' };
  }
  if (environment && objectives.every((o) => typeof environment[o.metric] === 'number')) {
    const vector = fromValues(objectives, environment, 'environment referencePoint');
    return { policy: 'environment', vector, values: toValues(objectives, vector), description: "the environment's default reference point" };
  }
  return null;
}

/** Derives a reference point from front points (minimization form); null when there are none. */
export function derivedReference(objectives: readonly ObjectiveSpec[], fronts: readonly (readonly number[])[]): ReferencePoint | null {
  if (fronts.length === 0) return null;
  const m = objectives.length;
  const vector = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (const p of fronts) {
      lo = Math.min(lo, p[i]);
      hi = Math.max(hi, p[i]);
    }
    const range = hi - lo;
    // A single-valued objective still needs a reference strictly beyond it.
    const margin = range > 0 ? DERIVED_MARGIN * range : Math.max(Math.abs(hi) * DERIVED_MARGIN, 1e-12);
    vector[i] = hi + margin;
  }
  return {
    policy: 'derived',
    vector,
    values: toValues(objectives, vector),
    description: `nadir of the front(s) plus ${DERIVED_MARGIN * 100}% of each objective's range`,
  };
}
