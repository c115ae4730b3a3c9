/**
 * Memory bounds of a graph, the yardsticks for any scratchpad budget:
 *
 * - M_R (`minimumBudgetBytes`): the largest working set of one operator. Below it some operator
 *   cannot run at all, whatever is spilled.
 * - the fixed-order peak: the most bytes live at once under a given order with no spilling.
 * - M_P (`minimumPeakBytes`): that peak minimized over all topological orders, found by an exact
 *   search over downsets (below). With a budget of at least M_P some order needs no spill at all
 *   (fragmentation aside).
 * - the unavoidable peak: a lower bound on M_P read off ancestor/descendant relations alone; when
 *   the given order meets it, that order is optimal and no search runs.
 */
import { assertValidOrder, defaultOrder, isTracked, liveBytesPerStep, predecessorsOf, workingSetBytes } from './liveness.js';
import type { Graph } from './types.js';

export interface MemoryBounds {
  /** M_R: largest single-operator working set; below it no plan exists. */
  readonly minimumBudgetBytes: number;
  /** Max of liveBytesPerStep under the given order: the no-spill peak (a lower bound on footprint; fragmentation may need more). */
  readonly fixedOrderPeakBytes: number;
  /** M_P: the same minimized over all topological orders; absent when the search exceeded maxStates. */
  readonly minimumPeakBytes?: number;
  readonly minimumPeakOrder?: readonly number[];
  /** Distinct downsets the search reached (0 when the given order already meets the unavoidable peak). */
  readonly statesExplored: number;
}

export const DEFAULT_MAX_STATES = 200_000;

export function memoryBounds(
  graph: Graph,
  options: { trackWeights: boolean; order?: readonly number[]; maxStates?: number },
): MemoryBounds {
  const { trackWeights } = options;
  const order = options.order ?? defaultOrder(graph);
  assertValidOrder(graph, order);
  const maxStates = options.maxStates ?? DEFAULT_MAX_STATES;
  if (!Number.isInteger(maxStates) || maxStates < 0) {
    throw new Error(`maxStates must be a non-negative integer, got ${maxStates}`);
  }

  const minimumBudgetBytes = Math.max(0, ...graph.operators.map((op) => workingSetBytes(graph, op.index, trackWeights)));
  const fixedOrderPeakBytes = Math.max(0, ...liveBytesPerStep(graph, order, trackWeights));

  // No order goes below the unavoidable peak (>= M_R): an order meeting it is optimal.
  const unavoidableBytes = unavoidablePeakBytes(graph, trackWeights);
  if (fixedOrderPeakBytes === unavoidableBytes) {
    return { minimumBudgetBytes, fixedOrderPeakBytes, minimumPeakBytes: fixedOrderPeakBytes, minimumPeakOrder: [...order], statesExplored: 0 };
  }
  const search = searchMinimumPeak(graph, {
    trackWeights,
    lowerBoundBytes: unavoidableBytes,
    upperBoundBytes: fixedOrderPeakBytes,
    maxStates,
  });
  if (search.peakBytes === undefined) return { minimumBudgetBytes, fixedOrderPeakBytes, statesExplored: search.statesExplored };
  return {
    minimumBudgetBytes,
    fixedOrderPeakBytes,
    minimumPeakBytes: search.peakBytes,
    minimumPeakOrder: search.order,
    statesExplored: search.statesExplored,
  };
}

/**
 * A lower bound on the peak of every order: for each operator, its working set plus the tensors
 * live across it whatever the order. An activation is, when its producer is an ancestor of the
 * operator and one of its consumers a descendant; a tracked weight or input, when one consumer is
 * an ancestor and another a descendant. At least M_R; often equal to the fixed-order peak of a
 * chain-like graph, which then needs no search.
 */
