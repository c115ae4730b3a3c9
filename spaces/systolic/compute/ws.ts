/**
 * Weight stationary (ws): filters pinned in the array; reduction K on rows, filters (N) on
 * columns, ofmap pixels M stream through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_ws.py; Samajdar et al., ISPASS 2020.
 */
import { dataflowModel, type ComputeMode, type DataflowModel, type Mapping, type SramAccesses } from './types.js';

// v2 / paper: Sr = K, Sc = N, T = M.
export function wsMappingInto(m: number, n: number, k: number, out: Mapping): void {
  out.sr = k;
  out.sc = n;
  out.t = m;
}

export function wsSramInto(m: number, n: number, k: number, fr: number, fc: number, _r: number, _c: number, _mode: ComputeMode, out: SramAccesses): void {
  // v2: every column fold streams all of ifmap (M x K): M*K*Fc.
  out.ifmapReads = m * k * fc;
  // v2: each weight loaded once: K*N.
  out.filterReads = k * n;
  // v2: every row (K) fold writes a full set of partial sums: M*N*Fr.
  out.ofmapWrites = m * n * fr;
}

// v2 and paper agree: R cycles to load weights, then R + C + T - 2 to stream and drain
// -> 2R + C + T - 2 per fold, in both modes.
export function wsCyclesPerFold(r: number, c: number, t: number, _mode: ComputeMode): number {
  return 2 * r + c + t - 2;
}

// v2 filter demand per fold: R + (R + C + T - 2) rows, C columns; v2 takes rows + cols - 1
// = 2R + 2C + T - 3 as the fold's cycles in its compute utilization.
export function wsV2UtilFoldCycles(r: number, c: number, t: number): number {
  return 2 * r + 2 * c + t - 3;
}

export const weightStationary: DataflowModel = dataflowModel({
  dataflow: 'ws',
  mappingInto: wsMappingInto,
  cyclesPerFold: wsCyclesPerFold,
  v2UtilFoldCycles: wsV2UtilFoldCycles,
  sramInto: wsSramInto,
});
