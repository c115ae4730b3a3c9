import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import type { Point } from '../../src/space/types.js';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

async function load(options: Record<string, unknown>, baseDir = process.cwd(), parameters?: Record<string, unknown>) {
  return loadEnvironment({ space: 'dram', options, baseDir, parameters: parameters as never });
}

describe('dram environment', () => {
  it('is the study\'s 442,368-design knob space on DDR3-1600 with the stream trace by default', async () => {
    const { environment, space } = await load({});
    expect(space.size()).toBe(442_368n);
    expect(environment.description).toMatch(/DDR3-1600, RoBaCo mapping, 10,000 requests of stream/);
    const metrics = (await environment.evaluate(space.defaultPoint())) as Record<string, number>;
    expect(Object.keys(metrics)).toEqual(expect.arrayContaining(['totalTimeNs', 'bandwidthGBps', 'avgReadLatencyNs', 'p99ReadLatencyNs', 'rowHits', 'rowMisses', 'rowConflicts', 'energyNj', 'avgPowerMw']));
    // Open page on a stream: about 10,000 x 64 B at 12.8 GB/s.
    expect(metrics.totalTimeNs).toBeGreaterThan(50_000);
    expect(metrics.totalTimeNs).toBeLessThan(52_000);
    expect(metrics.avgPowerMw).toBeCloseTo(metrics.energyNj * 1000 / metrics.totalTimeNs, 9);
    expect(metrics.rdCommands).toBe(10_000);
  });

  it('page policy separates the two clusters the study reports', async () => {
    const { environment, space } = await load({});
    const point = (PagePolicy: string): Point => ({ ...space.defaultPoint(), PagePolicy });
    const open = (await environment.evaluate(point('Open'))) as Record<string, number>;
    const closed = (await environment.evaluate(point('Closed'))) as Record<string, number>;
    expect(closed.totalTimeNs).toBeGreaterThan(8 * open.totalTimeNs);
    expect(closed.avgPowerMw).toBeLessThan(open.avgPowerMw);
  });

  it('PerBank refresh is offered only for standards that have it; values outside the space via parameters', async () => {
    const lp = await load({ standard: 'LPDDR4-3200', trace: 'random', requests: 500 });
    expect(lp.space.parameters.find((p) => p.name === 'RefreshPolicy')!.definition).toMatchObject({ values: ['NoRefresh', 'AllBank', 'PerBank'] });
    const widened = await load({ requests: 500 }, process.cwd(), { RefreshMaxPostponed: 0, RefreshMaxPulledin: [0, 1] });
    const m = (await widened.environment.evaluate(widened.space.defaultPoint())) as Record<string, number>;
    expect(m.refCommands).toBeGreaterThanOrEqual(0);
    expect(widened.space.defaultPoint()).toMatchObject({ RefreshMaxPostponed: 0, RefreshMaxPulledin: 0 });
  });

  it('reads STL and Ramulator trace files with the player clock', async () => {
    const dir = tempDir();
    const stl = Array.from({ length: 200 }, (_, i) => `${i * 2}:\t${i % 3 === 0 ? 'write' : 'read'}\t0x${(i * 64).toString(16)}`).join('\n');
    writeFileSync(join(dir, 'a.stl'), `${stl}\n`);
    writeFileSync(join(dir, 'a.trace'), Array.from({ length: 200 }, (_, i) => `${i % 3 === 0 ? 'ST' : 'LD'} 0x${(i * 64).toString(16)}`).join('\n'));
    const fromStl = await load({ trace: 'a.stl', playerClockMHz: 400 }, dir);
    const fromRamulator = await load({ trace: 'a.trace' }, dir);
    expect(fromStl.environment.description).toMatch(/200 requests/);
    const a = (await fromStl.environment.evaluate(fromStl.space.defaultPoint())) as Record<string, number>;
    const b = (await fromRamulator.environment.evaluate(fromRamulator.space.defaultPoint())) as Record<string, number>;
    expect(a.wrCommands).toBe(67);
    expect(b.wrCommands).toBe(67);
    // STL clocks 0, 2, 4, ... at a 400 MHz player are memory cycles 0, 4, 8, ...: the last arrives at 796.
    expect(a.totalTimeNs).toBeGreaterThan(796 * 1.25);
  });

  it('bad input: the error names the file and line, or the option and what is allowed', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.stl'), '0:\tread\t0x0\n1:\tfetch\t0x40\n');
    writeFileSync(join(dir, 'far.stl'), '0:\tread\t0x0\n1:\tread\t0x40000000\n');
    writeFileSync(join(dir, 'empty.stl'), '# nothing here\n');
    writeFileSync(join(dir, 'cut.stl'), '0:\tread\t0x0\n1:\tread\n');
    await expect(load({ trace: 'bad.stl' }, dir)).rejects.toThrow(/bad\.stl.*line 2/);
    await expect(load({ trace: 'far.stl' }, dir)).rejects.toThrow(/far\.stl line 2: address 0x40000000 is beyond the device/);
    await expect(load({ trace: 'empty.stl' }, dir)).rejects.toThrow(/empty\.stl.*no requests|empty\.stl.*empty/i);
    await expect(load({ trace: 'cut.stl' }, dir)).rejects.toThrow(/cut\.stl.*line 2/);
    await expect(load({ trace: 'missing.stl' }, dir)).rejects.toThrow(/missing\.stl/);
    await expect(load({ standard: 'DDR9-9999' })).rejects.toThrow(/standard: must be one of DDR3-1600, DDR4-2400, DDR4-3200, LPDDR4-3200, got "DDR9-9999"/);
    await expect(load({ mapping: 'RoXx' })).rejects.toThrow(/option "mapping"/);
    await expect(load({ trace: 'zigzag' }, dir)).rejects.toThrow(/zigzag/);
    const { environment, space } = await load({ requests: 100 });
    expect(() => environment.evaluate({ ...space.defaultPoint(), Scheduler: 'Lifo' })).toThrow(/Scheduler must be one of Fifo, FrFcfsGrp, FrFcfs/);
  });

  it('runs a short sweep', async () => {
    const out = join(tempDir(), 'out');
    const spec = parseSpec({ space: 'dram', options: { requests: 1000 }, agents: ['random'], budget: { evaluations: 30 }, batchSize: 10 });
    const result = await startSweep(spec, process.cwd(), out);
    expect(result.runs[0].summary.evaluations.unique).toBe(30);
  });
});
