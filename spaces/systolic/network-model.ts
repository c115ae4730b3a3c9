/**
 * The whole-network model of the systolic environment: an R x C array of MACs with ifmap, filter
 * and ofmap SRAMs and a DRAM interface, running every layer of a network one after another.
 *
 * Per layer it combines, without changing them:
 * - the stall-free compute model of compute/ (SCALE-Sim v2's cycles, mapping efficiency and SRAM
 *   accesses; `mode` picks v2's reported numbers or the corrected native form);
 * - the DRAM traffic of memory/: v2's CALC window (calc.ts; natively, ws/is partial sums that fit
 *   stay in the ofmap SRAM), or v2's USER mode (user.ts);
 * - the energy of cost/ with the design's preset.
 * `evaluateNetwork` is one allocation-free loop over layers lowered once, calling the same
 * per-sub-layer functions the reference functions use (compute/subLayerComputeInto,
 * memory/subLayerDramInto, cost/macsEnergyPj and friends), so each formula exists once;
 * test/systolic/environment.test.ts checks the totals against simulateLayer, dramTrafficCalc,
 * layerEnergyPj and arrayAreaMm2.
 *
 * Stalls, by timing model:
 * - `scalesim-calc`: none (v2's CALC mode reports none).
 * - `scalesim-user`: v2's USER mode, approximated (memory/user.ts says how and how closely).
 * - `native`: archdse's own model, not SCALE-Sim's: a layer takes
 *     total = max(stallFree, ceil((dramReads + dramWrites) / dramBandwidthWords))
 *   cycles, i.e. DRAM transfers overlap compute perfectly (double-buffered SRAMs) and a layer is
 *   bound by whichever is slower. This is close to what v2's USER mode reports, without its
 *   inflated traffic counts (bench/systolic-fidelity.ts compares them).
 *
 * SRAM accesses counted (words): each buffer is read by the array and written by DRAM fills, except
 * the ofmap buffer, written by the array and read when drained to DRAM:
 *   sramReads  = ifmap reads + filter reads (compute model) + ofmap words written to DRAM,
 *   sramWrites = ofmap writes (compute model) + ifmap and filter words read from DRAM.
 * Energy = MACs + those per-buffer accesses + DRAM bytes (= DRAM words * wordBytes).
 *
 * Network-level utilizationPct is SCALE-Sim's overall figure for the whole network: all MACs /
 * (all cycles * R*C), so layers that leave PEs idle for long (depthwise ones) weigh by their time.
 * mappingEfficiencyPct is the MAC-weighted mean of the per-layer figures.
 */
import type { Metrics } from '../../src/objective/types.js';
import type { ComputeMode } from './compute/index.js';
import { lowerLayer, newSubLayerCompute, subLayerComputeInto, subLayerComputeUtilization, type SubLayerCompute } from './compute/index.js';
import { buffersAreaMm2, dramBytesEnergyPj, horowitz45nm, macsEnergyPj, peAreaMm2, sramAccessesEnergyPj, type CostPreset } from './cost/index.js';
import type { SystolicDesign } from './design.js';
import type { Layer } from './layer.js';
import type { SystolicLayerResult } from './layer-result.js';
import {
  convGeometryOf,
  ifmapFootprint,
  ifmapReuse,
  im2colEntries,
  newSubLayerUser,
  ofmapActiveWords,
  subLayerDramInto,
  subLayerUserInto,
  windowWords,
  type ConvGeometry,
  type IfmapReuse,
  type SubLayerDram,
  type SubLayerUser,
} from './memory/index.js';

/** Which timing model: v2's CALC or USER bandwidth mode (compute in scalesim mode), or native. */
export type TimingModel = 'native' | 'scalesim-calc' | 'scalesim-user';

export function computeModeOf(timing: TimingModel): ComputeMode {
  return timing === 'native' ? 'native' : 'scalesim';
}

/** One layer lowered once: `count` identical GEMMs (M x K) * (K x N) and its ifmap footprint. */
export interface LoweredNetworkLayer {
  name: string;
  m: number;
  n: number;
  k: number;
  count: number;
  /** Distinct ifmap words of one sub-layer (memory/ifmapFootprint). */
  ifmapFootprint: number;
  /** How overlapping convolution windows re-reference the ifmap (CALC traffic); null otherwise. */
  ifmapReuse: IfmapReuse | null;
  /** Non-null im2col entries of one sub-layer and the convolution's geometry where windows overlap or fall off the ifmap (USER mode). */
  im2colEntries: number;
  convGeometry: ConvGeometry | null;
  /** count * m * n * k. */
  macs: number;
}

