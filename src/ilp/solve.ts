/**
 * Solving a `LinearModel` on a chosen backend, with honest statuses: "optimal" only with a proof,
 * "feasible" for an incumbent without one, "timeout" when time ran out with no point at all, and
 * "infeasible"/"unbounded" only when proven. Every point a backend returns is verified here (see
 * verify.ts) before it is handed out; a point that fails verification is an "error", never a
 * solution.
 */
import { relativeGap, type BackendOutcome, type BackendSettings, type SolverBackend, type SolverBackendName } from './backend.js';
import { highsBackend } from './highs-backend.js';
import { jslpBackend } from './jslp-backend.js';
import type { LinearModel, Variable } from './model.js';
import { constraintViolation, verifyPoint } from './verify.js';

export type { SolverBackendName } from './backend.js';

export type SolveStatus = 'optimal' | 'feasible' | 'infeasible' | 'unbounded' | 'timeout' | 'error';

export interface SolveOptions {
  /** Default 'highs'. */
  backend?: SolverBackendName;
  /** Default: none. */
  timeLimitSec?: number;
  /** Relative gap at which a MIP counts as optimal. Default 0: prove optimality. */
  mipRelativeGap?: number;
  /** Largest distance from an integer accepted for integer and binary variables. Default 1e-6. */
  integralityTolerance?: number;
  /**
   * A starting point by variable index (a MIP start). HiGHS tries it as its first incumbent; with
   * either backend, a start that verifies is returned (as 'feasible') when the solver stops with
   * nothing better. A start that does not verify is only a hint.
   */
  initialValues?: ArrayLike<number>;
}

export interface SolveResult {
  readonly status: SolveStatus;
  readonly backend: SolverBackendName;
  /** Objective including the constant, recomputed from the verified point; present with values. */
  readonly objective?: number;
  /** Proven bound on the objective, when the solver gives one (for an optimum, the objective itself at worst). */
  readonly bestBound?: number;
  /** |objective − bestBound| / |objective|. */
  readonly relativeGap?: number;
  /** Verified values by variable index, integers rounded; present for 'optimal' and 'feasible' only. */
  readonly values?: Float64Array;
  /** Wall time of the whole call, model export and verification included. */
  readonly solveTimeSec: number;
  /** One human sentence saying what happened. */
  readonly message: string;
}

const BACKENDS: Readonly<Record<SolverBackendName, SolverBackend>> = { highs: highsBackend, jslp: jslpBackend };

const SOLVER_LABELS: Readonly<Record<SolverBackendName, string>> = { highs: 'HiGHS', jslp: 'javascript-lp-solver' };

/** The value of `variable` in a result with values; throws when the solve produced none. */
export function valueOf(result: SolveResult, variable: Variable): number {
  if (result.values === undefined) {
    throw new Error(
      `no value for variable "${variable.name}": the solve ended with status '${result.status}' and has no values (${result.message})`,
    );
  }
  if (variable.index < 0 || variable.index >= result.values.length) {
    throw new Error(`variable "${variable.name}" (index ${variable.index}) is not a variable of the solved model`);
  }
  return result.values[variable.index];
}

export function solve(model: LinearModel, options: SolveOptions = {}): Promise<SolveResult> {
  const name = options.backend ?? 'highs';
  const backend = BACKENDS[name];
  if (backend === undefined) {
    return Promise.reject(new Error(`unknown solver backend ${JSON.stringify(name)}; use 'highs' or 'jslp'`));
  }
  return solveWith(backend, model, options);
}

/** `solve` on a given backend instance (a HiGHS backend with its own module instance, say). */
export async function solveWith(backend: SolverBackend, model: LinearModel, options: SolveOptions = {}): Promise<SolveResult> {
  const started = performance.now();
  const settings = checkedSettings(model, options);
  const elapsed = (): number => (performance.now() - started) / 1000;
  const settled = settleWithoutSolver(model, backend.name, elapsed);
  if (settled !== undefined) return settled;
  const outcome = await backend.solve(model, settings);
  const result = resultFromOutcome(model, backend.name, outcome, settings, elapsed());
  return settings.initialValues === undefined ? result : weighAgainstStart(model, result, settings);
}

function checkedSettings(model: LinearModel, options: SolveOptions): BackendSettings {
  const { timeLimitSec, mipRelativeGap = 0, integralityTolerance = 1e-6, initialValues } = options;
  if (timeLimitSec !== undefined && !(Number.isFinite(timeLimitSec) && timeLimitSec > 0)) {
    throw new RangeError(`timeLimitSec must be a positive finite number of seconds, got ${timeLimitSec}`);
  }
  if (!(Number.isFinite(mipRelativeGap) && mipRelativeGap >= 0)) {
    throw new RangeError(`mipRelativeGap must be a finite number >= 0, got ${mipRelativeGap}`);
  }
  if (!(integralityTolerance > 0 && integralityTolerance < 0.5)) {
    throw new RangeError(`integralityTolerance must be in (0, 0.5), got ${integralityTolerance}`);
  }
  if (initialValues === undefined) return { timeLimitSec, mipRelativeGap, integralityTolerance };
  if (initialValues.length !== model.variables.length) {
    throw new RangeError(`initialValues has ${initialValues.length} values for ${model.variables.length} variables`);
  }
  const start = Float64Array.from(initialValues);
  const bad = start.findIndex((value) => !Number.isFinite(value));
  if (bad !== -1) throw new RangeError(`initialValues: variable "${model.variables[bad].name}" has the non-finite value ${start[bad]}`);
  return { timeLimitSec, mipRelativeGap, integralityTolerance, initialValues: start };
}

