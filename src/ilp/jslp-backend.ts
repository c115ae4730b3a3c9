/**
 * The javascript-lp-solver backend: pure JavaScript, a dense-tableau simplex with branch and
 * bound, fine for small models. Its variables are non-negative unless "unrestricted" and it has
 * no bounds, so bounds become constraints. Its answers need reading with care:
 * - it omits variables at zero from its results;
 * - its time limit covers branch and bound only, and it does not say whether it stopped there; a
 *   run that used up the time limit is therefore never reported as optimal;
 * - after a time limit with no integral incumbent it returns the fractional relaxation point of
 *   the last node with `feasible: true` (only `isIntegral` tells), which must not pass as a solution;
 * - after exhausting the tree without an integral point it returns that last node too.
 */
import * as jslpModule from 'javascript-lp-solver';
import type { Model as JslpModel, ConstraintBound, VariableCoefficients } from 'javascript-lp-solver';
import { hasIntegerVariables, relativeGap, type BackendOutcome, type BackendSettings, type SolverBackend } from './backend.js';
import type { LinearModel } from './model.js';

/** Keys of the objective row in the JSON model; variable and constraint keys are generated, so none collides. */
const OBJECTIVE_KEY = 'objective';
/** jslp's own tolerance for integrality and rounding; its default, kept apart from ours on purpose. */
const JSLP_PRECISION = 1e-9;
/**
 * Largest dense tableau (rows x columns of float64) attempted: 800 MB. jslp keeps the whole tableau
 * and its time limit does not cover the root relaxation, so a larger model would run on for many
 * minutes past any limit; such models are refused with a pointer to HiGHS instead.
 */
export const JSLP_MAX_TABLEAU_CELLS = 100_000_000;

/** The one jslp entry point used; `full` = true returns the solution object with its tableau. */
interface JslpSolver {
  Solve(model: JslpModel, precision: number, full: true): unknown;
}

/**
 * The solver object. The package has no `"type": "module"`, so its declarations are read as
 * CommonJS while Node imports its ESM build: the type checker and the loaders (Node, tsx, vitest)
 * disagree on whether the default export is wrapped once more, so look in both places.
 */
function jslpSolver(): JslpSolver {
  const candidates: unknown[] = [(jslpModule as { default?: unknown }).default, jslpModule];
  for (const candidate of [...candidates, ...candidates.map((c) => (c as { default?: unknown } | undefined)?.default)]) {
    if (typeof (candidate as Partial<JslpSolver> | undefined)?.Solve === 'function') return candidate as JslpSolver;
  }
  throw new Error('javascript-lp-solver exports no Solve function');
}

/** The part of jslp's full solution object this backend reads. */
export interface JslpFullSolution {
  readonly feasible: boolean;
  readonly bounded: boolean;
  readonly solutionSet: Readonly<Record<string, number | undefined>>;
  readonly _tableau?: { readonly __isIntegral?: boolean; readonly bestPossibleEval?: number };
}

export const jslpBackend: SolverBackend = {
  name: 'jslp',
  async solve(model: LinearModel, settings: BackendSettings): Promise<BackendOutcome> {
    const json = toJslpModel(model, settings);
    const cells = tableauCells(json);
    if (cells > JSLP_MAX_TABLEAU_CELLS) {
      return {
        kind: 'error',
        message: `refused model "${model.name}": its dense tableau would hold ${cells.toExponential(2)} cells (limit ${JSLP_MAX_TABLEAU_CELLS.toExponential(2)}), and javascript-lp-solver's time limit does not cover the root relaxation; use the highs backend`,
      };
    }
    const timeoutMs = json.options?.timeout;
    const started = Date.now();
    let solution: JslpFullSolution;
    try {
      solution = jslpSolver().Solve(json, JSLP_PRECISION, true) as JslpFullSolution;
    } catch (error) {
      return { kind: 'error', message: `failed: ${error instanceof Error ? error.message : String(error)}` };
    }
    const elapsedMs = Date.now() - started;
    // jslp's time limit applies to branch and bound only; a pure LP always runs to the end.
    const timeLimitReached = hasIntegerVariables(model) && timeoutMs !== undefined && elapsedMs >= timeoutMs;
    return readJslpSolution(model, solution, timeLimitReached, settings);
  },
};

