import { describe, expect, it } from 'vitest';
import {
  hypervolume,
  hypervolume2d,
  hypervolume3d,
  hypervolumeContribution,
  hypervolumeWfg,
} from '../../src/pareto/index.js';
import { Rng } from '../../src/util/rng.js';

type Point = number[];

/**
 * Exact hypervolume by coordinate compression: the distinct coordinates of the points inside the
 * reference (plus the reference) cut each axis into intervals; a grid cell is dominated exactly when
 * some point is <= its lower corner in every axis. Sum the volumes of the dominated cells, walking one
 * axis at a time and keeping only the points that still can dominate the cell.
 */
function bruteForceHypervolume(points: readonly Point[], ref: readonly number[]): number {
  const dimension = ref.length;
  const inside = points.filter((p) => p.every((v, i) => v < ref[i]));
  const cuts = ref.map((r, axis) => [...new Set(inside.map((p) => p[axis]))].sort((a, b) => a - b).concat([r]));
  const volumeFrom = (axis: number, candidates: readonly Point[]): number => {
    if (candidates.length === 0) return 0;
    if (axis === dimension) return 1;
    let volume = 0;
    for (let k = 0; k + 1 < cuts[axis].length; k++) {
      const lower = cuts[axis][k];
      const still = candidates.filter((p) => p[axis] <= lower);
      if (still.length > 0) volume += (cuts[axis][k + 1] - lower) * volumeFrom(axis + 1, still);
    }
    return volume;
  };
  return volumeFrom(0, inside);
}

function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-9): void {
  if (expected === 0) expect(actual).toBe(0);
  else expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

type Kind = 'continuous' | 'integer' | 'front';

/**
 * A random point set with the awkward cases mixed in: duplicates, dominated copies, points beyond or on
 * the reference, and (integer kind) many ties.
 */
function randomCase(rng: Rng, dimension: number, count: number, kind: Kind): { points: Point[]; ref: number[] } {
  const ref =
    kind === 'integer'
      ? new Array<number>(dimension).fill(5)
      : Array.from({ length: dimension }, () => rng.uniform(0.8, 1.2));
  const fresh = (): Point => {
    if (kind === 'integer') return Array.from({ length: dimension }, () => rng.int(7));
    if (kind === 'continuous') return Array.from({ length: dimension }, () => rng.uniform(0, 1.3));
    // Near a concave front, so most points are mutually non-dominated.
    const direction = Array.from({ length: dimension }, () => Math.abs(rng.normal()) + 1e-3);
    const norm = Math.hypot(...direction);
    return direction.map((v) => v / norm + rng.uniform(-0.02, 0.02));
  };
  const points: Point[] = [];
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (i > 0 && roll < 0.15) points.push(points[rng.int(i)].slice());
    else if (i > 0 && roll < 0.3) {
      const base = points[rng.int(i)];
      points.push(base.map((v) => v + (kind === 'integer' ? rng.int(3) : rng.uniform(0, 0.3))));
    } else points.push(fresh());
  }
  return { points, ref };
}

/** Largest set per dimension for continuous coordinates, where the brute-force grid grows as n^d. */
const continuousLimit: Record<number, number> = { 2: 40, 3: 40, 4: 26, 5: 14 };

describe('hypervolume against brute force', () => {
  for (const dimension of [2, 3, 4, 5]) {
    for (const kind of ['integer', 'continuous', 'front'] as const) {
      it(`d = ${dimension}, ${kind} coordinates`, () => {
        const rng = new Rng(1000 * dimension + kind.length);
        const maxCount = kind === 'integer' ? 40 : continuousLimit[dimension];
        for (let trial = 0; trial < 120; trial++) {
          const count = 1 + (trial % maxCount);
          const { points, ref } = randomCase(rng, dimension, count, kind);
          const expected = bruteForceHypervolume(points, ref);
          expectRelativelyClose(hypervolume(points, ref), expected);
          expectRelativelyClose(hypervolumeWfg(points, ref), expected);
          if (dimension === 2) expectRelativelyClose(hypervolume2d(points, ref), expected);
          if (dimension === 3) expectRelativelyClose(hypervolume3d(points, ref), expected);
        }
      });
    }
  }

  it('d = 1: distance from the best point to the reference', () => {
    expect(hypervolume([[3], [1], [2], [7]], [5])).toBe(4);
    expect(hypervolumeWfg([[3], [1], [1]], [5])).toBe(4);
    expect(hypervolume([[6]], [5])).toBe(0);
  });
});

