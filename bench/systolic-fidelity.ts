/**
 * Fidelity of the systolic array's analytic memory models against the address-level reference
 * simulation of SCALE-Sim v2 (spaces/systolic/memory/reference.ts), on every layer of every
 * built-in network:
 * - CALC mode: DRAM reads + writes of `dramTrafficCalc` vs the reference (goal: <= 5% per layer);
 * - USER mode: total cycles of `dramTrafficUser` vs the reference (goal: <= 15% per layer).
 * Configs: arrays 32x32 / 64x64 / 128x128, dataflows os / ws / is, every SRAM 64 / 256 / 1024 KB,
 * USER bandwidths 1 / 10 / 64 words per cycle. The reference walks every SRAM demand, so a
 * (layer, config) whose walk would exceed WALK_BUDGET demands is skipped and listed as such;
 * identical layers (same lowered GEMM and im2col geometry) are simulated once.
 * Extra coverage: layers skipped at every grid config are walked at EXTRA_CONFIGS (64x64, 256 KB,
 * os / ws / is) with a much larger demand budget and a per-walk time limit, on a worker thread
 * alongside the grid; what still does not fit is listed as not covered.
 */
import { cpus } from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { writeResult } from './common.js';
import { newSubLayerCompute, subLayerComputeInto } from '../spaces/systolic/compute/compute.js';
import { lowerLayer } from '../spaces/systolic/compute/lowering.js';
import type { ArrayShape, Dataflow, Layer } from '../spaces/systolic/compute/types.js';
import { dramTrafficCalc, type SramWords } from '../spaces/systolic/memory/calc.js';
import { replayUser, scaleResult, subLayerShape, walkSubLayer } from '../spaces/systolic/memory/reference.js';
import { dramTrafficUser } from '../spaces/systolic/memory/user.js';
import { networks } from '../spaces/systolic/networks/index.js';

const ARRAYS = [32, 64, 128];
const DATAFLOWS: Dataflow[] = ['os', 'ws', 'is'];
const SRAM_KB = [64, 256, 1024];
const BANDWIDTHS = [1, 10, 64];
/** Largest number of SRAM demands one reference walk may make (about a second of work). */
const WALK_BUDGET = 4_000_000;
/**
 * Extra coverage: layers the grid skips at every config are walked at these configs with this
 * larger budget (the reference walks about 20-45 M demands per second on one core here; the extra
 * walks run on a second thread while the grid runs).
 */
const EXTRA_CONFIGS: Config[] = DATAFLOWS.map((dataflow) => ({ array: { rows: 64, cols: 64 }, dataflow, sramKb: 256 }));
const EXTRA_BUDGET = 250_000_000;
/** Longest an extra walk may take (seconds) before it is abandoned. */
const EXTRA_SECONDS = 15;
/** The USER bandwidth the extra-coverage tables lead with (all of BANDWIDTHS are run). */
const EXTRA_BANDWIDTH = 10;
const CALC_GOAL = 0.05;
const USER_GOAL = 0.15;
/** Layers over a goal listed in the Markdown (all are in the JSON). */
const LISTED = 60;

interface Config {
  array: ArrayShape;
  dataflow: Dataflow;
  sramKb: number;
}

interface CaseResult {
  layer: string;
  config: string;
  calcError: number;
  /** Worst over the bandwidths. */
  userError: number;
  userWorstBandwidth: number;
}

interface NetworkSummary {
  network: string;
  layers: number;
  /** Layers with at least one config simulated, on the grid or in the extra coverage. */
  layersCovered: number;
  /** Layers with at least one grid config simulated (the grid's cases and errors below). */
  layersCoveredByGrid: number;
  /** Layers the grid skips at every config that the extra coverage walks. */
  layersCoveredByExtra: number;
  casesRun: number;
  casesSkipped: number;
  /** Layers the grid skips at every config. */
  skippedLayers: string[];
  /** Layers not simulated at any config, grid or extra, with the demands of their smallest extra walk. */
  uncoveredLayers: { layer: string; demands: number }[];
  /** Extra coverage: (layer, config) cases run and their worst errors (USER: at EXTRA_BANDWIDTH and over every bandwidth). */
  extraCases: number;
  extraCalcMaxError: number;
  extraUserMaxErrorAtBandwidth: number;
  extraUserMaxError: number;
  extraCasesOverGoal: number;
  calcMaxError: number;
  calcMeanError: number;
  calcWorst: string;
  userMaxError: number;
  userMeanError: number;
  userWorst: string;
  calcPass: boolean;
  userPass: boolean;
  /** Share of the cases run that meet each goal. */
  calcCasesWithinGoal: number;
  userCasesWithinGoal: number;
}

