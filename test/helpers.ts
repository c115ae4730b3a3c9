/** Shared test helpers: temporary directories and journal comparison without timing noise. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const created: string[] = [];

export function tempDir(prefix = 'archdse-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  created.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * A journal's records with what legitimately differs between identical runs removed: timings,
 * which worker ran what, creation time, the worker count, and the line order of one batch's
 * results (ids give the ask order). Everything else must match exactly.
 */
export function canonicalJournal(path: string): unknown[] {
  const records = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  const out = records.map((r) => {
    const copy = { ...r };
    delete copy.elapsedMs;
    delete copy.worker;
    delete copy.createdAt;
    delete copy.timing;
    delete copy.evaluator;
    if (copy.type === 'header') {
      const spec = { ...(copy.spec as Record<string, unknown>) };
      delete spec.workers;
      copy.spec = spec;
    }
    return copy;
  });
  // Within a batch, chunks may finish in any order; sort each run of eval records by id.
  const sorted: unknown[] = [];
  let evals: Record<string, unknown>[] = [];
  const flush = () => {
    sorted.push(...evals.sort((a, b) => (a.id as number) - (b.id as number)));
    evals = [];
  };
  for (const r of out) {
    if (r.type === 'eval') evals.push(r);
    else {
      flush();
      sorted.push(r);
    }
  }
  flush();
  return sorted;
}

/** A CSV file without one of its columns (e.g. elapsed_ms). */
export function csvWithout(path: string, column: string): string {
  const lines = readFileSync(path, 'utf8').trimEnd().split('\n');
  const index = lines[0].split(',').indexOf(column);
  if (index < 0) return lines.join('\n');
  return lines.map((l) => l.split(',').filter((_, i) => i !== index).join(',')).join('\n');
}
