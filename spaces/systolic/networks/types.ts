/**
 * Layer descriptions for the systolic-array (SCALE-Sim v2 compatible) model.
 *
 * Conv layers follow SCALE-Sim's topology CSV columns
 * (Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides):
 * `ifmapH`/`ifmapW` are the input size *including* any zero padding, so the output size is
 * floor((ifmap - filter) / stride) + 1, exactly as SCALE-Sim computes it.
 *
 * Depthwise convs (`depthwise: true`) apply one filterH x filterW kernel per input channel
 * (channel multiplier 1): `filters` equals `channels`, and the layer performs
 * outH * outW * filterH * filterW * channels MACs (not * filters).
 *
 * GEMM layers multiply an m x k matrix by a k x n matrix (m*n*k MACs), the column order of
 * SCALE-Sim's GEMM topology files (topologies/GEMM_mnk/*.csv: "Layer,M,N,K").
 */
import type { ConvLayer, GemmLayer, Layer } from '../layer.js';
export type { ConvLayer, GemmLayer };
export type NetworkLayer = Layer;

/**
 * Output height of a conv layer as the network computes it: floor((H - F) / s) + 1. SCALE-Sim v2
 * lowers with ceil((H - F + s) / s) (compute/lowering.ts), which is one larger when the stride does
 * not divide H - F; the published MAC counts follow the network, hence two formulas.
 */
export function convOutH(l: ConvLayer): number {
  return Math.floor((l.ifmapH - l.filterH) / l.stride) + 1;
}

/** Output width of a conv layer (see convOutH). */
export function convOutW(l: ConvLayer): number {
  return Math.floor((l.ifmapW - l.filterW) / l.stride) + 1;
}

/** Multiply-accumulate count of one layer. */
export function layerMacs(l: NetworkLayer): number {
  if (l.kind === 'gemm') return l.m * l.n * l.k;
  const perOutput = l.filterH * l.filterW * (l.depthwise ? 1 : l.channels);
  return convOutH(l) * convOutW(l) * perOutput * l.filters;
}

/** Total MACs of a network. */
export function networkMacs(layers: readonly NetworkLayer[]): number {
  return layers.reduce((s, l) => s + layerMacs(l), 0);
}

/**
 * Square conv with symmetric zero padding: ifmap = input + 2 * pad (how SCALE-Sim files
 * express padding). Used to derive layers from the papers' unpadded shapes.
 */
export function conv(
  name: string,
  input: number,
  pad: number,
  filter: number,
  channels: number,
  filters: number,
  stride: number,
): ConvLayer {
  const size = input + 2 * pad;
  return { kind: 'conv', name, ifmapH: size, ifmapW: size, filterH: filter, filterW: filter, channels, filters, stride };
}

/** Depthwise 3x3-style conv, channel multiplier 1 (filters = channels). */
export function dwconv(name: string, input: number, pad: number, filter: number, channels: number, stride: number): ConvLayer {
  return { ...conv(name, input, pad, filter, channels, channels, stride), depthwise: true };
}

/** Fully connected layer on a flattened size x size x channels input, as SCALE-Sim writes it: a conv whose filter covers the whole ifmap. */
export function fc(name: string, size: number, channels: number, outputs: number): ConvLayer {
  return conv(name, size, 0, size, channels, outputs, 1);
}

export function gemm(name: string, m: number, n: number, k: number): GemmLayer {
  return { kind: 'gemm', name, m, n, k };
}
