import { describe, expect, it } from 'vitest';
import {
  convOutputDims,
  convOutputSize,
  lowerLayer,
  simulateGemm,
  simulateLayer,
  type ConvLayer,
  type LayerComputeResult,
} from '../../spaces/systolic/compute/index.js';

const A64 = { rows: 64, cols: 64 };
// Asymmetric array so that R/C mix-ups show.
const A4x2 = { rows: 4, cols: 2 };
const small = { m: 5, n: 3, k: 6 };

function expectPct(actual: number, expected: number): void {
  expect(actual).toBeCloseTo(expected, 9);
}

describe('lowering (SCALE-Sim v2 im2col, no padding)', () => {
  it('uses Ho = ceil((H - Fh + s) / s) with stride > 1', () => {
    expect(convOutputSize(7, 3, 2)).toBe(3); // (7-3+2)/2 = 3
    expect(convOutputSize(9, 3, 2)).toBe(4); // (9-3+2)/2 = 4
    expect(convOutputSize(8, 3, 2)).toBe(4); // ceil(7/2) = 4 (v2's form, not floor(5/2)+1 = 3)
    expect(convOutputSize(225, 3, 2)).toBe(112); // MobileNetV1 conv1 with padded 225 input
    const layer: ConvLayer = { name: 'c', ifmapH: 7, ifmapW: 9, filterH: 3, filterW: 3, channels: 5, filters: 11, stride: 2 };
    expect(convOutputDims(layer)).toEqual({ height: 3, width: 4 });
    expect(lowerLayer(layer)).toEqual({ name: 'c', gemm: { m: 12, n: 11, k: 45 }, count: 1 });
  });

  it('lowers stride-1 conv and passes GEMM through', () => {
    const pw2: ConvLayer = { name: 'pw2', ifmapH: 56, ifmapW: 56, filterH: 1, filterW: 1, channels: 64, filters: 128, stride: 1 };
    expect(lowerLayer(pw2).gemm).toEqual({ m: 3136, n: 128, k: 64 });
    expect(lowerLayer({ name: 'g', m: 3, n: 4, k: 5 })).toEqual({ name: 'g', gemm: { m: 3, n: 4, k: 5 }, count: 1 });
  });

  it('expands depthwise into C one-channel layers (N = 1, K = Fh*Fw)', () => {
    const dw: ConvLayer = { name: 'dw', ifmapH: 10, ifmapW: 10, filterH: 3, filterW: 3, channels: 4, filters: 4, stride: 1, depthwise: true };
    expect(lowerLayer(dw)).toEqual({ name: 'dw', gemm: { m: 64, n: 1, k: 9 }, count: 4 });
  });

  it('rejects invalid layers', () => {
    expect(() => lowerLayer({ name: 'x', m: 0, n: 1, k: 1 })).toThrow(RangeError);
    expect(() => lowerLayer({ name: 'x', ifmapH: 2, ifmapW: 8, filterH: 3, filterW: 3, channels: 1, filters: 1, stride: 1 })).toThrow(RangeError);
    expect(() => lowerLayer({ name: 'x', ifmapH: 8, ifmapW: 8, filterH: 3, filterW: 3, channels: 1, filters: 1, stride: 1.5 })).toThrow(RangeError);
    expect(() => simulateGemm(small, { rows: 0, cols: 2 }, 'os', 'native')).toThrow(RangeError);
  });
});

