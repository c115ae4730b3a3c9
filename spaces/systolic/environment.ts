/**
 * The systolic-array accelerator environment: the parameters of design.ts, the whole-network model
 * of network-model.ts, and its workloads (a built-in network or a SCALE-Sim topology CSV), run as
 * archdse's corrected `native` model or as a SCALE-Sim v2 drop-in (`scalesim` mode, the default
 * whenever a SCALE-Sim topology or cfg is given).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { OptionError, type DesignReport, type Environment, type EnvironmentProvider, type OptionValues } from '../../src/environment/types.js';
import type { MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import type { Point } from '../../src/space/types.js';
import type { ComputeMode } from './compute/index.js';
import { configPoint, parametersWithDefaults, systolicDesign } from './design.js';
import { parseScaleSimConfig, parseTopology, type InterfaceBandwidth } from './input/index.js';
import type { Layer } from './layer.js';
import type { SystolicLayerResult } from './layer-result.js';
import { evaluateNetwork, lowerNetwork, type TimingModel } from './network-model.js';
import { networks } from './networks/index.js';
import { layerView, writeScaleSimReports } from './report/index.js';
import { systolicFigures } from './figures.js';

export { SYSTOLIC_DATAFLOWS, systolicDesign, systolicParameters, type SystolicDesign } from './design.js';
export { evaluateNetwork, lowerNetwork, type LoweredNetworkLayer, type TimingModel } from './network-model.js';

export const SYSTOLIC_MODES: readonly ComputeMode[] = ['native', 'scalesim'];
export const INTERFACE_BANDWIDTHS: readonly InterfaceBandwidth[] = ['CALC', 'USER'];
export const DEFAULT_NETWORK = 'mobilenet_v1';

export const systolicMetrics: MetricSpec[] = [
  { name: 'cycles', unit: 'cycles', direction: 'min', description: 'total cycles of the network, stalls included' },
  { name: 'stallCycles', unit: 'cycles', direction: 'min', description: 'cycles waiting for DRAM (native and USER timing; 0 in CALC mode)' },
  { name: 'stallFreeCycles', unit: 'cycles', direction: 'min', description: 'compute cycles (SCALE-Sim v2 compute model)' },
  { name: 'utilizationPct', unit: '%', direction: 'max', description: 'overall PE utilization of the network: MACs / (cycles * PEs)' },
  { name: 'computeUtilizationPct', unit: '%', direction: 'max', description: "SCALE-Sim's compute utilization (busy PEs over compute cycles), weighted by each layer's compute cycles" },
  { name: 'mappingEfficiencyPct', unit: '%', direction: 'max', description: 'mapping efficiency, MAC-weighted mean over layers' },
  { name: 'latencyNs', unit: 'ns', direction: 'min', description: 'cycles / clock' },
  { name: 'energyPj', unit: 'pJ', direction: 'min', description: 'MAC + SRAM + DRAM dynamic energy (horowitz45nm)' },
  { name: 'areaMm2', unit: 'mm^2', direction: 'min', description: 'PE + SRAM bit-cell area (horowitz45nm; lower bound)' },
  { name: 'dramReadsWords', unit: 'words', direction: 'min', description: 'ifmap + filter words read from DRAM' },
  { name: 'dramWritesWords', unit: 'words', direction: 'min', description: 'ofmap words written to DRAM' },
  { name: 'sramReadsWords', unit: 'words', direction: 'min', description: 'array reads of ifmap/filter SRAM + ofmap SRAM drains to DRAM' },
  { name: 'sramWritesWords', unit: 'words', direction: 'min', description: 'array writes to ofmap SRAM + DRAM fills of ifmap/filter SRAM' },
  { name: 'dramIfmapReadsWords', unit: 'words', direction: 'min', description: 'DRAM reads into the ifmap SRAM' },
  { name: 'dramFilterReadsWords', unit: 'words', direction: 'min', description: 'DRAM reads into the filter SRAM' },
  { name: 'dramOfmapWritesWords', unit: 'words', direction: 'min', description: 'DRAM writes from the ofmap SRAM' },
  { name: 'sramIfmapReadsWords', unit: 'words', direction: 'min', description: 'ifmap SRAM reads by the array' },
  { name: 'sramFilterReadsWords', unit: 'words', direction: 'min', description: 'filter SRAM reads by the array' },
  { name: 'sramOfmapWritesWords', unit: 'words', direction: 'min', description: 'ofmap SRAM writes by the array' },
  { name: 'avgSramBandwidthWords', unit: 'words/cycle', direction: 'min', description: 'SRAM reads and writes per cycle, over the whole network' },
  { name: 'avgDramBandwidthWords', unit: 'words/cycle', direction: 'min', description: 'DRAM reads and writes per cycle, over the whole network' },
  { name: 'macs', unit: 'MACs', direction: 'min', description: 'multiply-accumulates of the lowered GEMMs' },
];

export const systolicObjectives: ObjectiveSpec[] = [
  { metric: 'latencyNs', direction: 'min' },
  { metric: 'energyPj', direction: 'min' },
  { metric: 'areaMm2', direction: 'min' },
];

function readOptionFile(options: OptionValues, name: string, baseDir: string): { path: string; text: string } | undefined {
  const value = options[name];
  if (typeof value !== 'string' || value === '') return undefined;
  const path = isAbsolute(value) ? value : resolve(baseDir, value);
  try {
    return { path, text: readFileSync(path, 'utf8') };
  } catch (error) {
    throw new OptionError(`option "${name}": cannot read ${path}: ${(error as Error).message}`, name);
  }
}

/** The layers selected by the options: `topology` (a CSV file) overrides `network`. */
export function loadLayers(options: OptionValues, baseDir: string): { layers: Layer[]; workload: string; fromTopology: boolean } {
  const topology = readOptionFile(options, 'topology', baseDir);
  if (topology) return { layers: parseTopology(topology.text, topology.path), workload: topology.path, fromTopology: true };
  const network = options.network ?? DEFAULT_NETWORK;
  if (typeof network !== 'string' || !Object.hasOwn(networks, network)) {
    throw new OptionError(`option "network": unknown network ${JSON.stringify(network)}; known networks: ${Object.keys(networks).join(', ')}`, 'network');
  }
  return { layers: networks[network], workload: network, fromTopology: false };
}

