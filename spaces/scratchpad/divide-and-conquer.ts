/**
 * archdse's divide-and-conquer heuristic for graphs too long for one ILP (our own design; COSMA's
 * is unpublished): a rolling horizon over the fixed order. Each window of `windowSteps` steps is
 * solved exactly with the state the previous windows left (what is on chip and where, what has an
 * off-chip copy), charging every tensor still needed after the window but not kept to its end the
 * reload it will cost. Only the first `commitSteps` steps of a window are kept; the next window
 * starts there, so every decision is taken with at least windowSteps - commitSteps steps of
 * look-ahead.
 */
import { solve, verifyPoint, type LinearModel, type SolveOptions, type SolveStatus } from '../../src/ilp/index.js';
import { baselinePlan } from './baselines.js';
import { buildFixedOrderModel, liveWindows, type ResidentAtStart } from './cosma-fixed.js';
import { isTracked } from './liveness.js';
import { checkedPlan, decodeSolution, planValues, type DecodedRun } from './cosma-decode.js';
import type { AllocationPlan, Graph, Placement } from './types.js';

/** Steps per window unless the request says otherwise. */
export const DEFAULT_WINDOW_STEPS = 24;

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
  const windowSteps = Math.max(2, request.windowSteps ?? DEFAULT_WINDOW_STEPS);
  const commitSteps = Math.min(windowSteps, Math.max(1, request.commitSteps ?? Math.floor(windowSteps / 2)));
  const placements: MutablePlacement[] = [];
  const openAtBoundary = new Map<number, MutablePlacement>();
  const spilled = new Set<number>();
  let solveTimeSec = 0;
  let windows = 0;
  let allOptimal = true;
  // Where the windows have followed the baseline so far, its plan continues to be a valid start.
  const baseline = baselinePlan(graph, { budgetBytes, trackWeights, order, eviction: 'belady' });
  const liveRanges = liveWindows(graph, order, trackWeights);

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
    const operandsOnly = operandsOnlyPlacements(graph, order, trackWeights, liveRanges, fromStep, toStep, openAtBoundary, spilled);
    const initialValues = bestStart(fixed.model, [planValues(fixed.model, fixed, baseline), planValues(fixed.model, fixed, { ...EMPTY_PLAN, placements: operandsOnly })]);
    const result = await solve(fixed.model, { ...request.solver, initialValues });
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

/** The start with the lowest objective among those that satisfy the window's model. */
function bestStart(model: LinearModel, candidates: readonly Float64Array[]): Float64Array {
  let best: { values: Float64Array; objective: number } | undefined;
  for (const values of candidates) {
    const check = verifyPoint(model, values);
    if (check.ok && (!best || check.objective < best.objective)) best = { values, objective: check.objective };
  }
  // The operands-only plan always verifies; the fallback only keeps the type simple.
  return best?.values ?? candidates[candidates.length - 1]!;
}

const EMPTY_PLAN: AllocationPlan = {
  order: [],
  budgetBytes: 0,
  trackWeights: false,
  placements: [],
  traffic: { compulsoryBytes: 0, spillBytes: 0, reloadBytes: 0, nonCompulsoryBytes: 0, totalBytes: 0 },
  peakBytes: 0,
};

/**
 * A plan every window admits, to start its solve from (so a window never ends without a plan):
 * what is on chip at the window's start leaves (spilled if it has no copy and is still needed),
 * and each step holds only its operator's operands, packed from address 0 (they fit: budget >=
 * M_R), each activation spilled after the step when needed later.
 */
function operandsOnlyPlacements(
  graph: Graph,
  order: readonly number[],
  trackWeights: boolean,
  { first, last }: { readonly first: readonly number[]; readonly last: readonly number[] },
  fromStep: number,
  toStep: number,
  residentAtStart: ReadonlyMap<number, Placement>,
  spilledBefore: ReadonlySet<number>,
): Placement[] {
  const hasCopy = new Set(spilledBefore);
  const needsSpill = (tensor: number, afterStep: number): boolean =>
    graph.tensors[tensor]!.kind === 'activation' && !hasCopy.has(tensor) && last[tensor]! > afterStep;
  const placements: Placement[] = [];
  for (const [tensor, placement] of residentAtStart) {
    // A stand-in for the placement before the window: only its spill at fromStep matters here.
    const spilledAtEnd = needsSpill(tensor, fromStep - 1);
    if (spilledAtEnd) hasCopy.add(tensor);
    placements.push({ ...placement, firstStep: fromStep - 1, lastStep: fromStep - 1, spilledAtEnd });
  }
  for (let step = fromStep; step <= toStep; step++) {
    const op = graph.operators[order[step]!]!;
    let offsetBytes = 0;
    for (const tensor of new Set([...op.inputs, ...op.outputs])) {
      if (!isTracked(graph, tensor, trackWeights)) continue;
      const appears = first[tensor] === step;
      const start = appears ? (graph.tensors[tensor]!.kind === 'activation' ? 'created' : 'loaded') : 'reloaded';
      const spilledAtEnd = needsSpill(tensor, step);
      if (spilledAtEnd) hasCopy.add(tensor);
      placements.push({ tensor, offsetBytes, firstStep: step, lastStep: step, start, spilledAtEnd });
      offsetBytes += graph.tensors[tensor]!.sizeBytes;
    }
  }
  return placements;
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
