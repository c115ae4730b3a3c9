/**
 * The DRAM controller benchmarks.
 * - `dram`: simulated requests per second on one thread (the study's four 10,000-request traces on
 *   DDR3-1600, and 100,000-request stream and random traces on DDR4-2400), and the first-principles
 *   figures the timing model must reproduce, each against its closed form.
 * - `dram-exhaustive` (long, both cores): the grid over the whole 442,368-design knob space on the
 *   study's stream trace, through the sweep engine with 2 worker threads; its exact Pareto fronts
 *   (total time vs average power, total time vs energy) go to experiments/dram-fronts/stream/.
 * Timings are medians of repeats in one process; the machine is shared, so they are noisy.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AddressMapper } from '../spaces/dram/address/index.js';
import { DEFAULT_KNOBS, STUDY_KNOB_VALUES, simulateController, type ControllerKnobs } from '../spaces/dram/controller/index.js';
import { getStandard, type DramStandard } from '../spaces/dram/standards/index.js';
import { arrayFeed as feedOf, loadWorkload } from '../spaces/dram/workload.js';
import { groupedFront } from './dram-fronts.js';
import { parseSpec } from '../src/study/spec.js';
import { startSweep } from '../src/study/sweep.js';
import { machine, median, RESULTS_DIR, writeResult } from './common.js';

const REPEATS = 7;
const NO_REFRESH: ControllerKnobs = { ...DEFAULT_KNOBS, RefreshPolicy: 'NoRefresh' };

function gbps(standard: DramStandard, requests: number, cycles: number): number {
  return (requests * 64) / ((cycles * 1000) / standard.clockMHz);
}

interface SpeedRow {
  standard: string;
  trace: string;
  requests: number;
  pagePolicy: string;
  requestsPerSecond: number;
  msPerRun: number;
}

function measureSpeed(standardName: string, mapping: string, trace: string, requests: number, pagePolicy: 'Open' | 'Closed'): SpeedRow {
  const standard = getStandard(standardName);
  const workload = loadWorkload({ trace, requests }, standard, new AddressMapper(standard, mapping));
  const knobs: ControllerKnobs = { ...DEFAULT_KNOBS, PagePolicy: pagePolicy };
  // Warm up until the JIT has settled: at least 30 runs and 500 ms (the controller's hot paths
  // keep being re-optimized for the first 15-25 runs of a process).
  const warmStart = performance.now();
  for (let i = 0; i < 30 || performance.now() - warmStart < 500; i++) simulateController(standard, knobs, workload.feed());
  const times: number[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    simulateController(standard, knobs, workload.feed());
    times.push(performance.now() - start);
  }
  const ms = median(times);
  return { standard: standardName, trace, requests, pagePolicy, requestsPerSecond: (requests / ms) * 1000, msPerRun: ms };
}

interface FigureRow {
  check: string;
  expected: string;
  measured: string;
  withinPct: number;
}

function figure(check: string, expected: number, measured: number, unit: string): FigureRow {
  return { check, expected: `${expected} ${unit}`, measured: `${measured.toFixed(3)} ${unit}`, withinPct: (Math.abs(measured - expected) / expected) * 100 };
}

/** The closed-form figures of a DDR4-2400 channel (JESD79-4 timings). */
function firstPrinciples(): FigureRow[] {
  const ddr4 = getStandard('DDR4-2400');
  const mapper = new AddressMapper(ddr4, 'RoBaRaCoCh');
  const rows: FigureRow[] = [];
  const single = simulateController(
    ddr4,
    NO_REFRESH,
    feedOf([
      { arrivalCycle: 0, isWrite: false, bank: 0, row: 5 },
      { arrivalCycle: 1000, isWrite: false, bank: 0, row: 5 },
      { arrivalCycle: 2000, isWrite: false, bank: 0, row: 9 },
    ]),
  );
  // Latencies in order: miss (RCD + CL + BL), hit (CL + BL), conflict (RP + RCD + CL + BL).
  rows.push(figure('unloaded read latency, mean of miss/hit/conflict', (36 + 20 + 52) / 3, single.readLatencyCycles.mean, 'cycles'));
  const random = loadWorkload({ trace: 'random', requests: 50_000 }, ddr4, mapper);
  const r = simulateController(ddr4, { ...NO_REFRESH, RequestBufferSize: 32 }, random.feed());
  rows.push(figure('random reads, all banks, no refresh (tFAW bound: 4 x 64 B / 26 cycles)', 11.82, gbps(ddr4, r.requests, r.totalCycles), 'GB/s'));
  const oneBank = Array.from({ length: 20_000 }, (_, i) => ({ arrivalCycle: 0, isWrite: false, bank: 3, row: i % 977 }));
  const b = simulateController(ddr4, NO_REFRESH, feedOf(oneBank));
  rows.push(figure('one bank, new row every access (tRC bound: 64 B / 55 cycles)', 1.397, gbps(ddr4, b.requests, b.totalCycles), 'GB/s'));
  const stream = loadWorkload({ trace: 'stream', requests: 200_000 }, ddr4, mapper);
  const plain = simulateController(ddr4, { ...NO_REFRESH, RequestBufferSize: 32 }, stream.feed());
  const refreshed = simulateController(ddr4, { ...DEFAULT_KNOBS, RequestBufferSize: 32 }, stream.feed());
  const without = gbps(ddr4, plain.requests, plain.totalCycles);
  rows.push(figure('sequential reads, open page, RoBaRaCoCh, no refresh', 14.9, without, 'GB/s'));
  const loss = (1 - gbps(ddr4, refreshed.requests, refreshed.totalCycles) / without) * 100;
  rows.push({ check: 'all-bank refresh loss on the same stream (expected 3-5%)', expected: '3-5 %', measured: `${loss.toFixed(2)} %`, withinPct: loss >= 3 && loss <= 5 ? 0 : Math.min(Math.abs(loss - 3), Math.abs(loss - 5)) });
  return rows;
}

