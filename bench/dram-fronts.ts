/**
 * The exact Pareto fronts of the DRAM study's space on each of its four workloads: the ground truth
 * the agents are measured against (bench/dram-study.ts).
 *
 * Every one of the 442,368 designs is accounted for, but designs the controller model cannot tell
 * apart (spaces/dram/canonical.ts: e.g. the refresh knobs under NoRefresh) are simulated once per
 * class: 56,576 simulations per read-only workload instead of 442,368, on 2 worker threads.
 * On the stream trace the result equals the plain enumeration of `dram-exhaustive`.
 *
 * Fronts go to experiments/dram-fronts/<workload>/{latency-power,latency-energy}.csv: one row per
 * distinct non-dominated objective pair, with the number of designs that reach it and the first of
 * them in enumeration order. The result of every design also goes to
 * experiments/dram-fronts/tables/<workload>.csv (about 50 MB each, not kept in the repository): the
 * study searches these tables with the `table` environment, so its many runs cost lookups instead of
 * simulations (the results are the simulator's own, design by design).
 */
import { closeSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { ThreadEvaluator } from '../src/engine/threads.js';
import { loadEnvironment } from '../src/environment/registry.js';
import type { Metrics } from '../src/objective/types.js';
import { nonDominated } from '../src/pareto/dominance.js';
import type { Point } from '../src/space/types.js';
import { AddressMapper } from '../spaces/dram/address/index.js';
import { canonicalDesign } from '../spaces/dram/canonical.js';
import { STUDY_KNOB_VALUES } from '../spaces/dram/controller/index.js';
import { getStandard } from '../spaces/dram/standards/index.js';
import { STUDY_WORKLOADS } from '../spaces/dram/trace/generators.js';
import { loadWorkload } from '../spaces/dram/workload.js';
import { machine, RESULTS_DIR, writeResult } from './common.js';

/** The study's device and traces: DDR3-1600, row-bank-column mapping, 10,000 requests each. */
export const STUDY_DRAM_OPTIONS = { requests: 10_000, standard: 'DDR3-1600', mapping: 'RoBaCo' } as const;

export const OBJECTIVE_PAIRS = {
  'latency-power': ['totalTimeNs', 'avgPowerMw'],
  'latency-energy': ['totalTimeNs', 'energyNj'],
} as const;
export type ObjectivePair = keyof typeof OBJECTIVE_PAIRS;

export const FRONTS_DIR = join(RESULTS_DIR, '..', '..', 'experiments', 'dram-fronts');
const KNOBS = Object.keys(STUDY_KNOB_VALUES);

export function frontPath(workload: string, pair: ObjectivePair, dir = FRONTS_DIR): string {
  return join(dir, workload, `${pair}.csv`);
}

/** The table of every design's result on a workload. */
export function tablePath(workload: string, dir = FRONTS_DIR): string {
  return join(dir, 'tables', `${workload}.csv`);
}

/** The metrics the fronts and tables keep. */
export const TABLE_METRICS = ['totalTimeNs', 'avgPowerMw', 'energyNj', 'avgReadLatencyNs', 'bandwidthGBps'];

/** The objective vectors of a saved exact front. */
export function readFront(workload: string, pair: ObjectivePair, dir = FRONTS_DIR): number[][] {
  const [header, ...rows] = readFileSync(frontPath(workload, pair, dir), 'utf8').trim().split('\n');
  const names = header.split(',');
  const columns = OBJECTIVE_PAIRS[pair].map((metric) => names.indexOf(metric));
  return rows.map((row) => {
    const cells = row.split(',');
    return columns.map((c) => Number(cells[c]));
  });
}

/**
 * The hypervolume reference point of a study case: the exact front's nadir plus 10% of its extent
 * in each objective (10% of the value itself where the front has no extent), so that the measure
 * rewards reaching and spreading along the front rather than the far corners of the space.
 */
export function studyReferencePoint(front: readonly (readonly number[])[]): number[] {
  return front[0].map((_, i) => {
    const values = front.map((p) => p[i]);
    const ideal = Math.min(...values);
    const nadir = Math.max(...values);
    return nadir + 0.1 * (nadir > ideal ? nadir - ideal : Math.abs(nadir));
  });
}

/**
 * The non-dominated distinct objective vectors of a list of designs, in order of the first
 * objective, each with the number of designs that reach it and the first of them.
 */
export function groupedFront<T>(designs: Iterable<T>, vectorOf: (design: T) => number[]): { vector: number[]; first: T; count: number }[] {
  const groups = new Map<string, { vector: number[]; first: T; count: number }>();
  for (const design of designs) {
    const vector = vectorOf(design);
    const key = vector.join(',');
    const group = groups.get(key);
    if (group) group.count++;
    else groups.set(key, { vector, first: design, count: 1 });
  }
  const distinct = [...groups.values()];
  return nonDominated(distinct.map((g) => g.vector))
    .map((i) => distinct[i])
    .sort((a, b) => a.vector[0] - b.vector[0]);
}

interface Class {
  representative: Point;
  members: number;
}

/** Writes both fronts of one workload under `dir`; returns what was simulated and found. */
export async function workloadFronts(
  workload: string,
  dir = FRONTS_DIR,
  options: typeof STUDY_DRAM_OPTIONS = STUDY_DRAM_OPTIONS,
): Promise<{ classes: number; seconds: number; fronts: Record<string, number> }> {
  const source = { space: 'dram', options: { ...options, trace: workload }, baseDir: process.cwd() };
  const { space } = await loadEnvironment(source);
  const standard = getStandard(options.standard);
  const facts = { hasWrites: loadWorkload({ trace: workload, requests: options.requests }, standard, new AddressMapper(standard, options.mapping)).hasWrites() };
  const classes = new Map<string, Class>();
  const classOf: string[] = [];
  const designs: Point[] = [];
  for (const point of space.enumerate()) {
    const representative = canonicalDesign(point, facts);
    const key = space.key(representative);
    const known = classes.get(key);
    if (known) known.members++;
    else classes.set(key, { representative, members: 1 });
    classOf.push(key);
    designs.push(point);
  }
  const keys = [...classes.keys()];
  const started = performance.now();
  const evaluator = new ThreadEvaluator(source, 2);
  const metricsOf = new Map<string, Metrics>();
  try {
    await evaluator.prepare();
    const CHUNK = 4000;
    for (let start = 0; start < keys.length; start += CHUNK) {
      const part = keys.slice(start, start + CHUNK);
      const outcomes = await evaluator.evaluate(part.map((k) => classes.get(k)!.representative));
      outcomes.forEach((outcome, i) => {
        if (outcome.status !== 'ok') throw new Error(`${workload}: design ${part[i]} failed: ${outcome.error}`);
        metricsOf.set(part[i], outcome.metrics);
      });
    }
  } finally {
    await evaluator.close();
  }
  const seconds = (performance.now() - started) / 1000;
  writeTable(tablePath(workload, dir), designs, (index) => metricsOf.get(classOf[index])!);
  mkdirSync(join(dir, workload), { recursive: true });
  const fronts: Record<string, number> = {};
  for (const [pair, metrics] of Object.entries(OBJECTIVE_PAIRS) as [ObjectivePair, readonly string[]][]) {
    const front = groupedFront(designs.keys(), (index) => {
      const m = metricsOf.get(classOf[index])!;
      return metrics.map((name) => m[name] as number);
    });
    const lines = [
      [...TABLE_METRICS, 'designs', ...KNOBS].join(','),
      ...front.map((g) => {
        const m = metricsOf.get(classOf[g.first])!;
        return [...TABLE_METRICS.map((name) => String(m[name])), g.count, ...KNOBS.map((k) => String(designs[g.first][k]))].join(',');
      }),
    ];
    writeFileSync(frontPath(workload, pair, dir), `${lines.join('\n')}\n`);
    fronts[pair] = front.length;
  }
  return { classes: keys.length, seconds, fronts };
}

/** Writes one row per design (knobs, then TABLE_METRICS), atomically. */
function writeTable(path: string, designs: readonly Point[], metricsAt: (index: number) => Metrics): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const partial = `${path}.partial`;
  const fd = openSync(partial, 'w');
  try {
    writeSync(fd, `${[...KNOBS, ...TABLE_METRICS].join(',')}\n`);
    const LINES = 10_000;
    for (let start = 0; start < designs.length; start += LINES) {
      const lines: string[] = [];
      for (let i = start; i < Math.min(start + LINES, designs.length); i++) {
        const m = metricsAt(i);
        lines.push([...KNOBS.map((k) => String(designs[i][k])), ...TABLE_METRICS.map((name) => String(m[name]))].join(','));
      }
      writeSync(fd, `${lines.join('\n')}\n`);
    }
  } finally {
    closeSync(fd);
  }
  renameSync(partial, path);
}

