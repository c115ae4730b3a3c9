import { describe, expect, it } from 'vitest';
import { nsga2Agent, randomAgent } from '../../agents/index.js';
import { automaticPopulationSize, Nsga2Agent, resolveNsga2Settings, Survival, type Individual } from '../../agents/nsga2/index.js';
import { resolveAgentOptions } from '../../src/agent/options.js';
import { createSpace } from '../../src/space/index.js';
import type { Point, SpaceDefinition } from '../../src/space/types.js';
import { dtlzProviders } from '../../spaces/testproblems/dtlz.js';
import {
  askedAfterRestore,
  contextFor,
  drive,
  driveBudget,
  evaluatedHypervolume,
  makeEvaluation,
  problemOn,
  zdtProblem,
  type Problem,
} from './harness.js';

/** A hardware-flavoured space with every parameter kind and a constraint. */
const mixedDefinition: SpaceDefinition = {
  parameters: [
    { name: 'mode', type: 'categorical', values: ['a', 'b', 'c', 'd'] },
    { name: 'width', type: 'ordinal', values: [1, 2, 4, 8, 16, 32, 64] },
    { name: 'depth', type: 'integer', min: 1, max: 1024, log: true },
    { name: 'lanes', type: 'integer', min: 0, max: 60, step: 4 },
    { name: 'ratio', type: 'real', min: 0, max: 1 },
    { name: 'volt', type: 'real', min: 0.5, max: 1.5 },
  ],
  constraints: [{ name: 'wires', reason: 'width * lanes must not exceed 512', test: (p) => (p.width as number) * (p.lanes as number) <= 512 }],
};

/**
 * Two objectives trading `ratio` off; every other parameter only adds a penalty, zero at mode c,
 * width 16, depth 32, lanes 20, volt 0.8. The front is f1 = r, f2 = (1 - r)^2 for r in [0, 1].
 */
function mixedObjectives(p: Point): number[] {
  const widths = [1, 2, 4, 8, 16, 32, 64];
  const penalty =
    (p.mode === 'c' ? 0 : 0.5) +
    Math.abs(Math.log2(p.depth as number) - 5) / 10 +
    Math.abs(widths.indexOf(p.width as number) - 4) / 6 +
    Math.abs((p.lanes as number) - 20) / 60 +
    ((p.volt as number) - 0.8) ** 2;
  const r = p.ratio as number;
  return [r + penalty, (1 - r) ** 2 + penalty];
}

const mixedProblem = problemOn(mixedDefinition, 2, (p) => ({ objectives: mixedObjectives(p) }));

/** ZDT1 with 10 variables, a metric constraint f1 >= 0.4 and failures where x2 > 0.9. */
async function constrainedZdt1(): Promise<Problem> {
  const zdt1 = await zdtProblem('zdt1', { variables: 10 });
  return {
    ...zdt1,
    evaluate: (point) => {
      if ((point.x2 as number) > 0.9) return { objectives: null };
      const { objectives } = zdt1.evaluate(point);
      return { objectives, violation: Math.max(0, 0.4 - objectives![0]) };
    },
  };
}