function configs(): Config[] {
  const out: Config[] = [];
  for (const a of ARRAYS) for (const dataflow of DATAFLOWS) for (const sramKb of SRAM_KB) out.push({ array: { rows: a, cols: a }, dataflow, sramKb });
  return out;
}

function configName(c: Config): string {
  return `${c.array.rows}x${c.array.cols} ${c.dataflow} ${c.sramKb}KB`;
}

/** SRAM demands (and prefetch entries) the reference would walk for one sub-layer. */
function walkDemands(layer: Layer, c: Config): number {
  const { m, n, k } = lowerLayer(layer).gemm;
  const sub = subLayerComputeInto(c.dataflow, m, n, k, c.array.rows, c.array.cols, 'scalesim', newSubLayerCompute());
  return sub.ifmapReads + sub.filterReads + m * k + k * n;
}

function relativeError(model: number, reference: number): number {
  return reference === 0 ? (model === 0 ? 0 : 1) : Math.abs(model - reference) / reference;
}

/**
 * A key that is equal for layers the memory system cannot tell apart: the reference's sub-layer
 * (lowered GEMM plus im2col geometry) and how many of them run, the layer kind (the analytic
 * models see the layer) and depthwise-ness. GPT-2's 12 blocks, ResNet's repeated blocks and the
 * scalesim/* copies are walked once.
 */
function layerKey(layer: Layer): string {
  const { shape: s, count } = subLayerShape(layer);
  const kind = layer.kind === 'gemm' ? 'g' : layer.depthwise ? 'dw' : 'c';
  return `${kind}${s.m}x${s.n}x${s.k}|${s.ifmapH}x${s.ifmapW}x${s.channels}|${s.filterH}x${s.filterW}s${s.stride}o${s.outW}|x${count}`;
}

type CaseErrors = Omit<CaseResult, 'layer' | 'config'> & { /** Per bandwidth, in BANDWIDTHS order. */ userErrors: number[] };

/** Errors of the analytic models on one (layer, config), walking the reference whatever its size. */
function runCaseUnchecked(layer: Layer, c: Config): CaseErrors {
  const words = c.sramKb * 1024;
  const sram: SramWords = { ifmap: words, filter: words, ofmap: words };
  const { shape, count } = subLayerShape(layer);
  const walk = walkSubLayer(c.dataflow, shape, c.array, sram);
  const refCalc = (walk.calcIfmapReads + walk.calcFilterReads + walk.ofmapWrites) * count;
  const calc = dramTrafficCalc(layer, c.array, c.dataflow, sram);
  const calcError = relativeError(calc.ifmapReads + calc.filterReads + calc.ofmapWrites, refCalc);
  let userError = 0;
  let userWorstBandwidth = BANDWIDTHS[0];
  const userErrors: number[] = [];
  for (const b of BANDWIDTHS) {
    const ref = scaleResult(replayUser(walk, sram, b), count);
    const model = dramTrafficUser(layer, c.array, c.dataflow, sram, b);
    const e = relativeError(model.totalCycles, ref.totalCycles);
    userErrors.push(e);
    if (e > userError) [userError, userWorstBandwidth] = [e, b];
  }
  return { calcError, userError, userWorstBandwidth, userErrors };
}

/** Errors of the analytic models on one (layer, config), or null when the reference is too slow. */
function runCase(layer: Layer, c: Config): CaseErrors | null {
  return walkDemands(layer, c) > WALK_BUDGET ? null : runCaseUnchecked(layer, c);
}

/** One extra-coverage walk: a distinct layer shape at one extra config. */
interface ExtraJob {
  key: string;
  layer: Layer;
  config: Config;
  demands: number;
}

interface ExtraResult {
  key: string;
  config: string;
  demands: number;
  /** Null when the walk was not run or not finished (see `skip`). */
  errors: CaseErrors | null;
  /** Why errors is null: over EXTRA_BUDGET demands, or over EXTRA_SECONDS of walking. */
  skip?: 'budget' | 'time';
  seconds: number;
}

