import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ThreadEvaluator } from '../../src/engine/threads.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

describe('ThreadEvaluator', () => {
  it('returns outcomes in point order and reports every chunk once', async () => {
    const evaluator = new ThreadEvaluator({ space: 'zdt1', options: { variables: 2 }, baseDir: '/' }, 2);
    try {
      const points = Array.from({ length: 37 }, (_, i) => ({ x1: i / 36, x2: 0 }));
      const chunks: number[] = [];
      const outcomes = await evaluator.evaluate(points, (start, part) => {
        for (let i = 0; i < part.length; i++) chunks.push(start + i);
      });
      expect(outcomes.map((o) => o.metrics.f1)).toEqual(points.map((p) => p.x1));
      expect(chunks.sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
      expect(new Set(outcomes.map((o) => o.worker)).size).toBeGreaterThanOrEqual(1);
      expect(outcomes.every((o) => o.worker.startsWith('thread-'))).toBe(true);
    } finally {
      await evaluator.close();
    }
  });

  it('keeps a throwing evaluation as a failed outcome, and a space that will not load as an error', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'space.mjs'),
      `export default { id: 's', title: 's', space: { parameters: [{ name: 'n', type: 'integer', min: 0, max: 9 }] },
        metrics: [{ name: 'c' }], objectives: [{ metric: 'c', direction: 'min' }],
        evaluate: (p) => { if (p.n === 3) throw new Error('three is unlucky'); return { c: p.n }; } };`,
    );
    const good = new ThreadEvaluator({ space: join(dir, 'space.mjs'), options: {}, baseDir: dir }, 2);
    try {
      const outcomes = await good.evaluate([{ n: 2 }, { n: 3 }, { n: 4 }]);
      expect(outcomes.map((o) => o.status)).toEqual(['ok', 'failed', 'ok']);
      expect(outcomes[1].error).toBe('three is unlucky');
    } finally {
      await good.close();
    }
    const bad = new ThreadEvaluator({ space: join(dir, 'gone.mjs'), options: {}, baseDir: dir }, 1);
    try {
      await expect(bad.prepare()).rejects.toThrow(/worker thread could not load the space: .*gone\.mjs does not exist/);
      await expect(bad.evaluate([{ n: 1 }])).rejects.toThrow(/worker thread could not load the space: .*gone\.mjs does not exist/);
    } finally {
      await bad.close();
    }
  });
});