describe('nsga2 options', () => {
  it('lists documented options with defaults the engine validation accepts', () => {
    expect(nsga2Agent.options.map((o) => o.name)).toEqual([
      'populationSize',
      'variation',
      'crossoverProbability',
      'crossoverEta',
      'mutationEta',
      'mutationProbability',
      'differentialWeight',
      'differentialDither',
      'differentialCrossover',
      'survival',
      'duplicateElimination',
    ]);
    for (const option of nsga2Agent.options) expect(option.description.length).toBeGreaterThan(20);
    const resolved = resolveAgentOptions(nsga2Agent, {}, 'agents[0].options');
    expect(resolved).toEqual({
      variation: 'sbx',
      crossoverProbability: 0.9,
      crossoverEta: 15,
      mutationEta: 20,
      differentialWeight: 0.5,
      differentialDither: 0.5,
      differentialCrossover: 0.2,
      survival: 'crowding',
      duplicateElimination: true,
    });
    expect(() => resolveAgentOptions(nsga2Agent, { populationSize: 1 }, 'x')).toThrow(/>= 2/);
  });

  it('rejects unknown operators and out-of-range DE settings, in the engine and in direct use', () => {
    const bad: Record<string, unknown>[] = [
      { variation: 'pso' },
      { variation: 1 },
      { survival: 'hv' },
      { differentialWeight: -0.1 },
      { differentialWeight: 2.5 },
      { differentialDither: -1 },
      { differentialCrossover: 1.5 },
      { differentialCrossover: 'high' },
      { mutationProbability: 2 },
    ];
    for (const options of bad) {
      expect(() => resolveAgentOptions(nsga2Agent, options, 'x'), JSON.stringify(options)).toThrow();
      expect(() => resolveNsga2Settings(contextFor(mixedProblem, 1, options)), JSON.stringify(options)).toThrow(/nsga2: option/);
    }
    const good = { variation: 'de', survival: 'hypervolume', differentialWeight: 0.8, differentialDither: 0, differentialCrossover: 1 };
    expect(resolveAgentOptions(nsga2Agent, good, 'x')).toMatchObject(good);
    expect(resolveNsga2Settings(contextFor(mixedProblem, 1, good))).toMatchObject(good);
  });

  it('derives the population from the budget and mutation from the parameter count', () => {
    expect(automaticPopulationSize(undefined)).toBe(100);
    expect(automaticPopulationSize(500)).toBe(20);
    expect(automaticPopulationSize(2000)).toBe(20);
    expect(automaticPopulationSize(10_000)).toBe(50);
    expect(automaticPopulationSize(1_000_000)).toBe(100);
    const settings = resolveNsga2Settings(contextFor(mixedProblem, 1, {}, { budget: 10_000 }));
    expect(settings).toEqual({
      populationSize: 50,
      variation: 'sbx',
      crossoverProbability: 0.9,
      crossoverEta: 15,
      mutationEta: 20,
      mutationProbability: 1 / 6,
      differentialWeight: 0.5,
      differentialDither: 0.5,
      differentialCrossover: 0.2,
      survival: 'crowding',
      duplicateElimination: true,
    });
    expect(resolveNsga2Settings(contextFor(mixedProblem, 1, { populationSize: 8, mutationProbability: 0.5 })).populationSize).toBe(8);
    expect(() => resolveNsga2Settings(contextFor(mixedProblem, 1, { populationSize: 2.5 }))).toThrow(/populationSize/);
  });
});

