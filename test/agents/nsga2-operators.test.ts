import { describe, expect, it } from 'vitest';
import { designHash } from '../../agents/nsga2/design-hash.js';
import { ContributionSolver, FLAT_3D_LIMIT } from '../../agents/nsga2/contribution.js';
import { GeneKind, GenomeCodec, otherCategory, polynomialMutation, sbxVariable, Variation } from '../../agents/nsga2/index.js';
import { hypervolumeContribution, nonDominated } from '../../src/pareto/index.js';
import { createSpace } from '../../src/space/index.js';
import type { SpaceDefinition } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';

/** One parameter of each kind, with log scales and a single-valued one. */
const mixedDefinition: SpaceDefinition = {
  parameters: [
    { name: 'mode', type: 'categorical', values: ['fast', 'slow', 1, true] },
    { name: 'rows', type: 'ordinal', values: [4, 8, 16, 32, 64, 128] },
    { name: 'sram_kb', type: 'integer', min: 4, max: 512, step: 4 },
    { name: 'lines', type: 'integer', min: 1, max: 4096, log: true },
    { name: 'freq', type: 'real', min: 0.5, max: 3 },
    { name: 'leak', type: 'real', min: 1e-6, max: 1e-2, log: true },
    { name: 'single', type: 'ordinal', values: [7] },
  ],
};
const mixed = createSpace(mixedDefinition);

const settings = {
  crossoverProbability: 0.9,
  crossoverEta: 15,
  mutationEta: 20,
  mutationProbability: 1 / 7,
  differentialWeight: 0.5,
  differentialDither: 0.5,
  differentialCrossover: 0.2,
};

describe('SBX', () => {
  it('keeps children within bounds and copies equal parents', () => {
    const rng = new Rng(1);
    const out = new Float64Array(2);
    for (let i = 0; i < 20_000; i++) {
      const lower = -2 + rng.next();
      const upper = lower + 0.01 + 3 * rng.next();
      const pick = (): number => (rng.next() < 0.1 ? (rng.next() < 0.5 ? lower : upper) : rng.uniform(lower, upper));
      const [a, b] = [pick(), pick()];
      sbxVariable(a, b, lower, upper, rng.next() * 30, rng, out);
      for (const child of out) {
        expect(child).toBeGreaterThanOrEqual(lower);
        expect(child).toBeLessThanOrEqual(upper);
      }
    }
    sbxVariable(0.3, 0.3, 0, 1, 15, rng, out);
    expect([...out]).toEqual([0.3, 0.3]);
  });

  it('spreads children around the parents, tighter for a larger distribution index', () => {
    const spread = (eta: number): number => {
      const rng = new Rng(2);
      const out = new Float64Array(2);
      let total = 0;
      for (let i = 0; i < 5000; i++) {
        sbxVariable(0.4, 0.6, 0, 1, eta, rng, out);
        total += Math.abs(out[0] - 0.5) + Math.abs(out[1] - 0.5);
      }
      return total / 10_000;
    };
    // Children sit on average about one parent distance (0.1) from the centre; eta shrinks the spread.
    expect(spread(2)).toBeGreaterThan(spread(15));
    expect(spread(15)).toBeGreaterThan(spread(100));
    expect(spread(15)).toBeGreaterThan(0.07);
    expect(spread(15)).toBeLessThan(0.13);
    expect(spread(100)).toBeLessThan(0.11);
  });

  it('sends each child to either side with equal chance', () => {
    const rng = new Rng(3);
    const out = new Float64Array(2);
    let firstBelow = 0;
    for (let i = 0; i < 10_000; i++) {
      sbxVariable(0.2, 0.8, 0, 1, 15, rng, out);
      if (out[0] < out[1]) firstBelow++;
    }
    expect(firstBelow / 10_000).toBeGreaterThan(0.47);
    expect(firstBelow / 10_000).toBeLessThan(0.53);
  });
});

