import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Agent, Evaluation } from '../../src/agent/types.js';
import { InlineEvaluator } from '../../src/engine/inline.js';
import { RunLoop, type RunProgress } from '../../src/engine/run.js';
import type { Environment } from '../../src/environment/types.js';
import { Scoring } from '../../src/objective/objectives.js';
import { createSpace } from '../../src/space/space.js';
import type { Point } from '../../src/space/types.js';
import { JournalWriter, readJournal } from '../../src/study/journal.js';
import type { RunPlan } from '../../src/study/spec.js';

/** An agent that proposes a fixed script of batches and records what it was told. */
class ScriptedAgent implements Agent {
  told: Evaluation[][] = [];
  private next = 0;
  constructor(private readonly batches: Point[][]) {}
  ask(): Point[] {
    return this.batches[this.next++] ?? [];
  }
  tell(evaluations: readonly Evaluation[]): void {
    this.told.push([...evaluations]);
  }
  snapshot(): unknown {
    return { next: this.next };
  }
  restore(state: unknown): void {
    this.next = (state as { next: number }).next;
  }
}

let evaluationsRun = 0;
const environment: Environment = {
  id: 'tiny',
  title: 'tiny',
  space: {
    parameters: [
      { name: 'a', type: 'integer', min: 0, max: 9 },
      { name: 'kind', type: 'categorical', values: ['good', 'bad', 'nan'] },
    ],
    constraints: [{ reason: 'a must not be 7', test: (p) => p.a !== 7 }],
  },
  metrics: [{ name: 'cost' }, { name: 'area_mm2' }],
  objectives: [
    { metric: 'cost', direction: 'min' },
    { metric: 'area_mm2', direction: 'min' },
  ],
  evaluate(p) {
    evaluationsRun++;
    if (p.kind === 'bad') throw new Error(`model rejects a=${p.a}`);
    if (p.kind === 'nan') return { cost: NaN, area_mm2: 1 };
    return { cost: p.a as number, area_mm2: 9 - (p.a as number) };
  },
};

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function plan(budget: number, batchSize = 4): RunPlan {
  return { dir: '', agent: 'scripted', label: 'scripted', options: {}, seed: 1, budget: { evaluations: budget }, batchSize };
}

async function run(
  batches: Point[][],
  budget: number,
  constraints = [] as { metric: string; op: '<='; bound: number }[],
  extra: { budget?: RunPlan['budget']; onProgress?: (p: RunProgress) => void } = {},
) {
  const dir = mkdtempSync(join(tmpdir(), 'archdse-run-'));
  dirs.push(dir);
  const journal = new JournalWriter(join(dir, 'journal.jsonl'));
  journal.append([{ type: 'header', format: 'archdse-journal/1', createdAt: '', versions: {}, spec: {} as never, source: {} as never, run: plan(budget), objectives: environment.objectives, constraints }]);
  const agent = new ScriptedAgent(batches);
  evaluationsRun = 0;
  const runPlan = { ...plan(budget), ...(extra.budget ? { budget: extra.budget } : {}) };
  const loop = new RunLoop({
    onProgress: extra.onProgress,
    plan: runPlan,
    agent,
    space: createSpace(environment.space),
    scoring: new Scoring(environment.objectives, constraints),
    evaluator: new InlineEvaluator(environment),
    journal,
    referencePoint: [10, 10],
    snapshotEvery: 1,
  });
  const result = await loop.run();
  journal.close();
  return { result, agent, contents: await readJournal(join(dir, 'journal.jsonl')) };
}

const p = (a: number, kind = 'good'): Point => ({ a, kind });

