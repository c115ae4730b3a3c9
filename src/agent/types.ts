/**
 * The ask/tell contract every search agent implements. Agents never call environments: the engine
 * owns evaluation, caching, parallelism, budgets and the journal, and hands agents the results.
 */
import type { Direction, Metrics } from '../objective/types.js';
import type { LinearFormulation } from '../environment/types.js';
import type { Point, Space } from '../space/types.js';

/**
 * - ok: evaluated; `objectives` set. It may still be infeasible under metric constraints.
 * - failed: the model threw, timed out or returned bad output; `error` says why.
 * - invalid: the point broke a space constraint and was not evaluated; `error` gives the reason.
 */
export type EvaluationStatus = 'ok' | 'failed' | 'invalid';

/** One evaluated design as agents, archives and exporters see it. */
export interface Evaluation {
  /** Position among the run's unique evaluations, in ask order (0-based). */
  id: number;
  point: Point;
  status: EvaluationStatus;
  metrics: Metrics;
  error?: string;
  /**
   * Objective values in minimization form (a `max` objective is negated), in the order of the
   * run's objectives; null unless status is ok.
   */
  objectives: number[] | null;
  /**
   * Total metric-constraint violation, each broken bound's excess divided by max(|bound|, 1) so
   * that units do not dominate; 0 when feasible, Infinity when not ok.
   */
  violation: number;
  feasible: boolean;
}

export interface AgentObjective {
  metric: string;
  direction: Direction;
}

export interface AgentContext {
  space: Space;
  objectives: readonly AgentObjective[];
  seed: number;
  /** Validated agent options (defaults filled in). */
  options: Record<string, unknown>;
  /** Points the engine asks for at a time; population-based agents may use it as a default size. */
  batchSize: number;
  /** Total unique evaluations the run may spend, when budgeted by evaluations. */
  budget?: number;
  /** The environment's linear formulation over the run's space, when it has one (for exact agents). */
  linearFormulation?: () => LinearFormulation | undefined;
}

export interface Agent {
  /**
   * Proposes up to n points. Fewer, or none, means the agent has nothing more to propose (a grid
   * that finished); the engine then stops the run. Proposing a point seen before is allowed: the
   * engine answers it from its cache without spending budget.
   */
  ask(n: number): Point[] | Promise<Point[]>;
  /**
   * Results for the points of the last ask, in ask order. On the final batch of a budget the
   * engine may tell only a prefix of the asked points.
   */
  tell(evaluations: readonly Evaluation[]): void | Promise<void>;
  /** The agent's whole state as JSON-serializable data (generator state included). */
  snapshot(): unknown | Promise<unknown>;
  restore(state: unknown): void | Promise<void>;
  /**
   * Facts about how the agent ran that a reader of the results needs (e.g. the TensorFlow.js
   * backend in use), recorded in the journal's end record and the run summary.
   */
  runInfo?(): Record<string, string | number | boolean>;
}

/** Describes an agent option for `archdse agents`, the spec schema and validation. */
export interface AgentOptionSpec {
  name: string;
  type: 'number' | 'integer' | 'boolean' | 'string';
  description: string;
  default: unknown;
  min?: number;
  max?: number;
  values?: readonly string[];
}

export interface AgentFactory {
  name: string;
  description: string;
  options: readonly AgentOptionSpec[];
  /** Why this agent cannot search the space (e.g. grid on real parameters), or null. */
  unsupported?(space: Space): string | null;
  create(context: AgentContext): Agent;
}
