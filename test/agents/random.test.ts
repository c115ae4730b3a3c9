import { describe, expect, it } from 'vitest';
import { builtinAgents, randomAgent } from '../../agents/index.js';
import { Rng } from '../../src/util/rng.js';
import { askedAfterRestore, contextFor, drive, problemOn } from './harness.js';

const problem = problemOn(
  {
    parameters: [
      { name: 'cores', type: 'ordinal', values: [1, 2, 4, 8, 16] },
      { name: 'cache_kb', type: 'integer', min: 16, max: 4096, log: true },
      { name: 'policy', type: 'categorical', values: ['lru', 'random', 'plru'] },
      { name: 'freq', type: 'real', min: 0.5, max: 3 },
    ],
    constraints: [{ name: 'power', reason: 'too many fast cores', test: (p) => (p.cores as number) * (p.freq as number) <= 24 }],
  },
  1,
  (p) => ({ objectives: [(p.freq as number) * -1] }),
);

describe('random agent', () => {
  it('is registered with no options', () => {
    expect(builtinAgents.map((a) => a.name)).toEqual(['random', 'grid', 'nsga2', 'marl', 'ppo', 'sac', 'ilp']);
    expect(randomAgent.options).toEqual([]);
    expect(randomAgent.unsupported?.(problem.space) ?? null).toBeNull();
  });

  it('draws the space sampler stream of its seed', async () => {
    const agent = randomAgent.create(contextFor(problem, 9));
    const rng = new Rng(9);
    const expected = Array.from({ length: 30 }, () => problem.space.sample(rng));
    expect([...(await agent.ask(10)), ...(await agent.ask(20))]).toEqual(expected);
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const run = async (seed: number) => (await drive(randomAgent.create(contextFor(problem, seed)), problem, 3, 25)).asked;
    expect(await run(1)).toEqual(await run(1));
    expect(await run(1)).not.toEqual(await run(2));
  });

  it('proposes only valid designs that satisfy the constraints', async () => {
    const { asked } = await drive(randomAgent.create(contextFor(problem, 3)), problem, 4, 250);
    for (const point of asked.flat()) {
      expect(() => problem.space.validate(point)).not.toThrow();
      expect(problem.space.check(point).ok).toBe(true);
    }
  });

  it('continues exactly after a snapshot restored through JSON', async () => {
    const straight = await drive(randomAgent.create(contextFor(problem, 4)), problem, 8, 13);
    const { before, after } = await askedAfterRestore(randomAgent, contextFor(problem, 4), problem, 3, 5, 13);
    expect([...before, ...after]).toEqual(straight.asked);
  });

  it('rejects a malformed snapshot', () => {
    const agent = randomAgent.create(contextFor(problem, 1));
    expect(() => agent.restore({ rng: [1, 2] })).toThrow(/snapshot/);
    expect(() => agent.restore(null)).toThrow(/snapshot/);
  });
});
