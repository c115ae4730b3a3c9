import { describe, expect, it } from 'vitest';
import { igd, igdPlus } from '../../src/pareto/index.js';

describe('IGD+', () => {
  it('is zero when the front is the reference set (or covers it)', () => {
    const reference = [[0, 1], [0.5, 0.5], [1, 0]];
    expect(igdPlus(reference, reference)).toBe(0);
    expect(igdPlus([[0, 0]], reference)).toBe(0); // a point dominating every reference point
  });

  it('matches a hand-computed example', () => {
    // Front {(1, 1)} against z = (0, 0): sqrt(1 + 1); z = (2, 0): sqrt(0 + 1) = 1; z = (1, 3): 0.
    const value = igdPlus([[1, 1]], [[0, 0], [2, 0], [1, 3]]);
    expect(value).toBeCloseTo((Math.SQRT2 + 1 + 0) / 3, 15);
    // Plain IGD of the same: sqrt 2, sqrt 2, 2.
    expect(igd([[1, 1]], [[0, 0], [2, 0], [1, 3]])).toBeCloseTo((2 * Math.SQRT2 + 2) / 3, 15);
    // The nearest front point is taken per reference point.
    expect(igdPlus([[3, 0], [0, 3]], [[1, 1]])).toBeCloseTo(2, 15);
  });

  it('is Pareto compliant where IGD is fooled (Ishibuchi et al. 2015, figure 6)', () => {
    const reference = [[0, 10], [1, 6], [2, 2], [6, 1], [10, 0]];
    const a = [[2, 4], [3, 3], [4, 2]];
    const b = [[2, 8], [4, 4], [8, 2]];
    // Every point of B is dominated by a point of A ...
    expect(b.every((q) => a.some((p) => p.every((v, i) => v <= q[i]) && p.some((v, i) => v < q[i])))).toBe(true);
    // ... yet IGD prefers B, while IGD+ prefers A. Values as published: 3.707, 2.591; 1.483, 2.260.
    expect(igd(a, reference)).toBeCloseTo(3.707, 3);
    expect(igd(b, reference)).toBeCloseTo(2.591, 3);
    expect(igd(a, reference)).toBeGreaterThan(igd(b, reference));
    expect(igdPlus(a, reference)).toBeCloseTo(1.483, 3);
    expect(igdPlus(b, reference)).toBeCloseTo(2.260, 3);
    expect(igdPlus(a, reference)).toBeLessThan(igdPlus(b, reference));
  });

  it('is Infinity for an empty front and rejects malformed input', () => {
    expect(igdPlus([], [[0, 0]])).toBe(Infinity);
    expect(() => igdPlus([[0, 0]], [])).toThrow(/at least one reference point/);
    expect(() => igdPlus([[0, 0, 0]], [[0, 0]])).toThrow(/front point 0 has 3 objectives/);
    expect(() => igdPlus([[0, NaN]], [[0, 0]])).toThrow(/NaN/);
  });
});