export function unavoidablePeakBytes(graph: Graph, trackWeights: boolean): number {
  const n = graph.operators.length;
  const words = Math.max(1, Math.ceil(n / 32));
  // descendants[o]: operators that must run after o. Operator indices are a valid order.
  const descendants = graph.operators.map(() => new Uint32Array(words));
  for (let op = n - 1; op >= 0; op--) {
    for (const tensor of graph.operators[op].outputs) {
      for (const consumer of graph.tensors[tensor].consumers) {
        descendants[op][consumer >>> 5] |= 1 << (consumer & 31);
        for (let w = 0; w < words; w++) descendants[op][w] |= descendants[consumer][w];
      }
    }
  }
  const precedes = (a: number, b: number) => (descendants[a][b >>> 5] & (1 << (b & 31))) !== 0;
  let peak = 0;
  for (const op of graph.operators) {
    let bytes = workingSetBytes(graph, op.index, trackWeights);
    for (const tensor of graph.tensors) {
      if (!isTracked(graph, tensor.index, trackWeights) || op.inputs.includes(tensor.index) || op.outputs.includes(tensor.index)) continue;
      const createdBefore =
        tensor.producer >= 0 ? precedes(tensor.producer, op.index) : tensor.consumers.some((c) => precedes(c, op.index));
      if (createdBefore && tensor.consumers.some((c) => precedes(op.index, c))) bytes += tensor.sizeBytes;
    }
    peak = Math.max(peak, bytes);
  }
  return peak;
}

/**
 * The minimum over topological orders of the peak live bytes, by a minimax path search over
 * downsets (sets of executed operators closed under predecessors).
 *
 * What is resident between steps depends only on the set S already executed: activations produced
 * in S with a consumer outside S, and tracked weights and inputs with consumers both inside and
 * outside S. Running a ready operator o from S needs those bytes plus o's outputs and any of its
 * weights and inputs not yet loaded; that is exactly liveBytesPerStep at o's step in any order
 * reaching S first. The best order minimizes the largest such step cost along a path from the
 * empty set to all operators: Dijkstra with the bottleneck (max) as path cost, which is monotone
 * along paths, so the first time the full set is taken from the queue its cost is optimal.
 *
 * Two bounds cut the search: costs below `lowerBoundBytes` (the unavoidable peak, which every
 * order reaches) count as that bound, and ties are broken towards larger sets, so the search runs
 * depth-first until it must exceed the bound; transitions above `upperBoundBytes` (a known
 * order's peak) are never taken.
 */