function runExtraJob(j: ExtraJob): ExtraResult {
  const t = performance.now();
  const errors = j.demands > EXTRA_BUDGET ? null : runCaseUnchecked(j.layer, j.config);
  return { key: j.key, config: configName(j.config), demands: j.demands, errors, ...(errors ? {} : { skip: 'budget' as const }), seconds: (performance.now() - t) / 1000 };
}

/**
 * Runs the extra walks on a worker thread (the grid keeps the main thread), or inline from a .ts
 * source. Some walks are far slower per demand than others (ws on large fully connected layers:
 * about 2 M demands per second against 10 to 90 M elsewhere), so a walk that takes over
 * EXTRA_SECONDS is abandoned: the worker is stopped, the walk recorded as not finished, and a new
 * worker goes on with the rest.
 */
function startExtra(jobs: ExtraJob[]): Promise<ExtraResult[]> {
  if (!import.meta.url.endsWith('.js')) return new Promise((resolve) => setImmediate(() => resolve(jobs.map(runExtraJob))));
  const results: ExtraResult[] = [];
  return new Promise((resolve, reject) => {
    const launch = (): void => {
      if (results.length === jobs.length) {
        resolve(results);
        return;
      }
      // The worker's progress in shared memory (walks done, start of the current walk in ms), so
      // the watchdog judges by wall time whatever the main thread was busy with.
      const progress = new Float64Array(new SharedArrayBuffer(16));
      progress[0] = results.length;
      progress[1] = Date.now();
      const worker = new Worker(new URL(import.meta.url), { workerData: { systolicFidelityExtra: jobs.slice(results.length), progress, first: results.length } });
      let stopped = false;
      const watchdog = setInterval(() => {
        if (stopped || progress[0] !== results.length || results.length >= jobs.length) return;
        if (Date.now() - progress[1] <= EXTRA_SECONDS * 1000) return;
        stopped = true;
        clearInterval(watchdog);
        const j = jobs[results.length];
        results.push({ key: j.key, config: configName(j.config), demands: j.demands, errors: null, skip: 'time', seconds: EXTRA_SECONDS });
        process.stdout.write(`extra: ${j.layer.name} ${configName(j.config)} (${(j.demands / 1e6).toFixed(1)} M demands) not finished in ${EXTRA_SECONDS} s\n`);
        void worker.terminate().then(launch, reject);
      }, 500);
      worker.on('message', (m: ExtraResult) => {
        if (!stopped) results.push(m);
      });
      worker.once('error', (e) => {
        clearInterval(watchdog);
        reject(e);
      });
      worker.once('exit', () => {
        if (stopped) return;
        clearInterval(watchdog);
        if (results.length === jobs.length) resolve(results);
        else reject(new Error(`systolic-fidelity extra worker stopped after ${results.length} of ${jobs.length} walks`));
      });
    };
    launch();
  });
}

const extraData = isMainThread ? undefined : (workerData as { systolicFidelityExtra?: ExtraJob[]; progress: Float64Array; first: number } | null);
if (extraData?.systolicFidelityExtra && parentPort) {
  const { systolicFidelityExtra: work, progress, first } = extraData;
  for (let i = 0; i < work.length; i++) {
    progress[1] = Date.now();
    const r = runExtraJob(work[i]);
    parentPort.postMessage(r);
    progress[0] = first + i + 1;
  }
}

/** One extra-coverage row: a group of identical layers of a network at one config. */
interface ExtraRow {
  network: string;
  layers: string[];
  config: string;
  demands: number;
  calcError: number | null;
  userErrorAtBandwidth: number | null;
  userError: number | null;
  userWorstBandwidth: number | null;
  /** Why the errors are null: over the demand budget, or not finished within EXTRA_SECONDS. */
  skip?: 'budget' | 'time';
}

