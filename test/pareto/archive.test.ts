import { describe, expect, it } from 'vitest';
import { ParetoArchive, hypervolume } from '../../src/pareto/index.js';
import { Rng } from '../../src/util/rng.js';

/** Strict Pareto dominance, written out here so the archive is checked against its own definition. */
function strictlyBetter(a: number[], b: number[]): boolean {
  return a.every((v, i) => v <= b[i]) && a.some((v, i) => v < b[i]);
}

/** A multiset of vectors as a sorted list of their string keys. */
const asMultiset = (vectors: number[][]) => vectors.map((v) => v.join(',')).sort();

describe('ParetoArchive', () => {
  for (const dimension of [1, 2, 3, 4]) {
    it(`holds exactly the non-dominated subset after random adds (d = ${dimension})`, () => {
      const rng = new Rng(40 + dimension);
      for (let trial = 0; trial < 40; trial++) {
        const archive = new ParetoArchive<number>();
        const points: number[][] = [];
        const count = 1 + rng.int(150);
        for (let id = 0; id < count; id++) {
          // Small integer ranges give ties and exact duplicates; an anti-correlated pair keeps fronts wide.
          const point = Array.from({ length: dimension }, () => rng.int(12));
          if (dimension >= 2 && rng.next() < 0.5) point[1] = 11 - point[0] + rng.int(2);
          // An item enters iff no point seen so far strictly dominates it: one that was evicted since was
          // evicted by something that dominates it too.
          const shouldEnter = !points.some((earlier) => strictlyBetter(earlier, point));
          points.push(point);
          expect(archive.add(id, point)).toBe(shouldEnter);
        }
        const expectedIds = points
          .map((_, i) => i)
          .filter((i) => !points.some((other) => strictlyBetter(other, points[i])));
        expect(archive.size).toBe(expectedIds.length);
        expect([...archive.items()].sort((a, b) => a - b)).toEqual(expectedIds);
        expect(asMultiset(archive.objectives())).toEqual(asMultiset(expectedIds.map((i) => points[i])));
        for (const { item, objectives } of archive.entries()) expect(objectives).toEqual(points[item]);
        const ref = new Array<number>(dimension).fill(12);
        expect(archive.hypervolume(ref)).toBe(hypervolume(points, ref));
      }
    });
  }

  it('keeps items with equal objectives and reports add() results', () => {
    const archive = new ParetoArchive<string>();
    expect(archive.add('a', [2, 2])).toBe(true);
    expect(archive.add('twin of a', [2, 2])).toBe(true);
    expect(archive.add('dominated', [3, 2])).toBe(false);
    expect(archive.add('incomparable', [1, 3])).toBe(true);
    expect(archive.size).toBe(3);
    expect(archive.add('dominates both twins', [2, 1])).toBe(true);
    expect(archive.items().sort()).toEqual(['dominates both twins', 'incomparable']);
  });

  it('copies objective vectors in and out', () => {
    const archive = new ParetoArchive<string>();
    const objectives = [1, 2, 3];
    archive.add('x', objectives);
    objectives[0] = 100;
    expect(archive.objectives()).toEqual([[1, 2, 3]]);
    archive.entries()[0].objectives[1] = 100;
    archive.objectives()[0][2] = 100;
    expect(archive.entries()).toEqual([{ item: 'x', objectives: [1, 2, 3] }]);
  });

  it('rejects NaN, empty vectors and dimension mismatches', () => {
    const archive = new ParetoArchive<number>();
    expect(() => archive.add(0, [])).toThrow(/empty/);
    expect(() => archive.add(0, [1, NaN])).toThrow(/NaN/);
    archive.add(1, [1, 2]);
    expect(() => archive.add(2, [1, 2, 3])).toThrow(/3 objectives but the archive holds 2/);
    expect(() => new ParetoArchive<number>(3).add(0, [1, 2])).toThrow(/2 objectives but the archive holds 3/);
    expect(() => new ParetoArchive<number>(0)).toThrow(/positive integer/);
    expect(archive.size).toBe(1);
  });

  it('handles 400,000 two-objective adds with a front of hundreds quickly', () => {
    const rng = new Rng(9);
    const archive = new ParetoArchive<number>();
    const seen: number[][] = [];
    const start = performance.now();
    for (let i = 0; i < 400_000; i++) {
      // A discrete design space: 400 levels of f1, noise above the front f2 = 1 - f1.
      const f1 = rng.int(400) / 400;
      const point = [f1, 1 - f1 + Math.abs(rng.normal()) * 0.1];
      if (i % 100 === 0) seen.push(point);
      archive.add(i, point);
    }
    const elapsed = performance.now() - start;
    expect(archive.size).toBeGreaterThan(100);
    expect(archive.size).toBeLessThanOrEqual(400);
    expect(elapsed).toBeLessThan(10_000);
    const front = archive.objectives();
    const violations = front.filter((a) => front.some((b) => strictlyBetter(b, a))).length;
    expect(violations).toBe(0);
    // Every sampled point is either on the front or dominated by it.
    const uncovered = seen.filter((p) => !front.some((a) => strictlyBetter(a, p) || a.every((v, i) => v === p[i])));
    expect(uncovered).toEqual([]);
  });

  it('has hypervolume 0 when empty', () => {
    expect(new ParetoArchive<number>().hypervolume([1, 1])).toBe(0);
  });
});
