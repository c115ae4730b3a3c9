/** Shared pieces of the benchmarks: running a spec into a scratch directory, statistics, output. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseSpec } from '../src/study/spec.js';
import { startSweep, type SweepResult } from '../src/study/sweep.js';
import { versions } from '../src/util/version.js';

/** bench/results in the source tree, whether this runs from bench/ or dist/bench/. */
export const RESULTS_DIR = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const root = here.includes(`${join('dist', 'bench')}`) ? join(here, '..', '..') : join(here, '..');
  return join(root, 'bench', 'results');
})();

export async function runSpec(spec: unknown, baseDir = process.cwd()): Promise<SweepResult> {
  const out = mkdtempSync(join(tmpdir(), 'archdse-bench-'));
  try {
    return await startSweep(parseSpec(spec), baseDir, join(out, 'sweep'));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export { mean, median, std } from '../src/util/stats.js';

export function machine(): Record<string, unknown> {
  // The load average says how shared the machine was while a benchmark ran.
  return { ...versions(), cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', loadAverage1m: loadavg()[0], date: new Date().toISOString() };
}

export function writeResult(name: string, json: unknown, markdown: string): void {
  mkdirSync(RESULTS_DIR, { recursive: true });
  writeFileSync(join(RESULTS_DIR, `${name}.json`), `${JSON.stringify(json, null, 2)}\n`);
  writeFileSync(join(RESULTS_DIR, `${name}.md`), `${markdown.trimEnd()}\n`);
  process.stdout.write(`${markdown.trimEnd()}\n\nwritten: ${join(RESULTS_DIR, name)}.{json,md}\n`);
}