function summarize(network: string, layers: Layer[], results: CaseResult[], skipped: Map<string, number>, extra: ExtraRow[]): NetworkSummary {
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const worst = (key: 'calcError' | 'userError'): CaseResult | undefined => results.reduce<CaseResult | undefined>((w, r) => (!w || r[key] > w[key] ? r : w), undefined);
  const calcWorst = worst('calcError');
  const userWorst = worst('userError');
  const covered = new Set(results.map((r) => r.layer));
  const extraRun = extra.filter((r) => r.calcError !== null);
  const coveredExtra = new Set(extraRun.flatMap((r) => r.layers));
  const smallestExtra = new Map<string, number>();
  for (const r of extra) for (const l of r.layers) smallestExtra.set(l, Math.min(smallestExtra.get(l) ?? Infinity, r.demands));
  const calcMax = calcWorst?.calcError ?? 0;
  const userMax = userWorst?.userError ?? 0;
  const maxOf = (xs: number[]): number => xs.reduce((a, b) => Math.max(a, b), 0);
  return {
    network,
    layers: layers.length,
    layersCovered: layers.filter((l) => covered.has(l.name) || coveredExtra.has(l.name)).length,
    layersCoveredByGrid: layers.filter((l) => covered.has(l.name)).length,
    layersCoveredByExtra: layers.filter((l) => !covered.has(l.name) && coveredExtra.has(l.name)).length,
    casesRun: results.length,
    casesSkipped: [...skipped.values()].reduce((a, b) => a + b, 0),
    skippedLayers: layers.filter((l) => !covered.has(l.name)).map((l) => l.name),
    uncoveredLayers: layers
      .filter((l) => !covered.has(l.name) && !coveredExtra.has(l.name))
      .map((l) => ({ layer: l.name, demands: smallestExtra.get(l.name) ?? 0 })),
    extraCases: extraRun.reduce((a, r) => a + r.layers.length, 0),
    extraCalcMaxError: maxOf(extraRun.map((r) => r.calcError ?? 0)),
    extraUserMaxErrorAtBandwidth: maxOf(extraRun.map((r) => r.userErrorAtBandwidth ?? 0)),
    extraUserMaxError: maxOf(extraRun.map((r) => r.userError ?? 0)),
    extraCasesOverGoal: extraRun.filter((r) => (r.calcError ?? 0) > CALC_GOAL || (r.userError ?? 0) > USER_GOAL).reduce((a, r) => a + r.layers.length, 0),
    calcMaxError: calcMax,
    calcMeanError: mean(results.map((r) => r.calcError)),
    calcWorst: calcWorst ? `${calcWorst.layer} (${calcWorst.config})` : '-',
    userMaxError: userMax,
    userMeanError: mean(results.map((r) => r.userError)),
    userWorst: userWorst ? `${userWorst.layer} (${userWorst.config}, B=${userWorst.userWorstBandwidth})` : '-',
    calcCasesWithinGoal: results.length ? results.filter((r) => r.calcError <= CALC_GOAL).length / results.length : 0,
    userCasesWithinGoal: results.length ? results.filter((r) => r.userError <= USER_GOAL).length / results.length : 0,
    calcPass: results.length > 0 && calcMax <= CALC_GOAL,
    userPass: results.length > 0 && userMax <= USER_GOAL,
  };
}

