/**
 * Solving the COSMA ILP, for a fixed operator order or with a free schedule, and returning a
 * checked plan with an honest solver status.
 */
import { solve, type LinearModel, type SolveOptions, type SolveStatus } from '../../src/ilp/index.js';
import { baselinePlan } from './baselines.js';
import { packBlocks } from './packing.js';
import { buildFixedOrderModel } from './cosma-fixed.js';
import { memoryBounds } from './bounds.js';
import { defaultOrder } from './liveness.js';
import { buildFreeScheduleModel, type FreeScheduleModel } from './cosma-free.js';
import { DEFAULT_WINDOW_STEPS, solveDivideAndConquer } from './divide-and-conquer.js';
import { checkedPlan, decodeSolution, placementsOf, planValues, type DecodableModel } from './cosma-decode.js';
import type { AllocationPlan, Graph } from './types.js';

export interface CosmaRequest {
  readonly graph: Graph;
  /** The operator order to keep, or `free` to let the ILP choose it too. */
  readonly schedule: readonly number[] | 'free';
  readonly budgetBytes: number;
  readonly trackWeights: boolean;
  readonly solver?: SolveOptions;
  /**
   * A plan to start the solver from (same order and budget); default: the greedy-by-size Belady
   * baseline, so the ILP never ends with less than a baseline's plan.
   */
  readonly start?: AllocationPlan;
}

export interface CosmaAnswer {
  readonly status: SolveStatus;
  /** Present for `optimal` and `feasible` (the incumbent at the time limit). */
  readonly plan?: AllocationPlan;
  /** Proven lower bound on non-compulsory bytes, when the solver gives one. */
  readonly lowerBoundBytes?: number;
  readonly solveTimeSec: number;
  readonly variables: number;
  readonly constraints: number;
  readonly message: string;
}

export async function solveCosma(request: CosmaRequest): Promise<CosmaAnswer> {
  const { graph, schedule, budgetBytes, trackWeights } = request;
  const minimum = memoryBounds(graph, { trackWeights, maxStates: 0 }).minimumBudgetBytes;
  if (budgetBytes < minimum) {
    // Some operator's working set alone exceeds the budget: infeasible, proven without a solve.
    const message = `budget ${budgetBytes} B is below M_R = ${minimum} B, the largest operator working set`;
    return { status: 'infeasible', solveTimeSec: 0, variables: 0, constraints: 0, message };
  }
  const start = request.start ?? baselinePlan(graph, { budgetBytes, trackWeights, order: schedule === 'free' ? defaultOrder(graph) : schedule, eviction: 'belady' });
  if (schedule === 'free') {
    const free = buildFreeScheduleModel(graph, budgetBytes, trackWeights);
    const decodable: DecodableModel = { fromStep: 0, unitBytes: free.unitBytes, tensorSteps: free.tensorSteps, firstLoadIsRetrieve: true, pairs: free.pairs };
    const initialValues = planValues(free.model, decodable, start);
    start.order.forEach((op, step) => (initialValues[free.runs[op]![step - free.earliest[op]!]!.index] = 1));
    return finish(request, free.model, decodable, initialValues, (values) => orderOf(free, values));
  }
  const relaxed = await packedRelaxation(request, schedule, start);
  if (relaxed.plan && relaxed.lowerBoundBytes !== undefined && relaxed.plan.traffic.nonCompulsoryBytes <= relaxed.lowerBoundBytes) {
    const message = `the capacity-only ILP's optimum lays out within the budget, so it is optimal: ${relaxed.message}`;
    return { status: 'optimal', plan: relaxed.plan, lowerBoundBytes: relaxed.lowerBoundBytes, solveTimeSec: relaxed.solveTimeSec, variables: relaxed.variables, constraints: relaxed.constraints, message };
  }
  const limit = request.solver?.timeLimitSec;
  // On orders longer than one window, divide and conquer finds good plans fast where the full model
  // struggles to improve on its start (many tensors co-resident: many overlap binaries).
  const windowed =
    schedule.length > DEFAULT_WINDOW_STEPS
      ? await solveDivideAndConquer({ graph, order: schedule, budgetBytes, trackWeights, solver: { ...request.solver, timeLimitSec: Math.min(WINDOW_LIMIT_SEC, limit ?? WINDOW_LIMIT_SEC) } })
      : undefined;
  const spentSec = relaxed.solveTimeSec + (windowed?.solveTimeSec ?? 0);
  const candidates = [start, relaxed.plan, windowed?.plan].filter((plan): plan is AllocationPlan => plan !== undefined);
  const best = candidates.reduce((a, b) => (b.traffic.nonCompulsoryBytes < a.traffic.nonCompulsoryBytes ? b : a));
  if (relaxed.lowerBoundBytes !== undefined && best.traffic.nonCompulsoryBytes <= relaxed.lowerBoundBytes) {
    const message = `a ${best === windowed?.plan ? 'divide-and-conquer' : 'repaired'} plan meets the capacity-only lower bound, so it is optimal`;
    return { status: 'optimal', plan: best, lowerBoundBytes: relaxed.lowerBoundBytes, solveTimeSec: spentSec, variables: relaxed.variables, constraints: relaxed.constraints, message };
  }
  const remaining = limit === undefined ? undefined : Math.max(limit - spentSec, 0.25 * limit);
  // The full model starts from the best plan so far.
  const fixed = buildFixedOrderModel({ graph, order: schedule, budgetBytes, trackWeights });
  const full = await finish({ ...request, solver: { ...request.solver, timeLimitSec: remaining } }, fixed.model, fixed, planValues(fixed.model, fixed, best), () => [...schedule]);
  if (!full.plan) {
    // The full model gave nothing back (an error, e.g. a model too large for the backend): the best
    // plan found before it still stands, unproven.
    const message = `the full model gave no plan (${full.message}); the best plan found before it is returned`;
    return { ...full, status: 'feasible', plan: best, lowerBoundBytes: relaxed.lowerBoundBytes, solveTimeSec: full.solveTimeSec + spentSec, message };
  }
  return withRelaxationBound({ ...full, solveTimeSec: full.solveTimeSec + (windowed?.solveTimeSec ?? 0) }, relaxed);
}

