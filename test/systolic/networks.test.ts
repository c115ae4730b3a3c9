import { describe, expect, it } from 'vitest';
import {
  convOutH,
  convOutW,
  layerMacs,
  networkMacs,
  networks,
  type ConvLayer,
  type NetworkLayer,
} from '../../spaces/systolic/networks/index.js';

const net = (name: string): NetworkLayer[] => {
  const layers = networks[name];
  if (!layers) throw new Error(`no network ${name}`);
  return layers;
};
const convs = (name: string): ConvLayer[] => net(name).filter((l): l is ConvLayer => l.kind === 'conv');

/** Symmetric padding the paper-derived tables use: none for 1x1 and whole-input (FC) filters, floor(f/2) otherwise. */
function pad(l: ConvLayer): number {
  return l.filterH === 1 || l.filterH === l.ifmapH ? 0 : Math.floor(l.filterH / 2);
}
const unpadded = (l: ConvLayer): number => l.ifmapH - 2 * pad(l);

type Pool = (size: number) => number;
const maxPool3s2: Pool = (s) => Math.floor((s - 3) / 2) + 1;
const maxPool3s2Pad1: Pool = (s) => Math.floor((s + 2 - 3) / 2) + 1;
const maxPool2s2: Pool = (s) => s / 2;
const globalPool: Pool = () => 1;