/** Per layer: configs run and its worst CALC and USER cases (the JSON stays small). */
function worstPerLayer(results: CaseResult[]): { layer: string; configs: number; calcError: number; calcConfig: string; userError: number; userConfig: string }[] {
  const byLayer = new Map<string, { layer: string; configs: number; calcError: number; calcConfig: string; userError: number; userConfig: string }>();
  for (const r of results) {
    const w = byLayer.get(r.layer) ?? { layer: r.layer, configs: 0, calcError: -1, calcConfig: '', userError: -1, userConfig: '' };
    w.configs++;
    if (r.calcError > w.calcError) [w.calcError, w.calcConfig] = [r.calcError, r.config];
    if (r.userError > w.userError) [w.userError, w.userConfig] = [r.userError, `${r.config} B=${r.userWorstBandwidth}`];
    byLayer.set(r.layer, w);
  }
  return [...byLayer.values()];
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Names of a group of identical layers, shortened when long. */
function groupName(layers: string[]): string {
  return layers.length <= 3 ? layers.join(', ') : `${layers[0]}, ${layers[1]}, …, ${layers[layers.length - 1]} (${layers.length} identical)`;
}

const demandsText = (d: number): string => `${(d / 1e6).toFixed(1)} M`;

function markdown(summaries: NetworkSummary[], perLayer: Record<string, CaseResult[]>, extra: ExtraRow[], seconds: number, extraSeconds: number): string {
  const lines = [
    '# Systolic memory models vs the SCALE-Sim v2 reference simulation',
    '',
    `Analytic CALC DRAM traffic (reads + writes) and USER total cycles vs spaces/systolic/memory/reference.ts, every layer of every built-in network. Grid configs: arrays ${ARRAYS.map((a) => `${a}x${a}`).join(' / ')}, dataflows ${DATAFLOWS.join(' / ')}, SRAMs ${SRAM_KB.join(' / ')} KB (each buffer), USER bandwidths ${BANDWIDTHS.join(' / ')} words/cycle. Goals: CALC <= ${pct(CALC_GOAL)}, USER <= ${pct(USER_GOAL)} on every layer. A (layer, config) whose reference walk would exceed ${WALK_BUDGET.toLocaleString('en-US')} SRAM demands is skipped on the grid; layers the grid skips at every config are walked in the extra coverage below (${EXTRA_CONFIGS.map(configName).join(' / ')}, up to ${EXTRA_BUDGET.toLocaleString('en-US')} demands and ${EXTRA_SECONDS} s per walk). Layers with identical shapes (same lowered GEMM and im2col geometry) are walked once and their results reused. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'} in ${seconds.toFixed(0)} s (the extra walks: ${extraSeconds.toFixed(0)} s on a second thread, alongside the grid).`,
    '',
    'Columns from "cases run" on are the grid only; "covered" counts layers simulated at some config, grid or extra (grid + extra).',
    '',
    '| network | layers | covered (grid + extra) | cases run / skipped | CALC max | CALC mean | cases within 5% | CALC worst | CALC | USER max | USER mean | cases within 15% | USER worst | USER |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of summaries) {
    lines.push(
      `| ${s.network} | ${s.layers} | ${s.layersCovered} (${s.layersCoveredByGrid} + ${s.layersCoveredByExtra}) | ${s.casesRun} / ${s.casesSkipped} | ${pct(s.calcMaxError)} | ${pct(s.calcMeanError)} | ${pct(s.calcCasesWithinGoal)} | ${s.calcWorst} | ${s.calcPass ? 'pass' : 'FAIL'} | ${pct(s.userMaxError)} | ${pct(s.userMeanError)} | ${pct(s.userCasesWithinGoal)} | ${s.userWorst} | ${s.userPass ? 'pass' : 'FAIL'} |`,
    );
  }
  const uncovered = summaries.filter((s) => s.uncoveredLayers.length > 0);
  lines.push('', '## Not covered at any config', '');
  if (uncovered.length === 0) lines.push(`None: every layer of every network is simulated at some config (grid or extra).`);
  else {
    lines.push(
      `Layers whose reference walk exceeds ${WALK_BUDGET.toLocaleString('en-US')} demands at every grid config and, at every extra config, either exceeds ${EXTRA_BUDGET.toLocaleString('en-US')} demands or does not finish within ${EXTRA_SECONDS} s (the reference's speed varies a lot: about 2 to 90 M demands per second here, slowest for ws on large fully connected layers). Demands of the smallest extra walk in brackets; the extra table below says which limit each walk hit.`,
      '',
    );
    for (const s of uncovered) lines.push(`- ${s.network}: ${s.uncoveredLayers.map((u) => `${u.layer} (${demandsText(u.demands)})`).join(', ')}`);
  }
  const unfinished = extra.filter((r) => r.calcError === null);
  if (unfinished.length > 0) {
    lines.push(
      '',
      `Extra walks not run (over ${EXTRA_BUDGET.toLocaleString('en-US')} demands) or not finished within ${EXTRA_SECONDS} s; these layers are covered at the other extra configs only (the slow ones are ws on large fully connected layers, where the reference walks about 2 M demands per second or fewer; the cause was not profiled):`,
      '',
    );
    for (const r of unfinished) lines.push(`- ${r.network}: ${groupName(r.layers)} at ${r.config} (${demandsText(r.demands)} demands, ${r.skip === 'time' ? 'not finished' : 'over budget'})`);
  }
  const skipped = summaries.filter((s) => s.skippedLayers.length > 0);
  if (skipped.length > 0) {
    lines.push('', '## Layers too large for the reference at every grid config', '', 'These are covered (where they fit) only by the extra coverage below.', '');
    for (const s of skipped) lines.push(`- ${s.network}: ${s.skippedLayers.join(', ')}`);
  }
  lines.push(
    '',
    '## Extra coverage: layers the grid skips at every config',
    '',
    `Each distinct layer shape walked once per config (${EXTRA_CONFIGS.map(configName).join(' / ')}); USER errors at B = ${EXTRA_BANDWIDTH} and the worst over B = ${BANDWIDTHS.join(' / ')}. "demands" is the reference's SRAM demands (plus prefetch entries) for one sub-layer. Not part of the grid statistics above.`,
    '',
    `| network | layers added | cases | CALC max | USER max (B=${EXTRA_BANDWIDTH}) | USER max (any B) | cases over a goal |`,
    '|---|---|---|---|---|---|---|',
  );
  for (const s of summaries.filter((x) => x.skippedLayers.length > 0)) {
    lines.push(`| ${s.network} | ${s.layersCoveredByExtra} of ${s.skippedLayers.length} | ${s.extraCases} | ${pct(s.extraCalcMaxError)} | ${pct(s.extraUserMaxErrorAtBandwidth)} | ${pct(s.extraUserMaxError)} | ${s.extraCasesOverGoal} |`);
  }
  lines.push('', `| network | layer | config | demands | CALC error | USER error (B=${EXTRA_BANDWIDTH}) | USER worst (B) | goals |`, '|---|---|---|---|---|---|---|---|');
  for (const r of extra) {
    if (r.calcError === null) {
      const why = r.skip === 'time' ? `not finished in ${EXTRA_SECONDS} s` : 'not run (over the demand budget)';
      lines.push(`| ${r.network} | ${groupName(r.layers)} | ${r.config} | ${demandsText(r.demands)} | ${why} | - | - | - |`);
      continue;
    }
    const over = [r.calcError > CALC_GOAL ? 'CALC over' : '', (r.userError ?? 0) > USER_GOAL ? 'USER over' : ''].filter(Boolean).join(', ') || 'ok';
    lines.push(
      `| ${r.network} | ${groupName(r.layers)} | ${r.config} | ${demandsText(r.demands)} | ${pct(r.calcError)} | ${pct(r.userErrorAtBandwidth ?? 0)} | ${pct(r.userError ?? 0)} (${r.userWorstBandwidth}) | ${over} |`,
    );
  }
  const over: { network: string; r: CaseResult; score: number }[] = [];
  for (const [network, results] of Object.entries(perLayer)) {
    const worstByLayer = new Map<string, { r: CaseResult; score: number }>();
    for (const r of results) {
      const score = Math.max(r.calcError / CALC_GOAL, r.userError / USER_GOAL);
      if (score > (worstByLayer.get(r.layer)?.score ?? 0)) worstByLayer.set(r.layer, { r, score });
    }
    for (const { r, score } of worstByLayer.values()) if (score > 1) over.push({ network, r, score });
  }
  over.sort((a, b) => b.score - a.score);
  if (over.length === 0) {
    lines.push('', '## Layers over a goal on the grid: none');
    return lines.join('\n');
  }
  lines.push(
    '',
    `## Layers over a goal on the grid: ${over.length} (the ${Math.min(over.length, LISTED)} worst, at their worst config)`,
    '',
    '| network | layer | config | CALC error | USER error (B) |',
    '|---|---|---|---|---|',
  );
  for (const { network, r } of over.slice(0, LISTED)) {
    lines.push(`| ${network} | ${r.layer} | ${r.config} | ${pct(r.calcError)} | ${pct(r.userError)} (${r.userWorstBandwidth}) |`);
  }
  return lines.join('\n');
}

export async function runSystolicFidelity(): Promise<void> {
  const t0 = performance.now();
  // Layers the grid skips at every config (known from the demand counts alone) go to the extra
  // coverage, which starts first on a second thread.
  const grid = configs();
  const extraGroups = new Map<string, { network: string; key: string; layers: string[] }>();
  const extraJobs = new Map<string, ExtraJob>();
  for (const [network, layers] of Object.entries(networks)) {
    for (const layer of layers) {
      if (grid.some((c) => walkDemands(layer, c) <= WALK_BUDGET)) continue;
      const key = layerKey(layer);
      const group = extraGroups.get(`${network}|${key}`) ?? { network, key, layers: [] };
      group.layers.push(layer.name);
      extraGroups.set(`${network}|${key}`, group);
      for (const c of EXTRA_CONFIGS) {
        const jobKey = `${key}|${configName(c)}`;
        if (!extraJobs.has(jobKey)) extraJobs.set(jobKey, { key, layer, config: c, demands: walkDemands(layer, c) });
      }
    }
  }
  // Smallest walks first, so a walk that runs out of time costs only the largest ones.
  const extraPromise = startExtra([...extraJobs.values()].sort((a, b) => a.demands - b.demands));
  process.stdout.write(`extra coverage: ${extraGroups.size} layer groups, ${extraJobs.size} distinct walks started on a worker\n`);

  const cache = new Map<string, CaseErrors | null>();
  const gridResults: { network: string; layers: Layer[]; results: CaseResult[]; skipped: Map<string, number> }[] = [];
  const perLayer: Record<string, CaseResult[]> = {};
  for (const [network, layers] of Object.entries(networks)) {
    const results: CaseResult[] = [];
    const skipped = new Map<string, number>();
    for (const layer of layers) {
      const lk = layerKey(layer);
      for (const c of grid) {
        const key = `${lk}|${configName(c)}`;
        if (!cache.has(key)) cache.set(key, runCase(layer, c));
        const r = cache.get(key);
        if (r) results.push({ layer: layer.name, config: configName(c), calcError: r.calcError, userError: r.userError, userWorstBandwidth: r.userWorstBandwidth });
        else skipped.set(layer.name, (skipped.get(layer.name) ?? 0) + 1);
      }
      await new Promise((resolve) => setImmediate(resolve)); // let the extra walks' watchdog run
    }
    perLayer[network] = results;
    gridResults.push({ network, layers, results, skipped });
    process.stdout.write(`${network}: grid ${results.length} cases, ${skipped.size > 0 ? [...skipped.values()].reduce((a, b) => a + b, 0) : 0} skipped (${((performance.now() - t0) / 1000).toFixed(0)} s)\n`);
  }
  const gridSeconds = (performance.now() - t0) / 1000;
  const extraResults = await extraPromise;
  const extraSeconds = extraResults.reduce((a, r) => a + r.seconds, 0);
  const byJob = new Map(extraResults.map((r) => [`${r.key}|${r.config}`, r]));
  const bIndex = BANDWIDTHS.indexOf(EXTRA_BANDWIDTH);
  const extra: ExtraRow[] = [];
  for (const g of extraGroups.values()) {
    for (const c of EXTRA_CONFIGS) {
      const r = byJob.get(`${g.key}|${configName(c)}`);
      if (!r) throw new Error(`missing extra result ${g.key} ${configName(c)}`);
      const e = r.errors;
      extra.push({
        network: g.network,
        layers: g.layers,
        config: r.config,
        demands: r.demands,
        calcError: e?.calcError ?? null,
        userErrorAtBandwidth: e ? e.userErrors[bIndex] : null,
        userError: e?.userError ?? null,
        userWorstBandwidth: e?.userWorstBandwidth ?? null,
        ...(r.skip ? { skip: r.skip } : {}),
      });
    }
  }
  const summaries: NetworkSummary[] = gridResults.map((g) =>
    summarize(
      g.network,
      g.layers,
      g.results,
      g.skipped,
      extra.filter((r) => r.network === g.network),
    ),
  );
  for (const s of summaries) {
    process.stdout.write(
      `${s.network}: covered ${s.layersCovered}/${s.layers} (grid ${s.layersCoveredByGrid} + extra ${s.layersCoveredByExtra}); grid CALC max ${pct(s.calcMaxError)}, USER max ${pct(s.userMaxError)}; extra CALC max ${pct(s.extraCalcMaxError)}, USER max ${pct(s.extraUserMaxError)}\n`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  const json = {
    goals: { calc: CALC_GOAL, user: USER_GOAL },
    configs: { arrays: ARRAYS, dataflows: DATAFLOWS, sramKb: SRAM_KB, bandwidths: BANDWIDTHS, walkBudget: WALK_BUDGET },
    extraConfigs: { configs: EXTRA_CONFIGS.map(configName), bandwidths: BANDWIDTHS, leadBandwidth: EXTRA_BANDWIDTH, walkBudget: EXTRA_BUDGET },
    seconds,
    gridSeconds,
    extraWalkSeconds: extraSeconds,
    networks: summaries,
    layers: Object.fromEntries(Object.entries(perLayer).map(([network, results]) => [network, worstPerLayer(results)])),
    extra,
  };
  writeResult('systolic-fidelity', json, markdown(summaries, perLayer, extra, seconds, extraSeconds));
}
