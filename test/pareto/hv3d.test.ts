import { describe, expect, it } from 'vitest';
import { hypervolume, hypervolume3d, hypervolumeWfg } from '../../src/pareto/index.js';
import { Rng } from '../../src/util/rng.js';

/** Random points on the positive octant of the unit sphere: all mutually non-dominated. */
function spherePoints(rng: Rng, count: number): number[][] {
  return Array.from({ length: count }, () => {
    const v = [0, 0, 0].map(() => Math.abs(rng.normal()) + 1e-12);
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
}

/** Brute-force volume on the integer grid: count unit cells [c, c+1)^3 below ref that a point dominates. */
function integerGridVolume(points: number[][], ref: number[]): number {
  let cells = 0;
  for (let x = 0; x < ref[0]; x++) {
    for (let y = 0; y < ref[1]; y++) {
      for (let z = 0; z < ref[2]; z++) {
        if (points.some((p) => p[0] <= x && p[1] <= y && p[2] <= z)) cells++;
      }
    }
  }
  return cells;
}

function medianTime(run: () => void, repeats: number): number {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = performance.now();
    run();
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b)[Math.floor(repeats / 2)];
}

describe('3-D sweep', () => {
  it('equals plain WFG and the integer-grid count on the same inputs', () => {
    const rng = new Rng(3);
    for (let trial = 0; trial < 200; trial++) {
      const count = 1 + rng.int(60);
      const points = Array.from({ length: count }, () => [rng.int(9), rng.int(9), rng.int(9)]);
      const ref = [8, 8, 8];
      const expected = integerGridVolume(points, ref);
      expect(hypervolume3d(points, ref)).toBe(expected);
      expect(hypervolumeWfg(points, ref)).toBe(expected);
    }
  });

  it('equals plain WFG on larger continuous fronts', () => {
    const rng = new Rng(4);
    for (const count of [100, 400, 1000]) {
      const points = spherePoints(rng, count);
      const ref = [1.05, 1.1, 1.2];
      const sweep = hypervolume3d(points, ref);
      expect(Math.abs(sweep - hypervolumeWfg(points, ref)) / sweep).toBeLessThan(1e-12);
      expect(hypervolume(points, ref)).toBe(sweep);
    }
  });

  it('stays exact and fast when points arrive in key order (a plain BST would degenerate)', () => {
    // Every point enters the staircase at one end of it: the case where an unbalanced search tree
    // becomes a list (and its recursive split would overflow the stack). `rightmost` appends on the
    // right, `leftmost` is the same set with the first two objectives swapped, so it prepends on the
    // left and has the same hypervolume.
    const rightmost = (n: number) => Array.from({ length: n }, (_, i) => [i, n - i, i]);
    const leftmost = (n: number) => rightmost(n).map(([x, y, z]) => [y, x, z]);
    const refRight = (n: number) => [n, n + 1, n];
    const refLeft = (n: number) => [n + 1, n, n];
    const n = 2000;
    expect(hypervolume3d(rightmost(n), refRight(n))).toBe(hypervolumeWfg(rightmost(n), refRight(n)));
    expect(hypervolume3d(leftmost(n), refLeft(n))).toBe(hypervolumeWfg(leftmost(n), refLeft(n)));

    const big = 200_000;
    // In the slice k <= z < k + 1 points 0..k are active: the `rightmost` staircase is i + 1 high over
    // [i, i + 1) for i < k and k + 1 high over [k, n), an area of k(k + 1)/2 + (n - k)(k + 1).
    let expected = 0;
    for (let k = 0; k < big; k++) expected += (k * (k + 1)) / 2 + (big - k) * (k + 1);
    const cases: [number[][], number[]][] = [
      [rightmost(big), refRight(big)],
      [leftmost(big), refLeft(big)],
    ];
    for (const [points, ref] of cases) {
      const start = performance.now();
      const volume = hypervolume3d(points, ref);
      expect(performance.now() - start).toBeLessThan(5_000);
      expect(Math.abs(volume - expected) / expected).toBeLessThan(1e-12);
    }
  });

  it('scales like n log n: 20,000 sphere points quickly, time(20k) / time(5k) well below quadratic', () => {
    const rng = new Rng(5);
    const small = spherePoints(rng, 5_000);
    const large = spherePoints(rng, 20_000);
    const ref = [1.1, 1.1, 1.1];
    hypervolume3d(large, ref); // warm up the JIT
    const timeSmall = medianTime(() => hypervolume3d(small, ref), 5);
    const timeLarge = medianTime(() => hypervolume3d(large, ref), 5);
    expect(timeLarge).toBeLessThan(5_000);
    // n log n predicts about 4.6; quadratic would be 16.
    expect(timeLarge / timeSmall).toBeLessThan(10);
    // A sanity value: 20,000 random points on the sphere come within a few percent of 1.331 - pi/6.
    const volume = hypervolume3d(large, ref);
    expect(volume).toBeLessThan(1.331 - Math.PI / 6);
    expect(volume).toBeGreaterThan(1.331 - Math.PI / 6 - 0.03);
  });
});
