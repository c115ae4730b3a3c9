import { describe, expect, it } from 'vitest';
import { LinearModel, verifyPoint } from '../../src/ilp/index.js';
import { resultFromOutcome } from '../../src/ilp/solve.js';

function smallModel() {
  const model = new LinearModel('small');
  const n = model.integer('n', 0, 10);
  const b = model.binary('b');
  const y = model.continuous('y', -5, 5);
  model.constrain('cap', [[2, n], [3, b], [1, y]], '<=', 12);
  model.constrain('floor', [[1, n], [-1, y]], '>=', 1);
  model.constrain('tie', [[1, b], [1, n]], '=', 4);
  model.maximize([[1, n], [2, b], [0.5, y]], 10);
  return { model, n, b, y };
}

const settings = { mipRelativeGap: 0, integralityTolerance: 1e-6 };

describe('verifyPoint', () => {
  it('accepts a feasible point, rounds integers within tolerance and recomputes the objective', () => {
    const { model } = smallModel();
    const result = verifyPoint(model, [3.0000004, 0.9999999, 1.5]);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Array.from(result.values)).toEqual([3, 1, 1.5]);
    expect(result.objective).toBe(10 + 3 + 2 + 0.75);
  });

  it('names the first fractional integer variable', () => {
    const { model } = smallModel();
    const result = verifyPoint(model, [3.5, 0.5, 0]);
    expect(result).toEqual({ ok: false, reason: expect.stringMatching(/integer variable "n" has the fractional value 3\.5/) });
  });

  it('names a fractional binary and honours a looser integrality tolerance', () => {
    const { model } = smallModel();
    expect(verifyPoint(model, [3, 0.999, 0])).toMatchObject({ ok: false, reason: expect.stringMatching(/binary variable "b"/) });
    expect(verifyPoint(model, [3, 0.999, 0], { integralityTolerance: 0.01 }).ok).toBe(true);
  });

  it('names the first violated constraint', () => {
    const { model } = smallModel();
    // n = 3, b = 1, y = 5: cap 2*3 + 3 + 5 = 14 > 12.
    const result = verifyPoint(model, [3, 1, 5]);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/constraint "cap" is violated: activity 14 <= 12/) });
    // tie: b + n = 4 fails with n = 2, b = 1 while cap and floor hold.
    expect(verifyPoint(model, [2, 1, 0])).toMatchObject({ ok: false, reason: expect.stringMatching(/constraint "tie"/) });
  });

  it('names a variable outside its bounds and a non-finite value', () => {
    const { model } = smallModel();
    expect(verifyPoint(model, [3, 1, -6])).toMatchObject({ ok: false, reason: expect.stringMatching(/variable "y" = -6 is outside/) });
    expect(verifyPoint(model, [Number.NaN, 1, 0])).toMatchObject({ ok: false, reason: expect.stringMatching(/variable "n" has the non-finite/) });
    expect(verifyPoint(model, [3, 1])).toMatchObject({ ok: false, reason: expect.stringMatching(/2 values for 3 variables/) });
  });

  it('scales the constraint tolerance with the magnitudes involved', () => {
    const model = new LinearModel();
    const x = model.continuous('x', 0, Infinity);
    model.constrain('big', [[1e6, x]], '<=', 1e9);
    // Overshoot of 1e-4 on an activity of 1e9 is rounding noise.
    expect(verifyPoint(model, [1000.0000000001]).ok).toBe(true);
    // A relative overshoot of 1e-5 is not.
    expect(verifyPoint(model, [1000.01]).ok).toBe(false);
    const small = new LinearModel();
    const z = small.continuous('z', 0, 1);
    small.constrain('tiny', [[1, z]], '<=', 0);
    expect(verifyPoint(small, [1e-7]).ok).toBe(true);
    expect(verifyPoint(small, [1e-5]).ok).toBe(false);
  });
});

describe('results from backend outcomes', () => {
  it('never returns a fractional point as optimal or feasible', () => {
    const { model } = smallModel();
    for (const optimal of [true, false]) {
      const result = resultFromOutcome(
        model,
        'jslp',
        { kind: 'point', values: Float64Array.from([3.5, 0.5, 0]), optimal, timeLimitReached: !optimal },
        { ...settings, timeLimitSec: 1 },
        0.1,
      );
      expect(result.status).toBe('error');
      expect(result.values).toBeUndefined();
      expect(result.objective).toBeUndefined();
      expect(result.message).toMatch(/javascript-lp-solver returned a point.* fails verification: integer variable "n" has the fractional value 3\.5/);
    }
  });

  it('never returns a point that breaks a constraint', () => {
    const { model } = smallModel();
    const result = resultFromOutcome(
      model,
      'highs',
      { kind: 'point', values: Float64Array.from([3, 1, 5]), optimal: true, timeLimitReached: false, bestBound: 20 },
      settings,
      0.1,
    );
    expect(result.status).toBe('error');
    expect(result.message).toMatch(/HiGHS returned a point that fails verification: constraint "cap"/);
  });

  it('does not believe an unbounded claim whose witness point fails', () => {
    const { model } = smallModel();
    const outcome = { kind: 'point' as const, values: Float64Array.from([3, 1, 5]), optimal: false, timeLimitReached: false, unbounded: true };
    expect(resultFromOutcome(model, 'jslp', outcome, settings, 0).status).toBe('error');
    const good = { ...outcome, values: Float64Array.from([3, 1, 2]) };
    const unbounded = resultFromOutcome(model, 'jslp', good, settings, 0);
    expect(unbounded.status).toBe('unbounded');
    expect(unbounded.values).toBeUndefined();
  });

  it('reports optimal points with the recomputed objective, bound and gap', () => {
    const { model } = smallModel();
    const result = resultFromOutcome(
      model,
      'highs',
      { kind: 'point', values: Float64Array.from([3.0000001, 1, 2]), optimal: true, timeLimitReached: false, bestBound: 16.032 },
      { mipRelativeGap: 0.01, integralityTolerance: 1e-6 },
      0.25,
    );
    expect(result.status).toBe('optimal');
    expect(result.objective).toBe(16);
    expect(result.bestBound).toBe(16.032);
    expect(result.relativeGap).toBeCloseTo(0.002, 12);
    expect(Array.from(result.values!)).toEqual([3, 1, 2]);
    expect(result.message).toMatch(/HiGHS proved objective 16 optimal in 0\.25 s; gap 0\.2% \(requested 1%\)/);
  });

  it('reports an incumbent after a time limit as feasible with its gap', () => {
    const { model } = smallModel();
    const result = resultFromOutcome(
      model,
      'highs',
      { kind: 'point', values: Float64Array.from([3, 1, 2]), optimal: false, timeLimitReached: true, bestBound: 16.512 },
      { ...settings, timeLimitSec: 10 },
      10.2,
    );
    expect(result.status).toBe('feasible');
    expect(result.relativeGap).toBeCloseTo(0.032, 12);
    expect(result.message).toBe('time limit of 10 s reached with an incumbent of objective 16 (HiGHS); gap 3.2%');
  });
});
