import { describe, expect, it } from 'vitest';
import { LinearModel, solve, valueOf, verifyPoint, type SolveResult, type SolverBackendName } from '../../src/ilp/index.js';

const BACKENDS: SolverBackendName[] = ['highs', 'jslp'];

/** Deterministic pseudo-random integers in [low, high]. */
function integers(count: number, low: number, high: number, seed: number): number[] {
  let state = seed;
  return Array.from({ length: count }, () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return low + Math.floor((state / 2147483648) * (high - low + 1));
  });
}

function knapsack(values: readonly number[], weights: readonly number[], capacity: number) {
  const model = new LinearModel('knapsack');
  const take = values.map((_, i) => model.binary(`take[${i}]`));
  model.constrain('capacity', take.map((x, i) => [weights[i], x] as const), '<=', capacity);
  model.maximize(take.map((x, i) => [values[i], x] as const));
  return { model, take };
}

function bruteForceKnapsack(values: readonly number[], weights: readonly number[], capacity: number): number {
  let best = 0;
  for (let mask = 0; mask < 1 << values.length; mask += 1) {
    let weight = 0;
    let value = 0;
    values.forEach((v, i) => {
      if (mask & (1 << i)) {
        weight += weights[i];
        value += v;
      }
    });
    if (weight <= capacity) best = Math.max(best, value);
  }
  return best;
}

function permutations(n: number): number[][] {
  if (n === 0) return [[]];
  return permutations(n - 1).flatMap((p) => Array.from({ length: n }, (_, k) => [...p.slice(0, k), n - 1, ...p.slice(k)]));
}

function expectVerified(model: LinearModel, result: SolveResult): void {
  expect(result.values).toBeDefined();
  expect(verifyPoint(model, result.values!).ok).toBe(true);
}

