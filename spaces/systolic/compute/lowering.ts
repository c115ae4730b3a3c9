/**
 * Lowering of a layer to GEMM, as SCALE-Sim v2 does (scalesim/topology_utils.py and
 * scalesim/compute/operand_matrix.py): im2col with no padding (the topology gives the padded
 * input). GEMM topologies `Layer, M, N, K` are taken as they are.
 */
import type { ConvLayer, GemmDims, Layer, LoweredLayer } from './types.js';
import { requirePositiveInteger } from '../checks.js';

export function isGemmLayer(layer: Layer): layer is Extract<Layer, { m: number }> {
  return 'm' in layer;
}


/**
 * Output size along one axis: ceil((H - F + s) / s) (v2's formula). Note that this is one more
 * than the usual floor((H - F) / s) + 1 when s does not divide H - F.
 */
export function convOutputSize(input: number, filter: number, stride: number): number {
  return Math.ceil((input - filter + stride) / stride);
}

/** Output height and width of a conv layer. */
export function convOutputDims(layer: ConvLayer): { height: number; width: number } {
  return {
    height: convOutputSize(layer.ifmapH, layer.filterH, layer.stride),
    width: convOutputSize(layer.ifmapW, layer.filterW, layer.stride),
  };
}

function validateConv(layer: ConvLayer): void {
  const fields = ['ifmapH', 'ifmapW', 'filterH', 'filterW', 'channels', 'filters', 'stride'] as const;
  for (const f of fields) requirePositiveInteger(layer[f], `layer ${layer.name}: ${f}`);
  if (layer.filterH > layer.ifmapH || layer.filterW > layer.ifmapW) {
    throw new RangeError(`layer ${layer.name}: filter ${layer.filterH}x${layer.filterW} larger than ifmap ${layer.ifmapH}x${layer.ifmapW}`);
  }
}

/**
 * Lower a layer to `count` identical GEMMs.
 * - conv: M = Ho*Wo, N = filters, K = Fh*Fw*C, count 1;
 * - depthwise conv: C independent 1-channel layers, each M = Ho*Wo, N = 1, K = Fh*Fw;
 * - GEMM: as given.
 */
export function lowerLayer(layer: Layer): LoweredLayer {
  if (isGemmLayer(layer)) {
    for (const f of ['m', 'n', 'k'] as const) requirePositiveInteger(layer[f], `layer ${layer.name}: ${f}`);
    return { name: layer.name, gemm: { m: layer.m, n: layer.n, k: layer.k }, count: 1 };
  }
  validateConv(layer);
  const { height, width } = convOutputDims(layer);
  const m = height * width;
  if (layer.depthwise) {
    const gemm: GemmDims = { m, n: 1, k: layer.filterH * layer.filterW };
    return { name: layer.name, gemm, count: layer.channels };
  }
  const gemm: GemmDims = { m, n: layer.filters, k: layer.filterH * layer.filterW * layer.channels };
  return { name: layer.name, gemm, count: 1 };
}