export function lowerNetwork(layers: readonly Layer[]): LoweredNetworkLayer[] {
  return layers.map((layer) => {
    const { name, gemm, count } = lowerLayer(layer);
    return {
      name,
      m: gemm.m,
      n: gemm.n,
      k: gemm.k,
      count,
      ifmapFootprint: ifmapFootprint(layer),
      ifmapReuse: ifmapReuse(layer),
      im2colEntries: im2colEntries(layer),
      convGeometry: convGeometryOf(layer),
      macs: count * gemm.m * gemm.n * gemm.k,
    };
  });
}

/** Dynamic energy of MACs, of the accesses to each SRAM (reads + writes) and of DRAM words. */
function energyPj(preset: CostPreset, d: SystolicDesign, macs: number, ifmapSramAccesses: number, filterSramAccesses: number, ofmapSramAccesses: number, dramWords: number): number {
  const wb = d.wordBytes;
  return (
    macsEnergyPj(preset, wb, macs) +
    (sramAccessesEnergyPj(preset, d.ifmapSramKB, wb, ifmapSramAccesses) +
      sramAccessesEnergyPj(preset, d.filterSramKB, wb, filterSramAccesses) +
      sramAccessesEnergyPj(preset, d.ofmapSramKB, wb, ofmapSramAccesses)) +
    dramBytesEnergyPj(preset, dramWords * wb)
  );
}

/** Scratch objects of `evaluateNetwork` (it is synchronous and does not re-enter). */
const subScratch: SubLayerCompute = newSubLayerCompute();
const dramScratch: SubLayerDram = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };
const userScratch: SubLayerUser = newSubLayerUser();

/**
 * The whole-network model; see the module comment. Allocates only the returned object, unless
 * `perLayer` is given: then one SystolicLayerResult per layer is appended to it.
 */
export function evaluateNetwork(
  layers: readonly LoweredNetworkLayer[],
  d: SystolicDesign,
  timing: TimingModel,
  preset: CostPreset = horowitz45nm,
  perLayer?: SystolicLayerResult[],
): Metrics {
  const r = d.rows;
  const c = d.cols;
  const df = d.dataflow;
  const mode = computeModeOf(timing);
  const native = timing === 'native';
  const user = timing === 'scalesim-user';
  const wb = d.wordBytes;
  const ifmapWords = (d.ifmapSramKB * 1024) / wb;
  const filterWords = (d.filterSramKB * 1024) / wb;
  const ofmapWords = (d.ofmapSramKB * 1024) / wb;
  const wIf = windowWords(ifmapWords);
  const wFi = windowWords(filterWords);
  const partialSumWords = native ? ofmapActiveWords(ofmapWords) : 0;
  const bw = d.dramBandwidthWords;
  const pes = r * c;
  const sub = subScratch;
  const dram = dramScratch;

  let cycles = 0;
  let stallFree = 0;
  let macs = 0;
  let mapWeighted = 0;
  let computeUtilWeighted = 0;
  let sramIfReads = 0;
  let sramFiReads = 0;
  let sramOfWrites = 0;
  let dramIf = 0;
  let dramFi = 0;
  let dramOf = 0;

  for (let i = 0; i < layers.length; i++) {
    const L = layers[i];
    const { m, n, k, count } = L;
    subLayerComputeInto(df, m, n, k, r, c, mode, sub);
    subLayerDramInto(df, m, n, k, c, sub.fr, sub.fc, L.ifmapFootprint, wIf, wFi, dram, partialSumWords, L.ifmapReuse, r);
    const layerStallFree = count * sub.cycles;
    let layerCycles = layerStallFree;
    if (user) {
      // v2's USER mode: its own (inflated) DRAM traffic and the stalls of its prefetch windows.
      const u = subLayerUserInto(df, m, n, k, r, c, sub.fr, sub.fc, L.im2colEntries, L.convGeometry !== null, ifmapWords, filterWords, ofmapWords, bw, userScratch, L.convGeometry);
      dram.ifmapReads = u.ifmapReads;
      dram.filterReads = u.filterReads;
      dram.ofmapWrites = u.ofmapWrites;
      layerCycles += count * u.stallCycles;
    } else if (native) {
      const transfer = Math.ceil((count * (dram.ifmapReads + dram.filterReads + dram.ofmapWrites)) / bw);
      if (transfer > layerCycles) layerCycles = transfer;
    }
    const layerMacs = L.macs;
    cycles += layerCycles;
    stallFree += layerStallFree;
    macs += layerMacs;
    mapWeighted += layerMacs * sub.mappingEfficiency;
    computeUtilWeighted += layerStallFree * subLayerComputeUtilization(df, sub, r, c, mode);
    sramIfReads += count * sub.ifmapReads;
    sramFiReads += count * sub.filterReads;
    sramOfWrites += count * sub.ofmapWrites;
    dramIf += count * dram.ifmapReads;
    dramFi += count * dram.filterReads;
    dramOf += count * dram.ofmapWrites;
    if (perLayer) perLayer.push(layerResult(perLayer.length, L, d, mode, preset, sub, dram, layerCycles, layerStallFree));
  }

  const dramReads = dramIf + dramFi;
  const sramReads = sramIfReads + sramFiReads + dramOf;
  const sramWrites = sramOfWrites + dramIf + dramFi;
  return {
    cycles,
    stallCycles: cycles - stallFree,
    stallFreeCycles: stallFree,
    utilizationPct: cycles > 0 ? (macs / (cycles * pes)) * 100 : 0,
    computeUtilizationPct: stallFree > 0 ? (computeUtilWeighted / stallFree) * 100 : 0,
    mappingEfficiencyPct: macs > 0 ? (mapWeighted / macs) * 100 : 0,
    latencyNs: (cycles * 1000) / d.clockMHz,
    energyPj: energyPj(preset, d, macs, sramIfReads + dramIf, sramFiReads + dramFi, sramOfWrites + dramOf, dramReads + dramOf),
    // = cost/arrayAreaMm2(...).totalMm2, without its argument and result objects.
    areaMm2: peAreaMm2(preset, wb, r, c) + buffersAreaMm2(preset, d.ifmapSramKB, d.filterSramKB, d.ofmapSramKB),
    dramReadsWords: dramReads,
    dramWritesWords: dramOf,
    sramReadsWords: sramReads,
    sramWritesWords: sramWrites,
    dramIfmapReadsWords: dramIf,
    dramFilterReadsWords: dramFi,
    dramOfmapWritesWords: dramOf,
    sramIfmapReadsWords: sramIfReads,
    sramFilterReadsWords: sramFiReads,
    sramOfmapWritesWords: sramOfWrites,
    avgSramBandwidthWords: cycles > 0 ? (sramReads + sramWrites) / cycles : 0,
    avgDramBandwidthWords: cycles > 0 ? (dramReads + dramOf) / cycles : 0,
    macs,
  };
}