describe('polynomial mutation', () => {
  it('stays within bounds, also from the bounds themselves', () => {
    const rng = new Rng(4);
    for (let i = 0; i < 20_000; i++) {
      const value = [0, 1, rng.next()][i % 3];
      const mutated = polynomialMutation(value, 0, 1, 1 + rng.next() * 50, rng);
      expect(mutated).toBeGreaterThanOrEqual(0);
      expect(mutated).toBeLessThanOrEqual(1);
    }
    expect(polynomialMutation(3, 3, 3, 20, rng)).toBe(3);
  });

  it('makes unbiased steps whose size falls with the distribution index', () => {
    const steps = (eta: number): { mean: number; size: number } => {
      const rng = new Rng(5);
      let sum = 0;
      let size = 0;
      for (let i = 0; i < 20_000; i++) {
        const step = polynomialMutation(0.5, 0, 1, eta, rng) - 0.5;
        sum += step;
        size += Math.abs(step);
      }
      return { mean: sum / 20_000, size: size / 20_000 };
    };
    const gentle = steps(100);
    const default20 = steps(20);
    expect(Math.abs(default20.mean)).toBeLessThan(0.003);
    // Mean |step| is 1 / (eta + 2) for an interior point far from the bounds.
    expect(default20.size).toBeCloseTo(1 / 22, 2);
    expect(gentle.size).toBeLessThan(default20.size);
  });
});

describe('categorical mutation', () => {
  it('always picks a different category, uniformly among the others', () => {
    const rng = new Rng(6);
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < 40_000; i++) {
      const next = otherCategory(2, 5, rng);
      expect(next).not.toBe(2);
      counts[next]++;
    }
    expect(counts[2]).toBe(0);
    for (const c of [counts[0], counts[1], counts[3], counts[4]]) expect(Math.abs(c - 10_000)).toBeLessThan(400);
    expect(otherCategory(0, 1, rng)).toBe(0);
  });
});

describe('genome codec', () => {
  const codec = new GenomeCodec(mixed);

  it('classifies genes by parameter kind', () => {
    expect([...codec.kinds]).toEqual([
      GeneKind.Categorical,
      GeneKind.Ordinal,
      GeneKind.Unit,
      GeneKind.Unit,
      GeneKind.Unit,
      GeneKind.Unit,
      GeneKind.Ordinal,
    ]);
    expect([...codec.upper]).toEqual([3, 5, 1, 1, 1, 1, 0]);
    expect([...codec.variable]).toEqual([1, 1, 1, 1, 1, 1, 0]);
  });

  it('round-trips every point', () => {
    const rng = new Rng(7);
    for (let i = 0; i < 2000; i++) {
      const point = mixed.sample(rng);
      const decoded = codec.decode(codec.encode(point));
      expect(mixed.key(decoded)).toBe(mixed.key(point));
    }
  });

  it('encodes list parameters by position', () => {
    const genes = codec.encode(mixed.validate({ mode: true, rows: 32, sram_kb: 4, lines: 4096, freq: 0.5, leak: 1e-2, single: 7 }));
    expect([...genes]).toEqual([3, 3, 0, 1, 0, 1, 0]);
  });
});