export function toJslpModel(model: LinearModel, settings: BackendSettings): JslpModel {
  const constraints: Record<string, ConstraintBound> = {};
  const variables: Record<string, VariableCoefficients> = {};
  const ints: Record<string, 1> = {};
  const binaries: Record<string, 1> = {};
  const unrestricted: Record<string, 1> = {};
  model.variables.forEach((v, i) => {
    const key = variableKey(i);
    variables[key] = {};
    if (v.kind === 'binary') binaries[key] = 1;
    else if (v.kind === 'integer') ints[key] = 1;
    if (v.lower < 0) unrestricted[key] = 1;
    // jslp's variables start at zero, so a bound constraint is needed unless the bounds are [0, +inf)
    // (or [0, 1] for binaries, which jslp bounds itself).
    const bound: ConstraintBound = {};
    if (v.lower !== 0 && v.lower !== -Infinity) bound.min = v.lower;
    if (v.upper !== Infinity && v.kind !== 'binary') bound.max = v.upper;
    if (bound.min !== undefined || bound.max !== undefined) {
      constraints[`b${i}`] = bound;
      variables[key][`b${i}`] = 1;
    }
  });
  model.constraints.forEach((c, j) => {
    // Constraints without terms are settled before any backend runs.
    if (c.terms.length === 0) return;
    const key = `c${j}`;
    constraints[key] = c.sense === '<=' ? { max: c.rhs } : c.sense === '>=' ? { min: c.rhs } : { equal: c.rhs };
    for (const [coefficient, v] of c.terms) variables[variableKey(v.index)][key] = coefficient;
  });
  for (const [coefficient, v] of model.objective.terms) variables[variableKey(v.index)][OBJECTIVE_KEY] = coefficient;
  const json: JslpModel = {
    name: model.name,
    optimize: OBJECTIVE_KEY,
    opType: model.objective.sense === 'maximize' ? 'max' : 'min',
    constraints,
    variables,
    ints,
    binaries,
    unrestricted,
    options: {
      tolerance: settings.mipRelativeGap,
      // jslp ignores a zero timeout, and counts in whole milliseconds.
      ...(settings.timeLimitSec === undefined ? {} : { timeout: Math.max(1, Math.ceil(settings.timeLimitSec * 1000)) }),
    },
  };
  return json;
}

/** Size of jslp's dense tableau: a row per constraint and per binary (its [0, 1] bound) plus the objective, a column per variable plus the right-hand side. */
export function tableauCells(json: JslpModel): number {
  const rows = Object.keys(json.constraints).length + Object.keys(json.binaries ?? {}).length + 1;
  const columns = Object.keys(json.variables).length + 1;
  return rows * columns;
}

function variableKey(index: number): string {
  return `x${index}`;
}

/** Reads jslp's answer for `model`; `timeLimitReached` is measured by the caller, jslp does not say. */
export function readJslpSolution(
  model: LinearModel,
  solution: JslpFullSolution,
  timeLimitReached: boolean,
  settings: BackendSettings,
): BackendOutcome {
  const integer = hasIntegerVariables(model);
  const foundIntegral = solution._tableau?.__isIntegral === true;
  const limit = `its time limit of ${settings.timeLimitSec} s`;
  if (integer && !foundIntegral) {
    // Branch and bound ended without an integral incumbent: either the tree was exhausted (a
    // proof of infeasibility) or the time ran out (no proof of anything).
    if (timeLimitReached) return { kind: 'timeout', message: `reached ${limit} without an integral point` };
    if (solution.bounded === false) {
      return { kind: 'error', message: 'found an unbounded relaxation and no integral point, so it cannot tell an unbounded model from an infeasible one' };
    }
    return { kind: 'infeasible', message: solution.feasible ? 'proved the model infeasible (branch and bound found no integral point)' : 'proved the model infeasible' };
  }
  if (!solution.feasible) {
    if (timeLimitReached && integer) return { kind: 'timeout', message: `reached ${limit} without a feasible point` };
    return { kind: 'infeasible', message: 'proved the model infeasible' };
  }
  const values = new Float64Array(model.variables.length);
  model.variables.forEach((_, i) => {
    // jslp leaves out variables at zero.
    values[i] = solution.solutionSet[variableKey(i)] ?? 0;
  });
  if (solution.bounded === false) {
    // The simplex found a ray; `solve` checks the point before believing the model unbounded.
    return { kind: 'point', values, optimal: false, timeLimitReached: false, unbounded: true };
  }
  const bestBound = integer ? rootBound(model, solution, values, settings, timeLimitReached) : undefined;
  return { kind: 'point', values, optimal: !timeLimitReached, timeLimitReached, bestBound };
}

/**
 * The root relaxation's value is jslp's only proven bound. After a time limit it is the bound to
 * report. After a finished search it is reported only when it explains the stop: jslp stops early
 * only once its incumbent is within the requested gap of that bound, so a wider gap means the
 * tree was exhausted and the incumbent is optimal outright (the bound is then the objective,
 * which `solve` fills in when none is given).
 */
function rootBound(
  model: LinearModel,
  solution: JslpFullSolution,
  values: Float64Array,
  settings: BackendSettings,
  timeLimitReached: boolean,
): number | undefined {
  const raw = solution._tableau?.bestPossibleEval;
  if (typeof raw !== 'number' || !Number.isFinite(raw)) return undefined;
  // jslp minimizes internally, so a maximization's bound comes back negated.
  const bound = (model.objective.sense === 'maximize' ? -raw : raw) + model.objective.constant;
  if (timeLimitReached) return bound;
  if (settings.mipRelativeGap === 0) return undefined;
  let objective = model.objective.constant;
  for (const [coefficient, v] of model.objective.terms) objective += coefficient * values[v.index];
  return relativeGap(objective, bound) <= settings.mipRelativeGap ? bound : undefined;
}
