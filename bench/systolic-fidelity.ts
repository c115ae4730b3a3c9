/**
 * Fidelity of the systolic array's analytic memory models against the address-level reference
 * simulation of SCALE-Sim v2 (spaces/systolic/memory/reference.ts), on every layer of every
 * built-in network:
 * - CALC mode: DRAM reads + writes of `dramTrafficCalc` vs the reference (goal: <= 5% per layer);
 * - USER mode: total cycles of `dramTrafficUser` vs the reference (goal: <= 15% per layer).
 * Configs: arrays 32x32 / 64x64 / 128x128, dataflows os / ws / is, every SRAM 64 / 256 / 1024 KB,
 * USER bandwidths 1 / 10 / 64 words per cycle. The reference walks every SRAM demand, so a
 * (layer, config) whose walk would exceed WALK_BUDGET demands is skipped and listed as such;
 * identical layers are simulated once.
 */
import { cpus } from 'node:os';
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
  /** Layers with at least one config simulated. */
  layersCovered: number;
  casesRun: number;
  casesSkipped: number;
  skippedLayers: string[];
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

/** A key that is equal for layers the memory system cannot tell apart. */
function layerKey(layer: Layer): string {
  return layer.kind === 'gemm'
    ? `g${layer.m}x${layer.n}x${layer.k}`
    : `c${layer.ifmapH}x${layer.ifmapW}x${layer.filterH}x${layer.filterW}x${layer.channels}x${layer.filters}s${layer.stride}${layer.depthwise ? 'dw' : ''}`;
}

/** Errors of the analytic models on one (layer, config), or null when the reference is too slow. */
function runCase(layer: Layer, c: Config): Omit<CaseResult, 'layer' | 'config'> | null {
  if (walkDemands(layer, c) > WALK_BUDGET) return null;
  const words = c.sramKb * 1024;
  const sram: SramWords = { ifmap: words, filter: words, ofmap: words };
  const { shape, count } = subLayerShape(layer);
  const walk = walkSubLayer(c.dataflow, shape, c.array, sram);
  const refCalc = (walk.calcIfmapReads + walk.calcFilterReads + walk.ofmapWrites) * count;
  const calc = dramTrafficCalc(layer, c.array, c.dataflow, sram);
  const calcError = relativeError(calc.ifmapReads + calc.filterReads + calc.ofmapWrites, refCalc);
  let userError = 0;
  let userWorstBandwidth = BANDWIDTHS[0];
  for (const b of BANDWIDTHS) {
    const ref = scaleResult(replayUser(walk, sram, b), count);
    const model = dramTrafficUser(layer, c.array, c.dataflow, sram, b);
    const e = relativeError(model.totalCycles, ref.totalCycles);
    if (e > userError) [userError, userWorstBandwidth] = [e, b];
  }
  return { calcError, userError, userWorstBandwidth };
}

