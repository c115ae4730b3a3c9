/**
 * The HiGHS backend: HiGHS compiled to WebAssembly (npm `highs`), a real branch-and-cut MIP
 * solver. The model goes in as LP text; the persistent-model API is used rather than the
 * one-shot `solve` because only it says whether a point exists after a time limit
 * (`primal_solution_status`) and what the proven bound is (`mip_dual_bound`): the one-shot result
 * carries column values even when HiGHS has no incumbent.
 *
 * The WebAssembly module is loaded once, lazily. A WebAssembly failure (out of memory, out of
 * stack, an abort) can leave the instance's memory in any state, so that instance is dropped
 * and the next solve loads a fresh one.
 */
import { hasIntegerVariables, unusedVariables, valueForUnusedVariable } from './backend.js';
import type { BackendOutcome, BackendSettings, SolverBackend } from './backend.js';
import { exportLp } from './lp-format.js';
import type { LinearModel } from './model.js';
import type { Highs } from 'highs';

/** The part of a HiGHS model handle this backend uses (the real one has much more). */
export interface HighsModelHandle {
  readonly options: { set(values: Readonly<Record<string, number | boolean | string>>): unknown };
  readonly info: { get(name: string): number | bigint };
  run(): unknown;
  getModelStatus(): number;
  getSolution(): { readonly colValue: Float64Array };
  getDimensions(): { readonly numCols: number };
  getColName(index: number): string;
  setSolution(solution: { readonly colValue: Float64Array }): unknown;
  dispose(): void;
}

/** The part of the loaded HiGHS runtime this backend uses. */
export interface HighsRuntime {
  createModel(source: { format: 'lp'; data: string }): HighsModelHandle;
}

export type HighsLoader = () => Promise<HighsRuntime>;

/** HiGHS model status codes (`kHighsModelStatus*`, the same in every HiGHS release since 1.2). */
const MODEL_STATUS = {
  notSet: 0,
  loadError: 1,
  modelError: 2,
  presolveError: 3,
  solveError: 4,
  postsolveError: 5,
  empty: 6,
  optimal: 7,
  infeasible: 8,
  unboundedOrInfeasible: 9,
  unbounded: 10,
  objectiveBound: 11,
  objectiveTarget: 12,
  timeLimit: 13,
  iterationLimit: 14,
  unknown: 15,
  solutionLimit: 16,
  interrupted: 17,
} as const;

const STATUS_NAMES: Record<number, string> = Object.fromEntries(
  Object.entries(MODEL_STATUS).map(([name, code]) => [code, name]),
);

/** `primal_solution_status` value meaning HiGHS holds a feasible point. */
const FEASIBLE_POINT = 2;

/** HiGHS accepts mip_feasibility_tolerance from 1e-10 up. */
const MIN_MIP_FEASIBILITY_TOLERANCE = 1e-10;

/**
 * Loads the real module. Its declarations are read as CommonJS while Node imports its ESM
 * build, so the loader is looked up at run time rather than trusted to the declared shape.
 */
async function loadRealHighs(): Promise<HighsRuntime> {
  const module: unknown = await import('highs');
  const exported = (module as { default?: unknown }).default;
  const loader = typeof exported === 'function' ? exported : (exported as { default?: unknown } | undefined)?.default;
  if (typeof loader !== 'function') throw new Error('the highs package exports no loader function');
  // Without `print`/`printErr` options the loader sends HiGHS's console output nowhere.
  return asRuntime(await (loader as () => Promise<Highs>)());
}

/** Checks, at compile time, that the real runtime has the shape this backend relies on. */
function asRuntime(highs: Highs): HighsRuntime {
  return highs;
}

interface RunResult {
  readonly status: number;
  readonly columns?: { readonly names: readonly string[]; readonly values: Float64Array };
  readonly dualBound?: number;
}

export class HighsBackend implements SolverBackend {
  readonly name = 'highs' as const;
  private runtime: Promise<HighsRuntime> | undefined;
  private loadCount = 0;

  constructor(private readonly load: HighsLoader = loadRealHighs) {}

  /** How many times the WebAssembly module has been loaded (reloads follow WebAssembly failures). */
  get loads(): number {
    return this.loadCount;
  }