/**
 * A verified start is a feasible point whatever the solver said: it is returned when the solver
 * ran out of time with nothing or with something worse, and a solver claiming infeasibility
 * against it is wrong.
 */
function weighAgainstStart(model: LinearModel, result: SolveResult, settings: BackendSettings): SolveResult {
  const start = verifyPoint(model, settings.initialValues!, { integralityTolerance: settings.integralityTolerance });
  if (!start.ok) return result;
  const label = SOLVER_LABELS[result.backend];
  if (result.status === 'infeasible') {
    return { ...result, status: 'error', message: `${label} reported the model infeasible, but the given start verifies as feasible` };
  }
  const better = (a: number, b: number): boolean => (model.objective.sense === 'minimize' ? a < b : a > b);
  if (result.status === 'timeout' || (result.status === 'feasible' && better(start.objective, result.objective!))) {
    const bound = result.bestBound === undefined ? {} : { bestBound: result.bestBound, relativeGap: relativeGap(start.objective, result.bestBound) };
    const gapText = bound.relativeGap === undefined ? 'gap unknown' : `gap ${formatPercent(bound.relativeGap)}`;
    return {
      status: 'feasible',
      backend: result.backend,
      objective: start.objective,
      ...bound,
      values: start.values,
      solveTimeSec: result.solveTimeSec,
      message: `${label} stopped without beating the given start, returned as incumbent with objective ${formatValue(start.objective)}; ${gapText}`,
    };
  }
  return result;
}

/**
 * Models no solver is needed for: a constraint without terms that cannot hold (0 >= 1) makes the
 * model infeasible, and a model without variables is settled by its constraints alone.
 */
function settleWithoutSolver(model: LinearModel, backend: SolverBackendName, elapsed: () => number): SolveResult | undefined {
  for (const constraint of model.constraints) {
    if (constraint.terms.length === 0 && constraintViolation(constraint, []) !== undefined) {
      return {
        status: 'infeasible',
        backend,
        solveTimeSec: elapsed(),
        message: `infeasible without solving: constraint "${constraint.name}" has no terms and 0 ${constraint.sense} ${constraint.rhs} cannot hold`,
      };
    }
  }
  if (model.variables.length > 0) return undefined;
  const objective = model.objective.constant;
  return {
    status: 'optimal',
    backend,
    objective,
    bestBound: objective,
    relativeGap: 0,
    values: new Float64Array(0),
    solveTimeSec: elapsed(),
    message: `the model has no variables; its objective is the constant ${formatValue(objective)}`,
  };
}

/** Turns a backend's outcome into a result, verifying any point first. */
export function resultFromOutcome(
  model: LinearModel,
  backend: SolverBackendName,
  outcome: BackendOutcome,
  settings: BackendSettings,
  solveTimeSec: number,
): SolveResult {
  const label = SOLVER_LABELS[backend];
  if (outcome.kind !== 'point') {
    return { status: outcome.kind, backend, solveTimeSec, message: `${label} ${outcome.message}` };
  }
  const verified = verifyPoint(model, outcome.values, { integralityTolerance: settings.integralityTolerance });
  if (!verified.ok) {
    const when = outcome.timeLimitReached ? ` after reaching the time limit of ${settings.timeLimitSec} s` : '';
    return {
      status: 'error',
      backend,
      solveTimeSec,
      message: `${label} returned a point${when} that fails verification: ${verified.reason}`,
    };
  }
  if (outcome.unbounded === true) {
    return { status: 'unbounded', backend, solveTimeSec, message: `${label} proved the objective unbounded (a feasible point was verified)` };
  }
  const { values, objective } = verified;
  const objectiveText = formatValue(objective);
  if (outcome.optimal) {
    // An optimum is its own bound when the solver reports none (LPs: strong duality).
    const bestBound = outcome.bestBound ?? objective;
    const gap = relativeGap(objective, bestBound);
    // Differences at rounding level (HiGHS's bound against the objective of the rounded point) are not news.
    const gapText = gap <= 1e-9 ? '' : `; gap ${formatPercent(gap)} (requested ${formatPercent(settings.mipRelativeGap)})`;
    return {
      status: 'optimal',
      backend,
      objective,
      bestBound,
      relativeGap: gap,
      values,
      solveTimeSec,
      message: `${label} proved objective ${objectiveText} optimal in ${formatSeconds(solveTimeSec)}${gapText}`,
    };
  }
  const gap = outcome.bestBound === undefined ? undefined : relativeGap(objective, outcome.bestBound);
  const gapText = gap === undefined ? 'gap unknown' : `gap ${formatPercent(gap)}`;
  const why = outcome.timeLimitReached
    ? `time limit of ${settings.timeLimitSec} s reached`
    : `${label} stopped early (${outcome.stopReason ?? 'no reason given'})`;
  return {
    status: 'feasible',
    backend,
    objective,
    ...(outcome.bestBound === undefined ? {} : { bestBound: outcome.bestBound, relativeGap: gap }),
    values,
    solveTimeSec,
    message: `${why} with an incumbent of objective ${objectiveText} (${label}); ${gapText}`,
  };
}

function formatValue(value: number): string {
  return String(Number(value.toPrecision(8)));
}

function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return 'infinite';
  return `${Number((fraction * 100).toPrecision(2))}%`;
}

function formatSeconds(seconds: number): string {
  return `${Number(seconds.toPrecision(2))} s`;
}
