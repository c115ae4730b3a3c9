import { describe, expect, it } from 'vitest';
import { constrainedDominates, dominates, nonDominated, weaklyDominates } from '../../src/pareto/index.js';
import { Rng } from '../../src/util/rng.js';

describe('dominates', () => {
  it('needs no-worse everywhere and better somewhere', () => {
    expect(dominates([1, 2], [1, 3])).toBe(true);
    expect(dominates([0, 0, 0], [1, 1, 1])).toBe(true);
    expect(dominates([1, 3], [1, 2])).toBe(false);
    expect(dominates([1, 2], [1, 2])).toBe(false); // equal vectors: neither dominates
    expect(dominates([1, 3], [2, 2])).toBe(false); // incomparable
    expect(dominates([2, 2], [1, 3])).toBe(false);
    expect(dominates([-Infinity, 0], [0, 0])).toBe(true);
  });

  it('never lets NaN dominate or be dominated', () => {
    expect(dominates([NaN, 0], [1, 1])).toBe(false);
    expect(dominates([0, 0], [NaN, 1])).toBe(false);
  });

  it('rejects vectors of different lengths', () => {
    expect(() => dominates([1, 2], [1, 2, 3])).toThrow(/different lengths/);
    expect(() => weaklyDominates([1], [1, 2])).toThrow(/different lengths/);
  });

  it('weak dominance accepts equal vectors', () => {
    expect(weaklyDominates([1, 2], [1, 2])).toBe(true);
    expect(weaklyDominates([1, 2], [1, 3])).toBe(true);
    expect(weaklyDominates([1, 3], [1, 2])).toBe(false);
  });
});

describe('constrainedDominates (Deb 2002)', () => {
  const feasible = (...objectives: number[]) => ({ objectives, violation: 0 });
  const infeasible = (violation: number, objectives: number[] | null = [0, 0]) => ({ objectives, violation });
  const notEvaluated = { objectives: null, violation: Infinity };

  type Design = Parameters<typeof constrainedDominates>[0];
  const table: [string, Design, Design, boolean][] = [
    ['feasible dominating feasible', feasible(1, 1), feasible(2, 2), true],
    ['feasible dominated by feasible', feasible(2, 2), feasible(1, 1), false],
    ['feasible incomparable feasible', feasible(1, 2), feasible(2, 1), false],
    ['feasible equal feasible', feasible(1, 1), feasible(1, 1), false],
    ['feasible vs infeasible with better objectives', feasible(9, 9), infeasible(0.1, [0, 0]), true],
    ['infeasible vs feasible', infeasible(0.1, [0, 0]), feasible(9, 9), false],
    ['smaller violation wins', infeasible(1, [5, 5]), infeasible(2, [0, 0]), true],
    ['larger violation loses', infeasible(2, [0, 0]), infeasible(1, [5, 5]), false],
    ['equal violations: neither', infeasible(1, [0, 0]), infeasible(1, [5, 5]), false],
    ['infeasible without objectives vs larger violation', infeasible(1, null), infeasible(3), true],
    ['feasible vs not evaluated', feasible(9, 9), notEvaluated, true],
    ['not evaluated vs feasible', notEvaluated, feasible(9, 9), false],
    ['infeasible vs not evaluated', infeasible(1e9), notEvaluated, true],
    ['not evaluated vs infeasible', notEvaluated, infeasible(1e9), false],
    ['two not evaluated: neither', notEvaluated, notEvaluated, false],
    ['no violation but no objectives counts as not evaluated', { objectives: null, violation: 0 }, infeasible(5), false],
    ['feasible vs violation 0 without objectives', feasible(9, 9), { objectives: null, violation: 0 }, true],
  ];

  it.each(table)('%s', (_label, a, b, expected) => {
    expect(constrainedDominates(a, b)).toBe(expected);
  });

  it('rejects negative or NaN violations', () => {
    expect(() => constrainedDominates({ objectives: [0], violation: -1 }, feasible(0))).toThrow(/violation/);
    expect(() => constrainedDominates(feasible(0), { objectives: [0], violation: NaN })).toThrow(/violation/);
  });
});

describe('nonDominated', () => {
  it('matches the pairwise definition on random sets with ties and duplicates', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 300; trial++) {
      const dimension = 1 + rng.int(4);
      const count = rng.int(30);
      const points: number[][] = [];
      for (let i = 0; i < count; i++) {
        points.push(
          i > 0 && rng.next() < 0.2
            ? points[rng.int(i)].slice()
            : Array.from({ length: dimension }, () => rng.int(5)),
        );
      }
      const expected = points
        .map((_, i) => i)
        .filter((i) => !points.some((other, j) => j !== i && dominates(other, points[i])));
      expect(nonDominated(points)).toEqual(expected);
    }
  });

  it('keeps every copy of a non-dominated duplicate', () => {
    expect(nonDominated([[1, 2], [2, 1], [1, 2], [3, 3]])).toEqual([0, 1, 2]);
  });
});
