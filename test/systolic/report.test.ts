import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import * as nodeFs from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SystolicLayerResult } from '../../spaces/systolic/layer-result.js';
import {
  BANDWIDTH_REPORT_HEADER,
  COMPUTE_REPORT_HEADER,
  DETAILED_ACCESS_REPORT_HEADER,
  LAYER_VIEW_MAX_WIDTH,
  SCALESIM_REPORT_FILE_NAMES,
  formatBandwidthReport,
  formatComputeReport,
  formatDetailedAccessReport,
  layerView,
  isDepthwiseLayer,
  pythonFloatString,
  shareBar,
  summarizeLayerUtilization,
  writeScaleSimReports,
  type ReportFileSystem,
} from '../../spaces/systolic/report/index.js';

/** Processing elements of the synthetic array the view tests assume (16 x 16). */
const PES = 256;

function layer(overrides: Partial<SystolicLayerResult> & Pick<SystolicLayerResult, 'layerId'>): SystolicLayerResult {
  return {
    name: `layer${overrides.layerId}`,
    subLayers: 1,
    m: 4,
    n: 4,
    k: 4,
    macs: 64,
    totalCycles: 10,
    stallCycles: 0,
    stallFreeCycles: 10,
    overallUtilPct: 40,
    mappingEfficiencyPct: 100,
    computeUtilPct: 50,
    sramIfmapReads: 30,
    sramFilterReads: 5,
    sramOfmapWrites: 4,
    dramIfmapReads: 16,
    dramFilterReads: 0,
    dramOfmapWrites: 16,
    energyPj: 1,
    ...overrides,
  };
}

/** A layer on the synthetic array whose utilization follows from its MACs and cycles, as v2 defines it. */
function synthetic(layerId: number, name: string, gemm: { m: number; n: number; k: number; sub?: number }, cycles: number, stall = 0) {
  const subLayers = gemm.sub ?? 1;
  const macs = gemm.m * gemm.n * gemm.k * subLayers;
  return layer({
    layerId,
    name,
    subLayers,
    m: gemm.m,
    n: gemm.n,
    k: gemm.k,
    macs,
    totalCycles: cycles,
    stallCycles: stall,
    stallFreeCycles: cycles - stall,
    overallUtilPct: (100 * macs) / (cycles * PES),
  });
}

// The layer of v2's own golden run test/general/golden_trace_user_ws (commit 18975c2), for the
// columns our model carries exactly.
const goldenWs = layer({
  layerId: 0,
  totalCycles: 52447,
  stallCycles: 41248,
  stallFreeCycles: 11199,
  overallUtilPct: 15.619577859553454,
  mappingEfficiencyPct: 100,
  computeUtilPct: 67.19160104986877,
  sramIfmapReads: 262144,
  sramFilterReads: 32768,
  sramOfmapWrites: 262144,
  dramIfmapReads: 524320,
  dramFilterReads: 32770,
  dramOfmapWrites: 262175,
});

describe('SCALE-Sim v2 report headers', () => {
  it('match the header lines v2 writes (simulator.py generate_reports, trailing comma included)', () => {
    expect(COMPUTE_REPORT_HEADER).toBe(
      'LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,',
    );
    expect(BANDWIDTH_REPORT_HEADER).toBe(
      'LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,',
    );
    expect(DETAILED_ACCESS_REPORT_HEADER).toBe(
      'LayerID, SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, SRAM Filter Start Cycle, ' +
        'SRAM Filter Stop Cycle, SRAM Filter Reads, SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, ' +
        'DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, DRAM Filter Start Cycle, DRAM Filter Stop Cycle, ' +
        'DRAM Filter Reads, DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,',
    );
  });

  it('open each file, newline-terminated, also when there are no layers', () => {
    expect(formatComputeReport([])).toBe(`${COMPUTE_REPORT_HEADER}\n`);
    expect(formatBandwidthReport([])).toBe(`${BANDWIDTH_REPORT_HEADER}\n`);
    expect(formatDetailedAccessReport([])).toBe(`${DETAILED_ACCESS_REPORT_HEADER}\n`);
  });
});

describe('pythonFloatString', () => {
  it.each([
    [100, '100.0'],
    [0, '0.0'],
    [-0, '-0.0'],
    [-3277, '-3277.0'],
    [0.1, '0.1'],
    [1 / 3, '0.3333333333333333'],
    [15.619577859553454, '15.619577859553454'],
    [0.0001, '0.0001'],
    [0.00001, '1e-05'],
    [2.5e-7, '2.5e-07'],
    [1e15, '1000000000000000.0'],
    [123456789012345.6, '123456789012345.6'],
    [1e16, '1e+16'],
    [1.5e16, '1.5e+16'],
    [1e100, '1e+100'],
    [Infinity, 'inf'],
    [NaN, 'nan'],
  ])('prints %s as Python str() does: %s', (value, expected) => {
    expect(pythonFloatString(value)).toBe(expected);
  });
});

