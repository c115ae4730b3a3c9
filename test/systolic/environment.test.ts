import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import type { Environment } from '../../src/environment/types.js';
import type { Point } from '../../src/space/types.js';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';
import { simulateLayer, type ComputeMode, type Dataflow } from '../../spaces/systolic/compute/index.js';
import { arrayAreaMm2, horowitz45nm, layerEnergyPj, type WordBytes } from '../../spaces/systolic/cost/index.js';
import { parseTopology } from '../../spaces/systolic/input/index.js';
import { dramTrafficCalc } from '../../spaces/systolic/memory/index.js';
import { networks } from '../../spaces/systolic/networks/index.js';
import type { Layer } from '../../spaces/systolic/layer.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

const here = dirname(fileURLToPath(import.meta.url));
const baseDir = here;

async function load(options: Record<string, unknown> = {}): Promise<Environment> {
  return (await loadEnvironment({ space: 'systolic', options, baseDir })).environment;
}

const base: Point = {
  rows: 64,
  cols: 64,
  dataflow: 'os',
  ifmapSramKB: 256,
  filterSramKB: 256,
  ofmapSramKB: 128,
  dramBandwidthWords: 16,
  wordBytes: 1,
  clockMHz: 1000,
};

function metricsOf(env: Environment, changes: Partial<Point> = {}): Record<string, number> {
  return env.evaluate({ ...base, ...changes } as Point) as Record<string, number>;
}

/** The whole-network figures straight from the reference functions (compute, memory, cost). */
function reference(layers: readonly Layer[], p: Point, mode: ComputeMode) {
  const array = { rows: p.rows as number, cols: p.cols as number };
  const df = p.dataflow as Dataflow;
  const wb = p.wordBytes as WordBytes;
  const kb = { ifmap: p.ifmapSramKB as number, filter: p.filterSramKB as number, ofmap: p.ofmapSramKB as number };
  const words = { ifmap: (kb.ifmap * 1024) / wb, filter: (kb.filter * 1024) / wb, ofmap: (kb.ofmap * 1024) / wb };
  let cycles = 0;
  let stallFree = 0;
  let energy = 0;
  let dramReads = 0;
  let dramWrites = 0;
  let sramReads = 0;
  let sramWrites = 0;
  let macs = 0;
  for (const layer of layers) {
    const compute = simulateLayer(layer, array, df, mode);
    const dram = dramTrafficCalc(layer, array, df, words, { partialSumsInOfmap: mode === 'native' });
    const traffic = dram.ifmapReads + dram.filterReads + dram.ofmapWrites;
    const total = mode === 'scalesim' ? compute.stallFreeCycles : Math.max(compute.stallFreeCycles, Math.ceil(traffic / (p.dramBandwidthWords as number)));
    cycles += total;
    stallFree += compute.stallFreeCycles;
    macs += compute.computeMacs;
    dramReads += dram.ifmapReads + dram.filterReads;
    dramWrites += dram.ofmapWrites;
    sramReads += compute.sram.ifmapReads + compute.sram.filterReads + dram.ofmapWrites;
    sramWrites += compute.sram.ofmapWrites + dram.ifmapReads + dram.filterReads;
    energy += layerEnergyPj(
      {
        macs: compute.computeMacs,
        ifmap: { sizeKB: kb.ifmap, reads: compute.sram.ifmapReads, writes: dram.ifmapReads },
        filter: { sizeKB: kb.filter, reads: compute.sram.filterReads, writes: dram.filterReads },
        ofmap: { sizeKB: kb.ofmap, reads: dram.ofmapWrites, writes: compute.sram.ofmapWrites },
        dramBytes: traffic * wb,
      },
      horowitz45nm,
      wb,
    ).totalPj;
  }
  const area = arrayAreaMm2({ ...array, ifmapKB: kb.ifmap, filterKB: kb.filter, ofmapKB: kb.ofmap }, horowitz45nm, wb).totalMm2;
  return { cycles, stallFree, energy, area, dramReads, dramWrites, sramReads, sramWrites, macs };
}

