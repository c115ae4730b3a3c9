/**
 * The systolic-array accelerator environment: an R x C array of MACs with ifmap, filter and ofmap
 * SRAMs and a DRAM interface, running a whole DNN (a built-in network or a SCALE-Sim topology CSV).
 *
 * Per layer it combines, without changing them:
 * - the stall-free compute model of compute/ (SCALE-Sim v2's cycles, mapping efficiency and SRAM
 *   accesses; `mode` picks v2's reported numbers or the corrected native form);
 * - the DRAM traffic of memory/ (v2's CALC bandwidth mode);
 * - the energy and area of cost/ with the horowitz45nm preset.
 * `evaluate` runs one allocation-free loop over layers lowered once in `create`, calling the same
 * per-sub-layer functions the reference functions use (compute/subLayerComputeInto,
 * memory/subLayerDramInto, cost/macsEnergyPj and friends), so each formula exists once;
 * test/systolic/environment.test.ts checks the totals against simulateLayer, dramTrafficCalc,
 * layerEnergyPj and arrayAreaMm2.
 *
 * Stalls. In `scalesim` mode there are none (v2's CALC mode reports none). In `native` mode,
 * archdse's own model (not SCALE-Sim's): a layer takes
 *   total = max(stallFree, ceil((dramReads + dramWrites) / dramBandwidthWords))
 * cycles, i.e. DRAM transfers overlap compute perfectly (double-buffered SRAMs) and a layer is
 * bound by whichever is slower; stallCycles = total - stallFree. This is close to what v2's USER
 * mode reports empirically (REFERENCES.md section 2) without its inflated traffic counts.
 *
 * SRAM accesses counted (words): each buffer is read by the array and written by DRAM fills, except
 * the ofmap buffer, written by the array and read when drained to DRAM:
 *   sramReads  = ifmap reads + filter reads (compute model) + ofmap words written to DRAM,
 *   sramWrites = ofmap writes (compute model) + ifmap and filter words read from DRAM.
 * Energy = sum over layers of cost/layerEnergyPj with those per-buffer accesses, the MACs and
 * DRAM bytes = DRAM words * wordBytes. Area = cost/arrayAreaMm2.
 *
 * Network-level utilizationPct is SCALE-Sim's overall figure for the whole network: all MACs /
 * (all cycles * R*C), so layers that leave PEs idle for long (depthwise ones) weigh by their time.
 * mappingEfficiencyPct is the MAC-weighted mean of the per-layer figures.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { OptionError, type Environment, type EnvironmentProvider, type OptionValues } from '../../src/environment/types.js';
import type { Metrics, MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import type { ParameterDefinition, Point } from '../../src/space/types.js';
import type { ComputeMode, Dataflow } from './compute/index.js';
import { lowerLayer, newSubLayerCompute, subLayerComputeInto, type SubLayerCompute } from './compute/index.js';
import {
  buffersAreaMm2,
  dramBytesEnergyPj,
  horowitz45nm,
  macsEnergyPj,
  peAreaMm2,
  sramAccessesEnergyPj,
  type CostPreset,
  type WordBytes,
} from './cost/index.js';
import { parseTopology } from './input/index.js';
import type { Layer } from './layer.js';
import { ifmapFootprint, subLayerDramInto, windowWords, type SubLayerDram } from './memory/index.js';
import { networks } from './networks/index.js';

const powersOfTwo = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
};

export const SYSTOLIC_DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];
export const SYSTOLIC_MODES: readonly ComputeMode[] = ['native', 'scalesim'];
export const DEFAULT_NETWORK = 'mobilenet_v1';

/** Word sizes the cost preset has a cited MAC for. */
const WORD_BYTES = (Object.keys(horowitz45nm.macByWordBytes) as string[]).map(Number).sort((a, b) => a - b);

