import { describe, expect, it } from 'vitest';
import { dramTrafficCalc, groupMisses, ifmapFootprint, streamMisses, windowWords } from '../../spaces/systolic/memory/index.js';
import type { Dataflow, Layer } from '../../spaces/systolic/compute/types.js';
import { calcWindowReads, gemmDemandStreams } from '../../spaces/systolic/memory/reference.js';

const gemm = (m: number, n: number, k: number): Layer => ({ kind: 'gemm', name: 'g', m, n, k });
const DATAFLOWS: Dataflow[] = ['os', 'ws', 'is'];

describe('v2 CALC window', () => {
  it('window is 50*floor(S/100)', () => {
    expect(windowWords(99)).toBe(0);
    expect(windowWords(1000)).toBe(500);
    expect(windowWords(1099)).toBe(500);
    expect(windowWords(64 * 1024)).toBe(50 * 655);
  });

  it('streamMisses: fits, does not fit, flush inside a group', () => {
    expect(streamMisses([{ u: 100, reps: 5 }], 500)).toBe(100);
    expect(streamMisses([{ u: 600, reps: 3 }], 500)).toBe(1800);
    // carry 400 after group 1; group 2 (u=200): flush after 100 misses, 100 re-missed.
    expect(streamMisses([{ u: 400, reps: 2 }, { u: 200, reps: 3 }], 500)).toBe(400 + 300);
    expect(streamMisses([{ u: 100, reps: 5 }], 0)).toBe(100);
  });

  it('groupMisses: one group from a given carry (the step of streamMisses)', () => {
    expect(groupMisses(100, 5, 500, 0)).toBe(100);
    expect(groupMisses(600, 3, 500, 0)).toBe(1800);
    expect(groupMisses(200, 3, 500, 400)).toBe(300);
    expect(groupMisses(200, 1, 500, 400)).toBe(200);
    expect(groupMisses(100, 5, 0, 0)).toBe(100);
    expect(groupMisses(0, 5, 500, 0)).toBe(0);
  });
});

describe('dramTrafficCalc matches a literal v2 simulation (exact cases)', () => {
  const shapes: [number, number, number][] = [
    [10, 7, 9],
    [37, 20, 13],
    [64, 24, 30],
    [5, 40, 50],
  ];
  const srams = [100, 300, 1000, 2500, 10000, 50];
  for (const df of DATAFLOWS)
    for (const [m, n, k] of shapes)
      for (const s of srams)
        it(`${df} gemm ${m}x${n}x${k} on 8x4, S=${s}`, () => {
          const got = dramTrafficCalc(gemm(m, n, k), { rows: 8, cols: 4 }, df, { ifmap: s, filter: s, ofmap: s });
          const ref = gemmDemandStreams(m, n, k, 8, 4, df);
          expect(got.ifmapReads).toBe(calcWindowReads(ref.ifmap, s));
          expect(got.filterReads).toBe(calcWindowReads(ref.filter, s));
          expect(got.ifmapExact).toBe(true);
        });
});