  async solve(model: LinearModel, settings: BackendSettings): Promise<BackendOutcome> {
    const started = performance.now();
    let highs: HighsRuntime;
    try {
      highs = await this.instance();
    } catch (error) {
      this.runtime = undefined;
      return { kind: 'error', message: `could not load its WebAssembly module: ${describe(error)}` };
    }
    try {
      const lp = exportLp(model);
      const first = this.run(highs, lp.text, settings, settings.timeLimitSec, lp.variableNames);
      if (first.status !== MODEL_STATUS.unboundedOrInfeasible) return this.outcome(model, lp.variableNames, first, settings);
      // HiGHS (typically its presolve) could not tell the two apart. Dropping the objective
      // decides it: a feasible point then proves "unbounded", no point proves "infeasible".
      const remaining = settings.timeLimitSec === undefined ? undefined : settings.timeLimitSec - (performance.now() - started) / 1000;
      if (remaining !== undefined && remaining <= 0) {
        return { kind: 'timeout', message: 'found the model infeasible or unbounded, with no time left to tell which' };
      }
      const check = this.run(highs, exportLp(model, { objective: false }).text, settings, remaining, lp.variableNames);
      if (check.status === MODEL_STATUS.infeasible) return { kind: 'infeasible', message: 'proved the model infeasible' };
      if (check.columns !== undefined) {
        // `solve` verifies the witness before calling the model unbounded.
        const values = pointByVariable(model, lp.variableNames, check.columns);
        if (typeof values === 'string') return { kind: 'error', message: values };
        return { kind: 'point', values, optimal: false, timeLimitReached: false, unbounded: true };
      }
      if (check.status === MODEL_STATUS.timeLimit) {
        return { kind: 'timeout', message: 'found the model infeasible or unbounded and ran out of time telling which' };
      }
      return { kind: 'error', message: `found the model infeasible or unbounded and could not tell which (${statusName(check.status)})` };
    } catch (error) {
      if (isWebAssemblyFailure(error)) {
        // The instance's memory may be corrupt; never reuse it.
        this.runtime = undefined;
        return { kind: 'error', message: webAssemblyFailureMessage(error, model) };
      }
      return { kind: 'error', message: `failed on model "${model.name}": ${describe(error)}` };
    }
  }

  private instance(): Promise<HighsRuntime> {
    if (this.runtime === undefined) {
      this.loadCount += 1;
      this.runtime = this.load();
    }
    return this.runtime;
  }

  private run(
    highs: HighsRuntime,
    text: string,
    settings: BackendSettings,
    timeLimitSec: number | undefined,
    lpNames: readonly string[],
  ): RunResult {
    const handle = highs.createModel({ format: 'lp', data: text });
    try {
      handle.options.set({
        output_flag: false,
        mip_rel_gap: settings.mipRelativeGap,
        mip_feasibility_tolerance: Math.max(MIN_MIP_FEASIBILITY_TOLERANCE, settings.integralityTolerance),
        ...(timeLimitSec === undefined ? {} : { time_limit: timeLimitSec }),
      });
      // HiGHS numbers columns in order of first appearance in the text, not by variable index.
      const names = columnNames(handle);
      if (settings.initialValues !== undefined) handle.setSolution({ colValue: byColumn(settings.initialValues, lpNames, names) });
      handle.run();
      const status = handle.getModelStatus();
      if (readInfo(handle, 'primal_solution_status') !== FEASIBLE_POINT) return { status };
      const values = handle.getSolution().colValue;
      return { status, columns: { names, values }, dualBound: readInfo(handle, 'mip_dual_bound') };
    } finally {
      disposeQuietly(handle);
    }
  }

  private outcome(model: LinearModel, lpNames: readonly string[], result: RunResult, settings: BackendSettings): BackendOutcome {
    const { status, columns } = result;
    switch (status) {
      case MODEL_STATUS.infeasible:
        return { kind: 'infeasible', message: 'proved the model infeasible' };
      case MODEL_STATUS.unbounded:
        return { kind: 'unbounded', message: 'proved the objective unbounded' };
      case MODEL_STATUS.timeLimit:
        if (columns === undefined) {
          return { kind: 'timeout', message: `reached the time limit of ${settings.timeLimitSec} s without a feasible point` };
        }
        break;
      case MODEL_STATUS.optimal:
        if (columns === undefined) return { kind: 'error', message: 'reported an optimum but returned no feasible point' };
        break;
      case MODEL_STATUS.iterationLimit:
      case MODEL_STATUS.solutionLimit:
      case MODEL_STATUS.objectiveBound:
      case MODEL_STATUS.objectiveTarget:
      case MODEL_STATUS.interrupted:
        if (columns === undefined) return { kind: 'error', message: `stopped (${statusName(status)}) without a feasible point` };
        break;
      default:
        return { kind: 'error', message: `ended with status ${statusName(status)}` };
    }
    const values = pointByVariable(model, lpNames, columns);
    if (typeof values === 'string') return { kind: 'error', message: values };
    const integer = hasIntegerVariables(model);
    // For an LP, HiGHS's optimum is proven by duality; the bound is then the objective itself.
    const bestBound = integer && result.dualBound !== undefined && Number.isFinite(result.dualBound) ? result.dualBound : undefined;
    if (status === MODEL_STATUS.optimal) return { kind: 'point', values, optimal: true, timeLimitReached: false, bestBound };
    return {
      kind: 'point',
      values,
      optimal: false,
      timeLimitReached: status === MODEL_STATUS.timeLimit,
      bestBound,
      ...(status === MODEL_STATUS.timeLimit ? {} : { stopReason: statusName(status) }),
    };
  }
}