const points = (n: number) => `${n} ${n === 1 ? 'point' : 'points'}`;

export async function runDramFronts(): Promise<void> {
  const rows: { workload: string; classes: number; seconds: number; fronts: Record<string, number> }[] = [];
  for (const workload of STUDY_WORKLOADS) {
    const result = await workloadFronts(workload);
    rows.push({ workload, ...result });
    process.stdout.write(`${workload}: ${result.classes} classes simulated in ${result.seconds.toFixed(0)} s; fronts ${JSON.stringify(result.fronts)}\n`);
  }
  const env = machine();
  const lines = [
    '# DRAM study: exact fronts of the 442,368-design space on each workload',
    '',
    `Measured ${String(env.date).slice(0, 10)} on ${env.cpus} x ${env.cpuModel} (1-minute load average ${Number(env.loadAverage1m).toFixed(1)}), 2 worker threads. ` +
      `DDR3-1600, row-bank-column mapping, ${STUDY_DRAM_OPTIONS.requests.toLocaleString('en-US')}-request traces. Designs the controller model cannot tell apart ` +
      '(spaces/dram/canonical.ts) are simulated once per class; every design is counted in the fronts.',
    '',
    '| workload | classes simulated | wall time | latency-power front | latency-energy front |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| ${r.workload} | ${r.classes.toLocaleString('en-US')} | ${(r.seconds / 60).toFixed(1)} min | ${points(r.fronts['latency-power'])} | ${points(r.fronts['latency-energy'])} |`),
    '',
    'The fronts are in experiments/dram-fronts/<workload>/ (latency-power.csv, latency-energy.csv).',
  ];
  writeResult('dram-fronts', { machine: env, options: STUDY_DRAM_OPTIONS, rows }, lines.join('\n'));
}