/** Time limit of each window of the divide-and-conquer start. */
const WINDOW_LIMIT_SEC = 10;

/**
 * The capacity-only solve: `lowerBoundBytes` bounds the full model's optimum; `plan` is a plan of
 * the full model built from its residency (laid out, or repaired where it fragments).
 */
type Relaxation = Omit<CosmaAnswer, 'status'>;

/**
 * Solves the model without addresses first (far smaller: no overlap binaries). Its optimum is a
 * lower bound on the full model's, and when the residency it chose can be laid out within the
 * budget (packing.ts), that layout makes it a plan of the full model: optimal.
 */
async function packedRelaxation(request: CosmaRequest, order: readonly number[], start: AllocationPlan): Promise<Relaxation> {
  const { graph, budgetBytes, trackWeights } = request;
  const relaxed = buildFixedOrderModel({ graph, order, budgetBytes, trackWeights, addresses: false });
  const result = await solve(relaxed.model, { ...request.solver, initialValues: planValues(relaxed.model, relaxed, start) });
  const base = { solveTimeSec: result.solveTimeSec, variables: relaxed.model.variables.length, constraints: relaxed.model.constraints.length, message: result.message };
  const bound = result.status === 'optimal' ? result.objective : result.bestBound;
  const lowerBoundBytes = bound === undefined ? undefined : Math.max(0, Math.ceil(bound - 1e-6)) * relaxed.unitBytes;
  if (!result.values) return { ...base, lowerBoundBytes };
  const runs = placementsOf(decodeSolution(graph, relaxed, result.values));
  const blocks = runs.map((run) => ({ sizeBytes: graph.tensors[run.tensor]!.sizeBytes, firstStep: run.firstStep, lastStep: run.lastStep, key: run.tensor }));
  const offsets = packBlocks(blocks, budgetBytes, order.length);
  if (offsets) {
    const placements = runs.map((run, i) => ({ ...run, offsetBytes: offsets[i]! }));
    return { ...base, lowerBoundBytes, plan: checkedPlan(graph, { order: [...order], budgetBytes, trackWeights, placements }) };
  }
  // The layout fragments: evict what does not fit, starting from the relaxation's residency.
  const repaired = baselinePlan(graph, { budgetBytes, trackWeights, order, eviction: 'belady', initialRuns: runs });
  return { ...base, lowerBoundBytes, plan: repaired };
}