/** The default HiGHS backend, sharing one WebAssembly instance across solves. */
export const highsBackend = new HighsBackend();

function columnNames(handle: HighsModelHandle): string[] {
  const names: string[] = [];
  const count = handle.getDimensions().numCols;
  for (let j = 0; j < count; j += 1) names.push(handle.getColName(j));
  return names;
}

/** Values by variable index rearranged into HiGHS's column order. */
function byColumn(values: Float64Array, lpNames: readonly string[], columns: readonly string[]): Float64Array {
  const indexByLpName = new Map(lpNames.map((name, index) => [name, index]));
  return Float64Array.from(columns, (name) => {
    const index = indexByLpName.get(name);
    return index === undefined ? 0 : values[index];
  });
}

/** Column values rearranged by variable index, or a sentence saying what is missing. */
function pointByVariable(
  model: LinearModel,
  lpNames: readonly string[],
  columns: { readonly names: readonly string[]; readonly values: Float64Array },
): Float64Array | string {
  const indexByLpName = new Map(lpNames.map((name, index) => [name, index]));
  const values = new Float64Array(model.variables.length);
  const seen = new Uint8Array(model.variables.length);
  columns.names.forEach((name, j) => {
    const index = indexByLpName.get(name);
    if (index === undefined) return;
    values[index] = columns.values[j];
    seen[index] = 1;
  });
  const unused = unusedVariables(model);
  for (const v of model.variables) {
    if (seen[v.index] === 1) continue;
    // Only a variable that appears nowhere may be given a value of our choosing.
    if (!unused[v.index]) return `returned no value for variable "${v.name}"`;
    values[v.index] = valueForUnusedVariable(v.lower, v.upper, v.kind !== 'continuous');
  }
  return values;
}

function readInfo(handle: HighsModelHandle, name: string): number | undefined {
  try {
    const value = handle.info.get(name);
    const number = typeof value === 'bigint' ? Number(value) : value;
    return typeof number === 'number' && !Number.isNaN(number) ? number : undefined;
  } catch {
    // HiGHS throws for information that does not apply (no MIP run, no solution).
    return undefined;
  }
}

function disposeQuietly(handle: HighsModelHandle): void {
  try {
    handle.dispose();
  } catch {
    // After a WebAssembly failure disposal can fail too; the instance is discarded anyway.
  }
}

function statusName(code: number): string {
  return STATUS_NAMES[code] ?? `unknown status ${code}`;
}

function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}

const MEMORY_FAILURE = /memory access out of bounds|out of memory|cannot enlarge memory|array buffer allocation failed|could not allocate memory/i;
const STACK_FAILURE = /maximum call stack|call stack size exceeded|stack overflow/i;
const ABORT = /^Aborted\(|\bAborted\(/;

/** Whether `error` is a failure of the WebAssembly instance itself rather than of the model. */
export function isWebAssemblyFailure(error: unknown): boolean {
  // WebAssembly traps are RuntimeErrors; Emscripten aborts and allocation failures are plain Errors.
  if (error instanceof Error && error.name === 'RuntimeError') return true;
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return MEMORY_FAILURE.test(text) || STACK_FAILURE.test(text) || ABORT.test(text);
}

function webAssemblyFailureMessage(error: unknown, model: LinearModel): string {
  const text = describe(error);
  const size = `model "${model.name}" with ${model.variables.length} variables and ${model.constraints.length} constraints`;
  const what = STACK_FAILURE.test(text) ? 'ran out of WebAssembly stack' : MEMORY_FAILURE.test(text) ? 'ran out of WebAssembly memory' : 'aborted';
  return (
    `${what} on ${size} (${text}); the HiGHS instance was discarded and the next solve loads a fresh one. ` +
    'A smaller or tighter formulation, or the jslp backend for small models, may get through'
  );
}