describe('variation', () => {
  const codec = new GenomeCodec(mixed);

  it('keeps every gene allowed and every decoded child valid', () => {
    const variation = new Variation(codec, { ...settings, mutationProbability: 0.5 });
    const rng = new Rng(8);
    const child1 = new Float64Array(codec.length);
    const child2 = new Float64Array(codec.length);
    for (let i = 0; i < 3000; i++) {
      const a = codec.encode(mixed.sample(rng));
      const b = codec.encode(mixed.sample(rng));
      variation.crossover(a, b, child1, child2, rng);
      variation.mutate(child1, rng);
      variation.mutate(child2, rng);
      for (const child of [child1, child2]) {
        for (let g = 0; g < codec.length; g++) {
          expect(child[g]).toBeGreaterThanOrEqual(0);
          expect(child[g]).toBeLessThanOrEqual(codec.upper[g]);
          if (codec.kinds[g] !== GeneKind.Unit) expect(Number.isInteger(child[g])).toBe(true);
        }
        const point = codec.decode(child);
        expect(() => mixed.validate(point)).not.toThrow();
        expect(point.single).toBe(7);
      }
    }
  });

  it('crosses categorical genes only by exchanging the parents values', () => {
    const variation = new Variation(codec, { ...settings, crossoverProbability: 1, mutationProbability: 0 });
    const rng = new Rng(9);
    const child1 = new Float64Array(codec.length);
    const child2 = new Float64Array(codec.length);
    let swapped = 0;
    for (let i = 0; i < 2000; i++) {
      const a = codec.encode(mixed.sample(rng));
      const b = codec.encode(mixed.sample(rng));
      variation.crossover(a, b, child1, child2, rng);
      expect([child1[0], child2[0]].sort()).toEqual([a[0], b[0]].sort());
      if (a[0] !== b[0] && child1[0] === b[0]) swapped++;
      // Ordinal genes move on positions: equal parents give equal children.
      if (a[1] === b[1]) expect([child1[1], child2[1]]).toEqual([a[1], a[1]]);
    }
    // Uniform crossover: about half of the differing pairs are swapped (3/4 of pairs differ).
    expect(swapped).toBeGreaterThan(0.4 * 1500);
    expect(swapped).toBeLessThan(0.6 * 1500);
  });

  it('copies parents when crossover does not happen', () => {
    const variation = new Variation(codec, { ...settings, crossoverProbability: 0, mutationProbability: 0 });
    const rng = new Rng(10);
    const a = codec.encode(mixed.sample(rng));
    const b = codec.encode(mixed.sample(rng));
    const child1 = new Float64Array(codec.length);
    const child2 = new Float64Array(codec.length);
    variation.crossover(a, b, child1, child2, rng);
    expect([...child1]).toEqual([...a]);
    expect([...child2]).toEqual([...b]);
  });

  it('mutates each gene with the configured probability', () => {
    const space = createSpace({ parameters: Array.from({ length: 50 }, (_, i) => ({ name: `x${i}`, type: 'real' as const, min: 0, max: 1 })) });
    const wide = new GenomeCodec(space);
    const rate = (probability: number): number => {
      const variation = new Variation(wide, { ...settings, mutationProbability: probability });
      const rng = new Rng(11);
      let changed = 0;
      for (let trial = 0; trial < 4000; trial++) {
        const genes = new Float64Array(50).fill(0.5);
        variation.mutate(genes, rng);
        for (const gene of genes) if (gene !== 0.5) changed++;
      }
      return changed / (4000 * 50);
    };
    expect(rate(0.02)).toBeCloseTo(0.02, 2);
    expect(rate(0.1)).toBeCloseTo(0.1, 2);
    expect(rate(0.5)).toBeCloseTo(0.5, 1);
    expect(rate(1)).toBe(1);
    expect(rate(0)).toBe(0);
  });

  it('moves a list gene to a different position when forced', () => {
    const lists = createSpace({
      parameters: [
        { name: 'c', type: 'categorical', values: ['a', 'b'] },
        { name: 'o', type: 'ordinal', values: [1, 2, 4] },
      ],
    });
    const listCodec = new GenomeCodec(lists);
    const variation = new Variation(listCodec, settings);
    const rng = new Rng(12);
    for (let i = 0; i < 500; i++) {
      const genes = Float64Array.from([rng.int(2), rng.int(3)]);
      const before = [...genes];
      expect(variation.mutateOne(genes, rng)).toBe(true);
      expect([...genes]).not.toEqual(before);
    }
    const frozen = new Variation(new GenomeCodec(createSpace({ parameters: [{ name: 'k', type: 'ordinal', values: [3] }] })), settings);
    expect(frozen.mutateOne(new Float64Array(1), rng)).toBe(false);
  });
});

