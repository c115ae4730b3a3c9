/**
 * archdse's divide-and-conquer heuristic for graphs too long for one ILP (our own design; COSMA's
 * is unpublished): a rolling horizon over the fixed order. Each window of `windowSteps` steps is
 * solved exactly with the state the previous windows left (what is on chip and where, what has an
 * off-chip copy), charging every tensor still needed after the window but not kept to its end the
 * reload it will cost. Only the first `commitSteps` steps of a window are kept; the next window
 * starts there, so every decision is taken with at least windowSteps - commitSteps steps of
 * look-ahead.
 */
import { solve, type SolveOptions, type SolveStatus } from '../../src/ilp/index.js';
import { buildFixedOrderModel, type ResidentAtStart } from './cosma-fixed.js';
import { checkedPlan, decodeSolution, type DecodedRun } from './cosma-decode.js';
import type { AllocationPlan, Graph, Placement } from './types.js';

export interface DivideAndConquerRequest {
  readonly graph: Graph;
  readonly order: readonly number[];
  readonly budgetBytes: number;
  readonly trackWeights: boolean;
  /** Steps per window (default 24). */
  readonly windowSteps?: number;
  /** Steps kept from each window (default half a window). */
  readonly commitSteps?: number;
  /** Options of each window's solve; its time limit applies per window. */
  readonly solver?: SolveOptions;
}

export interface DivideAndConquerAnswer {
  /** `optimal` means every window was solved to optimality (the plan itself is heuristic). */
  readonly status: SolveStatus;
  readonly plan?: AllocationPlan;
  readonly windows: number;
  readonly solveTimeSec: number;
  readonly message: string;
}

interface MutablePlacement extends Omit<Placement, 'lastStep' | 'spilledAtEnd'> {
  lastStep: number;
  spilledAtEnd: boolean;
}

export async function solveDivideAndConquer(request: DivideAndConquerRequest): Promise<DivideAndConquerAnswer> {
  const { graph, order, budgetBytes, trackWeights } = request;
  const windowSteps = Math.max(2, request.windowSteps ?? 24);
  const commitSteps = Math.min(windowSteps, Math.max(1, request.commitSteps ?? Math.floor(windowSteps / 2)));
  const placements: MutablePlacement[] = [];
  const openAtBoundary = new Map<number, MutablePlacement>();
  const spilled = new Set<number>();
  let solveTimeSec = 0;
  let windows = 0;
  let allOptimal = true;

  for (let fromStep = 0; fromStep < order.length; fromStep += commitSteps) {
    const toStep = Math.min(order.length - 1, fromStep + windowSteps - 1);
    const commitEnd = toStep === order.length - 1 ? toStep : fromStep + commitSteps - 1;
    const residentAtStart: ResidentAtStart[] = [...openAtBoundary.values()].map((p) => ({ tensor: p.tensor, offsetBytes: p.offsetBytes }));
    const fixed = buildFixedOrderModel({
      graph,
      order,
      budgetBytes,
      trackWeights,
      fromStep,
      toStep,
      residentAtStart,
      spilledBefore: spilled,
      chargeUnfinished: toStep < order.length - 1,
    });
    const result = await solve(fixed.model, request.solver);
    solveTimeSec += result.solveTimeSec;
    windows++;
    if (!result.values) {
      const reason = result.status === 'timeout' ? 'found no plan within its time limit' : `ended with status ${result.status}`;
      return { status: result.status, windows, solveTimeSec, message: `window of steps ${fromStep}-${toStep} ${reason}: ${result.message}` };
    }
    if (result.status !== 'optimal') allOptimal = false;
    const decoded = decodeSolution(graph, fixed, result.values);
    for (const tensor of decoded.spilledAtStart) {
      openAtBoundary.get(tensor)!.spilledAtEnd = true;
      spilled.add(tensor);
    }
    const stillOpen = new Map<number, MutablePlacement>();
    for (const run of decoded.runs) {
      if (run.firstStep > commitEnd) continue;
      const placement = commitRun(run, commitEnd, openAtBoundary, placements);
      if (placement.spilledAtEnd) spilled.add(placement.tensor);
      if (placement.lastStep === commitEnd && commitEnd < order.length - 1) stillOpen.set(placement.tensor, placement);
    }
    openAtBoundary.clear();
    for (const [tensor, placement] of stillOpen) openAtBoundary.set(tensor, placement);
    if (commitEnd === order.length - 1) break;
  }
  const plan = checkedPlan(graph, { order: [...order], budgetBytes, trackWeights, placements: placements.map((p) => ({ ...p })) });
  return {
    status: allOptimal ? 'optimal' : 'feasible',
    plan,
    windows,
    solveTimeSec,
    message: `${windows} windows of ${windowSteps} steps, ${commitSteps} kept from each; ${allOptimal ? 'every window solved to optimality' : 'some windows stopped at their time limit with an incumbent'}`,
  };
}

/** Adds a run's committed part to the plan, extending the placement it continues across the boundary. */
function commitRun(run: DecodedRun, commitEnd: number, openAtBoundary: Map<number, MutablePlacement>, placements: MutablePlacement[]): MutablePlacement {
  // A spill right after the committed steps is the next window's decision, taken from this state.
  const endsInside = run.lastStep < commitEnd;
  const lastStep = Math.min(run.lastStep, commitEnd);
  const spilledAtEnd = endsInside && run.spilledAtEnd;
  if (run.start === 'continued') {
    const previous = openAtBoundary.get(run.tensor);
    if (!previous) throw new Error(`scratchpad divide-and-conquer: tensor ${run.tensor} continues a placement that does not exist`);
    previous.lastStep = lastStep;
    previous.spilledAtEnd = spilledAtEnd;
    return previous;
  }
  const placement: MutablePlacement = { ...run, start: run.start, lastStep, spilledAtEnd };
  placements.push(placement);
  return placement;
}