describe.each(BACKENDS)('solve on %s', (backend) => {
  it('finds the optimum of a tiny knapsack', async () => {
    const { model, take } = knapsack([60, 100, 120], [10, 20, 30], 50);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(result.backend).toBe(backend);
    expect(result.objective).toBe(220);
    expect(take.map((x) => valueOf(result, x))).toEqual([0, 1, 1]);
    expect(result.relativeGap).toBeLessThanOrEqual(1e-9);
    expect(result.solveTimeSec).toBeGreaterThan(0);
    expect(result.message).toMatch(/proved objective 220 optimal/);
  });

  it('agrees with brute force on a 12-item knapsack', async () => {
    const values = integers(12, 10, 90, 3);
    const weights = integers(12, 5, 40, 4);
    const capacity = 100;
    const { model } = knapsack(values, weights, capacity);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(bruteForceKnapsack(values, weights, capacity));
    expectVerified(model, result);
  });

  it('agrees with brute force on a 5x5 assignment problem (equality rows)', async () => {
    const n = 5;
    const cost = Array.from({ length: n }, (_, i) => integers(n, 1, 50, 11 + i));
    const model = new LinearModel('assignment');
    const x = cost.map((row, i) => row.map((_, j) => model.binary(`assign(op${i},unit${j})`)));
    for (let i = 0; i < n; i += 1) model.constrain(`op${i} placed once`, x[i].map((v) => [1, v] as const), '=', 1);
    for (let j = 0; j < n; j += 1) model.constrain(`unit${j} used once`, x.map((row) => [1, row[j]] as const), '=', 1);
    model.minimize(x.flatMap((row, i) => row.map((v, j) => [cost[i][j], v] as const)));
    const best = Math.min(...permutations(n).map((p) => p.reduce((sum, j, i) => sum + cost[i][j], 0)));
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(best);
    for (let i = 0; i < n; i += 1) expect(x[i].reduce((s, v) => s + valueOf(result, v), 0)).toBe(1);
  });

  it('handles = and >= constraints', async () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, 20);
    const y = model.integer('y', 0, 20);
    model.constrain('total', [[1, x], [1, y]], '=', 10);
    model.constrain('lead', [[1, x], [-1, y]], '>=', 2);
    model.minimize([[3, x], [2, y]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(26);
    expect([valueOf(result, x), valueOf(result, y)]).toEqual([6, 4]);
  });

  it('maximizes a mix of integer and continuous variables', async () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, 10);
    const y = model.continuous('y', 0, Infinity);
    model.constrain('a', [[-1, x], [1, y]], '<=', 1);
    model.constrain('b', [[3, x], [2, y]], '<=', 12);
    model.constrain('c', [[2, x], [3, y]], '<=', 12);
    model.maximize([[1, x], [1, y]]);
    // The relaxation's optimum is x = y = 2.4; with x integer it is x = 2, y = 8/3.
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(valueOf(result, x)).toBe(2);
    expect(valueOf(result, y)).toBeCloseTo(8 / 3, 6);
    expect(result.objective).toBeCloseTo(14 / 3, 6);
  });

  it('handles negative and free bounds and the objective constant', async () => {
    const model = new LinearModel();
    const x = model.integer('x', -10, 10);
    const t = model.continuous('t', -Infinity, Infinity);
    // t >= |x - 2.5|, minimized: x is 2 or 3 and t = 0.5.
    model.constrain('above', [[1, t], [-1, x]], '>=', -2.5);
    model.constrain('below', [[1, t], [1, x]], '>=', 2.5);
    model.constrain('negative side', [[1, x]], '<=', 2);
    model.minimize([[1, t]], 1);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(valueOf(result, x)).toBe(2);
    expect(result.objective).toBeCloseTo(1.5, 9);
  });

  it('handles variables fixed below zero and unused variables', async () => {
    const model = new LinearModel();
    const fixed = model.continuous('fixed', -4, -4);
    const unused = model.integer('unused', -3.5, -1.2);
    const far = model.continuous('far', 2, 5);
    const idle = model.binary('idle');
    const x = model.integer('x', -5, 5);
    model.constrain('link', [[1, x], [-1, fixed]], '>=', 1);
    model.minimize([[1, x]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(valueOf(result, fixed)).toBe(-4);
    expect(valueOf(result, x)).toBe(-3);
    expect(valueOf(result, unused)).toBeGreaterThanOrEqual(-3);
    expect(valueOf(result, unused)).toBeLessThanOrEqual(-2);
    expect(valueOf(result, far)).toBeGreaterThanOrEqual(2);
    expect([0, 1]).toContain(valueOf(result, idle));
    expectVerified(model, result);
  });

  it('proves an integer model infeasible even though its relaxation is feasible', async () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, 10);
    const y = model.integer('y', 0, 10);
    model.constrain('odd', [[2, x], [2, y]], '=', 7);
    model.minimize([[1, x]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('infeasible');
    expect(result.values).toBeUndefined();
    expect(result.objective).toBeUndefined();
    expect(() => valueOf(result, x)).toThrow(/no value for variable "x": the solve ended with status 'infeasible'/);
  });

  it('proves contradictory constraints infeasible', async () => {
    const model = new LinearModel();
    const x = model.continuous('x', 0, 100);
    const y = model.binary('y');
    model.constrain('at least', [[1, x], [1, y]], '>=', 5);
    model.constrain('at most', [[1, x], [1, y]], '<=', 3);
    const result = await solve(model, { backend });
    expect(result.status).toBe('infeasible');
  });

  it('proves an LP unbounded', async () => {
    const model = new LinearModel();
    const x = model.continuous('x', 0, Infinity);
    const y = model.continuous('y', 0, Infinity);
    model.constrain('gap', [[1, x], [-1, y]], '<=', 1);
    model.maximize([[1, x], [1, y]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('unbounded');
    expect(result.values).toBeUndefined();
  });

  it('proves a feasible MIP with an unbounded objective unbounded', async () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, Infinity);
    const y = model.continuous('y', 0, Infinity);
    model.constrain('gap', [[1, x], [-1, y]], '>=', 5);
    model.maximize([[1, x]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('unbounded');
  });

  it('settles an unsatisfiable constraint without terms as infeasible', async () => {
    const model = new LinearModel();
    const x = model.binary('x');
    model.constrain('vanishes', [[1, x], [-1, x]], '>=', 1);
    const result = await solve(model, { backend });
    expect(result.status).toBe('infeasible');
    expect(result.message).toMatch(/constraint "vanishes" has no terms and 0 >= 1 cannot hold/);
  });

  it('keeps a satisfiable constraint without terms', async () => {
    const model = new LinearModel();
    const x = model.binary('x');
    model.constrain('vanishes', [[2, x], [-2, x]], '<=', 1);
    model.maximize([[1, x]]);
    const result = await solve(model, { backend });
    expect(result.status).toBe('optimal');
    expect(valueOf(result, x)).toBe(1);
  });
});

describe('solve', () => {
  it('settles a model without variables by its constant', async () => {
    const model = new LinearModel();
    model.minimize([], 4.5);
    model.constrain('trivial', [], '<=', 0);
    const result = await solve(model);
    expect(result).toMatchObject({ status: 'optimal', objective: 4.5, relativeGap: 0 });
    expect(result.values).toHaveLength(0);
  });

  it('rejects bad options and unknown backends', async () => {
    const model = new LinearModel();
    model.binary('x');
    await expect(solve(model, { timeLimitSec: 0 })).rejects.toThrow(/timeLimitSec/);
    await expect(solve(model, { timeLimitSec: Number.NaN })).rejects.toThrow(/timeLimitSec/);
    await expect(solve(model, { mipRelativeGap: -0.1 })).rejects.toThrow(/mipRelativeGap/);
    await expect(solve(model, { integralityTolerance: 0.5 })).rejects.toThrow(/integralityTolerance/);
    await expect(solve(model, { backend: 'cplex' as SolverBackendName })).rejects.toThrow(/unknown solver backend "cplex"/);
  });

  it('uses HiGHS by default and both backends agree on a 16-item knapsack', async () => {
    const values = integers(16, 20, 120, 21);
    const weights = integers(16, 10, 60, 22);
    const { model } = knapsack(values, weights, 200);
    const [highs, jslp] = await Promise.all([solve(model), solve(model, { backend: 'jslp' })]);
    expect(highs.backend).toBe('highs');
    expect(highs.status).toBe('optimal');
    expect(jslp.status).toBe('optimal');
    expect(highs.objective).toBe(bruteForceKnapsack(values, weights, 200));
    expect(jslp.objective).toBe(highs.objective);
  });

  it('accepts a relative gap and reports the gap it reached', async () => {
    const values = integers(16, 20, 120, 31);
    const weights = integers(16, 10, 60, 32);
    const { model } = knapsack(values, weights, 200);
    const exact = bruteForceKnapsack(values, weights, 200);
    for (const backend of BACKENDS) {
      const result = await solve(model, { backend, mipRelativeGap: 0.05 });
      expect(result.status).toBe('optimal');
      expect(result.relativeGap).toBeLessThanOrEqual(0.05);
      expect(result.objective!).toBeGreaterThanOrEqual(exact * 0.95 - 1e-9);
      expect(result.bestBound!).toBeGreaterThanOrEqual(exact - 1e-6);
    }
  });
});