describe('RunLoop', () => {
  it('evaluates each design once and counts only unique evaluations against the budget', async () => {
    const { result, agent, contents } = await run([[p(1), p(2), p(1), p(3)], [p(2), p(4), p(5), p(6)]], 5);
    expect(evaluationsRun).toBe(5);
    expect(contents.evaluations.map((e) => e.point.a)).toEqual([1, 2, 3, 4, 5]);
    expect(result.cacheHits).toBe(2);
    expect(result.reason).toBe('budget');
    // The first batch is told in full, duplicates included; the second only up to the budget cut.
    expect(agent.told[0].map((e) => e.id)).toEqual([0, 1, 0, 2]);
    expect(agent.told[1].map((e) => e.point.a)).toEqual([2, 4, 5]);
  });

  it('keeps failed, invalid and infeasible evaluations and reports why', async () => {
    const { result, contents } = await run([[p(1, 'bad'), p(7), p(2, 'nan'), p(8), p(2)]], 10, [{ metric: 'cost', op: '<=', bound: 5 }]);
    const byA = new Map(contents.evaluations.map((e) => [`${e.point.a}${e.point.kind}`, e]));
    expect(byA.get('1bad')).toMatchObject({ status: 'failed', error: 'model rejects a=1' });
    expect(byA.get('7good')).toMatchObject({ status: 'invalid', error: 'a must not be 7' });
    expect(byA.get('2nan')?.status).toBe('failed');
    expect(byA.get('2nan')?.error).toMatch(/cost.*not a finite number/);
    const infeasible = result.evaluations.find((e) => e.point.a === 8)!;
    expect(infeasible).toMatchObject({ status: 'ok', feasible: false });
    expect(infeasible.violation).toBeCloseTo((8 - 5) / 5);
    expect(result.archive.items().map((e) => e.point.a)).toEqual([2]);
    expect(contents.evaluations).toHaveLength(5);
  });

  it('stops when the agent has nothing more to propose and writes a final snapshot and end line', async () => {
    const { result, contents } = await run([[p(1)], [p(2)]], 100);
    expect(result.reason).toBe('agent-done');
    expect(contents.end?.reason).toBe('agent-done');
    expect(contents.lastSnapshot).toMatchObject({ batch: 1, nextId: 2 });
    expect(contents.snapshotCount).toBe(2);
  });

  it('declares a run stalled when batches bring nothing new', async () => {
    const batches = Array.from({ length: 150 }, () => [p(1)]);
    const { result } = await run(batches, 100);
    expect(result.reason).toBe('stalled');
    expect(evaluationsRun).toBe(1);
  });

  it('stops when a discrete space is exhausted', async () => {
    const all = Array.from({ length: 10 }, (_, a) => ['good', 'bad', 'nan'].map((k) => p(a, k))).flat();
    const { result } = await run([all, all], 1000);
    expect(result.reason).toBe('exhausted');
    expect(result.evaluations).toHaveLength(30);
  });

  it('stops at a target hypervolume', async () => {
    // Reference (10, 10): a = 1 alone gives (10 - 1) * (10 - 8) = 18; a = 5 adds more.
    const { result } = await run([[p(1)], [p(5)], [p(6)], [p(2)]], 100, [], { budget: { targetHypervolume: 20 } });
    expect(result.reason).toBe('target');
    expect(result.evaluations).toHaveLength(2);
  });

  it('stops at a wall-time budget', async () => {
    const slow: Environment = { ...environment, evaluate: (p) => { const until = Date.now() + 30; while (Date.now() < until); return environment.evaluate(p); } };
    const batches = Array.from({ length: 10 }, (_, a) => [p(a)]);
    const dir = mkdtempSync(join(tmpdir(), 'archdse-run-'));
    dirs.push(dir);
    const journal = new JournalWriter(join(dir, 'journal.jsonl'));
    const loop = new RunLoop({
      plan: { ...plan(100), budget: { timeSeconds: 0.1 } },
      agent: new ScriptedAgent(batches),
      space: createSpace(environment.space),
      scoring: new Scoring(environment.objectives, []),
      evaluator: new InlineEvaluator(slow),
      journal,
      referencePoint: null,
      snapshotEvery: 1,
    });
    const result = await loop.run();
    journal.close();
    expect(result.reason).toBe('time');
    expect(result.evaluations.length).toBeGreaterThanOrEqual(3);
    expect(result.evaluations.length).toBeLessThan(10);
  });

  it('reports progress with counts and hypervolume', async () => {
    const seen: RunProgress[] = [];
    await run([[p(1), p(2, 'bad')], [p(3)]], 100, [], { onProgress: (x) => seen.push(x) });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ evaluations: 3, failed: 1, frontSize: 2, label: 'scripted' });
    // (1, 8) and (3, 6) at reference (10, 10): 9 x 2 plus the strip 7 x 2 below f2 = 8.
    expect(last.hypervolume).toBeCloseTo(9 * 2 + 7 * 2, 12);
  });
});
