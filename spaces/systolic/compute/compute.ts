/**
 * Stall-free compute model of one layer on an R x C systolic array, after SCALE-Sim v2
 * (scalesim/compute/systolic_compute_*.py, scalesim/single_layer_sim.py) and Samajdar et al.,
 * "A Systematic Methodology for Characterizing Scalability of DNN Accelerators using SCALE-Sim",
 * ISPASS 2020. Pure functions, no I/O.
 */
import { inputStationary, isCyclesPerFold, isMappingInto, isSramInto } from './is.js';
import { lowerLayer } from './lowering.js';
import { osCyclesPerFold, osMappingInto, osSramInto, outputStationary } from './os.js';
import type {
  ArrayShape,
  ComputeMode,
  Dataflow,
  DataflowModel,
  GemmDims,
  Layer,
  LayerComputeResult,
  Mapping,
  SramAccesses,
} from './types.js';
import { weightStationary, wsCyclesPerFold, wsMappingInto, wsSramInto } from './ws.js';
import { requirePositiveInteger } from '../checks.js';

export const DATAFLOW_MODELS: Readonly<Record<Dataflow, DataflowModel>> = {
  os: outputStationary,
  ws: weightStationary,
  is: inputStationary,
};

function validateArray(array: ArrayShape): void {
  requirePositiveInteger(array.rows, 'array rows');
  requirePositiveInteger(array.cols, 'array cols');
}

/** Folds of one GEMM: its mapping plus Fr = ceil(Sr / R), Fc = ceil(Sc / C). */
export interface Folds extends Mapping {
  fr: number;
  fc: number;
}

/** The compute model of one sub-layer (one GEMM), as plain numbers. */
export interface SubLayerCompute extends Folds, SramAccesses {
  /** Cycles of one fold (fill + stream + drain). */
  cyclesPerFold: number;
  /** Stall-free cycles of the sub-layer. */
  cycles: number;
  /** Sr*Sc / (Fr*R * Fc*C), a fraction. */
  mappingEfficiency: number;
}

/** A fresh object for `subLayerComputeInto` to fill. */
export function newSubLayerCompute(): SubLayerCompute {
  return { sr: 0, sc: 0, t: 0, fr: 0, fc: 0, cyclesPerFold: 0, cycles: 0, mappingEfficiency: 0, ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
}

/**
 * The compute model of one M x K x N GEMM on an R x C array, written into `out` (no allocation,
 * no validation): mapping, folds, cycles, mapping efficiency and SRAM accesses.
 */
export function subLayerComputeInto(
  dataflow: Dataflow,
  m: number,
  n: number,
  k: number,
  r: number,
  c: number,
  mode: ComputeMode,
  out: SubLayerCompute,
): SubLayerCompute {
  // Direct calls (not through DATAFLOW_MODELS) keep every call site monomorphic and inlinable.
  if (dataflow === 'os') osMappingInto(m, n, k, out);
  else if (dataflow === 'ws') wsMappingInto(m, n, k, out);
  else isMappingInto(m, n, k, out);
  const { sr, sc, t } = out;
  // Folds: Fr = ceil(Sr / R), Fc = ceil(Sc / C); each fold pays full fill and drain (v2, paper).
  const fr = Math.ceil(sr / r);
  const fc = Math.ceil(sc / c);
  out.fr = fr;
  out.fc = fc;
  let cyclesPerFold: number;
  if (dataflow === 'os') {
    cyclesPerFold = osCyclesPerFold(r, c, t, mode);
    osSramInto(m, n, k, fr, fc, r, c, mode, out);
  } else if (dataflow === 'ws') {
    cyclesPerFold = wsCyclesPerFold(r, c, t, mode);
    wsSramInto(m, n, k, fr, fc, r, c, mode, out);
  } else {
    cyclesPerFold = isCyclesPerFold(r, c, t, mode);
    isSramInto(m, n, k, fr, fc, r, c, mode, out);
  }
  out.cyclesPerFold = cyclesPerFold;
  // v2 reports the index of the last cycle, Fr*Fc*cyclesPerFold - 1; native reports the count.
  out.cycles = fr * fc * cyclesPerFold - (mode === 'scalesim' ? 1 : 0);
  // v2: mean over folds of used PEs / (R*C); the used PEs of all folds sum to Sr*Sc.
  out.mappingEfficiency = (sr * sc) / (fr * r * fc * c);
  return out;
}

/**
 * v2's compute utilization of a sub-layer filled by `subLayerComputeInto`, a fraction: the mean
 * over folds of (used PEs * T) / (R*C * fold cycles). With the same fold cycles for every fold
 * this is mappingEfficiency * T / foldCycles; identical sub-layers share the mean. v2 counts its
 * own fold cycles here (compute/types.ts v2UtilFoldCycles); native mode uses the real ones.
 */
export function subLayerComputeUtilization(dataflow: Dataflow, sub: SubLayerCompute, r: number, c: number, mode: ComputeMode): number {
  const utilFoldCycles = mode === 'scalesim' ? DATAFLOW_MODELS[dataflow].v2UtilFoldCycles(r, c, sub.t) : sub.cyclesPerFold;
  return (sub.mappingEfficiency * sub.t) / utilFoldCycles;
}

/**
 * Compute model of `count` identical GEMMs run one after another (count > 1 for a depthwise
 * layer's per-channel sub-layers).
 */
export function simulateGemm(
  gemm: GemmDims,
  array: ArrayShape,
  dataflow: Dataflow,
  mode: ComputeMode,
  options: { name?: string; count?: number } = {},
): LayerComputeResult {
  validateArray(array);
  const count = options.count ?? 1;
  requirePositiveInteger(count, 'count');
  const { rows: r, cols: c } = array;
  const sub = subLayerComputeInto(dataflow, gemm.m, gemm.n, gemm.k, r, c, mode, newSubLayerCompute());
  const { sr, sc, t, fr, fc, cyclesPerFold, mappingEfficiency } = sub;
  const stallFreeCycles = count * sub.cycles;

  const computeMacs = count * gemm.m * gemm.n * gemm.k;
  const pes = r * c;
  // v2 single_layer_sim: overall util = MACs / (total cycles * R*C).
  const overallUtilizationPct = (computeMacs / (stallFreeCycles * pes)) * 100;
  const computeUtilization = subLayerComputeUtilization(dataflow, sub, r, c, mode);

  return {
    name: options.name ?? 'gemm',
    dataflow,
    mode,
    array: { rows: r, cols: c },
    gemm: { ...gemm },
    subLayers: count,
    mapping: { sr, sc, t },
    folds: { rows: fr, cols: fc },
    cyclesPerFold,
    stallFreeCycles,
    computeMacs,
    overallUtilizationPct,
    mappingEfficiencyPct: mappingEfficiency * 100,
    computeUtilizationPct: computeUtilization * 100,
    sram: {
      ifmapReads: count * sub.ifmapReads,
      filterReads: count * sub.filterReads,
      ofmapWrites: count * sub.ofmapWrites,
    },
  };
}

/** Compute model of one topology layer (conv, depthwise conv or GEMM). */
export function simulateLayer(
  layer: Layer,
  array: ArrayShape,
  dataflow: Dataflow,
  mode: ComputeMode = 'scalesim',
): LayerComputeResult {
  const lowered = lowerLayer(layer);
  return simulateGemm(lowered.gemm, array, dataflow, mode, { name: lowered.name, count: lowered.count });
}
