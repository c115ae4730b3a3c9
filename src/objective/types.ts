/** Metrics an environment reports, the objectives picked among them, and constraints on them. */

export type Direction = 'min' | 'max';

/** The numbers an evaluation returns, keyed by metric name. */
export type Metrics = Record<string, number>;

export interface MetricSpec {
  name: string;
  /** Unit shown beside every value (e.g. "ns", "pJ", "mm^2"); "" for dimensionless. */
  unit?: string;
  description?: string;
  /** The natural direction of goodness, used when this metric becomes an objective. */
  direction?: Direction;
}

export interface ObjectiveSpec {
  metric: string;
  direction: Direction;
  unit?: string;
}

export type ConstraintOperator = '<=' | '>=' | '<' | '>' | '==';

/** A bound on a metric, e.g. `area_mm2 <= 4`; broken bounds make a design infeasible. */
export interface MetricConstraint {
  metric: string;
  op: ConstraintOperator;
  bound: number;
}