describe('systolic built-in networks', () => {
  it('has the expected layer counts', () => {
    const counts: Record<string, number> = {
      mobilenet_v1: 28,
      resnet50: 54,
      resnet50_v1_5: 54,
      alexnet: 8,
      vgg16: 16,
      resnet18: 21,
      mobilenet_v2: 53,
      bert_base_layer: 30,
      gpt2_small_prefill: 12 * 28 + 1,
      gpt2_small_decode: 12 * 28 + 1,
      'scalesim/mobilnet_paper': 28,
      'scalesim/Resnet50': 54,
      'scalesim/alexnet': 5,
      'scalesim/Resnet18': 21,
    };
    expect(Object.keys(networks).sort()).toEqual(Object.keys(counts).sort());
    for (const [name, n] of Object.entries(counts)) expect(net(name).length, name).toBe(n);
  });

  it('marks the 13 MobileNetV1 depthwise layers and 17 MobileNetV2 depthwise layers', () => {
    expect(convs('mobilenet_v1').filter((l) => l.depthwise).length).toBe(13);
    expect(convs('mobilenet_v2').filter((l) => l.depthwise).length).toBe(17);
    expect(convs('scalesim/mobilnet_paper').filter((l) => l.depthwise).length).toBe(13);
    for (const name of ['mobilenet_v1', 'mobilenet_v2', 'scalesim/mobilnet_paper']) {
      for (const l of convs(name).filter((c) => c.depthwise)) expect(l.filters, l.name).toBe(l.channels);
    }
  });

  it('matches the published MAC counts (all layers, FC included)', () => {
    const expected: Array<[string, number, number]> = [
      // [network, published MACs, relative tolerance]
      ['mobilenet_v1', 569e6, 0.01], // Howard et al. 2017: 569 M mult-adds
      ['resnet50', 3.8e9, 0.03], // He et al. 2016 (v1): 3.8 G
      ['resnet50_v1_5', 4.1e9, 0.01], // torchvision ResNet-50: 4.09 G
      ['alexnet', 0.714e9, 0.01], // torchvision AlexNet (single tower): 0.714 G
      ['vgg16', 15.5e9, 0.01], // Simonyan & Zisserman: 15.5 G
      ['resnet18', 1.8e9, 0.02], // He et al. 2016: 1.8 G
      ['mobilenet_v2', 300e6, 0.01], // Sandler et al. 2018: 300 M
    ];
    for (const [name, macs, tol] of expected) {
      const got = networkMacs(net(name));
      expect(Math.abs(got - macs) / macs, `${name}: ${got}`).toBeLessThan(tol);
    }
    // Exact totals of the tables, to catch silent edits.
    expect(networkMacs(net('mobilenet_v1'))).toBe(568_740_352);
    expect(networkMacs(net('resnet50'))).toBe(3_857_973_248);
    expect(networkMacs(net('resnet50_v1_5'))).toBe(4_089_184_256);
    expect(networkMacs(net('alexnet'))).toBe(714_188_480);
    expect(networkMacs(net('vgg16'))).toBe(15_470_264_320);
    expect(networkMacs(net('resnet18'))).toBe(1_814_073_344);
    expect(networkMacs(net('mobilenet_v2'))).toBe(300_774_272);
  });

  it('transformer GEMM MACs match closed-form counts', () => {
    const s = 512;
    const d = 768;
    expect(networkMacs(net('bert_base_layer'))).toBe(4 * s * d * d + 2 * s * s * d + 2 * s * d * 3072);
    const blockWeights = d * 3 * d + d * d + 2 * d * 3072; // c_attn + c_proj + c_fc + mlp c_proj
    const lmHead = d * 50257;
    expect(networkMacs(net('gpt2_small_decode'))).toBe(12 * (blockWeights + 2 * 1024 * d) + lmHead);
    expect(networkMacs(net('gpt2_small_prefill'))).toBe(12 * (1024 * blockWeights + 2 * 1024 * 1024 * d) + lmHead);
    // GPT-2 small has ~124 M parameters; decode touches each non-positional weight once.
    expect(12 * blockWeights + lmHead).toBeGreaterThan(120e6);
    expect(12 * blockWeights + lmHead).toBeLessThan(125e6);
  });

  it('has positive integer dimensions and filters that fit their inputs', () => {
    for (const [name, layers] of Object.entries(networks)) {
      for (const l of layers) {
        const dims = l.kind === 'gemm' ? [l.m, l.n, l.k] : [l.ifmapH, l.ifmapW, l.filterH, l.filterW, l.channels, l.filters, l.stride];
        for (const v of dims) {
          expect(Number.isInteger(v) && v > 0, `${name}/${l.name}: ${v}`).toBe(true);
        }
        if (l.kind === 'conv') {
          expect(l.filterH <= l.ifmapH && l.filterW <= l.ifmapW, `${name}/${l.name}`).toBe(true);
          expect(convOutH(l)).toBeGreaterThan(0);
          expect(layerMacs(l)).toBeGreaterThan(0);
        }
      }
    }
  });

  it('paper-derived CNN tables use padded, exactly divisible inputs', () => {
    for (const name of ['mobilenet_v1', 'resnet50', 'resnet50_v1_5', 'alexnet', 'vgg16', 'resnet18', 'mobilenet_v2']) {
      for (const l of convs(name)) {
        expect(l.ifmapH, `${name}/${l.name}`).toBe(l.ifmapW);
        expect(convOutH(l)).toBe(convOutW(l));
        // 'same' layers keep the size (stride 1) or halve it (stride 2); conv1 of AlexNet is the one exception.
        if (!(name === 'alexnet' && l.name === 'conv1') && l.filterH !== l.ifmapH) {
          expect(convOutH(l) * l.stride, `${name}/${l.name}`).toBe(unpadded(l));
        }
      }
    }
  });

  it('chain networks: each layer consumes the previous layer output (after the documented pools)', () => {
    const chains: Record<string, Record<string, Pool>> = {
      mobilenet_v1: { fc: globalPool },
      mobilenet_v2: { fc: globalPool },
      alexnet: { conv2: maxPool3s2, conv3: maxPool3s2, fc6: maxPool3s2 },
      vgg16: { conv2_1: maxPool2s2, conv3_1: maxPool2s2, conv4_1: maxPool2s2, conv5_1: maxPool2s2, fc6: maxPool2s2 },
    };
    for (const [name, pools] of Object.entries(chains)) {
      const layers = convs(name);
      for (let i = 1; i < layers.length; i++) {
        const prev = layers[i - 1];
        const cur = layers[i];
        const pool = pools[cur.name] ?? ((s: number) => s);
        expect(unpadded(cur), `${name}/${cur.name}`).toBe(pool(convOutH(prev)));
        expect(cur.channels, `${name}/${cur.name}`).toBe(prev.filters);
      }
    }
  });

  it('residual networks: every layer input is produced by an earlier layer (or the stem max pool / global pool)', () => {
    for (const name of ['resnet50', 'resnet50_v1_5', 'resnet18']) {
      const layers = convs(name);
      expect(layers[0].ifmapH - 6).toBe(224);
      expect(layers[0].channels).toBe(3);
      for (let i = 1; i < layers.length; i++) {
        const cur = layers[i];
        const producers = layers.slice(0, i).flatMap((p) => {
          const o = convOutH(p);
          return [`${o}x${p.filters}`, `${maxPool3s2Pad1(o)}x${p.filters}`, `1x${p.filters}`];
        });
        expect(producers, `${name}/${cur.name}`).toContain(`${unpadded(cur)}x${cur.channels}`);
      }
      expect(convOutH(layers[0])).toBe(112);
      expect(maxPool3s2Pad1(112)).toBe(56);
    }
  });

  it('transcribes the SCALE-Sim files (spot checks)', () => {
    const r50 = convs('scalesim/Resnet50');
    expect(r50[0]).toEqual({ kind: 'conv', name: 'Conv1', ifmapH: 224, ifmapW: 224, filterH: 7, filterW: 7, channels: 3, filters: 64, stride: 2 });
    expect(r50[r50.length - 1].name).toBe('FC6');
    expect(convs('scalesim/mobilnet_paper').find((l) => l.name === 'Conv18_dw')?.stride).toBe(2);
    expect(convs('scalesim/alexnet').map((l) => l.filters)).toEqual([96, 256, 384, 384, 256]);
  });
});
