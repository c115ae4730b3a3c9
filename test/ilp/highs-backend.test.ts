import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Highs } from 'highs';
import { HighsBackend, LinearModel, solve, solveWith, verifyPoint, type HighsRuntime } from '../../src/ilp/index.js';
import { correlatedKnapsack } from './models.js';
import type { HighsModelHandle } from '../../src/ilp/highs-backend.js';

function smallModel(): LinearModel {
  const model = new LinearModel('small');
  const x = model.integer('x', 0, 10);
  const y = model.continuous('y', 0, 5);
  model.constrain('cap', [[1, x], [1, y]], '<=', 7.5);
  model.maximize([[2, x], [1, y]]);
  return model;
}

interface FakeRun {
  status: number;
  point?: { names: string[]; values: number[] };
  dualBound?: number;
}

/** A HiGHS runtime that plays back scripted runs (or throws), recording the LP texts and options it got. */
function fakeRuntime(runs: Array<FakeRun | Error>) {
  const texts: string[] = [];
  const options: Array<Record<string, unknown>> = [];
  const runtime: HighsRuntime = {
    createModel(source) {
      const next = runs.shift();
      if (next === undefined) throw new Error('no scripted run left');
      if (next instanceof Error) throw next;
      texts.push(source.data);
      const handle: HighsModelHandle = {
        options: { set: (values) => options.push({ ...values }) },
        info: {
          get(name) {
            if (name === 'primal_solution_status') return next.point === undefined ? 0 : 2;
            if (name === 'mip_dual_bound' && next.dualBound !== undefined) return next.dualBound;
            throw new Error(`no info ${name}`);
          },
        },
        run: () => undefined,
        getModelStatus: () => next.status,
        getSolution: () => ({ colValue: Float64Array.from(next.point?.values ?? []) }),
        getDimensions: () => ({ numCols: next.point?.names.length ?? 0 }),
        getColName: (j) => next.point!.names[j],
        setSolution: () => undefined,
        dispose: () => undefined,
      };
      return handle;
    },
  };
  return { runtime, texts, options };
}