function summarize(network: string, layers: Layer[], results: CaseResult[], skipped: Map<string, number>): NetworkSummary {
  const mean = (xs: number[]): number => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
  const worst = (key: 'calcError' | 'userError'): CaseResult | undefined => results.reduce<CaseResult | undefined>((w, r) => (!w || r[key] > w[key] ? r : w), undefined);
  const calcWorst = worst('calcError');
  const userWorst = worst('userError');
  const covered = new Set(results.map((r) => r.layer));
  const calcMax = calcWorst?.calcError ?? 0;
  const userMax = userWorst?.userError ?? 0;
  return {
    network,
    layers: layers.length,
    layersCovered: layers.filter((l) => covered.has(l.name)).length,
    casesRun: results.length,
    casesSkipped: [...skipped.values()].reduce((a, b) => a + b, 0),
    skippedLayers: layers.filter((l) => !covered.has(l.name)).map((l) => l.name),
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

function markdown(summaries: NetworkSummary[], perLayer: Record<string, CaseResult[]>, seconds: number): string {
  const lines = [
    '# Systolic memory models vs the SCALE-Sim v2 reference simulation',
    '',
    `Analytic CALC DRAM traffic (reads + writes) and USER total cycles vs spaces/systolic/memory/reference.ts, every layer of every built-in network. Configs: arrays ${ARRAYS.map((a) => `${a}x${a}`).join(' / ')}, dataflows ${DATAFLOWS.join(' / ')}, SRAMs ${SRAM_KB.join(' / ')} KB (each buffer), USER bandwidths ${BANDWIDTHS.join(' / ')} words/cycle. Goals: CALC <= ${pct(CALC_GOAL)}, USER <= ${pct(USER_GOAL)} on every layer. A (layer, config) whose reference walk would exceed ${WALK_BUDGET.toLocaleString('en-US')} SRAM demands is skipped. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'} in ${seconds.toFixed(0)} s.`,
    '',
    '| network | layers | covered | cases run / skipped | CALC max | CALC mean | cases within 5% | CALC worst | CALC | USER max | USER mean | cases within 15% | USER worst | USER |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const s of summaries) {
    lines.push(
      `| ${s.network} | ${s.layers} | ${s.layersCovered} | ${s.casesRun} / ${s.casesSkipped} | ${pct(s.calcMaxError)} | ${pct(s.calcMeanError)} | ${pct(s.calcCasesWithinGoal)} | ${s.calcWorst} | ${s.calcPass ? 'pass' : 'FAIL'} | ${pct(s.userMaxError)} | ${pct(s.userMeanError)} | ${pct(s.userCasesWithinGoal)} | ${s.userWorst} | ${s.userPass ? 'pass' : 'FAIL'} |`,
    );
  }
  const uncovered = summaries.filter((s) => s.skippedLayers.length > 0);
  if (uncovered.length > 0) {
    lines.push('', '## Layers too large for the reference at every config', '');
    for (const s of uncovered) lines.push(`- ${s.network}: ${s.skippedLayers.join(', ')}`);
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
  lines.push(
    '',
    `## Layers over a goal: ${over.length} (the ${Math.min(over.length, LISTED)} worst, at their worst config)`,
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
  const cache = new Map<string, ReturnType<typeof runCase>>();
  const summaries: NetworkSummary[] = [];
  const perLayer: Record<string, CaseResult[]> = {};
  for (const [network, layers] of Object.entries(networks)) {
    const results: CaseResult[] = [];
    const skipped = new Map<string, number>();
    for (const layer of layers) {
      for (const c of configs()) {
        const key = `${layerKey(layer)}|${configName(c)}`;
        if (!cache.has(key)) cache.set(key, runCase(layer, c));
        const r = cache.get(key);
        if (r) results.push({ layer: layer.name, config: configName(c), ...r });
        else skipped.set(layer.name, (skipped.get(layer.name) ?? 0) + 1);
      }
    }
    perLayer[network] = results;
    const summary = summarize(network, layers, results, skipped);
    summaries.push(summary);
    process.stdout.write(
      `${network}: CALC max ${pct(summary.calcMaxError)}, USER max ${pct(summary.userMaxError)} (${summary.casesRun} cases, ${summary.casesSkipped} skipped, ${((performance.now() - t0) / 1000).toFixed(0)} s)\n`,
    );
  }
  const seconds = (performance.now() - t0) / 1000;
  const json = {
    goals: { calc: CALC_GOAL, user: USER_GOAL },
    configs: { arrays: ARRAYS, dataflows: DATAFLOWS, sramKb: SRAM_KB, bandwidths: BANDWIDTHS, walkBudget: WALK_BUDGET },
    seconds,
    networks: summaries,
    layers: Object.fromEntries(Object.entries(perLayer).map(([network, results]) => [network, worstPerLayer(results)])),
  };
  writeResult('systolic-fidelity', json, markdown(summaries, perLayer, seconds));
}