describe('differential evolution (DE/rand/1/bin)', () => {
  const codec = new GenomeCodec(mixed);

  it('keeps every gene allowed and every decoded child valid', () => {
    const rng = new Rng(20);
    const child = new Float64Array(codec.length);
    for (const differentialCrossover of [0, 0.2, 1]) {
      const variation = new Variation(codec, { ...settings, differentialCrossover, differentialWeight: 0.9, differentialDither: 1 });
      for (let i = 0; i < 3000; i++) {
        const [target, base, a, b] = [0, 1, 2, 3].map(() => codec.encode(mixed.sample(rng)));
        variation.differential(target, base, a, b, child, rng);
        for (let g = 0; g < codec.length; g++) {
          expect(child[g]).toBeGreaterThanOrEqual(0);
          expect(child[g]).toBeLessThanOrEqual(codec.upper[g]);
          if (codec.kinds[g] !== GeneKind.Unit) expect(Number.isInteger(child[g])).toBe(true);
          // Categorical genes come from the target or the base, nothing else.
          if (codec.kinds[g] === GeneKind.Categorical) expect([target[g], base[g]]).toContain(child[g]);
        }
        expect(() => mixed.validate(codec.decode(child))).not.toThrow();
      }
    }
  });

  /** 20 unit genes, for counting. */
  const wide = new GenomeCodec(createSpace({ parameters: Array.from({ length: 20 }, (_, i) => ({ name: `x${i}`, type: 'real' as const, min: 0, max: 1 })) }));
  const target = new Float64Array(20).fill(0.5);
  const base = new Float64Array(20).fill(0.3);
  const a = new Float64Array(20).fill(0.6);
  const b = new Float64Array(20).fill(0.4);

  it('takes each variable from the mutant with probability CR, and always at least one', () => {
    const taken = (differentialCrossover: number): { mean: number; least: number } => {
      const variation = new Variation(wide, { ...settings, differentialCrossover, differentialDither: 0 });
      const rng = new Rng(21);
      const child = new Float64Array(20);
      let total = 0;
      let least = Infinity;
      for (let trial = 0; trial < 4000; trial++) {
        variation.differential(target, base, a, b, child, rng);
        let count = 0;
        for (const gene of child) {
          if (gene !== 0.5) {
            // base + F (a - b) = 0.3 + 0.5 * 0.2
            expect(gene).toBeCloseTo(0.4, 12);
            count++;
          }
        }
        total += count;
        least = Math.min(least, count);
      }
      return { mean: total / 4000, least };
    };
    expect(taken(0)).toEqual({ mean: 1, least: 1 });
    expect(taken(1)).toEqual({ mean: 20, least: 20 });
    // The forced variable plus CR of the other 19.
    expect(taken(0.2).mean).toBeCloseTo(1 + 0.2 * 19, 0);
    expect(taken(0.2).least).toBe(1);
  });

  it('draws F uniformly from [differentialWeight, differentialWeight + differentialDither]', () => {
    const variation = new Variation(wide, { ...settings, differentialCrossover: 1, differentialWeight: 0.5, differentialDither: 0.5 });
    const rng = new Rng(22);
    const child = new Float64Array(20);
    const weights: number[] = [];
    for (let trial = 0; trial < 4000; trial++) {
      variation.differential(target, base, a, b, child, rng);
      weights.push((child[0] - 0.3) / 0.2);
      // One F per child: every variable moved by the same step.
      for (const gene of child) expect(gene).toBeCloseTo(child[0], 12);
    }
    expect(Math.min(...weights)).toBeGreaterThanOrEqual(0.5 - 1e-9);
    expect(Math.max(...weights)).toBeLessThanOrEqual(1 + 1e-9);
    expect(weights.reduce((sum, w) => sum + w, 0) / weights.length).toBeCloseTo(0.75, 2);
  });

  it('bounces values beyond a bound back between the bound and the target, never onto the bound', () => {
    const variation = new Variation(wide, { ...settings, differentialCrossover: 1, differentialWeight: 2, differentialDither: 0 });
    const rng = new Rng(23);
    const child = new Float64Array(20);
    const low = new Float64Array(20).fill(0.1);
    const high = new Float64Array(20).fill(0.9);
    const atTarget = new Float64Array(20).fill(0.4);
    let below = 0;
    for (let trial = 0; trial < 500; trial++) {
      // 0.1 + 2 * (0.1 - 0.9) = -1.5 below 0: lands in [0, 0.4) between the bound and the target.
      variation.differential(atTarget, low, low, high, child, rng);
      for (const gene of child) {
        expect(gene).toBeGreaterThan(0);
        expect(gene).toBeLessThan(0.4);
        if (gene < 0.2) below++;
      }
      // 0.9 + 2 * 0.8 = 2.5 above 1: lands in (0.4, 1].
      variation.differential(atTarget, high, high, low, child, rng);
      for (const gene of child) {
        expect(gene).toBeGreaterThan(0.4);
        expect(gene).toBeLessThan(1);
      }
    }
    // Uniform between bound and target: about half in [0, 0.2).
    expect(below / 10_000).toBeGreaterThan(0.45);
    expect(below / 10_000).toBeLessThan(0.55);
  });

  it('copies the target when no gene can vary', () => {
    const frozen = new GenomeCodec(createSpace({ parameters: [{ name: 'k', type: 'ordinal', values: [3] }] }));
    const variation = new Variation(frozen, settings);
    const child = new Float64Array(1).fill(7);
    variation.differential(new Float64Array(1), new Float64Array(1), new Float64Array(1), new Float64Array(1), child, new Rng(24));
    expect([...child]).toEqual([0]);
  });
});

