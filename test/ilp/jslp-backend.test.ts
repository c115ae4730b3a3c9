import { describe, expect, it } from 'vitest';
import { LinearModel, solve, verifyPoint } from '../../src/ilp/index.js';
import { correlatedKnapsack } from './models.js';
import { JSLP_MAX_TABLEAU_CELLS, readJslpSolution, tableauCells, toJslpModel, type JslpFullSolution } from '../../src/ilp/jslp-backend.js';
import { resultFromOutcome } from '../../src/ilp/solve.js';

const settings = { mipRelativeGap: 0, integralityTolerance: 1e-6 };

function twoIntegers(): LinearModel {
  const model = new LinearModel();
  const x = model.integer('x', 0, 10);
  const y = model.integer('y', 0, 10);
  model.constrain('c', [[2, x], [2, y]], '<=', 7);
  model.maximize([[1, x], [1, y]]);
  return model;
}

describe('jslp model translation', () => {
  it('turns bounds into unrestricted flags and bound rows, and keeps names out of the JSON', () => {
    const model = new LinearModel('translate');
    const free = model.continuous('end', -Infinity, Infinity);
    const negative = model.integer('feasible', -2, 6);
    const shifted = model.continuous('result', 3, Infinity);
    const plain = model.continuous('bounded', 0, Infinity);
    const pick = model.binary('isIntegral');
    model.constrain('le', [[1, free], [2, negative]], '<=', 4);
    model.constrain('ge', [[1, shifted]], '>=', 1);
    model.constrain('eq', [[1, plain], [1, pick]], '=', 1);
    model.maximize([[3, pick], [-1, free]]);
    const json = toJslpModel(model, { ...settings, mipRelativeGap: 0.02, timeLimitSec: 0.0004 });
    expect(json.opType).toBe('max');
    expect(json.optimize).toBe('objective');
    expect(json.unrestricted).toEqual({ x0: 1, x1: 1 });
    expect(json.ints).toEqual({ x1: 1 });
    expect(json.binaries).toEqual({ x4: 1 });
    expect(json.constraints).toEqual({
      b1: { min: -2, max: 6 },
      b2: { min: 3 },
      c0: { max: 4 },
      c1: { min: 1 },
      c2: { equal: 1 },
    });
    expect(json.variables.x0).toEqual({ c0: 1, objective: -1 });
    expect(json.variables.x1).toEqual({ b1: 1, c0: 2 });
    expect(json.variables.x4).toEqual({ c2: 1, objective: 3 });
    expect(json.options).toEqual({ tolerance: 0.02, timeout: 1 });
  });

  it('solves models whose variable names clash with jslp result keys', async () => {
    const model = new LinearModel();
    const feasible = model.integer('feasible', 0, 5);
    const result = model.integer('result', 0, 5);
    model.constrain('bounded', [[1, feasible], [1, result]], '<=', 7);
    model.maximize([[2, feasible], [1, result]]);
    const solved = await solve(model, { backend: 'jslp' });
    expect(solved.status).toBe('optimal');
    expect(Array.from(solved.values!)).toEqual([5, 2]);
  });
});

describe('reading jslp solutions', () => {
  it('treats a fractional point after a time limit with no integral incumbent as a timeout', () => {
    const model = twoIntegers();
    const solution: JslpFullSolution = { feasible: true, bounded: true, solutionSet: { x0: 1.75, x1: 1.75 }, _tableau: {} };
    const outcome = readJslpSolution(model, solution, true, { ...settings, timeLimitSec: 0.01 });
    expect(outcome).toEqual({ kind: 'timeout', message: 'reached its time limit of 0.01 s without an integral point' });
  });

  it('treats the same answer after a finished search as a proof of infeasibility', () => {
    const solution: JslpFullSolution = { feasible: true, bounded: true, solutionSet: { x0: 1.75 }, _tableau: {} };
    expect(readJslpSolution(twoIntegers(), solution, false, settings).kind).toBe('infeasible');
  });

  it('rejects a point flagged integral that is not', () => {
    const model = twoIntegers();
    const solution: JslpFullSolution = {
      feasible: true,
      bounded: true,
      solutionSet: { x0: 1.5, x1: 2 },
      _tableau: { __isIntegral: true, bestPossibleEval: -3.5 },
    };
    const outcome = readJslpSolution(model, solution, true, { ...settings, timeLimitSec: 0.01 });
    const result = resultFromOutcome(model, 'jslp', outcome, { ...settings, timeLimitSec: 0.01 }, 0.02);
    expect(result.status).toBe('error');
    expect(result.values).toBeUndefined();
    expect(result.message).toBe(
      'javascript-lp-solver returned a point after reaching the time limit of 0.01 s that fails verification: ' +
        'integer variable "x" has the fractional value 1.5 (integrality tolerance 0.000001)',
    );
  });

  it('fills variables jslp leaves out with zero and converts its root bound', () => {
    const model = twoIntegers();
    const solution: JslpFullSolution = {
      feasible: true,
      bounded: true,
      solutionSet: { x1: 3 },
      _tableau: { __isIntegral: true, bestPossibleEval: -3.5 },
    };
    const outcome = readJslpSolution(model, solution, true, { ...settings, timeLimitSec: 1 });
    expect(outcome).toMatchObject({ kind: 'point', optimal: false, timeLimitReached: true, bestBound: 3.5 });
    if (outcome.kind === 'point') expect(Array.from(outcome.values)).toEqual([0, 3]);
  });
});

describe('jslp under a time limit', () => {
  it('never reports a 60-item correlated knapsack infeasible or optimal after a 1 ms limit', async () => {
    const model = correlatedKnapsack(60, 1);
    const result = await solve(model, { backend: 'jslp', timeLimitSec: 0.001 });
    expect(['timeout', 'feasible'], result.message).toContain(result.status);
    if (result.status === 'feasible') expect(verifyPoint(model, result.values!).ok).toBe(true);
    else expect(result.message).toMatch(/without an integral point/);
  });
});

describe('jslp model size', () => {
  it('counts the dense tableau: a row per constraint, bound row and binary plus the objective, a column per variable plus the right-hand side', () => {
    const model = new LinearModel('size');
    const x = model.continuous('x', 1, 5);
    const y = model.binary('y');
    const z = model.integer('z', 0, Infinity);
    model.constrain('c', [[1, x], [1, y], [1, z]], '<=', 4);
    model.minimize([[1, x]]);
    // Rows: c, x's bound row, y's binary bound, the objective. Columns: x, y, z, right-hand side.
    expect(tableauCells(toJslpModel(model, settings))).toBe(4 * 4);
  });

  it('refuses a model whose tableau exceeds its limit, naming the size and pointing to HiGHS, without starting to solve', async () => {
    const model = new LinearModel('huge');
    const side = Math.ceil(Math.sqrt(JSLP_MAX_TABLEAU_CELLS)) + 1;
    const variables = Array.from({ length: side }, (_, i) => model.binary(`b${i}`));
    for (let i = 0; i < side; i++) model.constrain(`r${i}`, [[1, variables[i]!], [1, variables[(i + 1) % side]!]], '<=', 1);
    model.maximize(variables.map((v) => [1, v] as const));
    const started = performance.now();
    const result = await solve(model, { backend: 'jslp', timeLimitSec: 1 });
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/refused model "huge": its dense tableau would hold .* cells \(limit 1\.00e\+8\).*use the highs backend/);
  });
});
