/** The example specs shipped in experiments/ must keep working: each runs on a small budget. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { readSpecFile } from '../src/study/spec.js';
import { startSweep } from '../src/study/sweep.js';
import { removeTempDirs, tempDir } from './helpers.js';

afterEach(removeTempDirs);

const specs = [
  ...readdirSync('experiments').filter((f) => f.endsWith('.json')).map((f) => join('experiments', f)),
  ...readdirSync('experiments/examples').filter((f) => f.endsWith('.json')).map((f) => join('experiments/examples', f)),
];

describe('example specs', () => {
  it.each(specs)('%s runs and yields a front', async (path) => {
    const { spec, baseDir } = readSpecFile(path);
    const result = await startSweep(spec, baseDir, join(tempDir(), 'out'), { budget: Math.min(spec.budget.evaluations ?? 60, 60), seed: 1 });
    expect(result.runs.length).toBeGreaterThan(0);
    for (const run of result.runs) {
      expect((run.summary.evaluations as { ok: number }).ok).toBeGreaterThan(0);
      expect((run.summary.front as { size: number }).size).toBeGreaterThan(0);
    }
  });
});
