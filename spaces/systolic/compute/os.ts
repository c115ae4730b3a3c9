/**
 * Output stationary (os): each PE accumulates one output; ofmap pixels (M) on rows, filters (N)
 * on columns, the reduction K streams through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_os.py; Samajdar et al., ISPASS 2020.
 */
import type { ArrayShape, ComputeMode, DataflowModel, GemmDims, Mapping, SramAccesses } from './types.js';

export const outputStationary: DataflowModel = {
  dataflow: 'os',

  // v2 / paper: Sr = M (ofmap pixels), Sc = N (filters), T = K.
  mapping(g: GemmDims): Mapping {
    return { sr: g.m, sc: g.n, t: g.k };
  },

  cyclesPerFold(r: number, c: number, t: number, mode: ComputeMode): number {
    // v2 code: ifmap demand = T rows + (C - 1) drain rows, skewed over R rows -> T + R + C - 2.
    if (mode === 'scalesim') return t + r + c - 2;
    // Paper (ISPASS 2020) form, agreed correct by the maintainers: 2R + C + T - 2.
    return 2 * r + c + t - 2;
  },

  // v2 ofmap demand per fold: (T - 1) prefix + R rows, C columns -> rows + cols - 1 = T + R + C - 2.
  v2UtilFoldCycles(r: number, c: number, t: number): number {
    return t + r + c - 2;
  },

  sram(g: GemmDims, fr: number, fc: number, array: ArrayShape, mode: ComputeMode): SramAccesses {
    return {
      // v2: every column fold re-reads all of ifmap (M x K): M*K*Fc.
      ifmapReads: g.m * g.k * fc,
      // v2: every row fold re-reads all of the filters (K x N): K*N*Fr.
      filterReads: g.k * g.n * fr,
      // v2 adds shape[0] + shape[1] = R + C per fold of the padded ofmap block (a counting
      // artifact); native counts each output once: M*N.
      ofmapWrites: g.m * g.n + (mode === 'scalesim' ? fr * fc * (array.rows + array.cols) : 0),
    };
  },
};