/** The full model's answer, with the relaxation's bound when stronger (and proven optimal when met). */
function withRelaxationBound(full: CosmaAnswer, relaxed: Relaxation): CosmaAnswer {
  const bound = Math.max(full.lowerBoundBytes ?? 0, relaxed.lowerBoundBytes ?? 0);
  const solveTimeSec = full.solveTimeSec + relaxed.solveTimeSec;
  if (full.status === 'feasible' && full.plan && full.plan.traffic.nonCompulsoryBytes <= bound) {
    return { ...full, status: 'optimal', lowerBoundBytes: bound, solveTimeSec, message: `${full.message}; the plan meets the capacity-only lower bound, so it is optimal` };
  }
  return { ...full, lowerBoundBytes: full.plan || bound > 0 ? bound : full.lowerBoundBytes, solveTimeSec };
}

async function finish(
  request: CosmaRequest,
  model: LinearModel,
  decodable: DecodableModel,
  initialValues: Float64Array,
  order: (values: Float64Array) => number[],
): Promise<CosmaAnswer> {
  const result = await solve(model, { ...request.solver, initialValues });
  const lowerBoundBytes = result.bestBound === undefined ? undefined : Math.max(0, Math.ceil(result.bestBound - 1e-6)) * decodable.unitBytes;
  const base = {
    status: result.status,
    solveTimeSec: result.solveTimeSec,
    message: result.message,
    lowerBoundBytes,
    variables: model.variables.length,
    constraints: model.constraints.length,
  };
  if (!result.values) return base;
  const plan = checkedPlan(request.graph, {
    order: order(result.values),
    budgetBytes: request.budgetBytes,
    trackWeights: request.trackWeights,
    placements: placementsOf(decodeSolution(request.graph, decodable, result.values)),
  });
  return { ...base, plan };
}

/** The operator order a free-schedule solution chose. */
function orderOf(free: FreeScheduleModel, values: Float64Array): number[] {
  const order: number[] = [];
  free.runs.forEach((vars, op) => {
    vars.forEach((v, k) => {
      if (values[v.index]! > 0.5) order[free.earliest[op]! + k] = op;
    });
  });
  return order;
}

export interface FootprintAnswer {
  readonly status: SolveStatus;
  /** Smallest budget at which the order runs with no spill or reload (the plan's peak). */
  readonly footprintBytes?: number;
  readonly plan?: AllocationPlan;
  readonly lowerBoundBytes?: number;
  readonly solveTimeSec: number;
  readonly message: string;
}

/**
 * COSMA's minimum-peak mode: the smallest scratchpad that runs the order with no non-compulsory
 * traffic, addresses included (so fragmentation counts, unlike the live-bytes bound of bounds.ts).
 * `upperBytes` must be a budget known to suffice, e.g. a no-spill baseline plan's peak.
 */
export async function solveMinimumFootprint(request: Omit<CosmaRequest, 'schedule' | 'budgetBytes'> & { order: readonly number[]; upperBytes: number; start?: AllocationPlan }): Promise<FootprintAnswer> {
  const { graph, order, trackWeights } = request;
  const fixed = buildFixedOrderModel({ graph, order, budgetBytes: request.upperBytes, trackWeights, variableBudget: true });
  const budget = fixed.budget!;
  // No spill and no reload anywhere.
  for (const [, variable] of fixed.traffic.terms) fixed.model.constrain(`no_traffic_${variable.name}`, [[1, variable]], '=', 0);
  fixed.model.minimize([[fixed.unitBytes, budget]]);
  const initialValues = request.start ? planValues(fixed.model, fixed, request.start) : undefined;
  const result = await solve(fixed.model, { ...request.solver, initialValues });
  const base = {
    status: result.status,
    solveTimeSec: result.solveTimeSec,
    message: result.message,
    lowerBoundBytes: result.bestBound === undefined ? undefined : Math.ceil(result.bestBound - 1e-6),
  };
  if (!result.values) return base;
  const plan = checkedPlan(graph, { order: [...order], budgetBytes: request.upperBytes, trackWeights, placements: placementsOf(decodeSolution(graph, fixed, result.values)) });
  return { ...base, footprintBytes: plan.peakBytes, plan: { ...plan, budgetBytes: plan.peakBytes } };
}
