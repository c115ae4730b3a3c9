/**
 * The layers a systolic array runs, in SCALE-Sim's terms: convolutions (whose ifmap size already
 * includes padding, as in SCALE-Sim topology files) and GEMMs. Shared by the topology reader, the
 * built-in networks and the compute model.
 */

export interface ConvLayer {
  kind: 'conv';
  name: string;
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  channels: number;
  filters: number;
  stride: number;
  /**
   * Depthwise convolution: expanded into `channels` independent 1-channel layers with N = 1 and
   * K = Fh*Fw, as SCALE-Sim v2 does; `filters` is then ignored (channel multiplier 1).
   */
  depthwise?: boolean;
}

/** (M x K) * (K x N), the column order of SCALE-Sim's GEMM topologies (`Layer, M, N, K`). */
export interface GemmLayer {
  kind: 'gemm';
  name: string;
  m: number;
  n: number;
  k: number;
}

export type Layer = ConvLayer | GemmLayer;
