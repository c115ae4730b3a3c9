import { describe, expect, it } from 'vitest';
import { binaryTournament, ConstrainedSorter, constrainedCompare, Survival, type Individual } from '../../agents/nsga2/index.js';
import { constrainedDominates } from '../../src/pareto/index.js';
import { Rng } from '../../src/util/rng.js';

interface Design {
  objectives: number[] | null;
  violation: number;
}

/** Random designs with ties, infeasible ones and unevaluated ones, on a coarse grid. */
function randomDesigns(rng: Rng, count: number, m: number): Design[] {
  return Array.from({ length: count }, () => {
    const roll = rng.next();
    if (roll < 0.1) return { objectives: null, violation: Infinity };
    const objectives = Array.from({ length: m }, () => rng.int(6));
    const violation = roll < 0.3 ? [0.5, 1, 2][rng.int(3)] : 0;
    return { objectives, violation };
  });
}

function loadSorter(designs: readonly Design[], m: number): ConstrainedSorter {
  const sorter = new ConstrainedSorter();
  sorter.reset(designs.length, m);
  designs.forEach((design, i) => {
    sorter.violations[i] = design.violation;
    for (let k = 0; k < m; k++) sorter.objectives[i * m + k] = design.objectives === null ? 0 : design.objectives[k];
  });
  return sorter;
}

/** Fronts by definition: repeatedly peel the designs no remaining design constrained-dominates. */
function bruteForceFronts(designs: readonly Design[]): number[][] {
  let remaining = designs.map((_, i) => i);
  const fronts: number[][] = [];
  while (remaining.length > 0) {
    const front = remaining.filter((i) => !remaining.some((j) => constrainedDominates(designs[j], designs[i])));
    fronts.push(front);
    remaining = remaining.filter((i) => !front.includes(i));
  }
  return fronts;
}

function individual(objectives: number[] | null, violation = objectives === null ? Infinity : 0, fingerprint = Math.random()): Individual {
  return { point: {}, fingerprint, genes: new Float64Array(0), objectives, violation, crowding: 0 };
}

describe('constrained comparison', () => {
  it('agrees with constrainedDominates from src/pareto', () => {
    const rng = new Rng(1);
    for (const m of [1, 2, 3]) {
      const designs = randomDesigns(rng, 120, m);
      const sorter = loadSorter(designs, m);
      for (let i = 0; i < designs.length; i++) {
        for (let j = 0; j < designs.length; j++) {
          const expected = constrainedDominates(designs[i], designs[j]) ? 1 : constrainedDominates(designs[j], designs[i]) ? -1 : 0;
          expect(constrainedCompare(sorter.objectives, sorter.violations, m, i, j)).toBe(expected);
        }
      }
    }
  });
});

describe('non-dominated sorting', () => {
  it('finds the same fronts as peeling by definition', () => {
    const rng = new Rng(2);
    for (const m of [2, 3, 4]) {
      for (let trial = 0; trial < 20; trial++) {
        const designs = randomDesigns(rng, 10 + rng.int(80), m);
        expect(loadSorter(designs, m).fronts()).toEqual(bruteForceFronts(designs));
      }
    }
  });

  it('ranks feasible designs first, then by violation, unevaluated last', () => {
    const designs: Design[] = [
      { objectives: null, violation: Infinity },
      { objectives: [5, 5], violation: 2 },
      { objectives: [9, 9], violation: 0 },
      { objectives: [0, 0], violation: 1 },
      { objectives: [1, 2], violation: 0 },
      { objectives: [2, 1], violation: 0 },
    ];
    expect(loadSorter(designs, 2).fronts()).toEqual([[4, 5], [2], [3], [1], [0]]);
  });

  it('reuses its buffers across sizes', () => {
    const rng = new Rng(3);
    const sorter = new ConstrainedSorter();
    for (const count of [50, 5, 200, 10]) {
      const designs = randomDesigns(rng, count, 2);
      sorter.reset(count, 2);
      designs.forEach((d, i) => {
        sorter.violations[i] = d.violation;
        sorter.objectives[2 * i] = d.objectives?.[0] ?? 0;
        sorter.objectives[2 * i + 1] = d.objectives?.[1] ?? 0;
      });
      expect(sorter.fronts()).toEqual(bruteForceFronts(designs));
    }
  });
});

