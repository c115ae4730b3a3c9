/**
 * Weight stationary (ws): filters pinned in the array; reduction K on rows, filters (N) on
 * columns, ofmap pixels M stream through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_ws.py; Samajdar et al., ISPASS 2020.
 */
import type { ArrayShape, ComputeMode, DataflowModel, GemmDims, Mapping, SramAccesses } from './types.js';

export const weightStationary: DataflowModel = {
  dataflow: 'ws',

  // v2 / paper: Sr = K, Sc = N, T = M.
  mapping(g: GemmDims): Mapping {
    return { sr: g.k, sc: g.n, t: g.m };
  },

  // v2 and paper agree: R cycles to load weights, then R + C + T - 2 to stream and drain
  // -> 2R + C + T - 2 per fold, in both modes.
  cyclesPerFold(r: number, c: number, t: number, _mode: ComputeMode): number {
    return 2 * r + c + t - 2;
  },

  // v2 filter demand per fold: R + (R + C + T - 2) rows, C columns; v2 takes rows + cols - 1
  // = 2R + 2C + T - 3 as the fold's cycles in its compute utilization.
  v2UtilFoldCycles(r: number, c: number, t: number): number {
    return 2 * r + 2 * c + t - 3;
  },

  sram(g: GemmDims, fr: number, fc: number, _array: ArrayShape, _mode: ComputeMode): SramAccesses {
    return {
      // v2: every column fold streams all of ifmap (M x K): M*K*Fc.
      ifmapReads: g.m * g.k * fc,
      // v2: each weight loaded once: K*N.
      filterReads: g.k * g.n,
      // v2: every row (K) fold writes a full set of partial sums: M*N*Fr.
      ofmapWrites: g.m * g.n * fr,
    };
  },
};
