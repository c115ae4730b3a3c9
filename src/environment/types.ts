/**
 * The environment contract: a design space plus a pure hardware model. Built-in models live under
 * spaces/; users bring their own as a JS/TS module, a CSV table or an external simulator command.
 */
import type { Metrics, MetricConstraint, MetricSpec, ObjectiveSpec } from '../objective/types.js';
import type { LinearModel, LinearTerm, SolveOptions } from '../ilp/index.js';
import type { Point, Space, SpaceDefinition } from '../space/types.js';

export type OptionType = 'string' | 'number' | 'integer' | 'boolean' | 'json';

/** A documented environment option (set with `--option NAME=VALUE` or in the spec's `options`). */
export interface OptionSpec {
  name: string;
  type: OptionType;
  description: string;
  default?: unknown;
  /** Allowed values for string options. */
  values?: readonly string[];
  required?: boolean;
}

export type OptionValues = Record<string, unknown>;

/** What `create` receives besides the option values. */
export interface EnvironmentContext {
  /** Directory that relative file options are resolved against (the spec file's directory). */
  baseDir: string;
}

/** A ready environment: everything needed to evaluate points. */
export interface Environment {
  id: string;
  title: string;
  description?: string;
  space: SpaceDefinition;
  metrics: MetricSpec[];
  /** Default objectives; a sweep spec may choose others among `metrics`. */
  objectives: ObjectiveSpec[];
  /** Default metric constraints; a sweep spec may add more. */
  constraints?: MetricConstraint[];
  /** Default hypervolume reference point, keyed by objective metric, in the metric's own units. */
  referencePoint?: Record<string, number>;
  /** Samples of the true Pareto front, keyed by objective metric, when it is known (test problems). */
  trueFront?: (count: number) => Record<string, number>[];
  /** Exact hypervolume of the true front at `referencePoint`, when known in closed form. */
  trueHypervolume?: number;
  /**
   * Evaluates one design. Must be deterministic for a given point and options, and must not rely
   * on state shared with other calls: it may run in any worker thread or on another machine.
   * Throwing records the evaluation as failed with the error message.
   */
  evaluate(point: Point): Metrics | Promise<Metrics>;
  /**
   * What `archdse simulate` shows of one design beyond its metrics: a breakdown by part (e.g. per
   * layer) and a text view of it. It may also write the report files its options ask for (e.g.
   * SCALE-Sim's reports); sweeps never call it.
   */
  report?(point: Point): DesignReport | Promise<DesignReport>;
  /**
   * Pictures of one design for `archdse report` (e.g. per-layer utilization, a memory plan):
   * self-contained SVG, no files written. Like `report`, sweeps never call it.
   */
  figures?(point: Point): DesignFigure[] | Promise<DesignFigure[]>;
  /**
   * A mixed-integer linear formulation of the model over the given (possibly narrowed) space, for
   * exact agents (agents/ilp); absent when the model has none.
   */
  linearFormulation?(space: Space): LinearFormulation;
  /** Releases resources (child processes, files) when a sweep ends. */
  close?(): void | Promise<void>;
}

/** A linear objective: the metric's value is constant + sum of coefficient * variable. */
export interface LinearExpression {
  readonly terms: readonly LinearTerm[];
  readonly constant: number;
}

/** One fresh MILP of a model whose objective metrics are linear in its variables. */
export interface LinearInstance {
  readonly model: LinearModel;
  /** Objective metrics the formulation expresses, by metric name. */
  readonly objectives: Readonly<Record<string, LinearExpression>>;
  /** The design a solution stands for; evaluating it gives the metric values of the solution. */
  decode(values: Float64Array): Point;
}

export interface LinearFormulation {
  /** Builds a fresh instance (each solve adds its own bound rows). */
  build(): LinearInstance;
  /**
   * Smallest difference between two distinct values of each metric (e.g. the GCD of tensor sizes);
   * the epsilon-constraint method steps by it.
   */
  readonly resolution: Readonly<Record<string, number>>;
  /** Solver settings for each solve. */
  readonly solver?: SolveOptions;
  /** What the formulation covers, for logs. */
  readonly description: string;
}

/** A breakdown of one design's evaluation, from `Environment.report`. */
export interface DesignReport {
  /** One record per part (e.g. per layer), in order; printed by `simulate --json`. */
  parts: Record<string, number | string>[];
  /** The parts as text for a terminal, at most 100 columns wide. */
  view?: string;
  /** Paths of the files written. */
  files?: string[];
}

/** One picture of a design, from `Environment.figures`. */
export interface DesignFigure {
  title: string;
  /** A complete `<svg>` element with its own size; no scripts, no external references. */
  svg: string;
  /** One or two sentences saying how to read the picture. */
  caption?: string;
}

/** What an environment module exports (as `default` or `environment`). */
export interface EnvironmentProvider {
  id: string;
  title: string;
  description?: string;
  options?: OptionSpec[];
  create(options: OptionValues, context: EnvironmentContext): Environment | Promise<Environment>;
}

/** The error raised for a bad option value; names the option and what is allowed. */
export class OptionError extends Error {
  constructor(
    message: string,
    readonly option?: string,
  ) {
    super(message);
    this.name = 'OptionError';
  }
}