describe('hand-computed layers', () => {
  it('native mode keeps ws/is partial sums in the ofmap SRAM when a column fold fits in its half', () => {
    // GEMM M=16, N=8, K=12 on 4x4: ws Fr = 3, column folds of 16 x 4 = 64 partial sums;
    // is Fr = 3, column folds of 4 x 8 = 32.
    const g16 = gemm(16, 8, 12);
    const arr4 = { rows: 4, cols: 4 };
    const sram = (ofmap: number) => ({ ifmap: 1000, filter: 1000, ofmap });
    expect(dramTrafficCalc(g16, arr4, 'ws', sram(128), { partialSumsInOfmap: true }).ofmapWrites).toBe(128);
    expect(dramTrafficCalc(g16, arr4, 'ws', sram(127), { partialSumsInOfmap: true }).ofmapWrites).toBe(384);
    expect(dramTrafficCalc(g16, arr4, 'is', sram(64), { partialSumsInOfmap: true }).ofmapWrites).toBe(128);
    expect(dramTrafficCalc(g16, arr4, 'is', sram(63), { partialSumsInOfmap: true }).ofmapWrites).toBe(384);
    // v2 (the default) drains every partial sum whatever the size; os never has partial sums.
    expect(dramTrafficCalc(g16, arr4, 'ws', sram(1_000_000)).ofmapWrites).toBe(384);
    expect(dramTrafficCalc(g16, arr4, 'os', sram(1), { partialSumsInOfmap: true }).ofmapWrites).toBe(128);
  });

  // GEMM M=16, N=8, K=12 on a 4x4 array.
  const g = gemm(16, 8, 12);
  const arr = { rows: 4, cols: 4 };
  it('fits in S/2: reads = unique footprint', () => {
    const big = { ifmap: 1000, filter: 1000, ofmap: 1000 }; // W = 500 > 192 and > 96
    for (const df of DATAFLOWS) {
      const t = dramTrafficCalc(g, arr, df, big);
      expect(t.ifmapReads).toBe(16 * 12);
      expect(t.filterReads).toBe(12 * 8);
    }
  });
  it('does not fit: one re-fetch per pass', () => {
    const small = { ifmap: 100, filter: 100, ofmap: 100 }; // W = 50
    // os: Fr = 4, Fc = 2 -> ifmap 2 passes of 192; filter 2 blocks of 48 (< 50), 4 reps each:
    // block 1: c=0, 48 misses, carry 48; block 2: flush after 2 misses, +2 re-missed -> 50.
    expect(dramTrafficCalc(g, arr, 'os', small)).toEqual({ ifmapReads: 384, filterReads: 98, ofmapWrites: 128, ifmapExact: true });
    // ws: Fr = 3, Fc = 2 -> ifmap 2 passes; filter once; ofmap M*N*Fr.
    expect(dramTrafficCalc(g, arr, 'ws', small)).toEqual({ ifmapReads: 384, filterReads: 96, ofmapWrites: 384, ifmapExact: true });
    // is: Fr = 3, Fc = 4 -> ifmap once; filter 4 passes of 96 (>= 50).
    expect(dramTrafficCalc(g, arr, 'is', small)).toEqual({ ifmapReads: 192, filterReads: 384, ofmapWrites: 384, ifmapExact: true });
  });
  it('conv: footprint excludes padded positions; depthwise scales by channels', () => {
    // 7x7x3 input, 3x3 filter, stride 2 -> 3x3 output, touched 7x7 -> 147 words.
    const conv: Layer = { kind: 'conv', name: 'c', ifmapH: 7, ifmapW: 7, filterH: 3, filterW: 3, channels: 3, filters: 4, stride: 2 };
    expect(ifmapFootprint(conv)).toBe(147);
    const t = dramTrafficCalc(conv, arr, 'os', { ifmap: 1000, filter: 1000, ofmap: 1000 });
    expect(t).toEqual({ ifmapReads: 147, filterReads: 27 * 4, ofmapWrites: 9 * 4, ifmapExact: true });
    // 8x8 input, 3x3 stride 2: v2 Ho = ceil(7/2) = 4, last window falls off -> touched 8 rows.
    const dw: Layer = { kind: 'conv', name: 'd', ifmapH: 8, ifmapW: 8, filterH: 3, filterW: 3, channels: 5, filters: 5, stride: 2, depthwise: true };
    const d = dramTrafficCalc(dw, arr, 'ws', { ifmap: 1000, filter: 1000, ofmap: 1000 });
    // per channel: M = 16, N = 1, K = 9; ifmap 64, filter 9, ofmap 16 * Fr(=3).
    expect(d).toEqual({ ifmapReads: 5 * 64, filterReads: 5 * 9, ofmapWrites: 5 * 48, ifmapExact: true });
  });
  it('non-overlapping conv matches the literal v2 simulation', () => {
    // 1x1 conv stride 1 == GEMM with ifmap address m*C + ch.
    const pw: Layer = { kind: 'conv', name: 'p', ifmapH: 6, ifmapW: 6, filterH: 1, filterW: 1, channels: 10, filters: 7, stride: 1 };
    for (const df of DATAFLOWS)
      for (const s of [100, 400, 1000]) {
        const t = dramTrafficCalc(pw, arr, df, { ifmap: s, filter: s, ofmap: s });
        const ref = gemmDemandStreams(36, 7, 10, 4, 4, df);
        expect(t.ifmapReads).toBe(calcWindowReads(ref.ifmap, s));
        expect(t.filterReads).toBe(calcWindowReads(ref.filter, s));
      }
  });
});

