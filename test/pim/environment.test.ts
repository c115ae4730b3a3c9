import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';

describe('pim environment', () => {
  it('evaluates the PIM-GPT default design and reports time and energy per step', async () => {
    const { environment, space } = await loadEnvironment({ space: 'pim', options: { model: 'gpt2-small', contextLength: 128, tokens: 4 }, baseDir: process.cwd() });
    expect(space.defaultPoint()).toMatchObject({ channels: 8, banksPerChannel: 16, macLanesPerBank: 16, rowBytes: 2048, globalBufferBytes: 2048, split: 'rows', headConcat: true });
    const metrics = (await environment.evaluate(space.defaultPoint())) as Record<string, number>;
    for (const name of environment.metrics.map((m) => m.name)) expect(Number.isFinite(metrics[name]), name).toBe(true);
    expect(metrics.macLanes).toBe(8 * 16 * 16);
    expect(metrics.capacityGiB).toBe(4);
    expect(environment.objectives.map((o) => o.metric)).toEqual(['latencyPerTokenUs', 'energyPerTokenUj', 'macAreaMm2']);
    const report = await environment.report!(space.defaultPoint());
    expect(report.view).toMatch(/ffn up/);
    expect(report.view).toMatch(/activate/);
    const timeShare = report.parts.filter((p) => p.part === 'time').reduce((sum, p) => sum + (p.sharePct as number), 0);
    expect(timeShare).toBeCloseTo(100, 6);
  });

  it('gives deterministic results and a slower token for a slower MAC clock', async () => {
    const { environment, space } = await loadEnvironment({ space: 'pim', options: { model: 'gpt3-small' }, baseDir: process.cwd() });
    const point = space.defaultPoint();
    const a = (await environment.evaluate(point)) as Record<string, number>;
    const b = (await environment.evaluate(point)) as Record<string, number>;
    expect(b).toEqual(a);
    const slow = (await environment.evaluate({ ...point, pimClockMHz: 500 })) as Record<string, number>;
    expect(slow.latencyPerTokenUs).toBeGreaterThan(a.latencyPerTokenUs);
  });
});