/** The per-layer record of one evaluated layer (sub-layer figures times the sub-layer count). */
function layerResult(
  layerId: number,
  L: LoweredNetworkLayer,
  d: SystolicDesign,
  mode: ComputeMode,
  preset: CostPreset,
  sub: SubLayerCompute,
  dram: SubLayerDram,
  totalCycles: number,
  stallFreeCycles: number,
): SystolicLayerResult {
  const count = L.count;
  const sramIfmapReads = count * sub.ifmapReads;
  const sramFilterReads = count * sub.filterReads;
  const sramOfmapWrites = count * sub.ofmapWrites;
  const dramIfmapReads = count * dram.ifmapReads;
  const dramFilterReads = count * dram.filterReads;
  const dramOfmapWrites = count * dram.ofmapWrites;
  return {
    layerId,
    name: L.name,
    subLayers: count,
    m: L.m,
    n: L.n,
    k: L.k,
    macs: L.macs,
    totalCycles,
    stallCycles: totalCycles - stallFreeCycles,
    stallFreeCycles,
    // v2's operation order, (MACs * 100) / (cycles * PEs), so reports agree to the last digit.
    overallUtilPct: totalCycles > 0 ? (L.macs * 100) / (totalCycles * d.rows * d.cols) : 0,
    mappingEfficiencyPct: sub.mappingEfficiency * 100,
    computeUtilPct: subLayerComputeUtilization(d.dataflow, sub, d.rows, d.cols, mode) * 100,
    sramIfmapReads,
    sramFilterReads,
    sramOfmapWrites,
    dramIfmapReads,
    dramFilterReads,
    dramOfmapWrites,
    energyPj: energyPj(
      preset,
      d,
      L.macs,
      sramIfmapReads + dramIfmapReads,
      sramFilterReads + dramFilterReads,
      sramOfmapWrites + dramOfmapWrites,
      dramIfmapReads + dramFilterReads + dramOfmapWrites,
    ),
  };
}