export const systolicParameters: ParameterDefinition[] = [
  { name: 'rows', type: 'ordinal', values: powersOfTwo(4, 512), default: 64, unit: 'PEs', description: 'array rows (R)' },
  { name: 'cols', type: 'ordinal', values: powersOfTwo(4, 512), default: 64, unit: 'PEs', description: 'array columns (C)' },
  { name: 'dataflow', type: 'categorical', values: [...SYSTOLIC_DATAFLOWS], default: 'os', description: 'output, weight or input stationary' },
  { name: 'ifmapSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 256, unit: 'KB', description: 'ifmap SRAM (double-buffered)' },
  { name: 'filterSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 256, unit: 'KB', description: 'filter SRAM (double-buffered)' },
  { name: 'ofmapSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 128, unit: 'KB', description: 'ofmap SRAM (double-buffered)' },
  {
    name: 'dramBandwidthWords',
    type: 'ordinal',
    values: powersOfTwo(1, 64),
    default: 16,
    unit: 'words/cycle',
    description: 'DRAM bandwidth (reads and writes together); used by the native stall model only',
  },
  { name: 'wordBytes', type: 'ordinal', values: WORD_BYTES, default: 1, unit: 'B', description: 'word size: 1 = int8 (32-bit accumulate), 2 = fp16, 4 = fp32' },
  { name: 'clockMHz', type: 'integer', min: 100, max: 2000, step: 100, default: 1000, unit: 'MHz', description: 'clock frequency' },
];

export const systolicMetrics: MetricSpec[] = [
  { name: 'cycles', unit: 'cycles', direction: 'min', description: 'total cycles of the network, stalls included' },
  { name: 'stallCycles', unit: 'cycles', direction: 'min', description: 'cycles waiting for DRAM (native mode; 0 in scalesim mode)' },
  { name: 'stallFreeCycles', unit: 'cycles', direction: 'min', description: 'compute cycles (SCALE-Sim v2 compute model)' },
  { name: 'utilizationPct', unit: '%', direction: 'max', description: 'overall PE utilization of the network: MACs / (cycles * PEs)' },
  { name: 'mappingEfficiencyPct', unit: '%', direction: 'max', description: 'mapping efficiency, MAC-weighted mean over layers' },
  { name: 'latencyNs', unit: 'ns', direction: 'min', description: 'cycles / clock' },
  { name: 'energyPj', unit: 'pJ', direction: 'min', description: 'MAC + SRAM + DRAM dynamic energy (horowitz45nm)' },
  { name: 'areaMm2', unit: 'mm^2', direction: 'min', description: 'PE + SRAM bit-cell area (horowitz45nm; lower bound)' },
  { name: 'dramReadsWords', unit: 'words', direction: 'min', description: 'ifmap + filter words read from DRAM (v2 CALC mode)' },
  { name: 'dramWritesWords', unit: 'words', direction: 'min', description: 'ofmap words written to DRAM' },
  { name: 'sramReadsWords', unit: 'words', direction: 'min', description: 'array reads of ifmap/filter SRAM + ofmap SRAM drains to DRAM' },
  { name: 'sramWritesWords', unit: 'words', direction: 'min', description: 'array writes to ofmap SRAM + DRAM fills of ifmap/filter SRAM' },
  { name: 'macs', unit: 'MACs', direction: 'min', description: 'multiply-accumulates of the lowered GEMMs' },
];

export const systolicObjectives: ObjectiveSpec[] = [
  { metric: 'latencyNs', direction: 'min' },
  { metric: 'energyPj', direction: 'min' },
  { metric: 'areaMm2', direction: 'min' },
];

/** One layer lowered once: `count` identical GEMMs (M x K) * (K x N) and its ifmap footprint. */
export interface LoweredNetworkLayer {
  name: string;
  m: number;
  n: number;
  k: number;
  count: number;
  /** Distinct ifmap words of one sub-layer (memory/ifmapFootprint). */
  ifmapFootprint: number;
  /** count * m * n * k. */
  macs: number;
}

export function lowerNetwork(layers: readonly Layer[]): LoweredNetworkLayer[] {
  return layers.map((layer) => {
    const { name, gemm, count } = lowerLayer(layer);
    return { name, m: gemm.m, n: gemm.n, k: gemm.k, count, ifmapFootprint: ifmapFootprint(layer), macs: count * gemm.m * gemm.n * gemm.k };
  });
}

/** A design of the systolic environment, already checked. */
export interface SystolicDesign {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  ifmapSramKB: number;
  filterSramKB: number;
  ofmapSramKB: number;
  dramBandwidthWords: number;
  wordBytes: WordBytes;
  clockMHz: number;
}

/** Scratch objects of `evaluateNetwork` (it is synchronous and does not re-enter). */
const subScratch: SubLayerCompute = newSubLayerCompute();
const dramScratch: SubLayerDram = { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 };

/**
 * The whole-network model; see the module comment. Allocates only the returned object.
 */
export function evaluateNetwork(layers: readonly LoweredNetworkLayer[], d: SystolicDesign, mode: ComputeMode, preset: CostPreset = horowitz45nm): Metrics {
  const r = d.rows;
  const c = d.cols;
  const df = d.dataflow;
  const scalesim = mode === 'scalesim';
  const wb = d.wordBytes;
  const wIf = windowWords((d.ifmapSramKB * 1024) / wb);
  const wFi = windowWords((d.filterSramKB * 1024) / wb);
  const bw = d.dramBandwidthWords;
  const pes = r * c;
  const sub = subScratch;
  const dram = dramScratch;

  let cycles = 0;
  let stallFree = 0;
  let macs = 0;
  let mapWeighted = 0;
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
    subLayerDramInto(df, m, n, k, c, sub.fr, sub.fc, L.ifmapFootprint, wIf, wFi, dram);
    const layerStallFree = count * sub.cycles;
    let layerCycles = layerStallFree;
    if (!scalesim) {
      const transfer = Math.ceil((count * (dram.ifmapReads + dram.filterReads + dram.ofmapWrites)) / bw);
      if (transfer > layerCycles) layerCycles = transfer;
    }
    const layerMacs = L.macs;
    cycles += layerCycles;
    stallFree += layerStallFree;
    macs += layerMacs;
    mapWeighted += layerMacs * sub.mappingEfficiency;
    sramIfReads += count * sub.ifmapReads;
    sramFiReads += count * sub.filterReads;
    sramOfWrites += count * sub.ofmapWrites;
    dramIf += count * dram.ifmapReads;
    dramFi += count * dram.filterReads;
    dramOf += count * dram.ofmapWrites;
  }

  const dramReads = dramIf + dramFi;
  // = the sum over layers of cost/layerEnergyPj(...).totalPj (every term is linear in the counts).
  const energyPj =
    macsEnergyPj(preset, wb, macs) +
    (sramAccessesEnergyPj(preset, d.ifmapSramKB, wb, sramIfReads + dramIf) +
      sramAccessesEnergyPj(preset, d.filterSramKB, wb, sramFiReads + dramFi) +
      sramAccessesEnergyPj(preset, d.ofmapSramKB, wb, sramOfWrites + dramOf)) +
    dramBytesEnergyPj(preset, (dramReads + dramOf) * wb);
  // = cost/arrayAreaMm2(...).totalMm2, without its argument and result objects.
  const areaMm2 = peAreaMm2(preset, wb, r, c) + buffersAreaMm2(preset, d.ifmapSramKB, d.filterSramKB, d.ofmapSramKB);
  return {
    cycles,
    stallCycles: cycles - stallFree,
    stallFreeCycles: stallFree,
    utilizationPct: cycles > 0 ? (macs / (cycles * pes)) * 100 : 0,
    mappingEfficiencyPct: macs > 0 ? (mapWeighted / macs) * 100 : 0,
    latencyNs: (cycles * 1000) / d.clockMHz,
    energyPj,
    areaMm2,
    dramReadsWords: dramReads,
    dramWritesWords: dramOf,
    sramReadsWords: sramIfReads + sramFiReads + dramOf,
    sramWritesWords: sramOfWrites + dramIf + dramFi,
    macs,
  };
}

function positiveInteger(point: Point, name: string): number {
  const v = point[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads and checks a design from a point. */
export function systolicDesign(point: Point): SystolicDesign {
  const dataflow = point.dataflow as Dataflow;
  if (!SYSTOLIC_DATAFLOWS.includes(dataflow)) throw new RangeError(`dataflow must be one of ${SYSTOLIC_DATAFLOWS.join(', ')}, got ${JSON.stringify(point.dataflow)}`);
  const wordBytes = point.wordBytes as WordBytes;
  if (!WORD_BYTES.includes(wordBytes)) throw new RangeError(`wordBytes must be one of ${WORD_BYTES.join(', ')}, got ${JSON.stringify(point.wordBytes)}`);
  const design: SystolicDesign = {
    rows: positiveInteger(point, 'rows'),
    cols: positiveInteger(point, 'cols'),
    dataflow,
    ifmapSramKB: positiveInteger(point, 'ifmapSramKB'),
    filterSramKB: positiveInteger(point, 'filterSramKB'),
    ofmapSramKB: positiveInteger(point, 'ofmapSramKB'),
    dramBandwidthWords: positiveInteger(point, 'dramBandwidthWords'),
    wordBytes,
    clockMHz: positiveInteger(point, 'clockMHz'),
  };
  for (const name of ['ifmapSramKB', 'filterSramKB', 'ofmapSramKB'] as const) {
    if ((design[name] * 1024) % wordBytes !== 0) throw new RangeError(`${name} * 1024 must be a multiple of wordBytes (${wordBytes})`);
  }
  return design;
}

/** The layers selected by the options: `topology` (a CSV file) overrides `network`. */
export function loadLayers(options: OptionValues, baseDir: string): { layers: Layer[]; workload: string } {
  const topology = options.topology;
  if (typeof topology === 'string' && topology !== '') {
    const path = isAbsolute(topology) ? topology : resolve(baseDir, topology);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (error) {
      throw new OptionError(`option "topology": cannot read ${path}: ${(error as Error).message}`, 'topology');
    }
    return { layers: parseTopology(text, path), workload: path };
  }
  const network = options.network ?? DEFAULT_NETWORK;
  if (typeof network !== 'string' || !Object.hasOwn(networks, network)) {
    throw new OptionError(`option "network": unknown network ${JSON.stringify(network)}; known networks: ${Object.keys(networks).join(', ')}`, 'network');
  }
  return { layers: networks[network], workload: network };
}

export const systolicProvider: EnvironmentProvider = {
  id: 'systolic',
  title: 'Systolic-array accelerator (SCALE-Sim v2 compatible)',
  description:
    'R x C MAC array (os/ws/is) with ifmap/filter/ofmap SRAMs running a whole DNN: SCALE-Sim v2 compute and ' +
    'CALC-mode DRAM traffic, a bandwidth-bound stall model (native mode), 45 nm energy and area (Horowitz 2014).',
  options: [
    { name: 'network', type: 'string', description: 'built-in workload (ignored when topology is set)', default: DEFAULT_NETWORK, values: Object.keys(networks) },
    { name: 'topology', type: 'string', description: 'SCALE-Sim topology CSV (conv or GEMM form), relative to the spec directory; overrides network' },
    {
      name: 'mode',
      type: 'string',
      description: 'scalesim: SCALE-Sim v2 numbers, no stalls; native: corrected compute model plus the bandwidth stall model',
      default: 'native',
      values: [...SYSTOLIC_MODES],
    },
  ],
  create(options, context): Environment {
    const mode = (options.mode ?? 'native') as ComputeMode;
    if (!SYSTOLIC_MODES.includes(mode)) throw new OptionError(`option "mode": must be one of ${SYSTOLIC_MODES.join(', ')}, got ${JSON.stringify(options.mode)}`, 'mode');
    const { layers, workload } = loadLayers(options, context.baseDir);
    if (layers.length === 0) throw new OptionError(`workload ${workload} has no layers`);
    const lowered = lowerNetwork(layers);
    return {
      id: 'systolic',
      title: systolicProvider.title,
      description: `${workload} (${layers.length} layers), ${mode} mode`,
      space: { parameters: systolicParameters.map((p) => ({ ...p })) },
      metrics: systolicMetrics.map((m) => ({ ...m })),
      objectives: systolicObjectives.map((o) => ({ ...o })),
      evaluate: (point: Point) => evaluateNetwork(lowered, systolicDesign(point), mode),
    };
  },
};