describe('SCALE-Sim v2 worked example: MobileNetV1 pw2 on 64 x 64, v2 mode', () => {
  const pw2: ConvLayer = { name: 'pw2', ifmapH: 56, ifmapW: 56, filterH: 1, filterW: 1, channels: 64, filters: 128, stride: 1 };
  const macs = 3136 * 128 * 64;

  it('os: 18,619 cycles', () => {
    const r = simulateLayer(pw2, A64, 'os', 'scalesim');
    expect(r.folds).toEqual({ rows: 49, cols: 2 });
    expect(r.cyclesPerFold).toBe(190);
    expect(r.stallFreeCycles).toBe(18_619);
    expect(r.computeMacs).toBe(macs);
    expectPct(r.mappingEfficiencyPct, 100);
    expectPct(r.overallUtilizationPct, (macs / (18_619 * 4096)) * 100);
    expectPct(r.computeUtilizationPct, (64 / 190) * 100);
    expect(r.sram).toEqual({ ifmapReads: 401_408, filterReads: 401_408, ofmapWrites: 401_408 + 98 * 128 });
  });

  it('ws: 6,651 cycles', () => {
    const r = simulateLayer(pw2, A64, 'ws', 'scalesim');
    expect(r.folds).toEqual({ rows: 1, cols: 2 });
    expect(r.stallFreeCycles).toBe(6_651);
    expectPct(r.overallUtilizationPct, (macs / (6_651 * 4096)) * 100);
    // v2 divides by its fold-matrix size 2R + 2C + T - 3 = 3389.
    expectPct(r.computeUtilizationPct, (3136 / 3389) * 100);
    expect(r.sram).toEqual({ ifmapReads: 3136 * 64 * 2, filterReads: 64 * 128, ofmapWrites: 3136 * 128 });
  });

  it('is: 15,581 cycles', () => {
    const r = simulateLayer(pw2, A64, 'is', 'scalesim');
    expect(r.folds).toEqual({ rows: 1, cols: 49 });
    expect(r.stallFreeCycles).toBe(15_581);
    expectPct(r.computeUtilizationPct, (128 / 381) * 100);
    expect(r.sram).toEqual({ ifmapReads: 64 * 3136, filterReads: 64 * 128 * 49, ofmapWrites: 3136 * 128 });
  });

  it('native mode: 2R + C + T - 2 per fold, no -1', () => {
    expect(simulateLayer(pw2, A64, 'os', 'native').stallFreeCycles).toBe(98 * (128 + 64 + 64 - 2));
    expect(simulateLayer(pw2, A64, 'ws', 'native').stallFreeCycles).toBe(6_652);
    expect(simulateLayer(pw2, A64, 'is', 'native').stallFreeCycles).toBe(15_582);
    expect(simulateLayer(pw2, A64, 'os', 'native').sram.ofmapWrites).toBe(3136 * 128);
  });
});

/** Hand-computed: GEMM M=5, N=3, K=6 (90 MACs) on R=4, C=2 (8 PEs). */
describe('hand-computed small GEMM on a 4 x 2 array', () => {
  function run(dataflow: 'os' | 'ws' | 'is', mode: 'scalesim' | 'native'): LayerComputeResult {
    return simulateLayer({ name: 'g', ...small }, A4x2, dataflow, mode);
  }

  it('os: Sr=5, Sc=3, T=6 -> 2 x 2 folds', () => {
    const v2 = run('os', 'scalesim');
    expect(v2.mapping).toEqual({ sr: 5, sc: 3, t: 6 });
    expect(v2.folds).toEqual({ rows: 2, cols: 2 });
    expect(v2.cyclesPerFold).toBe(10); // 6 + 4 + 2 - 2
    expect(v2.stallFreeCycles).toBe(39); // 4*10 - 1
    expect(v2.computeMacs).toBe(90);
    expectPct(v2.overallUtilizationPct, (90 / (39 * 8)) * 100);
    expectPct(v2.mappingEfficiencyPct, 46.875); // 15 / 32
    expectPct(v2.computeUtilizationPct, 28.125); // 15/32 * 6/10
    expect(v2.sram).toEqual({ ifmapReads: 60, filterReads: 36, ofmapWrites: 39 }); // 15 + 4*(4+2)

    const nat = run('os', 'native');
    expect(nat.cyclesPerFold).toBe(14); // 2*4 + 2 + 6 - 2
    expect(nat.stallFreeCycles).toBe(56);
    expectPct(nat.overallUtilizationPct, (90 / (56 * 8)) * 100);
    expectPct(nat.computeUtilizationPct, (90 / (56 * 8)) * 100);
    expectPct(nat.mappingEfficiencyPct, 46.875);
    expect(nat.sram).toEqual({ ifmapReads: 60, filterReads: 36, ofmapWrites: 15 });
  });

  it('ws: Sr=6, Sc=3, T=5 -> 2 x 2 folds', () => {
    const v2 = run('ws', 'scalesim');
    expect(v2.mapping).toEqual({ sr: 6, sc: 3, t: 5 });
    expect(v2.folds).toEqual({ rows: 2, cols: 2 });
    expect(v2.cyclesPerFold).toBe(13); // 8 + 2 + 5 - 2
    expect(v2.stallFreeCycles).toBe(51);
    expectPct(v2.overallUtilizationPct, (90 / (51 * 8)) * 100);
    expectPct(v2.mappingEfficiencyPct, 56.25); // 18 / 32
    expectPct(v2.computeUtilizationPct, (0.5625 * 5 / 14) * 100); // v2 fold cycles 8 + 4 + 5 - 3
    expect(v2.sram).toEqual({ ifmapReads: 60, filterReads: 18, ofmapWrites: 30 });

    const nat = run('ws', 'native');
    expect(nat.stallFreeCycles).toBe(52);
    expectPct(nat.computeUtilizationPct, (90 / (52 * 8)) * 100);
    expect(nat.sram).toEqual(v2.sram);
  });

  it('is: Sr=6, Sc=5, T=3 -> 2 x 3 folds', () => {
    const v2 = run('is', 'scalesim');
    expect(v2.mapping).toEqual({ sr: 6, sc: 5, t: 3 });
    expect(v2.folds).toEqual({ rows: 2, cols: 3 });
    expect(v2.cyclesPerFold).toBe(11); // 8 + 2 + 3 - 2
    expect(v2.stallFreeCycles).toBe(65);
    expectPct(v2.overallUtilizationPct, (90 / (65 * 8)) * 100);
    expectPct(v2.mappingEfficiencyPct, 62.5); // 30 / 48
    expectPct(v2.computeUtilizationPct, 15.625); // 0.625 * 3 / 12
    expect(v2.sram).toEqual({ ifmapReads: 30, filterReads: 54, ofmapWrites: 30 });

    const nat = run('is', 'native');
    expect(nat.stallFreeCycles).toBe(66);
    expectPct(nat.computeUtilizationPct, (0.625 * 3 / 11) * 100);
    expect(nat.sram).toEqual(v2.sram);
  });
});