describe('SCALE-Sim v2 report rows', () => {
  it('format a hand-computed layer as v2 would (ints bare, floats with .0, trailing comma)', () => {
    // 10 cycles: SRAM BW = 30/10, 5/10, 4/10; DRAM BW = 16 words over the 10-cycle window 0..9.
    const tiny = layer({ layerId: 3, totalCycles: 10, stallCycles: 2, stallFreeCycles: 8 });
    expect(formatComputeReport([tiny]).split('\n')[1]).toBe('3, 10, 2, 40.0, 100.0, 50.0,');
    expect(formatBandwidthReport([tiny]).split('\n')[1]).toBe('3, 3.0, 0.5, 0.4, 1.6, 0.0, 1.6,');
    expect(formatDetailedAccessReport([tiny]).split('\n')[1]).toBe(
      '3, 0.0, 10.0, 30, 0.0, 10.0, 5, 0.0, 10.0, 4, 0.0, 9.0, 16, 0.0, 0.0, 0, 0.0, 9.0, 16,',
    );
  });

  it('reproduce the exact columns of v2 golden output byte for byte', () => {
    expect(formatComputeReport([goldenWs])).toBe(
      'LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,\n' +
        '0, 52447, 41248, 15.619577859553454, 100.0, 67.19160104986877,\n',
    );
    const [ifmapSram, filterSram, ofmapSram, ifmapDram] = formatBandwidthReport([goldenWs])
      .split('\n')[1]
      .split(', ')
      .slice(1);
    // Golden: 4.9982649150571055, 0.6247831143821382, 4.9982649150571055, 9.997139969874349 (its
    // IFMAP DRAM window, -3277..49169, happens to be as long as the layer).
    expect([ifmapSram, filterSram, ofmapSram, ifmapDram]).toEqual([
      '4.9982649150571055',
      '0.6247831143821382',
      '4.9982649150571055',
      '9.997139969874349',
    ]);
  });

  it('keep DRAM bandwidth consistent with the detailed report window, as v2 computes it', () => {
    const [, ...bandwidth] = formatBandwidthReport([goldenWs]).split('\n')[1].replace(/,$/, '').split(', ').map(Number);
    const [, ...detail] = formatDetailedAccessReport([goldenWs]).split('\n')[1].replace(/,$/, '').split(', ').map(Number);
    const dramColumns = [9, 12, 15]; // start index of each DRAM (start, stop, count) triple
    dramColumns.forEach((column, buffer) => {
      const [start, stop, words] = detail.slice(column, column + 3);
      expect(bandwidth[3 + buffer]).toBe(words / (stop - start + 1));
    });
  });

  it('write one line per layer in the given order and refuse fractional counts', () => {
    const lines = formatComputeReport([layer({ layerId: 0 }), layer({ layerId: 1, totalCycles: 7 })]).split('\n');
    expect(lines).toEqual([COMPUTE_REPORT_HEADER, '0, 10, 0, 40.0, 100.0, 50.0,', '1, 7, 0, 40.0, 100.0, 50.0,', '']);
    expect(() => formatDetailedAccessReport([layer({ layerId: 0, sramIfmapReads: 1.5 })])).toThrow(RangeError);
  });
});

