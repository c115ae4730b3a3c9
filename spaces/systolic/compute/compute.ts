/**
 * Stall-free compute model of one layer on an R x C systolic array, after SCALE-Sim v2
 * (scalesim/compute/systolic_compute_*.py, scalesim/single_layer_sim.py) and Samajdar et al.,
 * "A Systematic Methodology for Characterizing Scalability of DNN Accelerators using SCALE-Sim",
 * ISPASS 2020. Pure functions, no I/O.
 */
import { inputStationary } from './is.js';
import { lowerLayer } from './lowering.js';
import { outputStationary } from './os.js';
import type {
  ArrayShape,
  ComputeMode,
  Dataflow,
  DataflowModel,
  GemmDims,
  Layer,
  LayerComputeResult,
} from './types.js';
import { weightStationary } from './ws.js';

export const DATAFLOW_MODELS: Readonly<Record<Dataflow, DataflowModel>> = {
  os: outputStationary,
  ws: weightStationary,
  is: inputStationary,
};

function validateArray(array: ArrayShape): void {
  for (const [what, v] of [['rows', array.rows], ['cols', array.cols]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`array ${what} must be a positive integer, got ${v}`);
  }
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
  if (!Number.isInteger(count) || count < 1) throw new RangeError(`count must be a positive integer, got ${count}`);
  const model = DATAFLOW_MODELS[dataflow];
  const { rows: r, cols: c } = array;
  const mapping = model.mapping(gemm);
  const { sr, sc, t } = mapping;

  // Folds: Fr = ceil(Sr / R), Fc = ceil(Sc / C); each fold pays full fill and drain (v2, paper).
  const fr = Math.ceil(sr / r);
  const fc = Math.ceil(sc / c);
  const cyclesPerFold = model.cyclesPerFold(r, c, t, mode);

  // v2 reports the index of the last cycle, Fr*Fc*cyclesPerFold - 1; native reports the count.
  const subLayerCycles = fr * fc * cyclesPerFold - (mode === 'scalesim' ? 1 : 0);
  const stallFreeCycles = count * subLayerCycles;

  const computeMacs = count * gemm.m * gemm.n * gemm.k;
  const pes = r * c;
  // v2 single_layer_sim: overall util = MACs / (total cycles * R*C).
  const overallUtilizationPct = (computeMacs / (stallFreeCycles * pes)) * 100;
  // v2: mean over folds of used PEs / (R*C); the used PEs of all folds sum to Sr*Sc.
  const mappingEfficiency = (sr * sc) / (fr * r * fc * c);
  // v2: mean over folds of (used PEs * T) / (R*C * fold cycles); with the same fold cycles for
  // every fold this is mappingEfficiency * T / foldCycles. Identical sub-layers share the mean.
  const utilFoldCycles = mode === 'scalesim' ? model.v2UtilFoldCycles(r, c, t) : cyclesPerFold;
  const computeUtilization = (mappingEfficiency * t) / utilFoldCycles;

  const perSub = model.sram(gemm, fr, fc, array, mode);
  return {
    name: options.name ?? 'gemm',
    dataflow,
    mode,
    array: { rows: r, cols: c },
    gemm: { ...gemm },
    subLayers: count,
    mapping,
    folds: { rows: fr, cols: fc },
    cyclesPerFold,
    stallFreeCycles,
    computeMacs,
    overallUtilizationPct,
    mappingEfficiencyPct: mappingEfficiency * 100,
    computeUtilizationPct: computeUtilization * 100,
    sram: {
      ifmapReads: count * perSub.ifmapReads,
      filterReads: count * perSub.filterReads,
      ofmapWrites: count * perSub.ofmapWrites,
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
