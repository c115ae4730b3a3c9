/**
 * Input stationary (is): ifmap windows pinned in the array; reduction K on rows, ofmap pixels
 * (M) on columns, filters N stream through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_is.py; Samajdar et al., ISPASS 2020.
 */
import { dataflowModel, type ComputeMode, type DataflowModel, type Mapping, type SramAccesses } from './types.js';

// v2 / paper: Sr = K, Sc = M, T = N.
export function isMappingInto(m: number, n: number, k: number, out: Mapping): void {
  out.sr = k;
  out.sc = m;
  out.t = n;
}

export function isSramInto(m: number, n: number, k: number, fr: number, fc: number, _r: number, _c: number, _mode: ComputeMode, out: SramAccesses): void {
  // v2: each input loaded once: K*M.
  out.ifmapReads = k * m;
  // v2: every column fold streams all filters (K x N): K*N*Fc.
  out.filterReads = k * n * fc;
  // v2: every row (K) fold writes a full set of partial sums: M*N*Fr.
  out.ofmapWrites = m * n * fr;
}

// v2 and paper agree: R cycles to load inputs, then R + C + T - 2 -> 2R + C + T - 2 per fold.
export function isCyclesPerFold(r: number, c: number, t: number, _mode: ComputeMode): number {
  return 2 * r + c + t - 2;
}

// v2 ifmap demand per fold: R + (R + C + T - 2) rows, C columns; v2 takes rows + cols - 1
// = 2R + 2C + T - 3 as the fold's cycles in its compute utilization.
export function isV2UtilFoldCycles(r: number, c: number, t: number): number {
  return 2 * r + 2 * c + t - 3;
}

export const inputStationary: DataflowModel = dataflowModel({
  dataflow: 'is',
  mappingInto: isMappingInto,
  cyclesPerFold: isCyclesPerFold,
  v2UtilFoldCycles: isV2UtilFoldCycles,
  sramInto: isSramInto,
});