describe('writeScaleSimReports', () => {
  let root: string;
  const results = [goldenWs, layer({ layerId: 1 })];

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'archdse-report-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  async function seedOldReports(dir: string): Promise<void> {
    await mkdir(dir, { recursive: true });
    for (const name of Object.values(SCALESIM_REPORT_FILE_NAMES)) await writeFile(path.join(dir, name), `old ${name}\n`);
  }

  async function expectOldReports(dir: string): Promise<void> {
    expect((await readdir(dir)).sort()).toEqual(Object.values(SCALESIM_REPORT_FILE_NAMES).sort());
    for (const name of Object.values(SCALESIM_REPORT_FILE_NAMES)) {
      expect(await readFile(path.join(dir, name), 'utf8')).toBe(`old ${name}\n`);
    }
  }

  it('creates nested directories, writes the three texts, leaves no temp files', async () => {
    const dir = path.join(root, 'run', 'reports');
    const paths = writeScaleSimReports(dir, results);
    expect(paths).toEqual([
      path.join(dir, 'COMPUTE_REPORT.csv'),
      path.join(dir, 'BANDWIDTH_REPORT.csv'),
      path.join(dir, 'DETAILED_ACCESS_REPORT.csv'),
    ]);
    expect(await readFile(paths[0], 'utf8')).toBe(formatComputeReport(results));
    expect(await readFile(paths[1], 'utf8')).toBe(formatBandwidthReport(results));
    expect(await readFile(paths[2], 'utf8')).toBe(formatDetailedAccessReport(results));
    expect((await readdir(dir)).sort()).toEqual(['BANDWIDTH_REPORT.csv', 'COMPUTE_REPORT.csv', 'DETAILED_ACCESS_REPORT.csv']);
  });

  it('replaces earlier reports', async () => {
    const dir = path.join(root, 'out');
    await seedOldReports(dir);
    const [computePath] = writeScaleSimReports(dir, results);
    expect(await readFile(computePath, 'utf8')).toBe(formatComputeReport(results));
    expect((await readdir(dir)).length).toBe(3);
  });

  it('fails without writing anything when the directory path is a file', async () => {
    const file = path.join(root, 'not-a-dir');
    await writeFile(file, 'x');
    expect(() => writeScaleSimReports(file, results)).toThrow();
    expect(() => writeScaleSimReports(path.join(file, 'sub'), results)).toThrow();
    expect(await readdir(root)).toEqual(['not-a-dir']);
    expect(await readFile(file, 'utf8')).toBe('x');
  });

  it('leaves earlier reports untouched when a target cannot be replaced', async () => {
    const dir = path.join(root, 'out');
    await mkdir(dir);
    await writeFile(path.join(dir, 'COMPUTE_REPORT.csv'), 'old COMPUTE_REPORT.csv\n');
    // A directory where a report file should go: its replacement fails after the temps are written.
    await mkdir(path.join(dir, 'DETAILED_ACCESS_REPORT.csv'));
    expect(() => writeScaleSimReports(dir, results)).toThrow();
    expect((await readdir(dir)).sort()).toEqual(['COMPUTE_REPORT.csv', 'DETAILED_ACCESS_REPORT.csv']);
    expect(await readFile(path.join(dir, 'COMPUTE_REPORT.csv'), 'utf8')).toBe('old COMPUTE_REPORT.csv\n');
  });

  /** Node's file system, with the n-th call of `operation` failing. */
  function failingOn(operation: 'writeFile' | 'rename', failingCall: number): ReportFileSystem {
    let calls = 0;
    const failIfDue = () => {
      calls += 1;
      if (calls === failingCall) throw new Error(`injected ${operation} failure`);
    };
    return {
      mkdirSync: nodeFs.mkdirSync,
      copyFileSync: nodeFs.copyFileSync,
      rmSync: nodeFs.rmSync,
      writeFileSync: (file, text) => {
        if (operation === 'writeFile') failIfDue();
        nodeFs.writeFileSync(file, text);
      },
      renameSync: (from, to) => {
        if (operation === 'rename') failIfDue();
        nodeFs.renameSync(from, to);
      },
    };
  }

  it('rolls back reports already installed when a later rename fails', async () => {
    const dir = path.join(root, 'out');
    await seedOldReports(dir);
    expect(() => writeScaleSimReports(dir, results, failingOn('rename', 3))).toThrow('injected rename failure');
    await expectOldReports(dir);
  });

  it('removes new reports and temps when a write fails in a fresh directory', async () => {
    const dir = path.join(root, 'fresh');
    expect(() => writeScaleSimReports(dir, results, failingOn('writeFile', 2))).toThrow('injected writeFile failure');
    expect(await readdir(dir)).toEqual([]);
    expect(() => writeScaleSimReports(dir, results, failingOn('rename', 2))).toThrow('injected rename failure');
    expect(await readdir(dir)).toEqual([]);
  });
});

/** A MobileNet-like network: dense layers keep the array busy, depthwise layers do not. */
function mobileNetLike(): SystolicLayerResult[] {
  return [
    synthetic(0, 'conv1', { m: 12544, n: 32, k: 27 }, 45_000),
    synthetic(1, 'conv_dw_1', { m: 12544, n: 1, k: 9, sub: 32 }, 420_000, 20_000),
    synthetic(2, 'conv_pw_1', { m: 12544, n: 64, k: 32 }, 110_000, 5_000),
    synthetic(3, 'conv_dw_2', { m: 3136, n: 1, k: 9, sub: 64 }, 230_000),
    synthetic(4, 'conv_pw_2', { m: 3136, n: 128, k: 64 }, 110_000),
    synthetic(5, 'fc', { m: 1, n: 1000, k: 1024 }, 70_000),
  ];
}