describe('hypervolume edge cases', () => {
  it('is zero for no points and for points not strictly better than the reference', () => {
    expect(hypervolume([], [1, 1])).toBe(0);
    expect(hypervolume([[1, 0], [0, 1], [2, 2]], [1, 1])).toBe(0);
    expect(hypervolume3d([[0, 0, 1]], [1, 1, 1])).toBe(0);
    expect(hypervolume([[0, 0, 0, 1]], [1, 1, 1, 1])).toBe(0);
  });

  it('a single point gives its box', () => {
    expect(hypervolume([[0.5, 0.25]], [1, 1])).toBeCloseTo(0.375, 15);
    expect(hypervolume([[0, 0, 0]], [1, 2, 3])).toBe(6);
    expect(hypervolume([[0, 0, 0, 0, 0]], [1, 2, 3, 4, 5])).toBe(120);
  });

  it('ignores dominated and duplicate points', () => {
    const front = [[1, 3, 2], [2, 1, 3], [3, 2, 1]];
    const ref = [4, 4, 4];
    const base = hypervolume(front, ref);
    expect(hypervolume([...front, [3, 3, 3], [1, 3, 2], [2, 1, 3.5]], ref)).toBe(base);
    expect(hypervolumeWfg([...front, ...front], ref)).toBe(base);
  });

  it('lets points with +Infinity objectives through as contributing nothing', () => {
    expect(hypervolume([[0, Infinity], [0.5, 0.5]], [1, 1])).toBe(0.25);
  });

  it('rejects malformed input with a clear message', () => {
    expect(() => hypervolume([[0, 0, 0]], [1, 1])).toThrow(/point 0 has 3 objectives/);
    expect(() => hypervolume([[0, NaN]], [1, 1])).toThrow(/NaN/);
    expect(() => hypervolume([[0, -Infinity]], [1, 1])).toThrow(/unbounded/);
    expect(() => hypervolume([[0, 0]], [1, Infinity])).toThrow(/finite/);
    expect(() => hypervolume([], [])).toThrow(/no objectives/);
    expect(() => hypervolume2d([[0, 0, 0]], [1, 1, 1])).toThrow(/2-objective/);
    expect(() => hypervolume3d([[0, 0]], [1, 1])).toThrow(/3-objective/);
  });
});

describe('hypervolumeContribution', () => {
  for (const dimension of [2, 3, 4]) {
    it(`equals HV(all) - HV(all but one) for d = ${dimension}`, () => {
      const rng = new Rng(77 + dimension);
      for (let trial = 0; trial < 60; trial++) {
        const kind = trial % 2 === 0 ? 'integer' : 'front';
        const { points, ref } = randomCase(rng, dimension, 1 + (trial % 20), kind);
        const total = bruteForceHypervolume(points, ref);
        const contributions = hypervolumeContribution(points, ref);
        expect(contributions).toHaveLength(points.length);
        points.forEach((_, i) => {
          const without = bruteForceHypervolume(points.filter((_, j) => j !== i), ref);
          expect(Math.abs(contributions[i] - (total - without))).toBeLessThanOrEqual(1e-9 * Math.max(total, 1e-300));
        });
      }
    });
  }

  it('gives exactly 0 to dominated points, duplicates and points outside the reference', () => {
    for (const ref of [[4, 4], [4, 4, 4]]) {
      const d = ref.length;
      const a = new Array<number>(d).fill(1);
      const dominated = new Array<number>(d).fill(2);
      const outside = new Array<number>(d).fill(5);
      // a's exclusive part is its box minus the box of the point it dominates.
      expect(hypervolumeContribution([a, dominated, outside], ref)).toEqual([3 ** d - 2 ** d, 0, 0]);
      expect(hypervolumeContribution([a, a.slice()], ref)).toEqual([0, 0]);
    }
  });

  it('closed form in 2-D on a hand-computed staircase', () => {
    // Staircase (1,3), (2,2), (3,1) with ref (4,4): each owns a 1x1 square; (2.5,2.5) eats a quarter
    // of the middle one.
    expect(hypervolumeContribution([[1, 3], [2, 2], [3, 1], [2.5, 2.5]], [4, 4])).toEqual([1, 0.75, 1, 0]);
  });
});