export async function runDram(): Promise<void> {
  const speeds: SpeedRow[] = [];
  for (const trace of ['stream', 'random', 'cloud-1', 'cloud-2']) {
    for (const page of ['Open', 'Closed'] as const) speeds.push(measureSpeed('DDR3-1600', 'RoBaCo', trace, 10_000, page));
  }
  for (const trace of ['stream', 'random']) {
    for (const page of ['Open', 'Closed'] as const) speeds.push(measureSpeed('DDR4-2400', 'RoBaRaCoCh', trace, 100_000, page));
  }
  const figures = firstPrinciples();
  const env = machine();
  const lines = [
    '# DRAM controller: speed and first-principles figures',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${env.cpus} x ${env.cpuModel} (1-minute load average ${Number(env.loadAverage1m).toFixed(1)}); median of ${REPEATS} runs after warm-up, one thread. Goal: at least 1,000,000 simulated requests per second on the stream and random traces.`,
    '',
    '| standard | trace | requests | page policy | requests/s | ms per run |',
    '|---|---|---|---|---|---|',
    ...speeds.map((s) => `| ${s.standard} | ${s.trace} | ${s.requests.toLocaleString('en-US')} | ${s.pagePolicy} | ${Math.round(s.requestsPerSecond).toLocaleString('en-US')} | ${s.msPerRun.toFixed(2)} |`),
    '',
    'Other knobs at their defaults (FrFcfs, Bankwise buffer of 8, all-bank refresh with up to 8 postponed).',
    '',
    '## First-principles figures (DDR4-2400, JESD79-4 timings)',
    '',
    '| check | closed form | measured | off by |',
    '|---|---|---|---|',
    ...figures.map((f) => `| ${f.check} | ${f.expected} | ${f.measured} | ${f.withinPct.toFixed(2)}% |`),
  ];
  writeResult('dram', { machine: env, repeats: REPEATS, speeds, figures }, lines.join('\n'));
}

/**
 * The exact 2-D fronts of an exhaustive run, from its samples.csv. Many knob settings give
 * identical results (e.g. RespQueue on a read-only in-order stream), so designs are grouped by
 * their objective pair first: each front row is one distinct (time, second objective) point with
 * the number of designs that reach it and the first of them in grid order.
 */
export function extractFronts(samplesCsv: string, outDir: string): Record<string, { points: number; designs: number }> {
  const rows = readFileSync(samplesCsv, 'utf8').trim().split('\n');
  const header = rows[0].split(',');
  const column = (name: string) => header.indexOf(name);
  const records = rows.slice(1).map((line) => line.split(','));
  const knobs = Object.keys(STUDY_KNOB_VALUES);
  const shown = ['totalTimeNs', 'avgPowerMw', 'energyNj', 'avgReadLatencyNs', 'bandwidthGBps'];
  mkdirSync(outDir, { recursive: true });
  const fronts: Record<string, { points: number; designs: number }> = {};
  for (const [name, second] of [['latency-power', 'avgPowerMw'], ['latency-energy', 'energyNj']] as const) {
    const front = groupedFront(records, (r) => [Number(r[column('totalTimeNs')]), Number(r[column(second)])]);
    const lines = [[...shown, 'designs', ...knobs].join(','), ...front.map((g) => [...shown.map((m) => g.first[column(m)]), g.count, ...knobs.map((k) => g.first[column(k)])].join(','))];
    writeFileSync(join(outDir, `${name}.csv`), `${lines.join('\n')}\n`);
    fronts[name] = { points: front.length, designs: front.reduce((sum, g) => sum + g.count, 0) };
  }
  return fronts;
}

function frontText(front: { points: number; designs: number }): string {
  return `${front.points} ${front.points === 1 ? 'point' : 'points'} (${front.designs.toLocaleString('en-US')} designs)`;
}

/** The results page of an exhaustive run. */
export function writeExhaustiveResult(designs: number, loopSeconds: number, fronts: Record<string, { points: number; designs: number }>): void {
  const env = machine();
  const lines = [
    '# DRAM: exhaustive enumeration of the 442,368-design knob space',
    '',
    `Measured ${new Date().toISOString().slice(0, 10)} on ${env.cpus} x ${env.cpuModel}: the grid agent over every design, DDR3-1600, row-bank-column mapping, the study's 10,000-request stream trace, 2 worker threads, journal included. Goal: under one hour.`,
    '',
    '| designs | loop wall time | designs/s | latency-power front | latency-energy front |',
    '|---|---|---|---|---|',
    `| ${designs.toLocaleString('en-US')} | ${(loopSeconds / 60).toFixed(1)} min | ${Math.round(designs / loopSeconds).toLocaleString('en-US')} | ${frontText(fronts['latency-power'])} | ${frontText(fronts['latency-energy'])} |`,
    '',
    'Loop wall time: ask, evaluation on the workers, journal, archive and tell (the run summary\'s wallMs); writing samples.csv and pareto.csv adds a few minutes.',
    'Many knob settings reach identical results, so a front point stands for every design that reaches it (the `designs` column).',
    'The fronts are in experiments/dram-fronts/stream/ (latency-power.csv, latency-energy.csv): the ground truth for the agent studies.',
  ];
  writeResult('dram-exhaustive', { machine: env, designs, loopSeconds, fronts }, lines.join('\n'));
}