function visibleWidth(line: string): number {
  return [...line].length;
}

describe('layer utilization view', () => {
  it('recognises depthwise layers by their single-column sub-layers', () => {
    expect(isDepthwiseLayer({ subLayers: 32, n: 1 })).toBe(true);
    expect(isDepthwiseLayer({ subLayers: 1, n: 1 })).toBe(false);
    expect(isDepthwiseLayer({ subLayers: 32, n: 8 })).toBe(false);
  });

  it('gives shares of cycles, MACs and idle time that sum to 100%', () => {
    const summary = summarizeLayerUtilization(mobileNetLike());
    const total = (pick: (r: (typeof summary.rows)[number]) => number) => summary.rows.reduce((s, r) => s + pick(r), 0);
    expect(total((r) => r.cyclesSharePct)).toBeCloseTo(100, 9);
    expect(total((r) => r.macsSharePct)).toBeCloseTo(100, 9);
    expect(total((r) => r.idleSharePct)).toBeCloseTo(100, 9);
    expect(summary.totalCycles).toBe(985_000);
    // The network's utilization is its MACs over its PE-cycles.
    expect(summary.overallUtilPct).toBeCloseTo((100 * summary.totalMacs) / (summary.totalCycles * PES), 9);
    expect(summary.rows[1].stallPct).toBeCloseTo((100 * 20_000) / 420_000, 9);
  });

  it('prints cycle shares that add up to 100% and a bar that scales with them', () => {
    const view = layerView(mobileNetLike());
    const rows = view.split('\n').slice(2, 8);
    const cycleShares = rows.map((line) => Number(/\s(\d+\.\d)% [█▏▎▍▌▋▊▉ ]/u.exec(line)?.[1]));
    expect(cycleShares.every(Number.isFinite)).toBe(true);
    expect(cycleShares.reduce((a, b) => a + b, 0)).toBeCloseTo(100, 0);
    const longest = rows[1];
    expect(longest).toContain('conv_dw_1');
    expect(longest).toContain('█'.repeat(12));
    expect(longest).toContain('12544×1×9 ×32');
  });

  it('names the depthwise layers as where PEs sit idle', () => {
    const layers = mobileNetLike();
    const summary = summarizeLayerUtilization(layers);
    expect(summary.idleGroup?.label).toMatch(/^depthwise layers/);
    expect(summary.idleGroup?.layerIds).toEqual([1, 3]);
    const dwCycles = ((420_000 + 230_000) / 985_000) * 100;
    expect(summary.idleGroup?.cyclesSharePct).toBeCloseTo(dwCycles, 9);
    const view = layerView(layers);
    expect(view).toContain(`PEs sit idle mostly in depthwise layers (2 layers): ${dwCycles.toFixed(1)}% of cycles for`);
  });

  it('without depthwise layers, names the lowest-utilization layers holding most idle time', () => {
    const layers = [
      synthetic(0, 'big_gemm', { m: 4096, n: 256, k: 256 }, 1_100_000),
      synthetic(1, 'skinny_fc', { m: 1, n: 4096, k: 4096 }, 900_000),
      synthetic(2, 'small_conv', { m: 784, n: 16, k: 72 }, 20_000),
    ];
    const group = summarizeLayerUtilization(layers).idleGroup;
    expect(group?.layerIds).toEqual([1]);
    expect(group?.label).toBe('the lowest-utilization layer (skinny_fc)');
    expect(layerView(layers)).toContain('PEs sit idle mostly in the lowest-utilization layer (skinny_fc)');
  });

  it('stays within 100 columns even with long layer names', () => {
    const layers = mobileNetLike().map((l) => ({ ...l, name: `${l.name}_${'very_long_block_name_'.repeat(5)}` }));
    const lines = layerView(layers).split('\n');
    for (const line of lines) expect(visibleWidth(line)).toBeLessThanOrEqual(LAYER_VIEW_MAX_WIDTH);
    expect(lines[2]).toContain('…');
  });

  it('draws partial bars in eighth blocks and handles an empty network', () => {
    expect(shareBar(1, 4)).toBe('████');
    expect(shareBar(0.5, 4)).toBe('██  ');
    expect(shareBar(1 / 32, 4)).toBe('▏   ');
    expect(layerView([])).toBe('No layers to show.');
  });
});
