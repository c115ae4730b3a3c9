/**
 * Engine throughput and worker scaling.
 * - Trivial objective (ZDT1, 30 variables): evaluations per second of the whole loop (agent,
 *   cache, journal, archive), evaluated inline and on 2 worker threads.
 * - About 1 ms of CPU per evaluation: wall time with 1 and 2 worker threads, and the speed-up.
 * Each figure is the median of 3 runs measured in this one process; the machine is shared, so
 * ratios measured side by side mean more than absolute numbers.
 */
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, median, runSpec, writeResult } from './common.js';

const REPEATS = 3;
const BUSY_SPACE = join(dirname(fileURLToPath(import.meta.url)), 'spaces', 'busy-zdt1.js');

interface Timing {
  wallMs: number;
  evaluationsPerSecond: number;
}

async function measure(spec: Record<string, unknown>): Promise<Timing> {
  const walls: number[] = [];
  let evaluations = 0;
  for (let i = 0; i < REPEATS; i++) {
    const sweep = await runSpec(spec);
    const summary = sweep.runs[0].summary as { timing: { wallMs: number }; evaluations: { unique: number } };
    walls.push(summary.timing.wallMs);
    evaluations = summary.evaluations.unique;
  }
  const wallMs = median(walls);
  return { wallMs, evaluationsPerSecond: (evaluations / wallMs) * 1000 };
}

export async function runThroughput(): Promise<void> {
  const trivial: Record<string, unknown>[] = [];
  const lines = [
    '# Engine throughput and worker scaling',
    '',
    `Median of ${REPEATS} runs, measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}. Loop time: ask, cache, evaluation, journal, archive, tell (CSV export excluded).`,
    '',
    '## Trivial objective: ZDT1 (30 variables), 100,000 unique evaluations, batches of 1,000',
    '',
    '| agent | evaluator | evaluations/s | wall (s) |',
    '|---|---|---|---|',
  ];
  for (const agent of ['random', 'nsga2']) {
    for (const workers of [1, 2]) {
      const t = await measure({ space: 'zdt1', agents: [{ name: agent, options: agent === 'nsga2' ? { populationSize: 1000 } : {} }], budget: { evaluations: 100_000 }, batchSize: 1000, workers });
      trivial.push({ agent, workers, ...t });
      lines.push(`| ${agent === 'nsga2' ? 'nsga2 (population 1,000)' : agent} | ${workers === 1 ? 'inline' : `${workers} threads`} | ${Math.round(t.evaluationsPerSecond).toLocaleString('en-US')} | ${(t.wallMs / 1000).toFixed(2)} |`);
    }
  }
  const scaling: Record<string, unknown>[] = [];
  lines.push('', '## About 1 ms of CPU per evaluation: ZDT1 plus a busy loop, random agent, 2,000 evaluations, batches of 100', '', '| evaluator | wall (s) | evaluations/s | speed-up vs 1 thread |', '|---|---|---|---|');
  let oneThread = 0;
  for (const workers of [1, 2]) {
    // workers = 1 with the thread evaluator would be the inline one; force threads for a like-for-like ratio.
    const spec = { space: BUSY_SPACE, options: { busyMs: 1 }, agents: ['random'], budget: { evaluations: 2000 }, batchSize: 100, workers };
    const t = await measure(spec);
    if (workers === 1) oneThread = t.wallMs;
    scaling.push({ workers, ...t, speedup: oneThread / t.wallMs });
    lines.push(`| ${workers === 1 ? 'inline (1 core)' : `${workers} threads`} | ${(t.wallMs / 1000).toFixed(2)} | ${Math.round(t.evaluationsPerSecond)} | ${(oneThread / t.wallMs).toFixed(2)}x |`);
  }
  writeResult('throughput', { machine: machine(), repeats: REPEATS, trivial, scaling }, lines.join('\n'));
}
