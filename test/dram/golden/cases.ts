/**
 * The controller's golden cases: a broad set of standards, organisations, workloads and knob
 * settings, each reduced to a fingerprint (hashes of the full result and of the whole command
 * log, and the command count). expected.json holds the fingerprints of a reference version; any
 * change to the simulator that is meant to leave its results alone must reproduce them exactly.
 */
import { createHash } from 'node:crypto';
import { AddressMapper } from '../../../spaces/dram/address/index.js';
import { DEFAULT_KNOBS, simulateController, type ControllerHooks, type ControllerKnobs, type ControllerResult } from '../../../spaces/dram/controller/index.js';
import { getStandard, validateStandard, type DramStandard } from '../../../spaces/dram/standards/index.js';
import { WORKLOAD_NAMES } from '../../../spaces/dram/trace/index.js';
import { DecodedWorkload, loadWorkload } from '../../../spaces/dram/workload.js';

/**
 * How requests arrive: `dense` one per memory cycle (the generators' default, so the controller
 * is always backlogged), `spaced` one every 6 cycles (a lighter load with idle banks), `sparse`
 * bursts of 8 with 700 idle cycles between them (idle ranks: power-down, refresh pull-ins).
 */
export type Arrival = 'dense' | 'spaced' | 'sparse';

export interface GoldenCase {
  standard: string;
  /** Channels and ranks, when they differ from the preset's. */
  organization?: { channels: number; ranks: number };
  mapping: string;
  trace: string;
  requests: number;
  seed: number;
  arrival: Arrival;
  knobs: ControllerKnobs;
}

export interface Fingerprint {
  /** SHA-256 of the whole result object (every number exact). */
  result: string;
  /** SHA-256 of the command log, one "cycle command bank" line per command. */
  log: string;
  commands: number;
}

export interface GoldenEntry {
  case: GoldenCase;
  expected: Fingerprint;
}

function standardOf(c: GoldenCase): DramStandard {
  const preset = getStandard(c.standard);
  if (c.organization === undefined) return preset;
  const { channels, ranks } = c.organization;
  return validateStandard({ ...preset, name: `${preset.name} ${channels}ch ${ranks}rank`, organization: { ...preset.organization, channels, ranks } });
}

const SPACED_CYCLES = 6;
const SPARSE_BURST = 8;
const SPARSE_GAP_CYCLES = 700;

/** Workloads are decoded once per process and shared by the cases that use them. */
const workloads = new Map<string, { standard: DramStandard; workload: DecodedWorkload }>();

function workloadOf(c: GoldenCase): { standard: DramStandard; workload: DecodedWorkload } {
  const key = JSON.stringify([c.standard, c.organization, c.mapping, c.trace, c.requests, c.seed, c.arrival]);
  const cached = workloads.get(key);
  if (cached !== undefined) return cached;
  const standard = standardOf(c);
  const dense = loadWorkload({ trace: c.trace, requests: c.requests, seed: c.seed }, standard, new AddressMapper(standard, c.mapping));
  let arrival = dense.arrivalCycle;
  if (c.arrival === 'spaced') arrival = dense.arrivalCycle.map((_, i) => i * SPACED_CYCLES);
  if (c.arrival === 'sparse') arrival = dense.arrivalCycle.map((_, i) => Math.floor(i / SPARSE_BURST) * SPARSE_GAP_CYCLES + (i % SPARSE_BURST));
  const entry = { standard, workload: new DecodedWorkload(dense.name, dense.count, arrival, dense.isWrite, dense.bank, dense.row) };
  workloads.set(key, entry);
  return entry;
}

/** JSON with -0 told apart from 0 (JSON would print both as 0). */
function exactJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'number' && Object.is(v, -0) ? '-0' : v));
}

/** Runs one case. */
export function runCase(c: GoldenCase, hooks: ControllerHooks = {}): ControllerResult {
  const { standard, workload } = workloadOf(c);
  return simulateController(standard, c.knobs, workload.feed(), hooks);
}

/** Runs one case with its command log and reduces both to a fingerprint. */
export function fingerprint(c: GoldenCase): Fingerprint {
  const logHash = createHash('sha256');
  let lines: string[] = [];
  let commands = 0;
  const result = runCase(c, {
    onCommand(cycle, command, bank) {
      lines.push(`${cycle} ${command} ${bank}\n`);
      commands++;
      if (lines.length === 4096) {
        logHash.update(lines.join(''));
        lines = [];
      }
    },
  });
  logHash.update(lines.join(''));
  return { result: createHash('sha256').update(exactJson(result)).digest('hex'), log: logHash.digest('hex'), commands };
}

