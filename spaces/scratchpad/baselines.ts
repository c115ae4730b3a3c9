/**
 * COSMA's comparison points: a fixed operator order, TensorFlow Lite's greedy-by-size offset
 * allocator, and an eviction rule applied wherever the allocator runs out of room.
 *
 * Every tracked tensor starts with one segment: from its first use to its last, no spilling. Then,
 * until every segment fits under the budget:
 *   1. run the allocator over all segments. Each segment that fails names a step: the first step
 *      of its lifetime where its bytes and those already placed exceed the budget, or, when the
 *      bytes fit at every step but no single offset is free throughout (fragmentation), the first
 *      step of its lifetime where some tensor could be evicted, else its first step. Take the
 *      earliest such step;
 *   2. among the segments resident at that step whose tensor the step's operator does not use,
 *      pick a victim (`belady`: farthest next use, ties larger; `greedy`: largest, ties farther
 *      next use; then lower tensor index) and split it: it leaves after its last use before the
 *      step (an activation without an off-chip copy is spilled then) and is reloaded at its next
 *      use;
 *   3. if every tensor resident at that step is an operand of its operator, the working set alone
 *      does not fit because the allocator's layout left holes: isolate the step. Each operand gets
 *      a segment covering that step alone (reloaded there, or, when created there, spilled after
 *      it if used later), so nothing else shares the step and the allocator packs the operands
 *      from offset 0 within M_R <= budget.
 * An over-budget step always has a victim (its operands alone fit), so step 3 is only reached
 * through fragmentation. Each round removes residency (a victim leaves at least the failing step)
 * or isolates a step not isolated before (an isolated step can never fail again), so the loop ends.
 */
import { memoryBounds } from './bounds.js';
import { assertValidOrder, defaultOrder, useSteps, workingSetBytes } from './liveness.js';
import { allocateGreedyBySize, type TimedBlock } from './offset-allocator.js';
import { trafficOf } from './plan-check.js';
import type { AllocationPlan, Graph, Placement } from './types.js';

/** Which order a baseline runs: the graph's declared one, or one reaching the minimum peak M_P. */
export type ScheduleChoice = 'default' | 'min-peak';
export type EvictionPolicy = 'belady' | 'greedy';

/** The order a schedule choice names; throws when the minimum-peak search gives up (maxStates). */
export function scheduleOrder(graph: Graph, schedule: ScheduleChoice, options: { trackWeights: boolean; maxStates?: number }): number[] {
  if (schedule === 'default') return defaultOrder(graph);
  const bounds = memoryBounds(graph, options);
  if (bounds.minimumPeakOrder === undefined) {
    throw new Error(`no minimum-peak order for graph '${graph.name}': the search passed ${bounds.statesExplored} states`);
  }
  return [...bounds.minimumPeakOrder];
}

/** A residency stretch of one tensor: from its first to its last listed use step. */
interface Segment {
  readonly tensor: number;
  readonly uses: readonly number[];
}

const first = (s: Segment) => s.uses[0];
const last = (s: Segment) => s.uses[s.uses.length - 1];

export interface BaselineOptions {
  readonly budgetBytes: number;
  readonly trackWeights: boolean;
  readonly order: readonly number[];
  readonly eviction: EvictionPolicy;
  /**
   * Residency to start from instead of one interval per tensor (e.g. an optimum that ignored
   * addresses): the eviction loop then only repairs what does not lay out within the budget.
   */
  readonly initialRuns?: readonly { readonly tensor: number; readonly firstStep: number; readonly lastStep: number }[];
}

/** A baseline plan and how it was reached: victims split, and steps isolated because of fragmentation. */
export interface BaselineRun {
  readonly plan: AllocationPlan;
  readonly evictions: number;
  readonly isolatedSteps: readonly number[];
  /** Allocator runs, the last one successful. */
  readonly allocations: number;
}

/** Throws a clear error if budgetBytes < M_R. */
export function baselinePlan(graph: Graph, options: BaselineOptions): AllocationPlan {
  return runBaseline(graph, options).plan;
}

export function runBaseline(graph: Graph, options: BaselineOptions): BaselineRun {
  const { budgetBytes, trackWeights, order, eviction } = options;
  assertValidOrder(graph, order);
  if (!Number.isFinite(budgetBytes) || budgetBytes < 0) throw new Error(`budgetBytes must be a non-negative number, got ${budgetBytes}`);
  const widest = graph.operators.reduce(
    (best, op) => {
      const bytes = workingSetBytes(graph, op.index, trackWeights);
      return bytes > best.bytes ? { name: op.name, bytes } : best;
    },
    { name: '', bytes: 0 },
  );
  if (budgetBytes < widest.bytes) {
    throw new Error(
      `budget ${budgetBytes} bytes is below M_R = ${widest.bytes} bytes, the working set of operator '${widest.name}': no plan exists`,
    );
  }

  const steps = order.length;
  const allUses = useSteps(graph, order, trackWeights);
  const segments: Segment[][] = options.initialRuns
    ? segmentsOfRuns(allUses, options.initialRuns)
    : allUses.map((uses, tensor) => (uses.length === 0 ? [] : [{ tensor, uses }]));
  const sizeOf = (s: Segment) => graph.tensors[s.tensor].sizeBytes;
  const operandsAt = (step: number) => {
    const op = graph.operators[order[step]];
    return new Set([...op.inputs, ...op.outputs]);
  };

  let evictions = 0;
  const isolatedSteps: number[] = [];
  for (let allocations = 1; ; allocations++) {
    const flat = segments.flat();
    const blocks: TimedBlock[] = flat.map((s) => ({ sizeBytes: sizeOf(s), firstStep: first(s), lastStep: last(s), key: s.tensor }));
    const allocation = allocateGreedyBySize(blocks, budgetBytes, steps);
    if (allocation.failures.length === 0) {
      const plan = assemblePlan(graph, options, segments, flat, allocation.offsetsBytes as readonly number[]);
      return { plan, evictions, isolatedSteps, allocations };
    }
    const evictableAt = (step: number) => {
      const operands = operandsAt(step);
      return flat.filter((s) => first(s) <= step && step <= last(s) && !operands.has(s.tensor));
    };
    const step = Math.min(...allocation.failures.map((f) => failingStep(blocks[f.block], f.overBudgetStep, evictableAt)));
    const operands = operandsAt(step);
    const candidates = evictableAt(step);
    if (candidates.length > 0) {
      const victim = chooseVictim(candidates, step, eviction, sizeOf);
      replaceSegment(segments, victim, splitAround(victim, step, false));
      evictions++;
    } else {
      isolatedSteps.push(step);
      for (const s of flat.filter((seg) => operands.has(seg.tensor) && first(seg) <= step && step <= last(seg))) {
        replaceSegment(segments, s, splitAround(s, step, true));
      }
    }
  }
}

