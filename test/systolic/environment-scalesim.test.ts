import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import type { Point } from '../../src/space/types.js';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';
import { simulateLayer } from '../../spaces/systolic/compute/index.js';
import { parseTopology } from '../../spaces/systolic/input/index.js';
import type { SystolicLayerResult } from '../../spaces/systolic/layer-result.js';
import { dramTrafficUser } from '../../spaces/systolic/memory/index.js';
import { networks } from '../../spaces/systolic/networks/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const CFG = readFileSync(join(fixtures, 'scale-example.cfg'), 'utf8');

async function load(options: Record<string, unknown>, baseDir = fixtures) {
  return loadEnvironment({ space: 'systolic', options, baseDir });
}

describe('systolic environment as a SCALE-Sim drop-in', () => {
  it('a cfg becomes the default design, in scalesim mode with its bandwidth mode', async () => {
    const { environment, space } = await load({ config: 'scale-example.cfg', topology: 'resnet-like.csv' });
    expect(environment.description).toContain('scalesim mode, CALC bandwidth');
    expect(space.defaultPoint()).toMatchObject({ rows: 64, cols: 64, dataflow: 'ws', ifmapSramKB: 256, filterSramKB: 256, ofmapSramKB: 128, dramBandwidthWords: 10, wordBytes: 1 });
    const layers = parseTopology(readFileSync(join(fixtures, 'resnet-like.csv'), 'utf8'), 'resnet-like.csv');
    const metrics = environment.evaluate(space.defaultPoint()) as Record<string, number>;
    const expected = layers.reduce((sum, l) => sum + simulateLayer(l, { rows: 64, cols: 64 }, 'ws', 'scalesim').stallFreeCycles, 0);
    expect(metrics.cycles).toBe(expected);
    expect(metrics.stallCycles).toBe(0);
  });

  it('a cfg array that is not a power of two joins the space', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'odd.cfg'), CFG.replace(/ArrayHeight:\s*64/, 'ArrayHeight: 12').replace(/ArrayWidth:\s*64/, 'ArrayWidth: 14'));
    const { space } = await load({ config: 'odd.cfg' }, dir);
    expect(space.defaultPoint()).toMatchObject({ rows: 12, cols: 14 });
    expect(space.check(space.defaultPoint()).ok).toBe(true);
    expect(space.parameters.find((p) => p.name === 'rows')!.definition).toMatchObject({ values: [4, 8, 12, 16, 32, 64, 128, 256, 512] });
  });

  it('a topology alone selects scalesim mode; native stays selectable; native rejects interfaceBandwidth', async () => {
    expect((await load({ topology: 'resnet-like.csv' })).environment.description).toContain('scalesim mode');
    expect((await load({ topology: 'resnet-like.csv', mode: 'native' })).environment.description).toContain('native mode');
    expect((await load({})).environment.description).toContain('native mode');
    await expect(load({ interfaceBandwidth: 'USER' })).rejects.toThrow(/interfaceBandwidth.*applies to mode=scalesim only/);
    await expect(load({ mode: 'scalesim', interfaceBandwidth: 'AUTO' })).rejects.toThrow(/interfaceBandwidth/);
  });

  it('per-layer results add up to the network metrics', async () => {
    for (const options of [{ network: 'mobilenet_v1' }, { network: 'resnet18', mode: 'scalesim' }]) {
      const { environment, space } = await load(options);
      const point: Point = { ...space.defaultPoint(), dramBandwidthWords: 2 };
      const metrics = environment.evaluate(point) as Record<string, number>;
      const report = await environment.report!(point);
      const layers = report.parts as unknown as SystolicLayerResult[];
      const sum = (f: (l: SystolicLayerResult) => number) => layers.reduce((s, l) => s + f(l), 0);
      expect(layers.map((l) => l.layerId)).toEqual(layers.map((_, i) => i));
      expect(sum((l) => l.totalCycles)).toBe(metrics.cycles);
      expect(sum((l) => l.stallCycles)).toBe(metrics.stallCycles);
      expect(sum((l) => l.macs)).toBe(metrics.macs);
      expect(sum((l) => l.dramIfmapReads + l.dramFilterReads)).toBe(metrics.dramReadsWords);
      expect(sum((l) => l.dramOfmapWrites)).toBe(metrics.dramWritesWords);
      expect(sum((l) => l.energyPj) / metrics.energyPj).toBeCloseTo(1, 9);
      expect(sum((l) => l.dramIfmapReads)).toBe(metrics.dramIfmapReadsWords);
      expect(sum((l) => l.dramFilterReads)).toBe(metrics.dramFilterReadsWords);
      expect(sum((l) => l.sramIfmapReads)).toBe(metrics.sramIfmapReadsWords);
      expect(sum((l) => l.sramFilterReads)).toBe(metrics.sramFilterReadsWords);
      expect(sum((l) => l.sramOfmapWrites)).toBe(metrics.sramOfmapWritesWords);
      expect(metrics.avgDramBandwidthWords).toBeCloseTo((metrics.dramReadsWords + metrics.dramWritesWords) / metrics.cycles, 12);
      // Compute utilization: the layers' figures weighted by their compute cycles.
      expect(metrics.computeUtilizationPct).toBeCloseTo(sum((l) => l.computeUtilPct * l.stallFreeCycles) / metrics.stallFreeCycles, 9);
      for (const l of layers) {
        expect(l.overallUtilPct).toBeGreaterThan(0);
        // v2's compute utilization counts its own fold cycles, so only native mode orders the two.
        if (environment.description?.includes('native')) expect(l.overallUtilPct).toBeLessThanOrEqual(l.computeUtilPct + 1e-9);
        expect(l.mappingEfficiencyPct).toBeLessThanOrEqual(100);
      }
      expect(report.files).toEqual([]);
    }
  });

  it('USER bandwidth mode: cycles and DRAM traffic are the USER model\'s, layer by layer', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'user.cfg'), CFG.replace(/InterfaceBandwidth:\s*CALC/, 'InterfaceBandwidth: USER').replace(/IfmapSramSzkB:\s*256/, 'IfmapSramSzkB: 64'));
    const { environment, space } = await load({ config: 'user.cfg', network: 'mobilenet_v1' }, dir);
    expect(environment.description).toContain('USER bandwidth');
    const point = space.defaultPoint();
    const metrics = environment.evaluate(point) as Record<string, number>;
    const sram = { ifmap: 64 * 1024, filter: 256 * 1024, ofmap: 128 * 1024 };
    let cycles = 0;
    let reads = 0;
    let stalls = 0;
    for (const layer of networks.mobilenet_v1) {
      const u = dramTrafficUser(layer, { rows: 64, cols: 64 }, 'ws', sram, 10);
      cycles += u.totalCycles;
      stalls += u.stallCycles;
      reads += u.ifmapReads + u.filterReads;
    }
    expect(metrics.cycles).toBe(cycles);
    expect(metrics.stallCycles).toBe(stalls);
    expect(metrics.dramReadsWords).toBe(reads);
    expect(metrics.stallCycles).toBeGreaterThan(0);
  });

  it('bad topology or cfg: the error names file, line and column, and a sweep writes nothing', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nconv1, 224, 224, 3, 3, three, 64, 1,\n');
    writeFileSync(join(dir, 'bad.cfg'), CFG.replace(/Dataflow : ws/, 'Dataflow : rs'));
    await expect(load({ topology: 'bad.csv' }, dir)).rejects.toThrow(/bad\.csv line 2, column "Channels"/);
    await expect(load({ config: 'bad.cfg' }, dir)).rejects.toThrow(/bad\.cfg line \d+, key "Dataflow": unknown dataflow "rs"; expected one of os, ws, is/);
    for (const options of [{ topology: 'bad.csv' }, { config: 'bad.cfg' }]) {
      const out = join(dir, 'out');
      const spec = parseSpec({ space: 'systolic', options, agents: ['random'], budget: { evaluations: 10 } });
      await expect(startSweep(spec, dir, out)).rejects.toThrow(/bad\.(csv|cfg) line/);
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(dir).sort()).toEqual(['bad.cfg', 'bad.csv']);
  });
});
