/**
 * One design of the scratchpad model, planned: the policy, schedule and tracking a point names,
 * turned into an allocation plan with the solver's status.
 */
import type { SolveOptions, SolveStatus } from '../../src/ilp/index.js';
import { baselinePlan, type EvictionPolicy } from './baselines.js';
import { memoryBounds, type MemoryBounds } from './bounds.js';
import { solveCosma } from './cosma.js';
import { solveDivideAndConquer } from './divide-and-conquer.js';
import { defaultOrder } from './liveness.js';
import type { AllocationPlan, Graph } from './types.js';

export const POLICIES = ['cosma', 'cosma-dc', 'baseline-belady', 'baseline-greedy'] as const;
export type Policy = (typeof POLICIES)[number];
export const SCHEDULES = ['default', 'min-peak', 'free'] as const;
export type Schedule = (typeof SCHEDULES)[number];
export const TRACKINGS = ['activations', 'activations+weights'] as const;
export type Tracking = (typeof TRACKINGS)[number];

export interface ScratchpadDesign {
  readonly budgetBytes: number;
  readonly policy: Policy;
  readonly schedule: Schedule;
  readonly tracking: Tracking;
}

/** Bounds of one graph under both trackings, computed once per environment. */
export class GraphBounds {
  private readonly cache = new Map<Tracking, MemoryBounds>();
  constructor(
    readonly graph: Graph,
    private readonly maxStates: number,
  ) {}

  of(tracking: Tracking): MemoryBounds {
    let bounds = this.cache.get(tracking);
    if (!bounds) {
      bounds = memoryBounds(this.graph, { trackWeights: tracking !== 'activations', maxStates: this.maxStates });
      this.cache.set(tracking, bounds);
    }
    return bounds;
  }

  /** The operator order a schedule choice names (not `free`). */
  order(schedule: Exclude<Schedule, 'free'>, tracking: Tracking): number[] {
    if (schedule === 'default') return defaultOrder(this.graph);
    const order = this.of(tracking).minimumPeakOrder;
    if (!order) throw new Error(`schedule min-peak: the minimum-peak search on graph ${this.graph.name} passed ${this.maxStates} states; use schedule=default`);
    return [...order];
  }
}

export interface SolverSettings {
  readonly solver: SolveOptions;
  /** Steps per window of cosma-dc. */
  readonly windowSteps: number;
}

export interface PlannedDesign {
  readonly plan: AllocationPlan;
  /**
   * `heuristic` for the baselines; for cosma, the solver's `optimal` (proven) or `feasible` (an
   * incumbent at the time limit); for cosma-dc, `optimal` when every window was solved to optimality.
   */
  readonly status: SolveStatus | 'heuristic';
  readonly lowerBoundBytes?: number;
  readonly solveTimeSec: number;
  readonly message: string;
}

/** Plans one design; throws with the reason when no plan exists or the solver found none. */
export async function planDesign(bounds: GraphBounds, design: ScratchpadDesign, settings: SolverSettings): Promise<PlannedDesign> {
  const { graph } = bounds;
  const trackWeights = design.tracking !== 'activations';
  const minimum = bounds.of(design.tracking).minimumBudgetBytes;
  if (design.budgetBytes < minimum) {
    throw new Error(`budgetBytes ${design.budgetBytes} is below M_R = ${minimum} B (the largest operator working set, tracking ${design.tracking}): no plan exists`);
  }
  if (design.schedule === 'free' && design.policy !== 'cosma') throw new Error(`schedule free is decided by the ILP: it needs policy cosma, not ${design.policy}`);
  if (design.policy === 'baseline-belady' || design.policy === 'baseline-greedy') {
    const started = performance.now();
    const eviction: EvictionPolicy = design.policy === 'baseline-belady' ? 'belady' : 'greedy';
    const order = bounds.order(design.schedule as Exclude<Schedule, 'free'>, design.tracking);
    const plan = baselinePlan(graph, { budgetBytes: design.budgetBytes, trackWeights, order, eviction });
    return { plan, status: 'heuristic', solveTimeSec: (performance.now() - started) / 1000, message: `greedy-by-size allocation with ${eviction} eviction` };
  }
  const schedule = design.schedule === 'free' ? 'free' : bounds.order(design.schedule, design.tracking);
  const answer =
    design.policy === 'cosma' || schedule === 'free'
      ? await solveCosma({ graph, schedule, budgetBytes: design.budgetBytes, trackWeights, solver: settings.solver })
      : await solveDivideAndConquer({ graph, order: schedule, budgetBytes: design.budgetBytes, trackWeights, solver: settings.solver, windowSteps: settings.windowSteps });
  if (!answer.plan) {
    const why = answer.status === 'timeout' ? 'the solver reached its time limit without a plan (not infeasible)' : `solver status ${answer.status}`;
    throw new Error(`${design.policy}: ${why}: ${answer.message}`);
  }
  return {
    plan: answer.plan,
    // A divide-and-conquer plan is optimal per window, not overall.
    status: design.policy === 'cosma-dc' && answer.status === 'optimal' ? 'heuristic' : answer.status,
    lowerBoundBytes: 'lowerBoundBytes' in answer ? answer.lowerBoundBytes : undefined,
    solveTimeSec: answer.solveTimeSec,
    message: answer.message,
  };
}
