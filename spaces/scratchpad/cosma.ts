/**
 * Solving the COSMA ILP, for a fixed operator order or with a free schedule, and returning a
 * checked plan with an honest solver status.
 */
import { solve, type LinearModel, type SolveOptions, type SolveStatus } from '../../src/ilp/index.js';
import { baselinePlan } from './baselines.js';
import { buildFixedOrderModel } from './cosma-fixed.js';
import { memoryBounds } from './bounds.js';
import { defaultOrder } from './liveness.js';
import { buildFreeScheduleModel, type FreeScheduleModel } from './cosma-free.js';
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
  const fixed = buildFixedOrderModel({ graph, order: schedule, budgetBytes, trackWeights });
  return finish(request, fixed.model, fixed, planValues(fixed.model, fixed, start), () => [...schedule]);
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
