/**
 * Output stationary (os): each PE accumulates one output; ofmap pixels (M) on rows, filters (N)
 * on columns, the reduction K streams through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_os.py; Samajdar et al., ISPASS 2020.
 */
import { dataflowModel, type ComputeMode, type DataflowModel, type Mapping, type SramAccesses } from './types.js';

// v2 / paper: Sr = M (ofmap pixels), Sc = N (filters), T = K.
export function osMappingInto(m: number, n: number, k: number, out: Mapping): void {
  out.sr = m;
  out.sc = n;
  out.t = k;
}

export function osSramInto(m: number, n: number, k: number, fr: number, fc: number, r: number, c: number, mode: ComputeMode, out: SramAccesses): void {
  // v2: every column fold re-reads all of ifmap (M x K): M*K*Fc.
  out.ifmapReads = m * k * fc;
  // v2: every row fold re-reads all of the filters (K x N): K*N*Fr.
  out.filterReads = k * n * fr;
  // v2 adds shape[0] + shape[1] = R + C per fold of the padded ofmap block (a counting
  // artifact); native counts each output once: M*N.
  out.ofmapWrites = m * n + (mode === 'scalesim' ? fr * fc * (r + c) : 0);
}

export function osCyclesPerFold(r: number, c: number, t: number, mode: ComputeMode): number {
  // v2 code: ifmap demand = T rows + (C - 1) drain rows, skewed over R rows -> T + R + C - 2.
  if (mode === 'scalesim') return t + r + c - 2;
  // Paper (ISPASS 2020) form, agreed correct by the maintainers: 2R + C + T - 2.
  return 2 * r + c + t - 2;
}

// v2 ofmap demand per fold: (T - 1) prefix + R rows, C columns -> rows + cols - 1 = T + R + C - 2.
export function osV2UtilFoldCycles(r: number, c: number, t: number): number {
  return t + r + c - 2;
}

export const outputStationary: DataflowModel = dataflowModel({
  dataflow: 'os',
  mappingInto: osMappingInto,
  cyclesPerFold: osCyclesPerFold,
  v2UtilFoldCycles: osV2UtilFoldCycles,
  sramInto: osSramInto,
});