/** Where the exhaustive fronts are kept, in the source tree. */
export const DRAM_FRONTS_DIR = join(RESULTS_DIR, '..', '..', 'experiments', 'dram-fronts', 'stream');

/** The exhaustive run: every design of the study's space on its stream trace. */
export async function runDramExhaustive(): Promise<void> {
  const spec = parseSpec({
    name: 'dram-stream-exhaustive',
    space: 'dram',
    options: { trace: 'stream', requests: 10_000, standard: 'DDR3-1600', mapping: 'RoBaCo' },
    objectives: ['totalTimeNs', 'avgPowerMw', 'energyNj'],
    agents: ['grid'],
    budget: { evaluations: 442_368 },
    batchSize: 2000,
    workers: 2,
  });
  const scratch = mkdtempSync(join(tmpdir(), 'archdse-dram-exhaustive-'));
  try {
    const result = await startSweep(spec, process.cwd(), join(scratch, 'sweep'));
    const run = result.runs[0];
    const summary = JSON.parse(readFileSync(join(run.dir, 'summary.json'), 'utf8')) as { timing: { wallMs: number }; evaluations: { unique: number } };
    const fronts = extractFronts(join(run.dir, 'samples.csv'), DRAM_FRONTS_DIR);
    writeExhaustiveResult(summary.evaluations.unique, summary.timing.wallMs / 1000, fronts);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