/** The timing model the options select, and the design point a cfg gives (if any). */
function timingAndConfig(options: OptionValues, baseDir: string, fromTopology: boolean): { timing: TimingModel; configDefaults: Point } {
  const cfgFile = readOptionFile(options, 'config', baseDir);
  const config = cfgFile ? parseScaleSimConfig(cfgFile.text, cfgFile.path) : undefined;
  const mode = (options.mode ?? (config || fromTopology ? 'scalesim' : 'native')) as ComputeMode;
  if (!SYSTOLIC_MODES.includes(mode)) throw new OptionError(`option "mode": must be one of ${SYSTOLIC_MODES.join(', ')}, got ${JSON.stringify(options.mode)}`, 'mode');
  const bandwidth = (options.interfaceBandwidth ?? config?.interfaceBandwidth ?? 'CALC') as InterfaceBandwidth;
  if (!INTERFACE_BANDWIDTHS.includes(bandwidth)) {
    throw new OptionError(`option "interfaceBandwidth": must be one of ${INTERFACE_BANDWIDTHS.join(', ')}, got ${JSON.stringify(options.interfaceBandwidth)}`, 'interfaceBandwidth');
  }
  if (mode === 'native' && options.interfaceBandwidth !== undefined) {
    throw new OptionError('option "interfaceBandwidth": applies to mode=scalesim only (native mode has its own stall model)', 'interfaceBandwidth');
  }
  const configDefaults = config ? configPoint(config) : {};
  if (config && configDefaults.dramBandwidthWords !== undefined && !Number.isInteger(configDefaults.dramBandwidthWords)) {
    throw new OptionError(`option "config": ${cfgFile!.path}: Bandwidth ${configDefaults.dramBandwidthWords} must be a whole number of words per cycle here`, 'config');
  }
  const timing: TimingModel = mode === 'native' ? 'native' : bandwidth === 'USER' ? 'scalesim-user' : 'scalesim-calc';
  return { timing, configDefaults };
}

