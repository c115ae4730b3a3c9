import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readJournal } from '../../src/study/journal.js';
import { parseSpec } from '../../src/study/spec.js';
import { resumeSweep, startSweep } from '../../src/study/sweep.js';
import { canonicalJournal, csvWithout, removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

const baseSpec = {
  name: 'det',
  space: 'zdt1',
  options: { variables: 8 },
  agents: ['nsga2', 'random'],
  seeds: [7],
  budget: { evaluations: 600 },
  batchSize: 40,
};

function summaryWithoutTiming(path: string): unknown {
  const summary = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  delete summary.timing;
  delete summary.evaluator;
  return summary;
}

describe('sweeps', () => {
  it('writes journal, samples, pareto and summary for every run, with a consistent pareto flag', async () => {
    const out = join(tempDir(), 'out');
    const result = await startSweep(parseSpec(baseSpec), process.cwd(), out);
    expect(result.runs.map((r) => r.dir)).toEqual([join(out, 'nsga2-seed7'), join(out, 'random-seed7')]);
    for (const run of result.runs) {
      for (const file of ['journal.jsonl', 'samples.csv', 'pareto.csv', 'summary.json']) expect(existsSync(join(run.dir, file))).toBe(true);
      const samples = readFileSync(join(run.dir, 'samples.csv'), 'utf8').trim().split('\n');
      const pareto = readFileSync(join(run.dir, 'pareto.csv'), 'utf8').trim().split('\n');
      expect(samples).toHaveLength(601);
      const paretoColumn = samples[0].split(',').indexOf('pareto');
      const flagged = samples.slice(1).filter((l) => l.split(',')[paretoColumn] === 'true');
      expect(flagged.length).toBe(pareto.length - 1);
      const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8'));
      expect(summary.hypervolume.referencePoint).toEqual({ f1: 1.1, f2: 1.1 });
      expect(summary.hypervolume.policy).toBe('environment');
      expect(summary.front.size).toBe(pareto.length - 1);
    }
    expect(existsSync(join(out, 'sweep.json'))).toBe(true);
  });

  it('gives the same journal, front and summary with 1 and 2 worker threads', async () => {
    const one = join(tempDir(), 'one');
    const two = join(tempDir(), 'two');
    await startSweep(parseSpec({ ...baseSpec, workers: 1 }), process.cwd(), one);
    await startSweep(parseSpec({ ...baseSpec, workers: 2 }), process.cwd(), two);
    for (const run of ['nsga2-seed7', 'random-seed7']) {
      expect(canonicalJournal(join(two, run, 'journal.jsonl'))).toEqual(canonicalJournal(join(one, run, 'journal.jsonl')));
      expect(readFileSync(join(two, run, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(one, run, 'pareto.csv'), 'utf8'));
      expect(csvWithout(join(two, run, 'samples.csv'), 'elapsed_ms')).toBe(csvWithout(join(one, run, 'samples.csv'), 'elapsed_ms'));
      expect(summaryWithoutTiming(join(two, run, 'summary.json'))).toEqual(summaryWithoutTiming(join(one, run, 'summary.json')));
    }
  });

  it('resumes an interrupted sweep to exactly the uninterrupted result', async () => {
    const straight = join(tempDir(), 'straight');
    await startSweep(parseSpec(baseSpec), process.cwd(), straight);

    const cut = join(tempDir(), 'cut');
    let polls = 0;
    const first = await startSweep(parseSpec(baseSpec), process.cwd(), cut, {}, { shouldStop: () => ++polls > 6 });
    expect(first.interrupted).toBe(true);
    expect(first.runs).toHaveLength(1);
    const partial = await readJournal(join(cut, 'nsga2-seed7', 'journal.jsonl'));
    expect(partial.end).toBeNull();
    expect(partial.evaluations.length).toBeLessThan(600);
    expect(existsSync(join(cut, 'random-seed7'))).toBe(false);

    const second = await resumeSweep(cut);
    expect(second.interrupted).toBe(false);
    for (const run of ['nsga2-seed7', 'random-seed7']) {
      expect(canonicalJournal(join(cut, run, 'journal.jsonl')).filter((r) => (r as { type: string }).type === 'eval')).toEqual(
        canonicalJournal(join(straight, run, 'journal.jsonl')).filter((r) => (r as { type: string }).type === 'eval'),
      );
      expect(readFileSync(join(cut, run, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(straight, run, 'pareto.csv'), 'utf8'));
    }
  });

  it('resumes from a journal cut in the middle of a batch and of a line, losing and repeating nothing', async () => {
    const straight = join(tempDir(), 'straight');
    const spec = parseSpec({ ...baseSpec, agents: ['nsga2'] });
    await startSweep(spec, process.cwd(), straight);
    const journalPath = join(straight, 'journal.jsonl');
    const lines = readFileSync(journalPath, 'utf8').split('\n');
    // Keep the header, 5 batches with their snapshots, 17 evaluations of the 6th batch, and half a line.
    let evalLines = 0;
    let kept = 0;
    for (; kept < lines.length; kept++) {
      const record = JSON.parse(lines[kept]) as { type: string };
      if (record.type === 'eval' && ++evalLines > 5 * 40 + 17) break;
    }
    const killed = join(tempDir(), 'killed');
    const { mkdirSync, copyFileSync } = await import('node:fs');
    mkdirSync(killed);
    copyFileSync(join(straight, 'sweep.json'), join(killed, 'sweep.json'));
    writeFileSync(join(killed, 'journal.jsonl'), `${lines.slice(0, kept).join('\n')}\n${lines[kept].slice(0, 40)}`);

    const notices: string[] = [];
    await resumeSweep(killed, {}, { onNotice: (m) => notices.push(m) });
    expect(notices.join('\n')).toMatch(/truncated record/);
    const resumed = await readJournal(join(killed, 'journal.jsonl'));
    expect(resumed.evaluations.map((e) => e.id)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    expect(canonicalJournal(join(killed, 'journal.jsonl')).filter((r) => (r as { type: string }).type === 'eval')).toEqual(
      canonicalJournal(journalPath).filter((r) => (r as { type: string }).type === 'eval'),
    );
    expect(readFileSync(join(killed, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(straight, 'pareto.csv'), 'utf8'));
  });

  it('extends a finished run with resume --budget to what a longer run gives', async () => {
    const long = join(tempDir(), 'long');
    const short = join(tempDir(), 'short');
    // A fixed population: by default NSGA-II sizes it from the budget, which differs here.
    const spec = parseSpec({ ...baseSpec, agents: [{ name: 'nsga2', options: { populationSize: 40 } }] });
    await startSweep(spec, process.cwd(), long, { budget: 800 });
    await startSweep(spec, process.cwd(), short, { budget: 400 });
    const resumed = await resumeSweep(short, { budget: 800 });
    expect(resumed.runs[0].reason).toBe('budget');
    expect(readFileSync(join(short, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(long, 'pareto.csv'), 'utf8'));
    const again = await resumeSweep(short);
    expect(again.runs[0].reason).toBe('already-complete');
  });

  it('computes the true-front hypervolume at an explicit reference point, not at the default one', async () => {
    const out = join(tempDir(), 'out');
    const result = await startSweep(parseSpec({ ...baseSpec, agents: ['random'], budget: { evaluations: 50 }, referencePoint: { f1: 2, f2: 2 } }), process.cwd(), out);
    const summary = result.runs[0].summary as { hypervolume: { policy: string }; trueFront: { hypervolume: number } };
    expect(summary.hypervolume.policy).toBe('explicit');
    // ZDT1's front f2 = 1 - sqrt(f1) on [0, 1] leaves 1/3 of the 2 x 2 box undominated.
    expect(summary.trueFront.hypervolume).toBeCloseTo(4 - 1 / 3, 2);
    expect(summary.trueFront.hypervolume).toBeLessThanOrEqual(4 - 1 / 3);
  });

  it('refuses to start over an existing sweep', async () => {
    const out = join(tempDir(), 'out');
    await startSweep(parseSpec({ ...baseSpec, agents: ['random'], budget: { evaluations: 10 } }), process.cwd(), out);
    await expect(startSweep(parseSpec(baseSpec), process.cwd(), out)).rejects.toThrow(/already holds a sweep.*archdse resume/);
  });

  it('rejects unknown spaces, agents and agent options before writing anything', async () => {
    const out = join(tempDir(), 'out');
    await expect(startSweep(parseSpec({ ...baseSpec, space: 'zdt9' }), process.cwd(), out)).rejects.toThrow(/unknown space "zdt9"; built-in spaces: .*zdt1/);
    await expect(startSweep(parseSpec({ ...baseSpec, agents: ['nsga3'] }), process.cwd(), out)).rejects.toThrow(/agents\[0\]\.name: unknown agent "nsga3"; known agents: .*nsga2/);
    await expect(startSweep(parseSpec({ ...baseSpec, agents: [{ name: 'nsga2', options: { popSize: 3 } }] }), process.cwd(), out)).rejects.toThrow(
      /agents\[0\]\.options\.popSize: unknown option/,
    );
    await expect(startSweep(parseSpec({ ...baseSpec, objectives: ['latency'] }), process.cwd(), out)).rejects.toThrow(/objectives\[0\]: unknown metric "latency".*f1, f2/);
    await expect(startSweep(parseSpec({ ...baseSpec, options: { variables: 'many' } }), process.cwd(), out)).rejects.toThrow(/options\.variables: must be an integer/);
    await expect(startSweep(parseSpec({ ...baseSpec, parameters: { y1: 0 } }), process.cwd(), out)).rejects.toThrow(/parameters\.y1: unknown parameter; the space's parameters: x1, x2/);
    expect(existsSync(out)).toBe(false);
  });

  it('searches only the ranges the spec narrows, and resumes with them', async () => {
    const spec = { ...baseSpec, agents: ['random'], budget: { evaluations: 200 }, parameters: { x2: 0, x3: { max: 0.25 } } };
    const full = join(tempDir(), 'full');
    await startSweep(parseSpec(spec), process.cwd(), full);
    const journal = await readJournal(join(full, 'journal.jsonl'));
    expect(journal.header.source.parameters).toEqual({ x2: 0, x3: { max: 0.25 } });
    expect(journal.evaluations).toHaveLength(200);
    for (const e of journal.evaluations) {
      expect(e.point.x2).toBe(0);
      expect(e.point.x3).toBeLessThanOrEqual(0.25);
    }
    const cut = join(tempDir(), 'cut');
    await startSweep(parseSpec({ ...spec, budget: { evaluations: 100 } }), process.cwd(), cut);
    await resumeSweep(cut, { budget: 200 });
    const resumed = await readJournal(join(cut, 'journal.jsonl'));
    expect(resumed.evaluations.map((e) => e.point)).toEqual(journal.evaluations.map((e) => e.point));
  });
});
