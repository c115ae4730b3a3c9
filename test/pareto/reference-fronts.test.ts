/**
 * Hypervolume of dense samples of known Pareto fronts against the closed-form hypervolume of the
 * continuous front. A finite sample dominates strictly less than the continuous front, so the values
 * must approach the closed form from below, and nested samples (each one a superset of the previous)
 * must increase.
 */
import { describe, expect, it } from 'vitest';
import { hypervolume } from '../../src/pareto/index.js';

/** f2 = g(f1) at n evenly spaced f1 in [0, 1]; n - 1 a power of two keeps the samples nested. */
function biObjectiveFront(n: number, g: (f1: number) => number): number[][] {
  return Array.from({ length: n }, (_, i) => {
    const f1 = i / (n - 1);
    return [f1, g(f1)];
  });
}

/** Das and Dennis simplex lattice: all w with w_i in {0, 1/H, ..., 1} and sum w = 1 (H divides 2H). */
function simplexLattice(objectives: number, divisions: number): number[][] {
  const lattice: number[][] = [];
  const extend = (prefix: number[], remaining: number): void => {
    if (prefix.length === objectives - 1) {
      lattice.push([...prefix, remaining].map((v) => v / divisions));
      return;
    }
    for (let i = 0; i <= remaining; i++) extend([...prefix, i], remaining - i);
  };
  extend([], divisions);
  return lattice;
}

/** DTLZ1 front samples: the simplex sum f = 0.5. */
const dtlz1Front = (objectives: number, divisions: number) =>
  simplexLattice(objectives, divisions).map((w) => w.map((v) => 0.5 * v));

/** DTLZ2 front samples: lattice directions projected onto the unit sphere's positive orthant. */
const dtlz2Front = (objectives: number, divisions: number) =>
  simplexLattice(objectives, divisions).map((w) => {
    const norm = Math.hypot(...w);
    return w.map((v) => v / norm);
  });

const factorial = (n: number): number => (n <= 1 ? 1 : n * factorial(n - 1));
/** Gamma(M/2 + 1): M/2 factorial for even M; Gamma(n + 1/2) = (2n)! sqrt(pi) / (4^n n!) with n = (M+1)/2 for odd M. */
function gammaHalfPlusOne(m: number): number {
  if (m % 2 === 0) return factorial(m / 2);
  const n = (m + 1) / 2;
  return (factorial(2 * n) * Math.sqrt(Math.PI)) / (4 ** n * factorial(n));
}

/** Checks values of nested samples increase towards `exact` from below, the last within `tolerance`. */
function expectConvergenceFromBelow(values: number[], exact: number, tolerance: number): void {
  for (let i = 0; i < values.length; i++) {
    expect(values[i]).toBeLessThan(exact);
    if (i > 0) expect(values[i]).toBeGreaterThan(values[i - 1]);
  }
  expect(exact - values[values.length - 1]).toBeLessThan(tolerance);
}

describe('closed-form hypervolumes of sampled fronts', () => {
  it('ZDT1 (f2 = 1 - sqrt f1): 0.876667 at (1.1, 1.1) and 2/3 at (1, 1)', () => {
    const zdt1 = (f1: number) => 1 - Math.sqrt(f1);
    const sizes = [1 + 2 ** 8, 1 + 2 ** 11, 1 + 2 ** 13, 10_001];
    const at11 = sizes.map((n) => hypervolume(biObjectiveFront(n, zdt1), [1.1, 1.1]));
    const at1 = sizes.map((n) => hypervolume(biObjectiveFront(n, zdt1), [1, 1]));
    // 1.21 minus the area 1/3 under the curve; the last size (10,001) is not nested, so check the
    // nested ones for monotonicity and the last for accuracy.
    expectConvergenceFromBelow(at11.slice(0, 3), 1.21 - 1 / 3, 1e-3);
    expectConvergenceFromBelow(at1.slice(0, 3), 2 / 3, 1e-3);
    expect(Math.abs(at11[3] - (1.21 - 1 / 3))).toBeLessThan(1e-3);
    expect(Math.abs(at1[3] - 2 / 3)).toBeLessThan(1e-3);
    expect(at11[3]).toBeCloseTo(0.876667, 3);
  });

  it('ZDT2 (f2 = 1 - f1^2): 0.543333 at (1.1, 1.1)', () => {
    const zdt2 = (f1: number) => 1 - f1 * f1;
    const values = [1 + 2 ** 6, 1 + 2 ** 9, 1 + 2 ** 13].map((n) => hypervolume(biObjectiveFront(n, zdt2), [1.1, 1.1]));
    expectConvergenceFromBelow(values, 1.21 - 2 / 3, 1e-3);
    expect(values[2]).toBeCloseTo(0.543333, 3);
  });

  it('DTLZ2, 3 objectives: 1.331 - pi/6 = 0.807401 at (1.1, 1.1, 1.1)', () => {
    const values = [25, 50, 100, 200].map((h) => hypervolume(dtlz2Front(3, h), [1.1, 1.1, 1.1]));
    expectConvergenceFromBelow(values, 1.331 - Math.PI / 6, 5e-3);
    expect(1.331 - Math.PI / 6).toBeCloseTo(0.807401, 6);
  });

  it('DTLZ1 linear front: 1 - 0.5^M / M! at r = 1 for M = 2, 3, 4', () => {
    const divisions: Record<number, number[]> = { 2: [250, 500, 1000], 3: [20, 40, 80], 4: [4, 8, 16] };
    for (const m of [2, 3, 4]) {
      const exact = 1 - 0.5 ** m / factorial(m);
      const values = divisions[m].map((h) => hypervolume(dtlz1Front(m, h), new Array<number>(m).fill(1)));
      expectConvergenceFromBelow(values, exact, 2e-3);
    }
    // Two objectives: H + 1 evenly spaced points miss H triangles of legs 0.5/H, 0.125/H in all.
    expect(hypervolume(dtlz1Front(2, 1000), [1, 1])).toBeCloseTo(0.875 - 0.125 / 1000, 12);
  });

  it('DTLZ2 at r = 1: 1 - pi^(M/2) / (2^M Gamma(M/2 + 1)) for M = 3, 4', () => {
    expect(gammaHalfPlusOne(3)).toBeCloseTo((3 * Math.sqrt(Math.PI)) / 4, 12);
    expect(gammaHalfPlusOne(4)).toBe(2);
    const divisions: Record<number, number[]> = { 3: [25, 50, 100, 200], 4: [5, 10, 20] };
    for (const m of [3, 4]) {
      const exact = 1 - Math.PI ** (m / 2) / (2 ** m * gammaHalfPlusOne(m));
      const values = divisions[m].map((h) => hypervolume(dtlz2Front(m, h), new Array<number>(m).fill(1)));
      expectConvergenceFromBelow(values, exact, m === 3 ? 5e-3 : 5e-2);
      // The sampling error shrinks like 1/H: halving the spacing roughly halves it, and Richardson
      // extrapolation 2 HV(2H) - HV(H) cancels that leading term.
      const gaps = values.map((v) => exact - v);
      for (let i = 1; i < gaps.length; i++) expect(gaps[i] / gaps[i - 1]).toBeLessThan(0.6);
      const extrapolated = 2 * values[values.length - 1] - values[values.length - 2];
      expect(Math.abs(extrapolated - exact)).toBeLessThan(5e-3);
    }
  });
});
