/**
 * Turns an evaluation's metrics into what search needs: the objective vector in minimization form
 * and the total constraint violation used by constrained domination.
 */
import type { ConstraintOperator, MetricConstraint, Metrics, MetricSpec, ObjectiveSpec } from './types.js';

const OPERATORS: readonly ConstraintOperator[] = ['<=', '>=', '==', '<', '>'];

/** Parses `area_mm2 <= 4` (also `>=`, `<`, `>`, `==`). */
export function parseMetricConstraint(text: string): MetricConstraint {
  for (const op of OPERATORS) {
    const at = text.indexOf(op);
    if (at <= 0) continue;
    const metric = text.slice(0, at).trim();
    const boundText = text.slice(at + op.length).trim();
    const bound = Number(boundText);
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(metric)) break;
    if (boundText === '' || !Number.isFinite(bound)) {
      throw new Error(`constraint "${text}": the bound must be a finite number, got "${boundText}"`);
    }
    return { metric, op, bound };
  }
  throw new Error(`constraint "${text}": expected METRIC OP NUMBER with OP one of ${OPERATORS.join(' ')}, e.g. "area_mm2 <= 4"`);
}

export function formatMetricConstraint(c: MetricConstraint): string {
  return `${c.metric} ${c.op} ${c.bound}`;
}

/**
 * Excess of a metric over its bound, scaled by max(|bound|, 1) so that constraints in different
 * units can be summed. Strict bounds count equality as a violation of the smallest relative size.
 */
export function constraintExcess(value: number, c: MetricConstraint): number {
  const scale = Math.max(Math.abs(c.bound), 1);
  switch (c.op) {
    case '<=':
      return value <= c.bound ? 0 : (value - c.bound) / scale;
    case '>=':
      return value >= c.bound ? 0 : (c.bound - value) / scale;
    case '<':
      return value < c.bound ? 0 : Math.max(value - c.bound, Number.EPSILON * scale) / scale;
    case '>':
      return value > c.bound ? 0 : Math.max(c.bound - value, Number.EPSILON * scale) / scale;
    case '==':
      return Math.abs(value - c.bound) / scale;
  }
}

/** Everything needed to score metrics: objectives, their signs, and constraints. */
export class Scoring {
  private readonly signs: number[];

  constructor(
    readonly objectives: readonly ObjectiveSpec[],
    readonly constraints: readonly MetricConstraint[],
  ) {
    if (objectives.length === 0) throw new Error('at least one objective is needed');
    this.signs = objectives.map((o) => (o.direction === 'max' ? -1 : 1));
  }

  /** Checks that objectives and constraints name known metrics; lists the known ones otherwise. */
  static validate(objectives: readonly ObjectiveSpec[], constraints: readonly MetricConstraint[], metrics: readonly MetricSpec[], where = 'objectives'): void {
    const known = new Set(metrics.map((m) => m.name));
    const list = [...known].join(', ');
    objectives.forEach((o, i) => {
      if (!known.has(o.metric)) throw new Error(`${where}[${i}].metric: unknown metric "${o.metric}"; known metrics: ${list}`);
      if (o.direction !== 'min' && o.direction !== 'max') throw new Error(`${where}[${i}].direction: must be "min" or "max", got "${String(o.direction)}"`);
    });
    const seen = new Set<string>();
    for (const o of objectives) {
      if (seen.has(o.metric)) throw new Error(`${where}: metric "${o.metric}" appears twice`);
      seen.add(o.metric);
    }
    constraints.forEach((c, i) => {
      if (!known.has(c.metric)) throw new Error(`constraints[${i}]: unknown metric "${c.metric}"; known metrics: ${list}`);
    });
  }

  /**
   * Objective vector in minimization form. Throws naming the metric when one is missing or not a
   * finite number, which the engine records as a failed evaluation.
   */
  objectiveVector(metrics: Metrics): number[] {
    const out = new Array<number>(this.objectives.length);
    for (let i = 0; i < out.length; i++) {
      const name = this.objectives[i].metric;
      const value = metrics[name];
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        throw new Error(`metric "${name}" is ${value === undefined ? 'missing' : `not a finite number (${String(value)})`}`);
      }
      out[i] = this.signs[i] * value;
    }
    return out;
  }

  /** Total scaled violation; a constrained metric that is missing or NaN counts as infinitely violated. */
  violation(metrics: Metrics): number {
    let total = 0;
    for (const c of this.constraints) {
      const value = metrics[c.metric];
      if (typeof value !== 'number' || Number.isNaN(value)) return Infinity;
      total += constraintExcess(value, c);
    }
    return total;
  }

  /** Converts a minimization-form vector back to the objectives' natural units and signs. */
  natural(vector: readonly number[]): number[] {
    return vector.map((v, i) => this.signs[i] * v);
  }

  /** Converts natural-unit values (e.g. a reference point from the spec) to minimization form. */
  minimizationForm(values: readonly number[]): number[] {
    return values.map((v, i) => this.signs[i] * v);
  }
}