describe('crowding distance', () => {
  it('gives the extremes Infinity and inner points their normalized cuboid sides', () => {
    const designs: Design[] = [
      { objectives: [0, 1], violation: 0 },
      { objectives: [0.25, 0.5], violation: 0 },
      { objectives: [0.5, 0.25], violation: 0 },
      { objectives: [1, 0], violation: 0 },
    ];
    const sorter = loadSorter(designs, 2);
    sorter.assignCrowding([0, 1, 2, 3]);
    expect([...sorter.crowding.subarray(0, 4)]).toEqual([Infinity, 1.25, 1.25, Infinity]);
  });

  it('normalizes each objective by its range in the front', () => {
    const designs: Design[] = [
      { objectives: [0, 100], violation: 0 },
      { objectives: [1, 60], violation: 0 },
      { objectives: [3, 10], violation: 0 },
      { objectives: [4, 0], violation: 0 },
    ];
    const sorter = loadSorter(designs, 2);
    sorter.assignCrowding([0, 1, 2, 3]);
    expect(sorter.crowding[1]).toBeCloseTo(3 / 4 + 90 / 100, 12);
    expect(sorter.crowding[2]).toBeCloseTo(3 / 4 + 60 / 100, 12);
  });

  it('gives designs without objectives no crowding and small fronts Infinity', () => {
    const sorter = loadSorter(
      [
        { objectives: null, violation: Infinity },
        { objectives: null, violation: Infinity },
        { objectives: [1, 1], violation: 0 },
      ],
      2,
    );
    sorter.assignCrowding([0, 1]);
    sorter.assignCrowding([2]);
    expect([...sorter.crowding.subarray(0, 3)]).toEqual([0, 0, Infinity]);
  });
});

describe('survival', () => {
  it('keeps whole fronts in rank order and cuts the last by crowding, extremes first', () => {
    const front = [0, 0.1, 0.2, 0.5, 0.9, 1].map((x) => individual([x, 1 - x]));
    const dominated = [individual([2, 2]), individual([3, 3])];
    const survivors = new Survival(2, true).select([...dominated, ...front], 4);
    expect(survivors).toHaveLength(4);
    // The extremes (0 and 1) always survive; of the inner points the most isolated ones: crowding
    // 2 * (0.9 - 0.2) = 1.4 for 0.5 and 2 * (1 - 0.5) = 1.0 for 0.9, against 0.8 for 0.2 and 0.4 for 0.1.
    expect(survivors.map((s) => s.objectives![0]).sort()).toEqual([0, 0.5, 0.9, 1]);
    const byX = [...survivors].sort((a, b) => a.objectives![0] - b.objectives![0]);
    expect(byX.map((s) => s.crowding)).toEqual([Infinity, expect.closeTo(1.4, 12), expect.closeTo(1.0, 12), Infinity]);
    const all = new Survival(2, true).select([...dominated, ...front], 7);
    expect(all.slice(0, 6).map((s) => s.objectives![0])).toEqual([0, 0.1, 0.2, 0.5, 0.9, 1]);
    expect(all[6].objectives).toEqual([2, 2]);
  });

  it('lets failed and infeasible designs survive only for lack of better ones', () => {
    const failed = individual(null);
    const infeasible = individual([0, 0], 0.5);
    const feasible = individual([5, 5]);
    expect(new Survival(2, true).select([failed, infeasible, feasible], 1)).toEqual([feasible]);
    expect(new Survival(2, true).select([failed, infeasible, feasible], 2)).toEqual([feasible, infeasible]);
    expect(new Survival(2, true).select([failed, feasible], 5)).toEqual([feasible, failed]);
  });

  it('keeps one copy of a design when duplicate elimination is on', () => {
    const a = individual([1, 2], 0, 42);
    const copy = individual([1, 2], 0, 42);
    const b = individual([2, 1], 0, 7);
    expect(new Survival(2, true).select([a, copy, b], 3)).toEqual([a, b]);
    expect(new Survival(2, false).select([a, copy, b], 3)).toHaveLength(3);
  });
});

describe('binary tournament', () => {
  it('prefers the dominating, then the less crowded member', () => {
    const rng = new Rng(4);
    const good = individual([0, 0]);
    const bad = individual([1, 1]);
    for (let i = 0; i < 200; i++) expect(binaryTournament([good, bad], rng)).toBe(good);
    const isolated = { ...individual([0, 1]), crowding: Infinity };
    const crowded = { ...individual([1, 0]), crowding: 0.3 };
    for (let i = 0; i < 200; i++) expect(binaryTournament([crowded, isolated], rng)).toBe(isolated);
    const infeasible = individual([0, 0], 0.1);
    for (let i = 0; i < 200; i++) expect(binaryTournament([infeasible, bad], rng)).toBe(bad);
  });

  it('picks fairly between equals and handles a single member', () => {
    const rng = new Rng(5);
    const a = individual([0, 1]);
    const b = individual([1, 0]);
    let aWins = 0;
    for (let i = 0; i < 4000; i++) if (binaryTournament([a, b], rng) === a) aWins++;
    expect(aWins / 4000).toBeGreaterThan(0.45);
    expect(aWins / 4000).toBeLessThan(0.55);
    expect(binaryTournament([a], rng)).toBe(a);
  });
});
