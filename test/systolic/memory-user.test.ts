import { describe, expect, it } from 'vitest';
import { simulateLayer } from '../../spaces/systolic/compute/compute.js';
import type { ArrayShape, Dataflow, Layer } from '../../spaces/systolic/compute/types.js';
import { dramTrafficUser, im2colEntries, newSubLayerUser, referenceUser, subLayerUserInto } from '../../spaces/systolic/memory/index.js';
import { networks } from '../../spaces/systolic/networks/index.js';

const DATAFLOWS: Dataflow[] = ['os', 'ws', 'is'];
const BANDWIDTHS = [1, 8, 64];
const gemm = (name: string, m: number, n: number, k: number): Layer => ({ kind: 'gemm', name, m, n, k });
const mobilenet = (name: string): Layer => {
  const layer = networks.mobilenet_v1.find((l) => l.name === name);
  if (!layer) throw new Error(`no layer ${name}`);
  return layer;
};
const sramOf = (words: number) => ({ ifmap: words, filter: words, ofmap: words });

interface Case {
  layer: Layer;
  arrays: number[];
  dataflows: Dataflow[];
  sramWords: number[];
}

/** Largest relative error of the analytic total cycles over a case's configs and bandwidths. */
function worstError(c: Case): { error: number; where: string } {
  let worst = { error: 0, where: '' };
  for (const a of c.arrays)
    for (const df of c.dataflows)
      for (const s of c.sramWords) {
        const array: ArrayShape = { rows: a, cols: a };
        const refs = referenceUser(c.layer, array, df, sramOf(s), BANDWIDTHS);
        BANDWIDTHS.forEach((b, i) => {
          const model = dramTrafficUser(c.layer, array, df, sramOf(s), b);
          const error = Math.abs(model.totalCycles - refs[i].totalCycles) / refs[i].totalCycles;
          if (error > worst.error) worst = { error, where: `${a}x${a} ${df} S=${s} B=${b}` };
        });
      }
  return worst;
}

describe('analytic USER model vs the address-level reference (total cycles within 15%)', () => {
  const cases: Case[] = [
    { layer: gemm('g64x96x80', 64, 96, 80), arrays: [16, 32], dataflows: DATAFLOWS, sramWords: [16384, 65536] },
    { layer: gemm('g17x250x130', 17, 250, 130), arrays: [16, 32], dataflows: DATAFLOWS, sramWords: [16384, 65536] },
    { layer: gemm('g300x96x200', 300, 96, 200), arrays: [32], dataflows: DATAFLOWS, sramWords: [16384, 65536] },
    // depthwise 3x3, stride 1 and 2 (one 1-channel sub-layer per channel)
    { layer: mobilenet('conv_dw7'), arrays: [16, 32], dataflows: DATAFLOWS, sramWords: [16384, 65536] },
    { layer: mobilenet('conv_dw2'), arrays: [16, 32], dataflows: DATAFLOWS, sramWords: [16384, 65536] },
    // overlapping 3x3 stride-2 conv over 3 channels
    { layer: mobilenet('conv1'), arrays: [32], dataflows: ['ws', 'is'], sramWords: [16384, 65536] },
    { layer: mobilenet('conv1'), arrays: [32], dataflows: ['os'], sramWords: [65536] },
    { layer: mobilenet('conv_pw6'), arrays: [32], dataflows: DATAFLOWS, sramWords: [65536] },
  ];
  for (const c of cases)
    it(`${c.layer.name} (${c.dataflows.join('/')}, arrays ${c.arrays.join('/')})`, () => {
      const { error, where } = worstError(c);
      expect(error, where).toBeLessThanOrEqual(0.15);
    });
});