function timingDescription(timing: TimingModel): string {
  return timing === 'native' ? 'native mode' : timing === 'scalesim-user' ? 'scalesim mode, USER bandwidth' : 'scalesim mode, CALC bandwidth';
}

export const systolicProvider: EnvironmentProvider = {
  id: 'systolic',
  title: 'Systolic-array accelerator (SCALE-Sim v2 compatible)',
  description:
    'R x C MAC array (os/ws/is) with ifmap/filter/ofmap SRAMs running a whole DNN: SCALE-Sim v2 compute and ' +
    'DRAM traffic (CALC and USER modes), a bandwidth-bound stall model (native mode), 45 nm energy and area (Horowitz 2014).',
  options: [
    { name: 'network', type: 'string', description: 'built-in workload (ignored when topology is set)', default: DEFAULT_NETWORK, values: Object.keys(networks) },
    { name: 'topology', type: 'string', description: 'SCALE-Sim topology CSV (conv or GEMM form), relative to the spec directory; overrides network' },
    { name: 'config', type: 'string', description: "SCALE-Sim .cfg: its array, dataflow, SRAMs and bandwidth become the default design; its InterfaceBandwidth the timing" },
    {
      name: 'mode',
      type: 'string',
      description: 'scalesim: SCALE-Sim v2 numbers; native: corrected compute model plus a bandwidth stall model. Default: scalesim with a topology or config, else native',
      values: [...SYSTOLIC_MODES],
    },
    { name: 'interfaceBandwidth', type: 'string', description: "scalesim mode's DRAM timing: CALC (no stalls) or USER (dramBandwidthWords per buffer). Default: the config's, else CALC", values: [...INTERFACE_BANDWIDTHS] },
    { name: 'scalesimOut', type: 'string', description: '`archdse simulate` writes COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv, DETAILED_ACCESS_REPORT.csv here (v2 layout)' },
  ],
  create(options, context): Environment {
    const { layers, workload, fromTopology } = loadLayers(options, context.baseDir);
    if (layers.length === 0) throw new OptionError(`workload ${workload} has no layers`);
    const { timing, configDefaults } = timingAndConfig(options, context.baseDir, fromTopology);
    const lowered = lowerNetwork(layers);
    const scalesimOut = typeof options.scalesimOut === 'string' && options.scalesimOut !== '' ? resolve(context.baseDir, options.scalesimOut) : undefined;
    return {
      id: 'systolic',
      title: systolicProvider.title,
      description: `${workload} (${layers.length} layers), ${timingDescription(timing)}`,
      space: { parameters: parametersWithDefaults(configDefaults) },
      metrics: systolicMetrics.map((m) => ({ ...m })),
      objectives: systolicObjectives.map((o) => ({ ...o })),
      evaluate: (point: Point) => evaluateNetwork(lowered, systolicDesign(point), timing),
      report(point: Point): DesignReport {
        const perLayer: SystolicLayerResult[] = [];
        const design = systolicDesign(point);
        evaluateNetwork(lowered, design, timing, undefined, perLayer);
        const files = scalesimOut ? writeScaleSimReports(scalesimOut, perLayer) : [];
        return { parts: perLayer.map((l) => ({ ...l })), view: layerView(perLayer), files };
      },
      figures(point: Point) {
        const perLayer: SystolicLayerResult[] = [];
        evaluateNetwork(lowered, systolicDesign(point), timing, undefined, perLayer);
        return systolicFigures(perLayer);
      },
    };
  },
};
