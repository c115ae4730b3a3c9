/**
 * Types for the SCALE-Sim v2 compute model of one layer on an R x C systolic array.
 *
 * References:
 * - SCALE-Sim v2, scalesim/compute/systolic_compute_{os,ws,is}.py (scalesim-project/scale-sim-v2).
 * - Samajdar et al., "A Systematic Methodology for Characterizing Scalability of DNN Accelerators
 *   using SCALE-Sim", ISPASS 2020.
 */

/** Output, weight or input stationary dataflow. */
export type Dataflow = 'os' | 'ws' | 'is';

/**
 * `scalesim`: reproduce SCALE-Sim v2's reported numbers, including its counting artifacts.
 * `native`: the corrected model (paper's fill/drain for every dataflow, no off-by-one, no
 * spurious ofmap writes).
 */
export type ComputeMode = 'scalesim' | 'native';

/** Physical array: `rows` (R) x `cols` (C) MACs. */
export interface ArrayShape {
  rows: number;
  cols: number;
}

export type { ConvLayer, GemmLayer, Layer } from '../layer.js';

/** Lowered GEMM: M = output pixels, N = output channels, K = reduction length. */
export interface GemmDims {
  m: number;
  n: number;
  k: number;
}

/** A layer lowered to `count` identical GEMMs run one after another. */
export interface LoweredLayer {
  name: string;
  gemm: GemmDims;
  count: number;
}

/** Operand placement: Sr on array rows, Sc on array columns, T streamed in time. */
export interface Mapping {
  sr: number;
  sc: number;
  t: number;
}

/** SRAM accesses (words) counted by the compute model. Ofmap partial-sum reads are not modelled. */
export interface SramAccesses {
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
}

export interface LayerComputeResult {
  name: string;
  dataflow: Dataflow;
  mode: ComputeMode;
  array: ArrayShape;
  /** GEMM of one sub-layer (the whole layer unless depthwise). */
  gemm: GemmDims;
  /** Number of identical sub-layers (channels for depthwise, else 1). */
  subLayers: number;
  mapping: Mapping;
  /** Folds of one sub-layer: rows = ceil(Sr / R), cols = ceil(Sc / C). */
  folds: { rows: number; cols: number };
  /** Cycles of one fold (fill + stream + drain). */
  cyclesPerFold: number;
  /** Stall-free cycles of the whole layer (all sub-layers). */
  stallFreeCycles: number;
  /** M*N*K summed over sub-layers. */
  computeMacs: number;
  /** computeMacs / (stallFreeCycles * R*C) * 100. */
  overallUtilizationPct: number;
  /** Sr*Sc / (Fr*R * Fc*C) * 100 (= v2's mean over folds of used PEs / R*C). */
  mappingEfficiencyPct: number;
  /**
   * Mean over folds of used-PE MACs / (R*C * fold cycles) * 100. In `scalesim` mode the fold
   * cycles are v2's own per-fold count (see each dataflow's `v2UtilFoldCycles`); in `native` mode
   * they are `cyclesPerFold`, so it equals the utilization over the stall-free compute cycles.
   */
  computeUtilizationPct: number;
  /** SRAM accesses of the whole layer (all sub-layers). */
  sram: SramAccesses;
}

/**
 * Per-dataflow formulas (one file each: os.ts, ws.ts, is.ts). Each file also exports its
 * allocation-free forms (`<df>MappingInto`, `<df>CyclesPerFold`, `<df>SramInto`), which these
 * methods and compute/subLayerComputeInto call.
 */
export interface DataflowModel {
  dataflow: Dataflow;
  /** Which GEMM dimension goes on rows / columns / time. */
  mapping(g: GemmDims): Mapping;
  /** Cycles of one fold on an R x C array with T streamed. */
  cyclesPerFold(r: number, c: number, t: number, mode: ComputeMode): number;
  /** Fold cycles v2 divides by in its compute utilization (scalesim mode). */
  v2UtilFoldCycles(r: number, c: number, t: number): number;
  /** SRAM accesses of one GEMM given its fold counts. */
  sram(g: GemmDims, fr: number, fc: number, array: ArrayShape, mode: ComputeMode): SramAccesses;
}

/** The formulas a dataflow file provides, as allocation-free functions. */
export interface DataflowFormulas {
  dataflow: Dataflow;
  mappingInto(m: number, n: number, k: number, out: Mapping): void;
  cyclesPerFold(r: number, c: number, t: number, mode: ComputeMode): number;
  v2UtilFoldCycles(r: number, c: number, t: number): number;
  sramInto(m: number, n: number, k: number, fr: number, fc: number, r: number, c: number, mode: ComputeMode, out: SramAccesses): void;
}

/** The object-returning DataflowModel view of a dataflow's formulas. */
export function dataflowModel(f: DataflowFormulas): DataflowModel {
  return {
    dataflow: f.dataflow,
    mapping(g) {
      const out: Mapping = { sr: 0, sc: 0, t: 0 };
      f.mappingInto(g.m, g.n, g.k, out);
      return out;
    },
    cyclesPerFold: f.cyclesPerFold,
    v2UtilFoldCycles: f.v2UtilFoldCycles,
    sram(g, fr, fc, array, mode) {
      const out: SramAccesses = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
      f.sramInto(g.m, g.n, g.k, fr, fc, array.rows, array.cols, mode, out);
      return out;
    },
  };
}