describe('nsga2 asking and telling', () => {
  it('starts with random designs, then breeds, for any batch size', async () => {
    const problem = await zdtProblem('zdt1', { variables: 5 });
    const agent = new Nsga2Agent(contextFor(problem, 1, { populationSize: 10 }));
    // 4 + 4 random designs are not a population of 10 yet; the third batch is still random.
    for (const n of [4, 4, 4]) {
      const points = await agent.ask(n);
      expect(points).toHaveLength(n);
      await agent.tell(points.map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
      expect(agent.generations).toBe(0);
    }
    expect(agent.members).toHaveLength(10);
    for (const n of [1, 7, 33]) {
      const points = await agent.ask(n);
      expect(points).toHaveLength(n);
      await agent.tell(points.map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
      expect(agent.members).toHaveLength(10);
    }
    expect(agent.generations).toBe(3);
  });

  it('accepts being told only a prefix of the asked designs', async () => {
    const problem = await zdtProblem('zdt1', { variables: 5 });
    const agent = new Nsga2Agent(contextFor(problem, 2, { populationSize: 6 }));
    const first = await agent.ask(6);
    await agent.tell(first.slice(0, 4).map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
    expect(agent.members).toHaveLength(4);
    const second = await agent.ask(10);
    await agent.tell(second.slice(0, 3).map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
    expect(agent.members).toHaveLength(6);
    const third = await agent.ask(10);
    await agent.tell(third.slice(0, 1).map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
    expect(agent.generations).toBe(1);
    await agent.tell([]);
    expect((await agent.ask(5)).length).toBe(5);
  });

  it('is deterministic per seed and differs across seeds', async () => {
    const problem = await zdtProblem('zdt1', { variables: 8 });
    const run = async (seed: number) => (await drive(nsga2Agent.create(contextFor(problem, seed, { populationSize: 12 })), problem, 8, 12)).asked;
    expect(await run(5)).toEqual(await run(5));
    expect(await run(5)).not.toEqual(await run(6));
  });
});

describe('nsga2 snapshot and restore', () => {
  it('continues exactly as an uninterrupted run, with failures and violations in the population', async () => {
    const problem = await constrainedZdt1();
    const context = contextFor(problem, 7, { populationSize: 20 });
    const straight = await drive(nsga2Agent.create(context), problem, 10, 20);
    const { before, after } = await askedAfterRestore(nsga2Agent, context, problem, 5, 5, 20);
    expect([...before, ...after]).toEqual(straight.asked);
    expect(straight.evaluations.some((e) => e.violation === Infinity)).toBe(true);
  });

  it('continues exactly when batches and population differ, also from the random start', async () => {
    const problem = await constrainedZdt1();
    const context = contextFor(problem, 8, { populationSize: 20 });
    const straight = await drive(nsga2Agent.create(context), problem, 12, 7);
    for (const split of [1, 2, 6]) {
      const { before, after } = await askedAfterRestore(nsga2Agent, context, problem, split, 12 - split, 7);
      expect([...before, ...after]).toEqual(straight.asked);
    }
  });

  it('continues exactly on a mixed space', async () => {
    const context = contextFor(mixedProblem, 9, { populationSize: 16 });
    const straight = await drive(nsga2Agent.create(context), mixedProblem, 10, 16);
    const { before, after } = await askedAfterRestore(nsga2Agent, context, mixedProblem, 5, 5, 16);
    expect([...before, ...after]).toEqual(straight.asked);
  });

  it('writes plain JSON: Infinity as a string, nothing lost in a round trip', async () => {
    const problem = await constrainedZdt1();
    const agent = nsga2Agent.create(contextFor(problem, 10, { populationSize: 30 }));
    await drive(agent, problem, 3, 30);
    const snapshot = agent.snapshot() as { population: { violation: unknown; crowding: unknown }[] };
    const text = JSON.stringify(snapshot);
    expect(text).not.toContain('null,"violation"');
    expect(snapshot.population.some((m) => m.crowding === 'Infinity')).toBe(true);
    const restored = nsga2Agent.create(contextFor(problem, 10, { populationSize: 30 }));
    restored.restore(JSON.parse(text));
    expect(JSON.stringify(restored.snapshot())).toBe(text);
    // The population size travels with the run, whatever the resumed context would derive.
    const other = nsga2Agent.create(contextFor(problem, 10, {}));
    other.restore(JSON.parse(text));
    expect((other.snapshot() as { populationSize: number }).populationSize).toBe(30);
  });

  it('records Infinity violations of failed designs as strings', async () => {
    const problem = problemOn({ parameters: [{ name: 'x', type: 'real', min: 0, max: 1 }] }, 2, () => ({ objectives: null }));
    const agent = nsga2Agent.create(contextFor(problem, 1, { populationSize: 4 }));
    await drive(agent, problem, 1, 4);
    const snapshot = JSON.parse(JSON.stringify(agent.snapshot())) as { population: { violation: unknown; objectives: unknown }[] };
    expect(snapshot.population.map((m) => m.violation)).toEqual(['Infinity', 'Infinity', 'Infinity', 'Infinity']);
    expect(snapshot.population.map((m) => m.objectives)).toEqual([null, null, null, null]);
  });

  it('rejects snapshots that do not fit the space or are malformed', async () => {
    const problem = await zdtProblem('zdt1', { variables: 5 });
    const agent = nsga2Agent.create(contextFor(problem, 1, { populationSize: 4 }));
    await drive(agent, problem, 2, 4);
    const state = JSON.parse(JSON.stringify(agent.snapshot()));
    const other = nsga2Agent.create(contextFor(await zdtProblem('zdt1', { variables: 6 }), 1));
    expect(() => other.restore(state)).toThrow();
    expect(() => agent.restore({ version: 2 })).toThrow(/version 1/);
    expect(() => agent.restore({ ...state, population: [{ ...state.population[0], point: { x1: 0.5 } }] })).toThrow(/missing parameter/);
    expect(() => agent.restore({ ...state, population: [{ ...state.population[0], objectives: [1] }] })).toThrow(/1 objectives/);
    expect(() => agent.restore({ ...state, populationSize: 1 })).toThrow(/populationSize/);
  });
});

describe('nsga2 on mixed spaces', () => {
  it('proposes only allowed values that satisfy the space constraints', async () => {
    const { asked } = await drive(nsga2Agent.create(contextFor(mixedProblem, 11, { populationSize: 20 })), mixedProblem, 40, 20);
    const seenModes = new Set<unknown>();
    for (const point of asked.flat()) {
      expect(() => mixedProblem.space.validate(point)).not.toThrow();
      expect(mixedProblem.space.check(point).ok).toBe(true);
      seenModes.add(point.mode);
    }
    expect(seenModes).toEqual(new Set(['a', 'b', 'c', 'd']));
  });

  it('finds the optimum of every kind of parameter, far better than random', async () => {
    const reference = [2, 2];
    for (const seed of [1, 2, 3]) {
      const budget = 1500;
      const nsga2 = await driveBudget(nsga2Agent.create(contextFor(mixedProblem, seed, {}, { budget })), mixedProblem, budget, 50);
      const random = await driveBudget(randomAgent.create(contextFor(mixedProblem, seed)), mixedProblem, budget, 50);
      const nsga2Hv = evaluatedHypervolume(nsga2, reference);
      const randomHv = evaluatedHypervolume(random, reference);
      // The true front f2 = (1 - f1)^2, f1 in [0, 1], has HV 2 - 1/3 + 2 = 3.6667 at (2, 2).
      // Measured over five seeds: NSGA-II 3.660-3.663, random 2.29-2.97.
      expect(nsga2Hv).toBeGreaterThan(3.6);
      expect(nsga2Hv).toBeGreaterThan(randomHv + 0.3);
      // The best design found has every discrete parameter at its optimum.
      const best = nsga2.reduce((a, b) => (a.objectives![0] + a.objectives![1] <= b.objectives![0] + b.objectives![1] ? a : b));
      expect(best.point).toMatchObject({ mode: 'c', width: 16, depth: 32, lanes: 20 });
    }
  });
});

describe('nsga2 constraint handling', () => {
  it('drives the population into the feasible region and keeps failures out', async () => {
    const problem = await constrainedZdt1();
    const agent = new Nsga2Agent(contextFor(problem, 12, { populationSize: 40 }));
    const evaluations = await driveBudget(agent, problem, 3000, 40);
    for (const member of agent.members) {
      expect(member.violation).toBe(0);
      expect(member.objectives![0]).toBeGreaterThanOrEqual(0.4);
    }
    const feasibleShare = (from: number, to: number) => evaluations.slice(from, to).filter((e) => e.violation === 0).length / (to - from);
    // Measured: 45-68% of the random first batch is feasible, 98% of the last 500 offspring.
    expect(feasibleShare(2500, 3000)).toBeGreaterThan(0.9);
    expect(feasibleShare(2500, 3000)).toBeGreaterThan(feasibleShare(0, 40) + 0.2);
  });
});

describe('nsga2 duplicate elimination', () => {
  /** 4^3 = 64 designs: offspring often repeat parents unless pushed away. */
  const small = problemOn(
    {
      parameters: [
        { name: 'a', type: 'ordinal', values: [1, 2, 3, 4] },
        { name: 'b', type: 'ordinal', values: [1, 2, 3, 4] },
        { name: 'c', type: 'categorical', values: ['w', 'x', 'y', 'z'] },
      ],
    },
    2,
    (p) => ({ objectives: [(p.a as number) + (p.c === 'z' ? 0 : 1), 5 - (p.a as number) + (p.b as number)] }),
  );

  async function duplicateShare(duplicateElimination: boolean): Promise<number> {
    let duplicates = 0;
    let total = 0;
    for (const seed of [1, 2, 3]) {
      const agent = new Nsga2Agent(contextFor(small, seed, { populationSize: 10, duplicateElimination }));
      for (let batch = 0; batch < 15; batch++) {
        const known = new Set(agent.members.map((m) => small.space.key(m.point)));
        const points = await agent.ask(10);
        for (const point of points) {
          const key = small.space.key(point);
          if (known.has(key)) duplicates++;
          known.add(key);
          total++;
        }
        await agent.tell(points.map((p, i) => makeEvaluation(i, p, small.evaluate(p))));
      }
    }
    return duplicates / total;
  }

  it('keeps offspring distinct from the population and from each other', async () => {
    // Measured: 0.4% duplicates with elimination, 66% without.
    const withElimination = await duplicateShare(true);
    const without = await duplicateShare(false);
    expect(without).toBeGreaterThan(0.3);
    expect(withElimination).toBeLessThan(0.05);
  });
});

describe('nsga2 search quality on ZDT1 (30 variables)', () => {
  it('beats random search clearly at 2,000 and converges near the front by 5,000 evaluations', async () => {
    const problem = await zdtProblem('zdt1');
    const reference = [1.1, 1.1];
    for (const seed of [1, 2, 3]) {
      const nsga2 = await driveBudget(nsga2Agent.create(contextFor(problem, seed, {}, { budget: 2000 })), problem, 2000, 100);
      const random = await driveBudget(randomAgent.create(contextFor(problem, seed)), problem, 2000, 100);
      expect(nsga2).toHaveLength(2000);
      // Measured: NSGA-II 0.17-0.32 over eight seeds; random 0 (its f2 stays above 1.1).
      expect(evaluatedHypervolume(nsga2, reference)).toBeGreaterThan(0.1);
      expect(evaluatedHypervolume(random, reference)).toBeLessThan(0.01);
      // At a looser reference point random search gets some volume too, and still loses.
      expect(evaluatedHypervolume(nsga2, [1.1, 8])).toBeGreaterThan(evaluatedHypervolume(random, [1.1, 8]) + 1);
    }
    // Measured 0.65-0.80 over eight seeds; the true front has 0.8767.
    const long = await driveBudget(nsga2Agent.create(contextFor(problem, 1, {}, { budget: 5000 })), problem, 5000, 100);
    expect(evaluatedHypervolume(long, reference)).toBeGreaterThan(0.55);
  });
});

/** Differential-evolution variation with hypervolume survival: the setting for small budgets. */
const DE_HV = { variation: 'de', survival: 'hypervolume' };

/** DTLZ2 (3 objectives, 12 variables) as a Problem; its true front has HV 1.1^3 - pi/6 at 1.1. */
async function dtlz2(): Promise<Problem> {
  const env = await dtlzProviders.find((p) => p.id === 'dtlz2')!.create({ objectives: 3 }, { baseDir: '.' });
  return {
    space: createSpace(env.space),
    objectives: env.objectives.map(({ metric, direction }) => ({ metric, direction })),
    evaluate: (point) => {
      const metrics = env.evaluate(point) as Record<string, number>;
      return { objectives: [metrics.f1, metrics.f2, metrics.f3] };
    },
  };
}

describe('nsga2 with differential evolution and hypervolume survival', () => {
  it('asks and tells for any batch size, also with fewer than four members', async () => {
    const problem = await constrainedZdt1();
    for (const populationSize of [2, 3, 4, 9]) {
      const agent = new Nsga2Agent(contextFor(problem, populationSize, { ...DE_HV, populationSize }));
      for (const n of [populationSize, 1, 5, 2, 13]) {
        const points = await agent.ask(n);
        expect(points).toHaveLength(n);
        for (const point of points) expect(() => problem.space.validate(point)).not.toThrow();
        await agent.tell(points.map((p, i) => makeEvaluation(i, p, problem.evaluate(p))));
        expect(agent.members.length).toBeLessThanOrEqual(populationSize);
      }
    }
  });

  it('is deterministic per seed and differs from SBX and across seeds', async () => {
    const problem = await zdtProblem('zdt1', { variables: 8 });
    const run = async (seed: number, options: Record<string, unknown>) =>
      (await drive(nsga2Agent.create(contextFor(problem, seed, { populationSize: 8, ...options })), problem, 10, 4)).asked;
    expect(await run(5, DE_HV)).toEqual(await run(5, DE_HV));
    expect(await run(5, DE_HV)).not.toEqual(await run(6, DE_HV));
    expect(await run(5, DE_HV)).not.toEqual(await run(5, {}));
  });

  it('continues exactly after a restore, with failures, violations and any batch size', async () => {
    const problem = await constrainedZdt1();
    for (const options of [DE_HV, { variation: 'de' }, { survival: 'hypervolume' }]) {
      const context = contextFor(problem, 13, { populationSize: 8, ...options });
      for (const batch of [1, 4, 11]) {
        const straight = await drive(nsga2Agent.create(context), problem, 12, batch);
        for (const split of [1, 5]) {
          const { before, after } = await askedAfterRestore(nsga2Agent, context, problem, split, 12 - split, batch);
          expect([...before, ...after]).toEqual(straight.asked);
        }
      }
    }
    const three = await dtlz2();
    const context = contextFor(three, 14, { populationSize: 8, ...DE_HV });
    const straight = await drive(nsga2Agent.create(context), three, 20, 4);
    const { before, after } = await askedAfterRestore(nsga2Agent, context, three, 9, 11, 4);
    expect([...before, ...after]).toEqual(straight.asked);
  });

  it('continues exactly and proposes only valid designs on a mixed space', async () => {
    const context = contextFor(mixedProblem, 15, { populationSize: 10, ...DE_HV });
    const straight = await drive(nsga2Agent.create(context), mixedProblem, 12, 5);
    const { before, after } = await askedAfterRestore(nsga2Agent, context, mixedProblem, 6, 6, 5);
    expect([...before, ...after]).toEqual(straight.asked);
    for (const point of straight.asked.flat()) expect(mixedProblem.space.check(point).ok).toBe(true);
  });

  it('finds the optimum of every kind of parameter', async () => {
    for (const seed of [1, 2, 3]) {
      const budget = 1500;
      const evaluations = await driveBudget(nsga2Agent.create(contextFor(mixedProblem, seed, { populationSize: 10, ...DE_HV }, { budget })), mixedProblem, budget, 5);
      // Measured 3.663-3.664 over these seeds (true front 3.6667; SBX at 50 individuals 3.660-3.663).
      expect(evaluatedHypervolume(evaluations, [2, 2])).toBeGreaterThan(3.6);
      const best = evaluations.reduce((a, b) => (a.objectives![0] + a.objectives![1] <= b.objectives![0] + b.objectives![1] ? a : b));
      expect(best.point).toMatchObject({ mode: 'c', width: 16, depth: 32, lanes: 20 });
    }
  });

  it('reaches the project goals on ZDT1 (30 variables) at 2,000 and DTLZ2 at 1,000 evaluations', async () => {
    const zdt1 = await zdtProblem('zdt1');
    const three = await dtlz2();
    const trueZdt1 = 0.876667;
    const trueDtlz2 = 1.1 ** 3 - Math.PI / 6;
    for (const seed of [1, 2]) {
      const options = { populationSize: 8, ...DE_HV };
      const z = await driveBudget(nsga2Agent.create(contextFor(zdt1, seed, options, { budget: 2000 })), zdt1, 2000, 4);
      const d = await driveBudget(nsga2Agent.create(contextFor(three, seed, options, { budget: 1000 })), three, 1000, 4);
      // Measured here 0.958 and 0.954 (ZDT1), 0.912 and 0.901 (DTLZ2) of the true front; over ten seeds
      // with the engine 0.960 +- 0.011 and 0.909 +- 0.007.
      expect(evaluatedHypervolume(z, [1.1, 1.1]) / trueZdt1).toBeGreaterThan(0.9);
      expect(evaluatedHypervolume(d, [1.1, 1.1, 1.1]) / trueDtlz2).toBeGreaterThan(0.85);
    }
  });
});

describe('nsga2 hypervolume survival', () => {
  let fingerprint = 0;
  function member(objectives: number[] | null, violation = 0): Individual {
    return { point: {}, fingerprint: fingerprint++, genes: new Float64Array(0), objectives, violation, crowding: 0 };
  }

  it('drops the least hypervolume contributor of the last front and keeps its extremes', () => {
    // A linear front; 0.26 sits between 0.25 and 0.27 and adds least (0.01 x 0.01).
    const front = [0, 0.25, 0.26, 0.27, 0.5, 0.75, 1].map((x) => member([x, 1 - x]));
    const dominated = member([0.5, 0.9]);
    const survivors = new Survival(2, false, 'hypervolume').select([...front, dominated], 6);
    expect(survivors).toEqual(front.filter((_, i) => i !== 2));
    // Next goes 0.27 (0.23 x 0.02 against 0.02 x 0.25 for 0.25); then 0.25, 0.5 and 0.75 tie and the
    // later member goes first. The extremes stay to the end.
    const four = new Survival(2, false, 'hypervolume').select([...front, dominated], 4);
    expect(four).toEqual([front[0], front[1], front[4], front[6]]);
    const two = new Survival(2, false, 'hypervolume').select([...front, dominated], 2);
    expect(two).toEqual([front[0], front[6]]);
    // Whole fronts that fit are kept as they are.
    expect(new Survival(2, false, 'hypervolume').select([...front, dominated], 7)).toEqual(front);
  });

  it('cuts a three-objective front by hypervolume too', () => {
    const corners = [member([0, 1, 1]), member([1, 0, 1]), member([1, 1, 0])];
    const middle = member([0.55, 0.55, 0.55]);
    const nearMiddle = member([0.56, 0.55, 0.54]);
    const survivors = new Survival(3, false, 'hypervolume').select([...corners, middle, nearMiddle], 4);
    expect(survivors.slice(0, 3)).toEqual(corners);
    expect(survivors).toHaveLength(4);
  });

  it('falls back to crowding distance for infeasible fronts and non-finite objectives', () => {
    const infeasible = [0.1, 0.2, 0.3, 0.4].map((x) => member([x, 1 - x], 0.5));
    const byHv = new Survival(2, false, 'hypervolume').select(infeasible, 2);
    const byCrowding = new Survival(2, false, 'crowding').select(infeasible, 2);
    expect(byHv).toEqual(byCrowding);
    const unbounded = [member([0, Infinity]), member([0.5, 0.5]), member([0.6, 0.4]), member([1, 0])];
    expect(new Survival(2, false, 'hypervolume').select(unbounded, 3)).toEqual(new Survival(2, false, 'crowding').select(unbounded, 3));
  });
});