describe('properties', () => {
  it('v2 is not monotone in S; the model follows it and stays within bounds', () => {
    const layer = gemm(300, 96, 200);
    const arr16 = { rows: 16, cols: 16 };
    for (const df of DATAFLOWS) {
      const ref = gemmDemandStreams(300, 96, 200, 16, 16, df);
      for (let s = 100; s <= 60_000; s += 2900) {
        const t = dramTrafficCalc(layer, arr16, df, { ifmap: s, filter: s, ofmap: s });
        expect(t.ifmapReads).toBe(calcWindowReads(ref.ifmap, s));
        expect(t.filterReads).toBe(calcWindowReads(ref.filter, s));
        expect(t.ifmapReads).toBeGreaterThanOrEqual(300 * 200);
        expect(t.ifmapReads).toBeLessThanOrEqual(ref.ifmap.length);
        expect(t.filterReads).toBeGreaterThanOrEqual(200 * 96);
        expect(t.filterReads).toBeLessThanOrEqual(ref.filter.length);
      }
      // Footprint < W everywhere -> exactly the footprint; much smaller S -> more reads.
      const fits = dramTrafficCalc(layer, arr16, df, { ifmap: 200_000, filter: 200_000, ofmap: 1 });
      const tiny = dramTrafficCalc(layer, arr16, df, { ifmap: 100, filter: 100, ofmap: 1 });
      expect([fits.ifmapReads, fits.filterReads]).toEqual([300 * 200, 200 * 96]);
      expect(tiny.ifmapReads + tiny.filterReads).toBeGreaterThan(fits.ifmapReads + fits.filterReads);
    }
  });
  it('28 layers evaluate in well under 50 us', () => {
    const layers: Layer[] = Array.from({ length: 28 }, (_, i) => ({ kind: 'conv', name: `l${i}`, ifmapH: 114, ifmapW: 114, filterH: 3, filterW: 3, channels: 32 + i, filters: 64, stride: 1 }));
    const arr = { rows: 64, cols: 64 };
    const sram = { ifmap: 65536, filter: 65536, ofmap: 65536 };
    for (let w = 0; w < 3000; w++) for (const l of layers) dramTrafficCalc(l, arr, 'os', sram);
    const t0 = performance.now();
    const reps = 2000;
    for (let w = 0; w < reps; w++) for (const l of layers) dramTrafficCalc(l, arr, 'os', sram);
    expect(((performance.now() - t0) * 1000) / reps).toBeLessThan(50);
  });
  it('rejects bad SRAM sizes', () => {
    expect(() => dramTrafficCalc(gemm(2, 2, 2), { rows: 2, cols: 2 }, 'os', { ifmap: 0, filter: 1, ofmap: 1 })).toThrow(RangeError);
  });
});

describe('ifmap footprint of strided convolutions', () => {
  it('a 1x1 stride-2 convolution touches every other row and column, not the whole span', () => {
    // 56x56x256 input, 1x1 stride 2 -> 28x28 outputs touch 28 rows x 28 cols.
    const layer: Layer = { kind: 'conv', name: 'proj', ifmapH: 56, ifmapW: 56, filterH: 1, filterW: 1, channels: 256, filters: 512, stride: 2 };
    expect(ifmapFootprint(layer)).toBe(28 * 28 * 256);
    // Equal to the distinct addresses the im2col matrix holds.
    const seen = new Set<number>();
    for (let oy = 0; oy < 28; oy++) for (let ox = 0; ox < 28; ox++) for (let c = 0; c < 256; c++) seen.add(((oy * 2) * 56 + ox * 2) * 256 + c);
    expect(seen.size).toBe(ifmapFootprint(layer));
  });
});
