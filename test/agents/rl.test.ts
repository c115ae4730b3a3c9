import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { marlAgent, ppoAgent, sacAgent } from '../../agents/index.js';
import { actionLayout, parseGroups } from '../../agents/rl/action-space.js';
import { loadTf } from '../../agents/rl/tf-backend.js';
import { resolveAgentOptions } from '../../src/agent/options.js';
import type { AgentFactory } from '../../src/agent/types.js';
import { readJournal } from '../../src/study/journal.js';
import { parseSpec } from '../../src/study/spec.js';
import { resumeSweep, startSweep } from '../../src/study/sweep.js';
import { canonicalJournal, removeTempDirs, tempDir } from '../helpers.js';
import { discreteProblem, hypervolumeRatio } from './discrete-problem.js';
import { askedAfterRestore, contextFor, drive, problemOn } from './harness.js';

afterEach(removeTempDirs);

const RL_AGENTS: AgentFactory[] = [marlAgent, ppoAgent, sacAgent];
const OBJECTIVES = [
  { metric: 'f1', direction: 'min' as const },
  { metric: 'f2', direction: 'min' as const },
];

function options(factory: AgentFactory, given: Record<string, unknown> = {}): Record<string, unknown> {
  return resolveAgentOptions(factory, given, factory.name);
}

describe('RL agents', () => {
  it('find more of a known front than random search at equal budgets (3 seeds each)', async () => {
    // 8 levels, 5 distance parameters: a random design is on the front with probability 8^-5.
    const problem = discreteProblem(8, 5);
    const budget = 256;
    const meanRatio = async (factory: AgentFactory) => {
      let sum = 0;
      for (const seed of [1, 2, 3]) {
        const agent = factory.create({ space: problem.space, objectives: OBJECTIVES, seed, options: options(factory), batchSize: 32, budget });
        sum += await hypervolumeRatio(problem, agent, budget, 32);
      }
      return sum / 3;
    };
    const { randomAgent } = await import('../../agents/index.js');
    const random = await meanRatio(randomAgent);
    for (const factory of RL_AGENTS) {
      const ratio = await meanRatio(factory);
      expect(ratio, factory.name).toBeGreaterThan(random + 0.1);
    }
  }, 60_000);

  it('restore a JSON snapshot to exactly the asks of an uninterrupted run', async () => {
    const problem = discreteProblem(4, 3);
    const asProblem = { space: problem.space, objectives: OBJECTIVES, evaluate: (p: Parameters<typeof problem.evaluate>[0]) => ({ objectives: problem.evaluate(p) }) };
    for (const factory of RL_AGENTS) {
      // rolloutSize 24 over batches of 16: the snapshot holds a part-filled rollout.
      const extra = factory === sacAgent ? { gradientSteps: 0.5 } : { rolloutSize: 24 };
      const context = contextFor(asProblem, 5, options(factory, extra));
      const straight = await drive(factory.create(context), asProblem, 6, 16);
      const { before, after } = await askedAfterRestore(factory, context, asProblem, 3, 3, 16);
      expect([...before, ...after], factory.name).toEqual(straight.asked);
    }
  }, 30_000);

  it('are reproducible under a seed and differ across seeds', async () => {
    const problem = discreteProblem(4, 3);
    const asProblem = { space: problem.space, objectives: OBJECTIVES, evaluate: (p: Parameters<typeof problem.evaluate>[0]) => ({ objectives: problem.evaluate(p) }) };
    for (const factory of RL_AGENTS) {
      const run = async (seed: number) => (await drive(factory.create(contextFor(asProblem, seed, options(factory))), asProblem, 3, 16)).asked;
      expect(await run(3), factory.name).toEqual(await run(3));
      expect(await run(4), factory.name).not.toEqual(await run(3));
    }
  }, 30_000);

  it('propose a design already evaluated only when no new one turns up', async () => {
    // 2 x 2 designs: after 4 unique ones, nothing new exists.
    const problem = problemOn(
      {
        parameters: [
          { name: 'a', type: 'categorical', values: ['x', 'y'] },
          { name: 'b', type: 'ordinal', values: [1, 2] },
        ],
      },
      2,
      (p) => ({ objectives: [p.a === 'x' ? 0 : 1, p.b as number] }),
    );
    const agent = marlAgent.create(contextFor(problem, 1, options(marlAgent)));
    const { asked } = await drive(agent, problem, 2, 4);
    expect(new Set(asked[0].map((p) => `${p.a}${p.b}`)).size).toBe(4);
    expect(asked[1]).toHaveLength(4);
  });

  it('report the TensorFlow.js backend they run on', async () => {
    const problem = discreteProblem(4, 2);
    const asProblem = { space: problem.space, objectives: OBJECTIVES, evaluate: (p: Parameters<typeof problem.evaluate>[0]) => ({ objectives: problem.evaluate(p) }) };
    const agent = ppoAgent.create(contextFor(asProblem, 1, options(ppoAgent, { backend: 'cpu' })));
    await drive(agent, asProblem, 1, 8);
    expect(agent.runInfo?.()).toMatchObject({ tfBackend: 'cpu', groups: 1, heads: 3 });
    const marl = marlAgent.create(contextFor(asProblem, 1, options(marlAgent, { groups: 'd1,d2' })));
    await drive(marl, asProblem, 1, 8);
    expect(marl.runInfo?.()).toMatchObject({ groups: 2, heads: 3 });
    await loadTf('auto');
  });
});