describe('analytic USER model vs the reference on a comparison set (os/ws/is, B = 1, 10, 64)', () => {
  const conv = (name: string, h: number, ch: number, f: number, filters: number, stride = 1): Layer => ({
    kind: 'conv',
    name,
    ifmapH: h,
    ifmapW: h,
    filterH: f,
    filterW: f,
    channels: ch,
    filters,
    stride,
  });
  const dw = (name: string, h: number, ch: number, stride = 1): Layer => ({ ...conv(name, h, ch, 3, 1, stride), depthwise: true }) as Layer;
  // [layer, array side, SRAM words]
  const set: [Layer, number, number][] = [
    [gemm('g64x96x80', 64, 96, 80), 16, 16384],
    [gemm('g17x250x130', 17, 250, 130), 16, 16384],
    [gemm('g300x96x200', 300, 96, 200), 32, 16384],
    [gemm('g128x64x512', 128, 64, 512), 32, 32768],
    [gemm('g512x32x64', 512, 32, 64), 16, 16384],
    [conv('pw28x32x64', 28, 32, 1, 64), 16, 16384],
    [conv('pw14x128x128', 14, 128, 1, 128), 32, 32768],
    [conv('pw56x16x24', 56, 16, 1, 24), 16, 32768],
    [conv('pw16x64s2', 16, 64, 1, 64, 2), 16, 16384],
    [dw('dw30x16', 30, 16), 16, 16384],
    [dw('dw58x8s2', 58, 8, 2), 32, 16384],
    [dw('dw16x32', 16, 32), 32, 65536],
    // overlapping convs; the is ones whose ifmap fits the SRAM but im2col stream does not were
    // 2x-86x off before the model looked for copies of a pixel at other outputs
    [conv('c28x16', 28, 16, 3, 32), 16, 32768],
    [conv('c20x32', 20, 32, 3, 32), 16, 32768],
    [conv('c27x24k5', 27, 24, 5, 32), 16, 65536],
    [conv('c14x64', 14, 64, 3, 64), 32, 65536],
    [conv('c16x8', 16, 8, 3, 16), 16, 16384],
    [conv('c30x3s2', 30, 3, 3, 16, 2), 16, 16384],
    [conv('c33x3k7s2', 33, 3, 7, 16, 2), 16, 16384],
    [conv('c15x32s2', 15, 32, 3, 32, 2), 16, 32768],
    [conv('c12x96', 12, 96, 3, 48), 32, 65536],
    [conv('c24x4k5', 24, 4, 5, 8), 16, 8192],
    [conv('c40x8', 40, 8, 3, 16), 16, 16384],
    [conv('c10x128', 10, 128, 3, 64), 32, 32768],
    [conv('c35x3k11s4', 35, 3, 11, 32, 4), 16, 16384],
    [conv('c22x16k5', 22, 16, 5, 24), 16, 32768],
    [conv('c18x48', 18, 48, 3, 32), 32, 65536],
    [conv('c26x12', 26, 12, 3, 24), 16, 16384],
    [conv('c9x256', 9, 256, 3, 32), 32, 65536],
    [conv('c32x6k3', 32, 6, 3, 12), 8, 8192],
  ];
  const bandwidths = [1, 10, 64];
  for (const df of DATAFLOWS)
    it(`${df}: total cycles within 8%, conv is ifmap reads exact`, () => {
      for (const [layer, a, s] of set) {
        // Known, unrelated error: ws ifmap of an 11x11 stride-4 conv over 3 channels (up to 50%).
        const tolerance = df === 'ws' && layer.name === 'c35x3k11s4' ? 0.5 : 0.08;
        const array: ArrayShape = { rows: a, cols: a };
        const refs = referenceUser(layer, array, df, sramOf(s), bandwidths);
        bandwidths.forEach((b, i) => {
          const model = dramTrafficUser(layer, array, df, sramOf(s), b);
          const where = `${layer.name} ${a}x${a} ${df} S=${s} B=${b}`;
          expect(Math.abs(model.totalCycles - refs[i].totalCycles) / refs[i].totalCycles, where).toBeLessThanOrEqual(tolerance);
          if (df === 'is' && layer.kind === 'conv') expect(model.ifmapReads, where).toBe(refs[i].ifmapReads);
        });
      }
    });
  it('AlexNet conv2, is, 64x64, 256 KB: ifmap reads and stall-free cycles of the reference', () => {
    const conv2 = networks.alexnet.find((l) => l.name === 'conv2');
    if (!conv2) throw new Error('no conv2');
    const sram = sramOf(262144);
    // reference (referenceUser, about a second): 5,898,240 words at B = 1 and 64; 114,599 cycles at B = 64
    expect(dramTrafficUser(conv2, { rows: 64, cols: 64 }, 'is', sram, 1).ifmapReads).toBe(5_898_240);
    const b64 = dramTrafficUser(conv2, { rows: 64, cols: 64 }, 'is', sram, 64);
    expect(b64.ifmapReads).toBe(5_898_240);
    expect(b64.totalCycles).toBe(114_599);
  });
});

