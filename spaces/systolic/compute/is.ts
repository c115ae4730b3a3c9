/**
 * Input stationary (is): ifmap windows pinned in the array; reduction K on rows, ofmap pixels
 * (M) on columns, filters N stream through.
 * Source: SCALE-Sim v2 scalesim/compute/systolic_compute_is.py; Samajdar et al., ISPASS 2020.
 */
import type { ArrayShape, ComputeMode, DataflowModel, GemmDims, Mapping, SramAccesses } from './types.js';

export const inputStationary: DataflowModel = {
  dataflow: 'is',

  // v2 / paper: Sr = K, Sc = M, T = N.
  mapping(g: GemmDims): Mapping {
    return { sr: g.k, sc: g.m, t: g.n };
  },

  // v2 and paper agree: R cycles to load inputs, then R + C + T - 2 -> 2R + C + T - 2 per fold.
  cyclesPerFold(r: number, c: number, t: number, _mode: ComputeMode): number {
    return 2 * r + c + t - 2;
  },

  // v2 ifmap demand per fold: R + (R + C + T - 2) rows, C columns; v2 takes rows + cols - 1
  // = 2R + 2C + T - 3 as the fold's cycles in its compute utilization.
  v2UtilFoldCycles(r: number, c: number, t: number): number {
    return 2 * r + 2 * c + t - 3;
  },

  sram(g: GemmDims, fr: number, fc: number, _array: ArrayShape, _mode: ComputeMode): SramAccesses {
    return {
      // v2: each input loaded once: K*M.
      ifmapReads: g.k * g.m,
      // v2: every column fold streams all filters (K x N): K*N*Fc.
      filterReads: g.k * g.n * fc,
      // v2: every row (K) fold writes a full set of partial sums: M*N*Fr.
      ofmapWrites: g.m * g.n * fr,
    };
  },
};
