/**
 * The DRAM memory-controller environment: the ten DRAMGym knobs (DRAMSys names and meanings) as
 * the design space, a cycle-level controller (controller/) over a DRAM standard (standards/) as
 * the model, and a trace or a generated workload (trace/) as the input.
 */
import { isAbsolute, resolve } from 'node:path';
import { OptionError, type Environment, type EnvironmentProvider } from '../../src/environment/types.js';
import type { Metrics, MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import type { ParameterDefinition, Point } from '../../src/space/types.js';
import { AddressMapper, mappingNames } from './address/index.js';
import {
  CMD_MUXES,
  DEFAULT_KNOBS,
  POWER_DOWN_POLICIES,
  STUDY_KNOB_VALUES,
  checkKnobs,
  simulateController,
  type CmdMux,
  type ControllerKnobs,
  type PowerDownPolicy,
  type ControllerResult,
} from './controller/index.js';
import { bytesPerBurst, cyclesToNs, getStandard, standardNames, type DramStandard } from './standards/index.js';
import { WORKLOAD_NAMES } from './trace/index.js';
import { loadWorkload, type DecodedWorkload } from './workload.js';
import { dramFigures } from './figures.js';

export const DEFAULT_STANDARD = 'DDR3-1600';
export const DEFAULT_MAPPING = 'RoBaCo';
export const DEFAULT_TRACE = 'stream';

const KNOB_DESCRIPTIONS: Record<keyof typeof STUDY_KNOB_VALUES, string> = {
  PagePolicy: 'row-buffer policy: keep rows open, close them, or decide from the queued requests',
  Scheduler: 'request scheduler per bank: arrival order, row hits first, or row hits grouped by direction',
  SchedulerBuffer: 'how RequestBufferSize is counted: per bank, per direction, or one shared buffer',
  RequestBufferSize: 'scheduler buffer entries',
  RespQueue: 'responses in completion order (Fifo) or in request order (Reorder)',
  RefreshPolicy: 'no refresh, or all-bank refresh every REFI (PerBank for standards that have it)',
  RefreshMaxPostponed: 'refreshes that may be postponed while the rank is busy',
  RefreshMaxPulledin: 'refreshes that may be issued early while the rank is idle',
  Arbiter: 'Simple passes requests through; Fifo and Reorder cap outstanding requests (Reorder also answers in order)',
  MaxActiveTransactions: 'outstanding requests allowed by the Fifo and Reorder arbiters',
};

/** The study's 442,368-design space, defaults at DRAMSys's defaults. */
export const dramParameters: ParameterDefinition[] = (Object.keys(STUDY_KNOB_VALUES) as (keyof typeof STUDY_KNOB_VALUES)[]).map((name) => {
  const values = STUDY_KNOB_VALUES[name] as readonly (string | number)[];
  const description = KNOB_DESCRIPTIONS[name];
  const fallback = DEFAULT_KNOBS[name] as string | number;
  if (typeof values[0] === 'number') return { name, type: 'ordinal', values: [...(values as number[])], default: fallback as number, description };
  return { name, type: 'categorical', values: [...values], default: fallback, description };
});

export const dramMetrics: MetricSpec[] = [
  { name: 'totalTimeNs', unit: 'ns', direction: 'min', description: 'until the last response (everything drained)' },
  { name: 'bandwidthGBps', unit: 'GB/s', direction: 'max', description: 'bytes transferred / total time' },
  { name: 'avgReadLatencyNs', unit: 'ns', direction: 'min', description: 'mean read latency, arrival in the trace to response' },
  { name: 'p99ReadLatencyNs', unit: 'ns', direction: 'min', description: '99th-percentile read latency' },
  { name: 'avgWriteLatencyNs', unit: 'ns', direction: 'min', description: 'mean write latency, arrival to completion' },
  { name: 'rowHits', unit: 'requests', direction: 'max', description: 'requests served from the open row' },
  { name: 'rowMisses', unit: 'requests', direction: 'min', description: 'requests that found their bank closed' },
  { name: 'rowConflicts', unit: 'requests', direction: 'min', description: 'requests that found another row open' },
  { name: 'energyNj', unit: 'nJ', direction: 'min', description: 'DRAM energy (current-based model, all devices)' },
  { name: 'avgPowerMw', unit: 'mW', direction: 'min', description: 'energy / total time' },
  { name: 'actCommands', unit: 'commands', direction: 'min', description: 'ACTIVATE commands' },
  { name: 'preCommands', unit: 'commands', direction: 'min', description: 'PRECHARGE commands, explicit, automatic and precharge-all' },
  { name: 'rdCommands', unit: 'commands', direction: 'min', description: 'READ commands' },
  { name: 'wrCommands', unit: 'commands', direction: 'min', description: 'WRITE commands' },
  { name: 'refCommands', unit: 'commands', direction: 'min', description: 'REFRESH commands (all-bank plus per-bank)' },
];

export const dramObjectives: ObjectiveSpec[] = [
  { metric: 'totalTimeNs', direction: 'min' },
  { metric: 'avgPowerMw', direction: 'min' },
];

/** The knobs of a point plus the option knobs; the error names the knob and what is allowed. */
export function knobsOf(point: Point, cmdMux: CmdMux, powerDown: PowerDownPolicy): ControllerKnobs {
  const knobs = { ...DEFAULT_KNOBS, CmdMux: cmdMux, PowerDownPolicy: powerDown } as ControllerKnobs;
  for (const name of Object.keys(STUDY_KNOB_VALUES)) {
    if (point[name] !== undefined) (knobs as unknown as Record<string, unknown>)[name] = point[name];
  }
  return checkKnobs(knobs);
}

/** The environment's metrics from a controller run. */
export function dramMetricsOf(standard: DramStandard, result: ControllerResult): Metrics {
  const totalTimeNs = cyclesToNs(standard, result.totalCycles);
  const c = result.commands;
  return {
    totalTimeNs,
    bandwidthGBps: totalTimeNs > 0 ? (result.requests * bytesPerBurst(standard)) / totalTimeNs : 0,
    avgReadLatencyNs: cyclesToNs(standard, result.readLatencyCycles.mean),
    p99ReadLatencyNs: cyclesToNs(standard, result.readLatencyCycles.p99),
    avgWriteLatencyNs: cyclesToNs(standard, result.writeLatencyCycles.mean),
    rowHits: result.rowHits,
    rowMisses: result.rowMisses,
    rowConflicts: result.rowConflicts,
    energyNj: result.energyPj / 1000,
    // pJ / ns = mW.
    avgPowerMw: totalTimeNs > 0 ? result.energyPj / totalTimeNs : 0,
    actCommands: c.activates,
    preCommands: c.precharges,
    rdCommands: c.reads,
    wrCommands: c.writes,
    refCommands: c.refreshes + c.perBankRefreshes,
  };
}

function stringOption(value: unknown, name: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new OptionError(`option "${name}": must be a non-empty string`, name);
  return value;
}

export const dramProvider: EnvironmentProvider = {
  id: 'dram',
  title: 'DRAM memory controller (DRAMSys knobs, cycle-level)',
  description:
    'Trace-driven, cycle-level DRAM controller with the ten DRAMGym knobs (DRAMSys semantics) over DDR3/DDR4/LPDDR4 ' +
    'presets: every timing constraint, refresh with postpone/pull-in, current-based energy.',
  options: [
    { name: 'trace', type: 'string', default: DEFAULT_TRACE, description: `trace file (DRAMSys STL or Ramulator LD/ST, relative to the spec directory) or a generator: ${WORKLOAD_NAMES.join(', ')}` },
    { name: 'standard', type: 'string', default: DEFAULT_STANDARD, values: standardNames(), description: 'DRAM standard preset' },
    { name: 'mapping', type: 'string', default: DEFAULT_MAPPING, description: `address mapping: ${mappingNames().join(', ')} or a custom order of Ro Ra Bg Ba Co Ch` },
    { name: 'playerClockMHz', type: 'number', description: "the trace's clock (STL clock cycles); default: the memory clock" },
    { name: 'requests', type: 'integer', default: 10_000, description: 'requests of a generated trace' },
    { name: 'seed', type: 'integer', default: 1, description: 'seed of a generated trace' },
    { name: 'CmdMux', type: 'string', default: 'Oldest', values: [...CMD_MUXES], description: 'Oldest: the oldest request\'s ready command first; Strict: READs/WRITEs in request order' },
    { name: 'PowerDownPolicy', type: 'string', default: 'NoPowerDown', values: [...POWER_DOWN_POLICIES], description: 'Staggered: each idle rank powers down on its own (IDD2P/IDD3P), waking XP cycles before its next command' },
  ],
  create(options, context): Environment {
    let standard: DramStandard;
    try {
      standard = getStandard(String(options.standard ?? DEFAULT_STANDARD));
    } catch (error) {
      throw new OptionError(`option "standard": ${(error as Error).message}`, 'standard');
    }
    let mapper: AddressMapper;
    try {
      mapper = new AddressMapper(standard, String(options.mapping ?? DEFAULT_MAPPING));
    } catch (error) {
      throw new OptionError(`option "mapping": ${(error as Error).message}`, 'mapping');
    }
    const traceOption = stringOption(options.trace, 'trace') ?? DEFAULT_TRACE;
    const isFile = !(WORKLOAD_NAMES as readonly string[]).includes(traceOption);
    const trace = isFile && !isAbsolute(traceOption) ? resolve(context.baseDir, traceOption) : traceOption;
    const workload: DecodedWorkload = loadWorkload(
      { trace, requests: options.requests as number | undefined, seed: options.seed as number | undefined, playerClockMHz: options.playerClockMHz as number | undefined },
      standard,
      mapper,
    );
    const cmdMux = (options.CmdMux ?? 'Oldest') as CmdMux;
    const powerDown = (options.PowerDownPolicy ?? 'NoPowerDown') as PowerDownPolicy;
    // A standard with per-bank refresh (LPDDR4) also offers PerBank; the study's space has the other two.
    const perBank = standard.timingCycles.RFCpb !== undefined && standard.timingCycles.REFIpb !== undefined;
    const parameters = dramParameters.map((p) =>
      p.name === 'RefreshPolicy' && perBank && p.type === 'categorical' ? { ...p, values: [...p.values, 'PerBank'] } : { ...p },
    );
    return {
      id: 'dram',
      title: dramProvider.title,
      description: `${standard.name}, ${mapper.layout.mappingName} mapping, ${workload.count.toLocaleString('en-US')} requests of ${workload.name}`,
      space: { parameters },
      metrics: dramMetrics.map((m) => ({ ...m })),
      objectives: dramObjectives.map((o) => ({ ...o })),
      evaluate: (point: Point) => dramMetricsOf(standard, simulateController(standard, knobsOf(point, cmdMux, powerDown), workload.feed())),
      figures: (point: Point) => dramFigures(standard, simulateController(standard, knobsOf(point, cmdMux, powerDown), workload.feed())),
    };
  },
};