describe('analytic USER model: exact parts', () => {
  it('DRAM reads of GEMMs equal the reference (line-level replay is exact there)', () => {
    for (const layer of [gemm('a', 64, 96, 80), gemm('b', 300, 96, 200), gemm('c', 17, 250, 130)])
      for (const df of DATAFLOWS) {
        const [ref] = referenceUser(layer, { rows: 32, cols: 32 }, df, sramOf(16384), [8]);
        const model = dramTrafficUser(layer, { rows: 32, cols: 32 }, df, sramOf(16384), 8);
        expect([model.ifmapReads, model.filterReads]).toEqual([ref.ifmapReads, ref.filterReads]);
        // v2 also counts the padding of partial lines it drains; the model counts the words
        expect(model.ofmapWrites).toBeLessThanOrEqual(ref.ofmapWrites);
        expect(model.ofmapWrites).toBeGreaterThan(0.99 * ref.ofmapWrites);
      }
  });
  it("reproduces v2's 688,170-word depthwise ifmap read (MobileNet dw1 channel, os 32x32, 64 KB, B = 10)", () => {
    const dw1 = mobilenet('conv_dw1');
    const perChannel = dramTrafficUser(dw1, { rows: 32, cols: 32 }, 'os', sramOf(65536), 10).ifmapReads / 32;
    expect(perChannel).toBe(688_170);
  });
  it('buffers that hold everything and ample bandwidth: no stalls, v2 stall-free cycles', () => {
    for (const df of DATAFLOWS) {
      const layer = gemm('g', 40, 24, 36);
      const t = dramTrafficUser(layer, { rows: 8, cols: 8 }, df, sramOf(1 << 20), 64);
      expect(t.stallCycles).toBe(0);
      expect(t.totalCycles).toBe(simulateLayer(layer, { rows: 8, cols: 8 }, df, 'scalesim').stallFreeCycles);
    }
  });
  it('im2colEntries drops the taps of windows that fall off the ifmap', () => {
    // 4x4 ifmap, 3x3 filter, stride 2: v2 output 2x2; per axis 3 + 2 taps.
    const conv: Layer = { kind: 'conv', name: 'c', ifmapH: 4, ifmapW: 4, filterH: 3, filterW: 3, channels: 5, filters: 1, stride: 2 };
    expect(im2colEntries(conv)).toBe(5 * 5 * 5);
    expect(im2colEntries(gemm('g', 7, 3, 11))).toBe(77);
  });
});

describe('properties', () => {
  const layers = [gemm('g', 300, 96, 200), mobilenet('conv_dw7'), mobilenet('conv_pw6')];
  it('more bandwidth never adds stalls (reference and model)', () => {
    const bandwidths = [1, 2, 4, 8, 16, 32, 64];
    for (const layer of layers)
      for (const df of DATAFLOWS) {
        const array = { rows: 32, cols: 32 };
        const refs = referenceUser(layer, array, df, sramOf(32768), bandwidths);
        const models = bandwidths.map((b) => dramTrafficUser(layer, array, df, sramOf(32768), b));
        for (let i = 1; i < bandwidths.length; i++) {
          expect(refs[i].stallCycles).toBeLessThanOrEqual(refs[i - 1].stallCycles);
          expect(models[i].stallCycles).toBeLessThanOrEqual(models[i - 1].stallCycles);
        }
      }
  });
  it('at one word per cycle the run takes at least the DRAM traffic of its busiest buffer, in cycles', () => {
    // (one sub-layer each: a depthwise layer has a first fill and a final flush per channel)
    for (const layer of [layers[0], layers[2]])
      for (const df of DATAFLOWS) {
        const [ref] = referenceUser(layer, { rows: 32, cols: 32 }, df, sramOf(32768), [1]);
        const model = dramTrafficUser(layer, { rows: 32, cols: 32 }, df, sramOf(32768), 1);
        // everything but the first fill (before cycle 0) and the final ofmap flush (after the end)
        const busiest = (r: { ifmapReads: number; filterReads: number; ofmapWrites: number }) =>
          Math.max(r.ifmapReads - 16384, r.filterReads - 16384, r.ofmapWrites - 32768);
        expect(ref.totalCycles).toBeGreaterThanOrEqual(busiest(ref));
        expect(model.totalCycles).toBeGreaterThanOrEqual(busiest(model));
      }
  });
  it('subLayerUserInto allocates nothing and a whole network evaluates in well under a millisecond per layer', () => {
    const out = newSubLayerUser();
    const layers28 = networks.mobilenet_v1;
    const evaluate = () => {
      for (const l of layers28) {
        const g = l.kind === 'gemm' ? l : null;
        const m = g ? g.m : 1;
        subLayerUserInto('ws', m, 64, 64, 64, 64, 1, 1, m * 64, false, 65536, 65536, 65536, 16, out);
        dramTrafficUser(l, { rows: 64, cols: 64 }, 'os', sramOf(65536), 16);
      }
    };
    for (let w = 0; w < 20; w++) evaluate();
    const t0 = performance.now();
    const reps = 50;
    for (let w = 0; w < reps; w++) evaluate();
    expect((performance.now() - t0) / reps / layers28.length).toBeLessThan(1);
    expect(out.totalCycles).toBeGreaterThan(0);
  });
});

