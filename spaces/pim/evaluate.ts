/**
 * One design evaluated on one workload: decode (`tokens` new tokens after a `contextLength` prompt,
 * cache growing by one each token) or prefill (the prompt fed token by token, as the banks only do
 * matrix-vector products), averaged per token, with energy, row hits and the roofline speed-ups.
 */
import { placerOf, type AssignmentTable, type OpAssignment } from './assigned-placement.js';
import { decodeRooflineNs, prefillRooflineNs } from './baselines.js';
import { checkCapacity, PimInfeasibleError, type PimDevice } from './device.js';
import { tokenEnergyPj } from './energy.js';
import type { PimMapping } from './mapping.js';
import type { GptModel } from './models.js';
import { MAC_LANE_AREA_UM2, T4_BASELINE, XEON_6154_BASELINE } from './presets.js';
import { emptyCounters, RefreshClock, timeToken, type StepTotal, type TokenCounters } from './timeline.js';

export const PHASES = ['decode', 'prefill'] as const;
export type Phase = (typeof PHASES)[number];

export interface PimWorkload {
  phase: Phase;
  /** Prompt length: the cache holds this many tokens before the first decoded one. */
  contextLength: number;
  /** Tokens decoded (decode phase). */
  tokens: number;
}

export interface PimResult {
  metrics: Record<string, number>;
  counters: TokenCounters;
  steps: StepTotal[];
  /** With assignment=ilp: each op shape's solve, for the report. */
  assignments?: OpAssignment[];
}

/** The contexts of the tokens the workload times (cache length including the token itself). */
export function tokenContexts(model: GptModel, workload: PimWorkload): number[] {
  const { phase, contextLength, tokens } = workload;
  if (!Number.isInteger(contextLength) || contextLength < 1) throw new PimInfeasibleError(`contextLength must be a positive integer, got ${contextLength}`, 'contextLength');
  if (!Number.isInteger(tokens) || tokens < 1) throw new PimInfeasibleError(`tokens must be a positive integer, got ${tokens}`, 'tokens');
  const last = phase === 'decode' ? contextLength + tokens : contextLength;
  if (last > model.maxContext) {
    throw new PimInfeasibleError(`${phase} reaches ${last} tokens of context but ${model.name} has ${model.maxContext} positions (contextLength ${contextLength}${phase === 'decode' ? ` + tokens ${tokens}` : ''})`, 'contextLength');
  }
  const contexts: number[] = [];
  if (phase === 'decode') for (let t = 1; t <= tokens; t++) contexts.push(contextLength + t);
  else for (let t = 1; t <= contextLength; t++) contexts.push(t);
  return contexts;
}

/** With assignment=ilp, `assignments` must hold the workload's op shapes (assignTiles). */
export function evaluatePim(model: GptModel, device: PimDevice, mapping: PimMapping, workload: PimWorkload, withSteps = false, assignments?: AssignmentTable): PimResult {
  checkCapacity(model, device);
  const contexts = tokenContexts(model, workload);
  const place = placerOf(device, mapping, assignments);
  const clock = new RefreshClock(device);
  const counters = emptyCounters();
  const stepTotals = new Map<string, StepTotal>();
  let latencyNs = 0;
  let mvNs = 0;
  let refreshStallNs = 0;
  let energyPj = 0;
  for (const context of contexts) {
    const token = timeToken(model, device, mapping, context, clock, withSteps, place);
    latencyNs += token.latencyNs;
    mvNs += token.mvNs;
    refreshStallNs += token.refreshStallNs;
    energyPj += tokenEnergyPj(token.counters, token.latencyNs, device).totalPj;
    for (const key of Object.keys(counters) as (keyof TokenCounters)[]) counters[key] += token.counters[key];
    for (const step of token.steps) {
      const total = stepTotals.get(step.label) ?? { ...step, ns: 0 };
      total.ns += step.ns;
      stepTotals.set(step.label, total);
    }
  }
  const n = contexts.length;
  const gpuNs = workload.phase === 'decode' ? contexts.reduce((sum, c) => sum + decodeRooflineNs(model, T4_BASELINE, c), 0) : prefillRooflineNs(model, T4_BASELINE, workload.contextLength);
  const cpuNs = workload.phase === 'decode' ? contexts.reduce((sum, c) => sum + decodeRooflineNs(model, XEON_6154_BASELINE, c), 0) : prefillRooflineNs(model, XEON_6154_BASELINE, workload.contextLength);
  const macLanes = device.channels * device.banksPerChannel * device.macLanesPerBank;
  const perToken = (value: number): number => value / n;
  return {
    metrics: {
      latencyPerTokenUs: perToken(latencyNs) / 1_000,
      tokensPerSecond: (n * 1e9) / latencyNs,
      energyPerTokenUj: perToken(energyPj) / 1e6,
      rowHitRatePct: counters.columnAccesses > 0 ? (100 * counters.rowHits) / counters.columnAccesses : 0,
      mvSharePct: (100 * mvNs) / latencyNs,
      refreshStallPct: (100 * refreshStallNs) / latencyNs,
      offChipBytes: perToken(counters.offChipBytes),
      speedupVsGpu: gpuNs / latencyNs,
      speedupVsCpu: cpuNs / latencyNs,
      gpuLatencyPerTokenUs: perToken(gpuNs) / 1_000,
      cpuLatencyPerTokenUs: perToken(cpuNs) / 1_000,
      macLanes,
      // [H14] 45 nm BF16-class MAC lanes only (DRAM-process logic is larger): a relative cost proxy.
      macAreaMm2: (macLanes * MAC_LANE_AREA_UM2) / 1e6,
      capacityGiB: device.capacityBytes / 2 ** 30,
    },
    counters,
    steps: [...stepTotals.values()].map((s) => ({ ...s, ns: s.ns / n })),
    ...(mapping.assignment === 'ilp' && assignments ? { assignments: [...assignments.values()] } : {}),
  };
}
