/**
 * What a solver backend hands back to `solve`. Backends translate their solver's own statuses
 * into these outcomes and nothing more: a point they return is verified, rounded and turned into
 * a `SolveResult` by `solve` itself, the same way for every backend.
 */
import type { LinearModel } from './model.js';

export type SolverBackendName = 'highs' | 'jslp';

/** Options after defaults, as every backend receives them. */
export interface BackendSettings {
  readonly timeLimitSec?: number;
  readonly mipRelativeGap: number;
  readonly integralityTolerance: number;
  /** A starting point by variable index, for backends that take one. */
  readonly initialValues?: Float64Array;
}

export type BackendOutcome =
  | {
      readonly kind: 'point';
      /** Raw values by variable index, before verification. */
      readonly values: Float64Array;
      /** The solver proved optimality within the requested gap. */
      readonly optimal: boolean;
      /** The time limit stopped the solver (only meaningful when not optimal). */
      readonly timeLimitReached: boolean;
      /** Proven bound on the objective (constant included), when the solver gives one. */
      readonly bestBound?: number;
      /** Why a non-optimal point stopped, in a few words, when it was not the time limit. */
      readonly stopReason?: string;
      /**
       * The solver found the objective unbounded and this point is a feasible witness: once the
       * point verifies, the model is proven unbounded (for a MIP, an unbounded relaxation plus a
       * feasible integral point proves it, for rational data).
       */
      readonly unbounded?: boolean;
    }
  | {
      readonly kind: 'infeasible' | 'unbounded' | 'timeout' | 'error';
      /** One sentence, without the backend name (the caller adds it). */
      readonly message: string;
    };

export interface SolverBackend {
  readonly name: SolverBackendName;
  solve(model: LinearModel, settings: BackendSettings): Promise<BackendOutcome>;
}

/** Whether any variable must take integer values (then the model is a MIP). */
export function hasIntegerVariables(model: LinearModel): boolean {
  return model.variables.some((v) => v.kind !== 'continuous');
}

/** For each variable, by index, whether it appears in no constraint and not in the objective. */
export function unusedVariables(model: LinearModel): boolean[] {
  const unused = model.variables.map(() => true);
  for (const c of model.constraints) for (const [, v] of c.terms) unused[v.index] = false;
  for (const [, v] of model.objective.terms) unused[v.index] = false;
  return unused;
}

/**
 * A value for a variable that appears nowhere in the model: any value within its bounds is
 * optimal, so take the one nearest zero (an integer for integer kinds).
 */
export function valueForUnusedVariable(lower: number, upper: number, integral: boolean): number {
  const lo = integral ? Math.ceil(lower) : lower;
  const hi = integral ? Math.floor(upper) : upper;
  return Math.min(hi, Math.max(lo, 0));
}

/**
 * |objective − bound| / |objective|, HiGHS's definition: 0 when both are zero, Infinity when only
 * the objective is.
 */
export function relativeGap(objective: number, bound: number): number {
  const difference = Math.abs(objective - bound);
  if (difference === 0) return 0;
  return objective === 0 ? Infinity : difference / Math.abs(objective);
}