describe('depthwise layers', () => {
  const dw: ConvLayer = { name: 'dw', ifmapH: 10, ifmapW: 10, filterH: 3, filterW: 3, channels: 4, filters: 4, stride: 1, depthwise: true };
  const A8 = { rows: 8, cols: 8 };

  it('sums C sub-layers of M=64, N=1, K=9 (os, v2 mode, 8 x 8)', () => {
    const r = simulateLayer(dw, A8, 'os', 'scalesim');
    expect(r.subLayers).toBe(4);
    expect(r.folds).toEqual({ rows: 8, cols: 1 });
    expect(r.cyclesPerFold).toBe(23); // 9 + 8 + 8 - 2
    expect(r.stallFreeCycles).toBe(4 * (8 * 23 - 1)); // 732
    expect(r.computeMacs).toBe(2304);
    expectPct(r.mappingEfficiencyPct, 12.5);
    expectPct(r.overallUtilizationPct, (2304 / (732 * 64)) * 100);
    expect(r.sram).toEqual({ ifmapReads: 4 * 576, filterReads: 4 * 72, ofmapWrites: 4 * (64 + 8 * 16) });
  });

  it('equals C times the single-channel GEMM for every dataflow and mode', () => {
    for (const df of ['os', 'ws', 'is'] as const) {
      for (const mode of ['scalesim', 'native'] as const) {
        const whole = simulateLayer(dw, A8, df, mode);
        const one = simulateGemm({ m: 64, n: 1, k: 9 }, A8, df, mode);
        expect(whole.stallFreeCycles).toBe(4 * one.stallFreeCycles);
        expect(whole.computeMacs).toBe(4 * one.computeMacs);
        expect(whole.sram.ifmapReads).toBe(4 * one.sram.ifmapReads);
        expect(whole.sram.filterReads).toBe(4 * one.sram.filterReads);
        expect(whole.sram.ofmapWrites).toBe(4 * one.sram.ofmapWrites);
        expectPct(whole.overallUtilizationPct, one.overallUtilizationPct);
        expectPct(whole.mappingEfficiencyPct, one.mappingEfficiencyPct);
        expectPct(whole.computeUtilizationPct, one.computeUtilizationPct);
      }
    }
  });

  it('ignores the filters count (channel multiplier 1)', () => {
    const a = simulateLayer(dw, A8, 'ws', 'scalesim');
    const b = simulateLayer({ ...dw, filters: 1 }, A8, 'ws', 'scalesim');
    expect(b).toEqual(a);
  });
});