/** A small seeded generator (mulberry32), so the drawn cases are the same on every run. */
function rngOf(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Setup {
  standard: string;
  organization?: { channels: number; ranks: number };
  mapping: string;
}

/** Every preset, plus multi-rank and multi-channel organisations. */
const SETUPS: Setup[] = [
  { standard: 'DDR3-1600', mapping: 'RoBaCo' },
  { standard: 'DDR4-2400', mapping: 'RoBaRaCoCh' },
  { standard: 'DDR4-3200', mapping: 'RoRaBaChCo' },
  { standard: 'LPDDR4-3200', mapping: 'RoBaRaCoCh' },
  { standard: 'DDR4-2400', organization: { channels: 2, ranks: 2 }, mapping: 'RoBaRaCoCh' },
  { standard: 'DDR3-1600', organization: { channels: 1, ranks: 4 }, mapping: 'RoRaBaChCo' },
  { standard: 'LPDDR4-3200', organization: { channels: 2, ranks: 2 }, mapping: 'ChRaBaRoCo' },
];

function hasPerBankRefresh(standard: string): boolean {
  const t = getStandard(standard).timingCycles;
  return t.RFCpb !== undefined && t.REFIpb !== undefined;
}

/** A knob setting drawn over the whole space (PerBank refresh only where the standard has it). */
function drawKnobs(random: () => number, standard: string): ControllerKnobs {
  const one = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)];
  const refreshPolicies: ControllerKnobs['RefreshPolicy'][] = hasPerBankRefresh(standard) ? ['NoRefresh', 'AllBank', 'PerBank', 'PerBank'] : ['NoRefresh', 'AllBank', 'AllBank'];
  return {
    PagePolicy: one(['Open', 'OpenAdaptive', 'Closed', 'ClosedAdaptive'] as const),
    Scheduler: one(['Fifo', 'FrFcfsGrp', 'FrFcfs'] as const),
    SchedulerBuffer: one(['Bankwise', 'ReadWrite', 'Shared'] as const),
    RequestBufferSize: one([1, 2, 4, 8, 16, 32, 64, 128]),
    RespQueue: one(['Fifo', 'Reorder'] as const),
    RefreshPolicy: one(refreshPolicies),
    RefreshMaxPostponed: one([0, 1, 2, 4, 8]),
    RefreshMaxPulledin: one([0, 1, 2, 4, 8]),
    Arbiter: one(['Simple', 'Fifo', 'Reorder'] as const),
    MaxActiveTransactions: one([1, 2, 4, 8, 16, 32, 64, 128]),
    CmdMux: one(['Oldest', 'Oldest', 'Strict'] as const),
    PowerDownPolicy: one(['NoPowerDown', 'Staggered'] as const),
  };
}

/** The traces: every generator, at each arrival pattern somewhere. */
const TRACES: { trace: string; arrival: Arrival }[] = [
  ...WORKLOAD_NAMES.map((trace) => ({ trace, arrival: 'dense' as Arrival })),
  { trace: 'rwmix', arrival: 'spaced' },
  { trace: 'cloud-1', arrival: 'spaced' },
  { trace: 'rwmix', arrival: 'sparse' },
  { trace: 'stream', arrival: 'sparse' },
];

/**
 * The case set. Per setup and trace: the defaults under Open and Closed page (the benchmark's
 * settings), then `draws` knob settings drawn over the whole space.
 */
export function goldenCases(options: { requests: number; draws: number; seed: number }): GoldenCase[] {
  const random = rngOf(options.seed);
  const cases: GoldenCase[] = [];
  for (const setup of SETUPS) {
    for (const { trace, arrival } of TRACES) {
      const base = { ...setup, trace, requests: options.requests, seed: 1 + Math.floor(random() * 1000), arrival };
      cases.push({ ...base, knobs: { ...DEFAULT_KNOBS, PagePolicy: 'Open' } });
      cases.push({ ...base, knobs: { ...DEFAULT_KNOBS, PagePolicy: 'Closed' } });
      for (let d = 0; d < options.draws; d++) cases.push({ ...base, knobs: drawKnobs(random, setup.standard) });
    }
  }
  return cases;
}

/** The committed set: small enough for the test suite. */
export const QUICK = { requests: 2500, draws: 5, seed: 20261128 };
/** A larger set, for checking by hand (`generate.ts --full`). */
export const FULL = { requests: 10_000, draws: 12, seed: 7 };