describe('TensorFlow.js backend selection', () => {
  it('loads the cpu and wasm backends on request', async () => {
    expect((await loadTf('cpu')).backend).toBe('cpu');
    expect((await loadTf('wasm')).backend).toBe('wasm');
    expect(['tensorflow', 'wasm']).toContain((await loadTf('auto')).backend);
  });

  it('refuses a forced backend that cannot load, saying why and what to do', async (context) => {
    let nodeBindingInstalled = true;
    try {
      const name = '@tensorflow/tfjs-node';
      await import(name);
    } catch {
      nodeBindingInstalled = false;
    }
    if (nodeBindingInstalled) {
      console.log('skipped: @tensorflow/tfjs-node is installed here, so forcing it cannot fail');
      context.skip();
    }
    await expect(loadTf('tensorflow')).rejects.toThrow(/backend "tensorflow" is not available .*install @tensorflow\/tfjs-node.*or use backend "auto"/);
  });
});

describe('RL action layout', () => {
  const space = problemOn(
    {
      parameters: [
        { name: 'page', type: 'categorical', values: ['Open', 'Closed'] },
        { name: 'size', type: 'integer', min: 1, max: 1000 },
        { name: 'ratio', type: 'real', min: 0.5, max: 2, log: true },
        { name: 'ways', type: 'ordinal', values: [1, 2, 4] },
      ],
    },
    1,
    () => ({ objectives: [0] }),
  ).space;

  it('gives categorical and small numeric parameters a choice per value and bins the rest', () => {
    const layout = actionLayout(space, 8, parseGroups(space, '', 'groups'));
    expect(layout.heads.map((h) => h.values.length)).toEqual([2, 8, 8, 3]);
    expect(layout.heads.map((h) => h.binned)).toEqual([false, true, true, false]);
    // Log binning: bin centres spread geometrically, within the bounds.
    const ratios = layout.heads[2].values as number[];
    expect(ratios[0]).toBeGreaterThan(0.5);
    expect(ratios[7]).toBeLessThan(2);
    expect(ratios[1] / ratios[0]).toBeCloseTo(ratios[7] / ratios[6], 6);
    expect(layout.groups).toEqual([[0], [1], [2], [3]]);
    expect(layout.totalChoices).toBe(21);
  });

  it('groups parameters as asked and names what is wrong in a grouping', () => {
    expect(parseGroups(space, 'ways, page; ratio', 'groups')).toEqual([[0, 3], [2], [1]]);
    expect(() => parseGroups(space, 'page;pages', 'marl.groups')).toThrow(/marl.groups: unknown parameter "pages"; the space has page, size, ratio, ways/);
    expect(() => parseGroups(space, 'page;page,size', 'marl.groups')).toThrow(/parameter "page" is in two groups/);
  });
});

describe('RL agents in a sweep', () => {
  it('resume a killed sweep to the journal of an uninterrupted one (binned real parameters)', async () => {
    const spec = {
      name: 'rl-resume',
      space: 'zdt1',
      options: { variables: 4 },
      agents: [{ name: 'marl', options: { bins: 16, rolloutSize: 48 } }, { name: 'sac' }],
      seeds: [2],
      budget: { evaluations: 160 },
      batchSize: 32,
    };
    const straight = join(tempDir(), 'straight');
    await startSweep(parseSpec(spec), process.cwd(), straight);
    const cut = join(tempDir(), 'cut');
    let polls = 0;
    const first = await startSweep(parseSpec(spec), process.cwd(), cut, {}, { shouldStop: () => ++polls > 3 });
    expect(first.interrupted).toBe(true);
    await resumeSweep(cut);
    for (const run of ['marl-seed2', 'sac-seed2']) {
      const evals = (dir: string) => canonicalJournal(join(dir, run, 'journal.jsonl')).filter((r) => (r as { type: string }).type === 'eval');
      expect(evals(cut), run).toEqual(evals(straight));
      const journal = await readJournal(join(cut, run, 'journal.jsonl'));
      expect(journal.end?.agent?.tfBackend).toMatch(/^(tensorflow|wasm)$/);
    }
  }, 60_000);
});