describe('hypervolume contributions of a front', () => {
  /** Random mutually non-dominated points (with duplicates and ties) in [0, 1]^m. */
  function front(rng: Rng, m: number, n: number): number[][] {
    const points: number[][] = [];
    for (let j = 0; j < n; j++) {
      const point = Array.from({ length: m }, () => (rng.next() < 0.3 ? Math.round(rng.next() * 4) / 4 : rng.next()));
      points.push(point);
      if (rng.next() < 0.1) points.push([...point]);
    }
    return nonDominated(points).map((i) => points[i]);
  }

  it('equals the general exclusive contributions for 2, 3 and 4 objectives', () => {
    const rng = new Rng(25);
    const solver = new ContributionSolver();
    for (let trial = 0; trial < 600; trial++) {
      const m = 2 + (trial % 3);
      const points = front(rng, m, 1 + rng.int(trial % 10 === 0 ? 70 : 25));
      const reference = 1 + rng.next();
      const out = new Float64Array(points.length);
      solver.contributions(Float64Array.from(points.flat()), points.length, m, reference, out);
      const expected = hypervolumeContribution(points, new Array<number>(m).fill(reference));
      for (let j = 0; j < points.length; j++) expect(out[j]).toBeCloseTo(expected[j], 12);
    }
    expect(FLAT_3D_LIMIT).toBeLessThan(70);
  });

  it('gives duplicates nothing', () => {
    const solver = new ContributionSolver();
    const points = [
      [0, 1, 1],
      [1, 0, 1],
      [1, 1, 0],
      [0.5, 0.5, 0.7],
      [0.5, 0.5, 0.7],
    ];
    const out = new Float64Array(5);
    solver.contributions(Float64Array.from(points.flat()), 5, 3, 2, out);
    expect(out[3]).toBe(0);
    expect(out[4]).toBe(0);
    // The first corner's box is [0, 2] x [1, 2] x [1, 2]; the middle point covers [0.5, 2] x [1, 2] x [1, 2] of it.
    expect(out[0]).toBeCloseTo(0.5, 12);
    expect(out[1]).toBeCloseTo(0.5, 12);
    // The third corner's box is [1, 2] x [1, 2] x [0, 2]; the middle point covers z >= 0.7 of it.
    expect(out[2]).toBeCloseTo(0.7, 12);
    solver.contributions(Float64Array.from(points.slice(0, 4).flat()), 4, 3, 2, out);
    // Alone, the middle point has the slab [0.5, 1]^2 x [0.7, 2] and more to itself.
    expect(out[3]).toBeGreaterThan(0.5 * 0.5 * 1.3);
  });
});

describe('design hash', () => {
  const names = ['a', 'b'];
  it('is equal for equal designs and separates values of different types', () => {
    expect(designHash({ a: 1, b: 'x' }, names)).toBe(designHash({ b: 'x', a: 1 }, names));
    expect(designHash({ a: 0, b: 1 }, names)).toBe(designHash({ a: -0, b: 1 }, names));
    const variants = [
      { a: 1, b: 1 },
      { a: '1', b: 1 },
      { a: true, b: 1 },
      { a: 1, b: 2 },
      { a: 2, b: 1 },
      { a: 'ab', b: '' },
      { a: 'a', b: 'b' },
    ];
    expect(new Set(variants.map((v) => designHash(v, names))).size).toBe(variants.length);
    expect(Number.isSafeInteger(designHash({ a: 0.1, b: 'z' }, names))).toBe(true);
  });

  it('does not collide on many random designs', () => {
    const rng = new Rng(13);
    const seen = new Set<number>();
    for (let i = 0; i < 100_000; i++) seen.add(designHash(mixed.sample(rng), mixed.parameters.map((p) => p.name)));
    // Integer and list parameters repeat designs now and then; reals make every draw distinct.
    expect(seen.size).toBe(100_000);
  });
});