describe('copy search on diagonally unrolled ifmaps and the null map (USER within 15% of the reference)', () => {
  // os/ws ifmaps of overlapping convolutions: v2 is served by any copy of a pixel in the window,
  // and null cells of windows off the ifmap shift the ring; before both, these went round the
  // ring far too often (listed: the old error at B = 1).
  const layerOf = (net: string, name: string): Layer => {
    const layer = networks[net].find((l) => l.name === name);
    if (!layer) throw new Error(`no layer ${net} ${name}`);
    return layer;
  };
  const cases: [string, string, number, Dataflow, number, string][] = [
    ['scalesim/mobilnet_paper', 'Conv2_dw', 128, 'os', 64, '+248%'],
    ['resnet50_v1_5', 'conv3_1b', 128, 'ws', 256, '+200%'],
    ['alexnet', 'conv4', 128, 'ws', 1024, '+173%'],
    ['resnet18', 'conv4_1a', 64, 'ws', 64, '+117%'],
    ['resnet18', 'conv3_1a', 128, 'os', 64, '+104%'],
    ['scalesim/Resnet18', 'Conv4_1a', 32, 'ws', 256, '+72% (null map)'],
    ['resnet50', 'conv3_1a', 32, 'ws', 64, '+44% (1x1 stride 2: null rows at the fold end)'],
  ];
  for (const [net, name, a, df, kb, before] of cases)
    it(`${net} ${name} ${a}x${a} ${df} ${kb} KB (was ${before})`, () => {
      const layer = layerOf(net, name);
      const array: ArrayShape = { rows: a, cols: a };
      const sram = sramOf(kb * 1024);
      const refs = referenceUser(layer, array, df, sram, BANDWIDTHS);
      BANDWIDTHS.forEach((b, i) => {
        const model = dramTrafficUser(layer, array, df, sram, b);
        expect(Math.abs(model.totalCycles - refs[i].totalCycles) / refs[i].totalCycles, `B=${b}`).toBeLessThanOrEqual(0.15);
      });
    });
});

describe('read waits and ofmap drains on one clock, exact null and row placement (USER within 5% of the reference)', () => {
  // Each was over 15% (listed: the old error and the mechanism that closed it); all are now
  // within a fraction of a percent at B = 1, 10 and 64.
  const layerOf = (net: string, name: string): Layer => {
    const layer = networks[net].find((l) => l.name === name);
    if (!layer) throw new Error(`no layer ${net} ${name}`);
    return layer;
  };
  const cases: [string, string, number, Dataflow, number, string][] = [
    ['mobilenet_v1', 'conv_pw7', 64, 'ws', 256, '-19% (read and ofmap stalls add)'],
    ['bert_base_layer', 'head0_pv', 32, 'is', 256, '-21% (read and ofmap stalls add)'],
    ['mobilenet_v2', 'block3_expand', 128, 'ws', 64, '-25% at B = 64 (per-fold write rates)'],
    ['resnet50', 'conv2_1c', 128, 'os', 256, '-20% (rotation on its anti-diagonal row)'],
    ['resnet50', 'conv4_1a', 32, 'ws', 64, '+15% (nulls per anti-diagonal)'],
    ['scalesim/Resnet18', 'Conv3_1a', 32, 'is', 64, '+31% (null lanes demand nothing)'],
  ];
  for (const [net, name, a, df, kb, before] of cases)
    it(`${net} ${name} ${a}x${a} ${df} ${kb} KB (was ${before})`, () => {
      const layer = layerOf(net, name);
      const array: ArrayShape = { rows: a, cols: a };
      const sram = sramOf(kb * 1024);
      const bandwidths = [1, 10, 64];
      const refs = referenceUser(layer, array, df, sram, bandwidths);
      bandwidths.forEach((b, i) => {
        const model = dramTrafficUser(layer, array, df, sram, b);
        expect(Math.abs(model.totalCycles - refs[i].totalCycles) / refs[i].totalCycles, `B=${b}`).toBeLessThanOrEqual(0.05);
      });
    });
});