/** Segments covering given runs: each run's own ends plus the uses inside it. */
function segmentsOfRuns(allUses: readonly (readonly number[])[], runs: NonNullable<BaselineOptions['initialRuns']>): Segment[][] {
  const segments: Segment[][] = allUses.map(() => []);
  for (const run of [...runs].sort((a, b) => a.firstStep - b.firstStep)) {
    const inside = allUses[run.tensor]!.filter((u) => u > run.firstStep && u < run.lastStep);
    const uses = run.lastStep > run.firstStep ? [run.firstStep, ...inside, run.lastStep] : [run.firstStep];
    segments[run.tensor]!.push({ tensor: run.tensor, uses });
  }
  return segments;
}

/**
 * Where a failed block calls for room: the first step of its lifetime that is over budget; for a
 * fragmentation failure, the first step of its lifetime where something can be evicted, else its
 * first step (which the caller then isolates).
 */
function failingStep(block: TimedBlock, overBudgetStep: number | undefined, evictableAt: (step: number) => readonly Segment[]): number {
  if (overBudgetStep !== undefined) return overBudgetStep;
  for (let step = block.firstStep; step <= block.lastStep; step++) {
    if (evictableAt(step).length > 0) return step;
  }
  return block.firstStep;
}

function nextUse(s: Segment, step: number): number {
  return s.uses.find((use) => use > step)!;
}

function chooseVictim(candidates: readonly Segment[], step: number, eviction: EvictionPolicy, sizeOf: (s: Segment) => number): Segment {
  const better = (a: Segment, b: Segment): boolean => {
    const bySize = sizeOf(a) - sizeOf(b);
    const byNextUse = nextUse(a, step) - nextUse(b, step);
    const primary = eviction === 'belady' ? byNextUse || bySize : bySize || byNextUse;
    return primary !== 0 ? primary > 0 : a.tensor < b.tensor;
  };
  return candidates.reduce((best, s) => (better(s, best) ? s : best));
}

/** The segment without residency strictly between its last use before `step` and its next use after it; with `keepStep`, `step` (a use) becomes a segment of its own. */
function splitAround(s: Segment, step: number, keepStep: boolean): Segment[] {
  const before = s.uses.filter((use) => use < step);
  const after = s.uses.filter((use) => use > step);
  const parts = keepStep ? [before, [step], after] : [before, after];
  return parts.filter((uses) => uses.length > 0).map((uses) => ({ tensor: s.tensor, uses }));
}

function replaceSegment(segments: Segment[][], old: Segment, parts: readonly Segment[]): void {
  const list = segments[old.tensor];
  list.splice(list.indexOf(old), 1, ...parts);
}

/** Placements from segments: an activation's first segment is created and, if more follow, spilled once; weights and inputs are loaded, then reloaded. */
function assemblePlan(
  graph: Graph,
  options: { budgetBytes: number; trackWeights: boolean; order: readonly number[] },
  segments: readonly Segment[][],
  flat: readonly Segment[],
  offsetsBytes: readonly number[],
): AllocationPlan {
  const offsetOf = new Map(flat.map((s, i) => [s, offsetsBytes[i]]));
  const placements: Placement[] = [];
  for (const list of segments) {
    list.forEach((s, i) => {
      const isActivation = graph.tensors[s.tensor].producer >= 0;
      placements.push({
        tensor: s.tensor,
        offsetBytes: offsetOf.get(s)!,
        firstStep: first(s),
        lastStep: last(s),
        start: i > 0 ? 'reloaded' : isActivation ? 'created' : 'loaded',
        spilledAtEnd: isActivation && i === 0 && list.length > 1,
      });
    });
  }
  placements.sort((a, b) => a.firstStep - b.firstStep || a.tensor - b.tensor);
  const peakBytes = placements.reduce((peak, p) => Math.max(peak, p.offsetBytes + graph.tensors[p.tensor].sizeBytes), 0);
  return {
    order: [...options.order],
    budgetBytes: options.budgetBytes,
    trackWeights: options.trackWeights,
    placements,
    traffic: trafficOf(graph, placements, options.trackWeights),
    peakBytes,
  };
}