function wasmError(message: string): Error {
  const error = new Error(message);
  error.name = 'RuntimeError';
  return error;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('HiGHS backend on real HiGHS', () => {
  it('is honest under a tiny time limit: feasible or timeout, never infeasible', async () => {
    // HiGHS needs about 0.45 s to prove this one optimal; both limits stop it well before.
    const model = correlatedKnapsack(100, 1);
    for (const timeLimitSec of [0.003, 0.03]) {
      const result = await solve(model, { timeLimitSec });
      expect(['feasible', 'timeout'], `${timeLimitSec} s: ${result.message}`).toContain(result.status);
      if (result.status === 'feasible') {
        const context = `${result.message}; bound ${result.bestBound}, gap ${result.relativeGap}`;
        expect(verifyPoint(model, result.values!).ok, context).toBe(true);
        expect(result.bestBound!, context).toBeGreaterThanOrEqual(result.objective!);
        expect(result.relativeGap!, context).toBeGreaterThanOrEqual(0);
        expect(result.message).toMatch(new RegExp(`time limit of ${timeLimitSec} s reached with an incumbent .*; gap \\d`));
      } else {
        expect(result.values).toBeUndefined();
        expect(result.message).toMatch(/time limit of .* s without a feasible point/);
      }
    }
  });

  it('prints nothing to stdout or stderr', async () => {
    const out = vi.spyOn(process.stdout, 'write');
    const err = vi.spyOn(process.stderr, 'write');
    const log = vi.spyOn(console, 'log');
    const result = await solveWith(new HighsBackend(), correlatedKnapsack(20, 5));
    expect(result.status).toBe('optimal');
    expect(out).not.toHaveBeenCalled();
    expect(err).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('passes the time limit, gap and integrality tolerance to HiGHS', async () => {
    const fake = fakeRuntime([{ status: 7, point: { names: ['x', 'y'], values: [7, 0.5] } }]);
    const result = await solveWith(new HighsBackend(async () => fake.runtime), smallModel(), {
      timeLimitSec: 2.5,
      mipRelativeGap: 0.01,
      integralityTolerance: 1e-5,
    });
    expect(result.status).toBe('optimal');
    expect(fake.options[0]).toEqual({ output_flag: false, mip_rel_gap: 0.01, mip_feasibility_tolerance: 1e-5, time_limit: 2.5 });
    expect(fake.texts[0]).toContain('Generals\n x\n');
  });

  it('discards the instance after an abort of the real module and loads a fresh one', async () => {
    const loadReal = async (): Promise<Highs> => {
      const module: unknown = await import('highs');
      const exported = (module as { default?: unknown }).default;
      return ((typeof exported === 'function' ? exported : (exported as { default: unknown }).default) as () => Promise<Highs>)();
    };
    let loads = 0;
    // The first instance receives text HiGHS cannot parse, which aborts the WebAssembly instance.
    const backend = new HighsBackend(async () => {
      loads += 1;
      const real = await loadReal();
      if (loads > 1) return real;
      return { createModel: () => real.createModel({ format: 'lp', data: 'Minimize\n obj: x\nSubject To\n c: a/b >= 1\nEnd' }) };
    });
    const model = smallModel();
    const failed = await solveWith(backend, model);
    expect(failed.status).toBe('error');
    expect(failed.message).toMatch(/^HiGHS aborted on model "small" with 2 variables and 1 constraints \(.*Aborted/);
    expect(failed.message).toMatch(/discarded and the next solve loads a fresh one/);
    const recovered = await solveWith(backend, model);
    expect(recovered.status).toBe('optimal');
    expect(recovered.objective).toBe(14.5);
    expect(backend.loads).toBe(2);
  });
});

describe('HiGHS backend on scripted runs', () => {
  it('turns a WebAssembly memory failure into a clear error and reloads the module', async () => {
    const fake = fakeRuntime([wasmError('memory access out of bounds'), { status: 7, point: { names: ['x', 'y'], values: [7, 0.5] } }]);
    const load = vi.fn(async () => fake.runtime);
    const backend = new HighsBackend(load);
    const model = smallModel();
    const failed = await solveWith(backend, model);
    expect(failed.status).toBe('error');
    expect(failed.message).toMatch(
      /^HiGHS ran out of WebAssembly memory on model "small" with 2 variables and 1 constraints \(RuntimeError: memory access out of bounds\)/,
    );
    const next = await solveWith(backend, model);
    expect(next.status).toBe('optimal');
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('recognizes stack exhaustion, aborts and out-of-memory errors but keeps the instance on ordinary errors', async () => {
    const cases: Array<[Error, RegExp, number]> = [
      [new RangeError('Maximum call stack size exceeded'), /ran out of WebAssembly stack/, 2],
      [new Error('Aborted(OOM)'), /aborted|ran out of WebAssembly memory/, 2],
      [new Error('Cannot enlarge memory arrays'), /ran out of WebAssembly memory/, 2],
      [new Error('option rejected'), /^HiGHS failed on model "small": Error: option rejected$/, 1],
    ];
    for (const [error, pattern, loadsAfterRetry] of cases) {
      const fake = fakeRuntime([error, { status: 7, point: { names: ['x', 'y'], values: [7, 0.5] } }]);
      const load = vi.fn(async () => fake.runtime);
      const backend = new HighsBackend(load);
      const failed = await solveWith(backend, smallModel());
      expect(failed.status).toBe('error');
      expect(failed.message).toMatch(pattern);
      await solveWith(backend, smallModel());
      expect(load).toHaveBeenCalledTimes(loadsAfterRetry);
    }
  });

  it('reports a module that fails to load, and tries again next time', async () => {
    const load = vi.fn(async (): Promise<HighsRuntime> => {
      throw new Error('highs.wasm not found');
    });
    const backend = new HighsBackend(load);
    const result = await solveWith(backend, smallModel());
    expect(result).toMatchObject({ status: 'error', message: 'HiGHS could not load its WebAssembly module: Error: highs.wasm not found' });
    await solveWith(backend, smallModel());
    expect(load).toHaveBeenCalledTimes(2);
  });

  it('maps a time limit without a point to timeout and with one to feasible', async () => {
    const model = smallModel();
    const none = await solveWith(new HighsBackend(async () => fakeRuntime([{ status: 13 }]).runtime), model, { timeLimitSec: 1 });
    expect(none.status).toBe('timeout');
    const some = fakeRuntime([{ status: 13, point: { names: ['y', 'x'], values: [0.5, 6] }, dualBound: 14.5 }]);
    const result = await solveWith(new HighsBackend(async () => some.runtime), model, { timeLimitSec: 1 });
    expect(result.status).toBe('feasible');
    // Columns are matched by name, not position.
    expect(Array.from(result.values!)).toEqual([6, 0.5]);
    expect(result.objective).toBe(12.5);
    expect(result.bestBound).toBe(14.5);
    expect(result.relativeGap).toBeCloseTo(0.16, 12);
  });

  it('settles "infeasible or unbounded" with a feasibility solve', async () => {
    const model = smallModel();
    const infeasible = fakeRuntime([{ status: 9 }, { status: 8 }]);
    expect((await solveWith(new HighsBackend(async () => infeasible.runtime), model)).status).toBe('infeasible');
    expect(infeasible.texts[1]).toContain('Minimize\n obj: 0\n');
    const unbounded = fakeRuntime([{ status: 9 }, { status: 7, point: { names: ['x', 'y'], values: [0, 0] } }]);
    expect((await solveWith(new HighsBackend(async () => unbounded.runtime), model)).status).toBe('unbounded');
    const undecided = fakeRuntime([{ status: 9 }, { status: 15 }]);
    const result = await solveWith(new HighsBackend(async () => undecided.runtime), model);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/could not tell which \(unknown\)/);
  });

  it('reports solver failures by status name and refuses points it cannot map', async () => {
    const failed = await solveWith(new HighsBackend(async () => fakeRuntime([{ status: 4 }]).runtime), smallModel());
    expect(failed).toMatchObject({ status: 'error', message: 'HiGHS ended with status solveError' });
    const missing = fakeRuntime([{ status: 7, point: { names: ['y'], values: [1] } }]);
    const result = await solveWith(new HighsBackend(async () => missing.runtime), smallModel());
    expect(result).toMatchObject({ status: 'error', message: 'HiGHS returned no value for variable "x"' });
  });

  it('does not pass off a fractional point from HiGHS as optimal', async () => {
    const fake = fakeRuntime([{ status: 7, point: { names: ['x', 'y'], values: [6.5, 1] } }]);
    const result = await solveWith(new HighsBackend(async () => fake.runtime), smallModel());
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/fails verification: integer variable "x" has the fractional value 6\.5/);
  });
});

describe('starting points', () => {
  /** Takes items in order while they fit: a feasible but poor start. */
  function greedyStart(model: LinearModel): Float64Array {
    const capacity = model.constraints[0];
    let room = capacity.rhs;
    const start = new Float64Array(model.variables.length);
    for (const [weight, take] of capacity.terms) {
      if (weight <= room) {
        start[take.index] = 1;
        room -= weight;
      }
    }
    return start;
  }

  it('hands the start to HiGHS in its column order', async () => {
    const fake = fakeRuntime([{ status: 7, point: { names: ['x', 'y'], values: [7, 0.5] } }]);
    const calls: Float64Array[] = [];
    const runtime: HighsRuntime = {
      createModel(source) {
        const handle = fake.runtime.createModel(source);
        return { ...handle, getColName: (j: number) => ['y', 'x'][j], getDimensions: () => ({ numCols: 2 }), setSolution: (s) => calls.push(s.colValue) };
      },
    };
    await solveWith(new HighsBackend(async () => runtime), smallModel(), { initialValues: [3, 1.5] });
    expect(calls.map((c) => Array.from(c))).toEqual([[1.5, 3]]);
  });

  it('returns a verified start when HiGHS runs out of time with nothing better', async () => {
    const model = correlatedKnapsack(100, 1);
    const start = greedyStart(model);
    const startObjective = verifyPoint(model, start);
    expect(startObjective.ok).toBe(true);
    const result = await solve(model, { timeLimitSec: 0.003, initialValues: start });
    expect(['feasible', 'optimal']).toContain(result.status);
    expect(result.objective!).toBeGreaterThanOrEqual(startObjective.ok ? startObjective.objective : Infinity);
    expect(verifyPoint(model, result.values!).ok).toBe(true);
  });

  it('returns a verified start when jslp runs out of time without an integral point', async () => {
    const model = correlatedKnapsack(60, 1);
    const start = greedyStart(model);
    const result = await solve(model, { backend: 'jslp', timeLimitSec: 0.001, initialValues: start });
    expect(result.status).toBe('feasible');
    const expected = verifyPoint(model, start);
    expect(result.objective!).toBeGreaterThanOrEqual(expected.ok ? expected.objective : Infinity);
  });

  it('turns an infeasibility claim against a verified start into an error', async () => {
    const fake = fakeRuntime([{ status: 8 }]);
    const result = await solveWith(new HighsBackend(async () => fake.runtime), smallModel(), { initialValues: [7, 0.5] });
    expect(result).toMatchObject({ status: 'error', message: 'HiGHS reported the model infeasible, but the given start verifies as feasible' });
  });

  it('treats a start that does not verify as a hint only', async () => {
    const result = await solve(smallModel(), { initialValues: [6.5, 5] });
    expect(result.status).toBe('optimal');
    // HiGHS may return the optimum within its feasibility tolerance (here y = 0.500001).
    expect(result.objective).toBeCloseTo(14.5, 5);
  });

  it('rejects a start of the wrong length or with non-finite values', async () => {
    await expect(solve(smallModel(), { initialValues: [1] })).rejects.toThrow(/initialValues has 1 values for 2 variables/);
    await expect(solve(smallModel(), { initialValues: [1, Number.NaN] })).rejects.toThrow(/variable "y" has the non-finite value NaN/);
  });
});