describe('systolic environment', () => {
  it('loads by name and declares its parameters, options and metrics', async () => {
    const loaded = await loadEnvironment({ space: 'systolic', options: {}, baseDir });
    expect(loaded.options).toMatchObject({ network: 'mobilenet_v1' });
    expect(loaded.environment.description).toContain('native mode');
    const env = loaded.environment;
    expect(env.space.parameters.map((p) => p.name)).toEqual([
      'rows',
      'cols',
      'dataflow',
      'ifmapSramKB',
      'filterSramKB',
      'ofmapSramKB',
      'dramBandwidthWords',
      'wordBytes',
      'clockMHz',
    ]);
    expect(env.metrics.map((m) => m.name)).toEqual([
      'cycles',
      'stallCycles',
      'stallFreeCycles',
      'utilizationPct',
      'computeUtilizationPct',
      'mappingEfficiencyPct',
      'latencyNs',
      'energyPj',
      'areaMm2',
      'dramReadsWords',
      'dramWritesWords',
      'sramReadsWords',
      'sramWritesWords',
      'dramIfmapReadsWords',
      'dramFilterReadsWords',
      'dramOfmapWritesWords',
      'sramIfmapReadsWords',
      'sramFilterReadsWords',
      'sramOfmapWritesWords',
      'avgSramBandwidthWords',
      'avgDramBandwidthWords',
      'macs',
    ]);
    for (const m of env.metrics) expect(m.unit).toBeTypeOf('string');
    expect(env.objectives).toEqual([
      { metric: 'latencyNs', direction: 'min' },
      { metric: 'energyPj', direction: 'min' },
      { metric: 'areaMm2', direction: 'min' },
    ]);
    // Every default is a legal value, so `simulate` with no --set works.
    expect(loaded.space.defaultPoint()).toEqual(base);
  });

  it('MobileNetV1 on 64x64 os in scalesim mode: cycles are the sum of simulateLayer', async () => {
    const env = await load({ mode: 'scalesim' });
    const metrics = metricsOf(env);
    const layers = networks.mobilenet_v1;
    const expected = layers.reduce((s, l) => s + simulateLayer(l, { rows: 64, cols: 64 }, 'os', 'scalesim').stallFreeCycles, 0);
    expect(metrics.cycles).toBe(expected);
    expect(metrics.stallCycles).toBe(0);
    expect(metrics.stallFreeCycles).toBe(expected);
    expect(metrics.latencyNs).toBeCloseTo(expected, 6); // 1000 MHz: one cycle per ns
  });

  it('matches the reference compute, memory and cost functions for every dataflow, mode and word size', async () => {
    const layers = networks.mobilenet_v1;
    const designs: Partial<Point>[] = [
      {},
      { rows: 8, cols: 128, ifmapSramKB: 16, filterSramKB: 32, dramBandwidthWords: 2, wordBytes: 2 },
      { rows: 256, cols: 16, ifmapSramKB: 4096, filterSramKB: 16, ofmapSramKB: 16, wordBytes: 4, clockMHz: 700 },
      { rows: 4, cols: 4, ifmapSramKB: 64, filterSramKB: 64, dramBandwidthWords: 1 },
    ];
    for (const mode of ['scalesim', 'native'] as const) {
      const env = await load({ mode });
      for (const dataflow of ['os', 'ws', 'is']) {
        for (const d of designs) {
          const p = { ...base, ...d, dataflow } as Point;
          const got = env.evaluate(p) as Record<string, number>;
          const want = reference(layers, p, mode);
          expect(got.cycles).toBe(want.cycles);
          expect(got.stallFreeCycles).toBe(want.stallFree);
          expect(got.stallCycles).toBe(want.cycles - want.stallFree);
          expect(got.dramReadsWords).toBe(want.dramReads);
          expect(got.dramWritesWords).toBe(want.dramWrites);
          expect(got.sramReadsWords).toBe(want.sramReads);
          expect(got.sramWritesWords).toBe(want.sramWrites);
          expect(got.macs).toBe(want.macs);
          expect(got.energyPj / want.energy).toBeCloseTo(1, 10);
          expect(got.areaMm2 / want.area).toBeCloseTo(1, 10);
          expect(got.latencyNs).toBeCloseTo((want.cycles * 1000) / (p.clockMHz as number), 6);
          expect(got.utilizationPct).toBeGreaterThan(0);
          expect(got.utilizationPct).toBeLessThanOrEqual(100);
          expect(got.mappingEfficiencyPct).toBeGreaterThan(0);
          expect(got.mappingEfficiencyPct).toBeLessThanOrEqual(100);
        }
      }
    }
  });

  it('native mode: stalls appear with tiny DRAM bandwidth and vanish with a huge one', async () => {
    const env = await load({ mode: 'native' });
    const starved = metricsOf(env, { dramBandwidthWords: 1 });
    const fed = metricsOf(env, { dramBandwidthWords: 1_000_000 });
    expect(starved.stallCycles).toBeGreaterThan(0);
    expect(starved.cycles).toBe(starved.stallFreeCycles + starved.stallCycles);
    expect(fed.stallCycles).toBe(0);
    expect(fed.cycles).toBe(fed.stallFreeCycles);
    expect(starved.stallFreeCycles).toBe(fed.stallFreeCycles);
    expect(starved.utilizationPct).toBeLessThan(fed.utilizationPct);
  });

  it('energy and area are positive and move the obvious way', async () => {
    const env = await load();
    const m = metricsOf(env);
    expect(m.energyPj).toBeGreaterThan(0);
    expect(m.areaMm2).toBeGreaterThan(0);
    expect(metricsOf(env, { rows: 128 }).areaMm2).toBeGreaterThan(m.areaMm2);
    expect(metricsOf(env, { cols: 128 }).areaMm2).toBeGreaterThan(m.areaMm2);
    expect(metricsOf(env, { ifmapSramKB: 512 }).areaMm2).toBeGreaterThan(m.areaMm2);
    expect(metricsOf(env, { wordBytes: 2 }).areaMm2).toBeGreaterThan(m.areaMm2);
    expect(metricsOf(env, { wordBytes: 2 }).energyPj).toBeGreaterThan(m.energyPj);
    // Clock changes latency only.
    const fast = metricsOf(env, { clockMHz: 2000 });
    expect(fast.latencyNs).toBeCloseTo(m.latencyNs / 2, 6);
    expect(fast.energyPj).toBe(m.energyPj);
  });

  it('reads a SCALE-Sim topology file (relative to baseDir), which overrides network', async () => {
    const file = join(here, 'fixtures', 'resnet-like.csv');
    const env = await load({ topology: 'fixtures/resnet-like.csv', network: 'vgg16', mode: 'scalesim' });
    const layers = parseTopology(readFileSync(file, 'utf8'), file);
    const metrics = metricsOf(env);
    const expected = layers.reduce((s, l) => s + simulateLayer(l, { rows: 64, cols: 64 }, 'os', 'scalesim').stallFreeCycles, 0);
    expect(metrics.cycles).toBe(expected);
    await expect(load({ topology: 'fixtures/missing.csv' })).rejects.toThrow(/topology/);
  });

  it('rejects an unknown network, listing the known ones', async () => {
    await expect(load({ network: 'lenet' })).rejects.toThrow(/mobilenet_v1.*resnet50|resnet50.*mobilenet_v1/);
  });

  it('runs a short nsga2 sweep and yields a front', async () => {
    const out = join(tempDir(), 'out');
    const spec = parseSpec({ space: 'systolic', agents: ['nsga2'], seeds: [1], budget: { evaluations: 200 }, batchSize: 40 });
    const result = await startSweep(spec, baseDir, out);
    expect(result.runs).toHaveLength(1);
    const pareto = join(result.runs[0].dir, 'pareto.csv');
    expect(existsSync(pareto)).toBe(true);
    const lines = readFileSync(pareto, 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(1);
    expect(lines[0]).toContain('latencyNs');
  });
});