export function searchMinimumPeak(
  graph: Graph,
  options: { trackWeights: boolean; lowerBoundBytes: number; upperBoundBytes: number; maxStates: number },
): { peakBytes?: number; order?: number[]; statesExplored: number } {
  if (options.maxStates < 1) return { statesExplored: 0 };
  const n = graph.operators.length;
  const words = Math.max(1, Math.ceil(n / 32));
  const predecessors = predecessorsOf(graph);
  const operators = graph.operators.map((op) => ({
    activationInputs: op.inputs.filter((t) => graph.tensors[t].producer >= 0),
    loadedInputs: op.inputs.filter((t) => graph.tensors[t].producer < 0 && isTracked(graph, t, options.trackWeights)),
    outputBytes: op.outputs.reduce((sum, t) => sum + graph.tensors[t].sizeBytes, 0),
    outputBytesStillNeeded: op.outputs.reduce((sum, t) => sum + (graph.tensors[t].consumers.length > 0 ? graph.tensors[t].sizeBytes : 0), 0),
  }));
  const has = (set: Uint32Array, op: number) => (set[op >>> 5] & (1 << (op & 31))) !== 0;
  // After running `op` from `set`, is tensor still needed by a consumer not yet run?
  const neededAfter = (set: Uint32Array, op: number, tensor: number) =>
    graph.tensors[tensor].consumers.some((c) => c !== op && !has(set, c));

  const states = new Map<string, SearchState>();
  const queue = new BottleneckQueue();
  const start: SearchState = { set: new Uint32Array(words), depth: 0, costBytes: options.lowerBoundBytes, residentBytes: 0, parent: undefined, operator: -1, expanded: false };
  states.set(setKey(start.set), start);
  queue.push({ key: setKey(start.set), costBytes: start.costBytes, depth: 0 });

  for (let entry = queue.pop(); entry !== undefined; entry = queue.pop()) {
    const state = states.get(entry.key)!;
    if (state.expanded || entry.costBytes > state.costBytes) continue;
    if (state.depth === n) return { peakBytes: state.costBytes, order: orderTo(states, entry.key), statesExplored: states.size };
    state.expanded = true;
    for (let op = 0; op < n; op++) {
      if (has(state.set, op) || !predecessors[op].every((p) => has(state.set, p))) continue;
      const info = operators[op];
      let newlyLoadedBytes = 0;
      let releasedBytes = 0;
      let keptLoadedBytes = 0;
      for (const tensor of info.loadedInputs) {
        const size = graph.tensors[tensor].sizeBytes;
        const loadedBefore = graph.tensors[tensor].consumers.some((c) => has(state.set, c));
        const keep = neededAfter(state.set, op, tensor);
        if (!loadedBefore) newlyLoadedBytes += size;
        if (keep && !loadedBefore) keptLoadedBytes += size;
        if (!keep && loadedBefore) releasedBytes += size;
      }
      for (const tensor of info.activationInputs) {
        if (!neededAfter(state.set, op, tensor)) releasedBytes += graph.tensors[tensor].sizeBytes;
      }
      const stepBytes = state.residentBytes + newlyLoadedBytes + info.outputBytes;
      const costBytes = Math.max(state.costBytes, stepBytes);
      if (costBytes > options.upperBoundBytes) continue;
      const set = state.set.slice();
      set[op >>> 5] |= 1 << (op & 31);
      const key = setKey(set);
      const known = states.get(key);
      if (known === undefined) {
        if (states.size >= options.maxStates) return { statesExplored: states.size };
        const residentBytes = state.residentBytes + keptLoadedBytes + info.outputBytesStillNeeded - releasedBytes;
        states.set(key, { set, depth: state.depth + 1, costBytes, residentBytes, parent: entry.key, operator: op, expanded: false });
      } else if (!known.expanded && costBytes < known.costBytes) {
        known.costBytes = costBytes;
        known.parent = entry.key;
        known.operator = op;
      } else {
        continue;
      }
      queue.push({ key, costBytes, depth: state.depth + 1 });
    }
  }
  // Unreachable for a valid upper bound: the order that set it is a path within it.
  throw new Error(`minimum-peak search found no order within ${options.upperBoundBytes} bytes for graph '${graph.name}'`);
}

interface SearchState {
  readonly set: Uint32Array;
  readonly depth: number;
  costBytes: number;
  /** Bytes resident between steps after running the set; fixed by the set alone. */
  readonly residentBytes: number;
  parent: string | undefined;
  operator: number;
  expanded: boolean;
}

function setKey(set: Uint32Array): string {
  let key = '';
  for (const word of set) key += String.fromCharCode(word & 0xffff, word >>> 16);
  return key;
}

function orderTo(states: Map<string, SearchState>, key: string): number[] {
  const order: number[] = [];
  for (let state = states.get(key)!; state.parent !== undefined; state = states.get(state.parent)!) order.push(state.operator);
  return order.reverse();
}

interface QueueEntry {
  readonly key: string;
  readonly costBytes: number;
  readonly depth: number;
}

/** Binary heap: lowest cost first, then the larger set (depth-first among equal costs). */
class BottleneckQueue {
  private readonly heap: QueueEntry[] = [];

  push(entry: QueueEntry): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): QueueEntry | undefined {
    const heap = this.heap;
    if (heap.length === 0) return undefined;
    const top = heap[0];
    const last = heap.pop()!;
    if (heap.length > 0) {
      heap[0] = last;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let best = i;
        if (left < heap.length && before(heap[left], heap[best])) best = left;
        if (right < heap.length && before(heap[right], heap[best])) best = right;
        if (best === i) break;
        [heap[i], heap[best]] = [heap[best], heap[i]];
        i = best;
      }
    }
    return top;
  }
}

function before(a: QueueEntry, b: QueueEntry): boolean {
  return a.costBytes !== b.costBytes ? a.costBytes < b.costBytes : a.depth > b.depth;
}
