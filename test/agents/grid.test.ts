import { describe, expect, it } from 'vitest';
import { GridAgent, gridAgent, IndexPermutation } from '../../agents/index.js';
import { createSpace } from '../../src/space/index.js';
import type { Point, SpaceDefinition } from '../../src/space/types.js';
import { askedAfterRestore, contextFor, drive, problemOn } from './harness.js';

const definition: SpaceDefinition = {
  parameters: [
    { name: 'banks', type: 'ordinal', values: [1, 2, 4, 8] },
    { name: 'policy', type: 'categorical', values: ['open', 'closed', 'adaptive'] },
    { name: 'queue', type: 'integer', min: 8, max: 32, step: 8 },
    { name: 'ecc', type: 'categorical', values: [true, false] },
  ],
  // 4 * 3 * 4 * 2 = 96 designs; the 16 with a closed page and a queue of 24 or 32 break the constraint.
  constraints: [{ name: 'queue', reason: 'deep queues need an open page', test: (p) => !(p.policy === 'closed' && (p.queue as number) >= 24) }],
};
const problem = problemOn(definition, 1, () => ({ objectives: [0] }));
const space = problem.space;
const feasible = [...space.enumerate()].map((p) => space.key(p));

async function everything(shuffle: boolean, seed: number, batch: number): Promise<Point[]> {
  const { asked } = await drive(gridAgent.create(contextFor(problem, seed, { shuffle })), problem, 1000, batch);
  return asked.flat();
}

describe('grid agent', () => {
  it('refuses spaces with real parameters, with the reason', () => {
    const real = createSpace({ parameters: [...definition.parameters, { name: 'v', type: 'real', min: 0, max: 1 }] });
    expect(gridAgent.unsupported!(real)).toMatch(/"v" is real/);
    expect(gridAgent.unsupported!(space)).toBeNull();
    expect(() => new GridAgent({ space: real, objectives: [], seed: 1, options: {}, batchSize: 10 })).toThrow(/real/);
    expect(gridAgent.options).toEqual([expect.objectContaining({ name: 'shuffle', type: 'boolean', default: false })]);
  });

  it('visits every feasible design once, in enumeration order', async () => {
    expect(feasible).toHaveLength(96 - 2 * 4 * 2);
    for (const batch of [1, 7, 100]) {
      expect((await everything(false, 1, batch)).map((p) => space.key(p))).toEqual(feasible);
    }
  });

  it('visits every feasible design once in a seeded shuffled order', async () => {
    const first = (await everything(true, 1, 9)).map((p) => space.key(p));
    expect([...first].sort()).toEqual([...feasible].sort());
    expect(first).not.toEqual(feasible);
    expect((await everything(true, 1, 50)).map((p) => space.key(p))).toEqual(first);
    expect((await everything(true, 2, 9)).map((p) => space.key(p))).not.toEqual(first);
  });

  it('returns nothing once exhausted', async () => {
    const agent = gridAgent.create(contextFor(problem, 1));
    expect(await agent.ask(1000)).toHaveLength(feasible.length);
    expect(await agent.ask(5)).toEqual([]);
  });

  it('restores mid-way, with and without shuffle', async () => {
    for (const shuffle of [false, true]) {
      const straight = await everything(shuffle, 3, 10);
      const { before, after } = await askedAfterRestore(gridAgent, contextFor(problem, 3, { shuffle }), problem, 4, 100, 10);
      expect([...before, ...after].flat()).toEqual(straight);
    }
    const agent = gridAgent.create(contextFor(problem, 1));
    await agent.ask(5);
    expect(agent.snapshot()).toEqual({ next: '5' });
    expect(() => agent.restore({ next: '-1' })).toThrow(/snapshot/);
    expect(() => agent.restore({ next: '97' })).toThrow(/beyond/);
  });
});

describe('index permutation', () => {
  it('is a bijection of [0, size) for small sizes', () => {
    for (let size = 1; size <= 300; size++) {
      const permutation = new IndexPermutation(BigInt(size), size);
      const seen = new Set<bigint>();
      for (let i = 0; i < size; i++) seen.add(permutation.at(BigInt(i)));
      expect(seen.size).toBe(size);
      for (const value of seen) expect(value >= 0n && value < BigInt(size)).toBe(true);
    }
  });

  it('works on spaces far beyond 2^53 and looks scattered', () => {
    const size = 3n ** 80n;
    const permutation = new IndexPermutation(size, 7);
    const values = Array.from({ length: 2000 }, (_, i) => permutation.at(BigInt(i)));
    expect(new Set(values).size).toBe(2000);
    for (const value of values) expect(value >= 0n && value < size).toBe(true);
    // Consecutive positions land far apart: a tenth of the space on average, not a fixed stride.
    const steps = values.slice(1).map((v, i) => (v > values[i] ? v - values[i] : values[i] - v));
    expect(new Set(steps).size).toBe(steps.length);
    const below = values.filter((v) => v < size / 2n).length;
    expect(below).toBeGreaterThan(900);
    expect(below).toBeLessThan(1100);
  });

  it('depends on the seed', () => {
    const a = new IndexPermutation(1000n, 1);
    const b = new IndexPermutation(1000n, 2);
    const order = (p: IndexPermutation) => Array.from({ length: 20 }, (_, i) => p.at(BigInt(i)));
    expect(order(a)).not.toEqual(order(b));
    expect(order(a)).toEqual(order(new IndexPermutation(1000n, 1)));
  });
});
