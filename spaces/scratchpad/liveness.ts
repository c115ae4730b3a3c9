/**
 * Which tensors occupy the scratchpad, when each is used under an operator order, and how many
 * bytes must be live at each step if nothing is ever spilled.
 *
 * Live ranges: an activation is live from its producer's step to its last consumer's step (a graph
 * output only in the step that creates it, since its write off chip is part of that step); an
 * input or a tracked weight from its first use to its last use, because it is loaded when first
 * needed and has no reason to stay after its last use.
 */
import type { Graph } from './types.js';

/** Whether a tensor occupies the scratchpad: activations and inputs always, weights only when tracked. */
export function isTracked(graph: Graph, tensor: number, trackWeights: boolean): boolean {
  return trackWeights || graph.tensors[tensor].kind !== 'weight';
}

/** The order in which the graph declares its operators: 0..n-1. */
export function defaultOrder(graph: Graph): number[] {
  return graph.operators.map((_, index) => index);
}

/** The step at which each operator runs: the inverse of `order`. */
export function stepOfOperators(order: readonly number[]): number[] {
  const steps = new Array<number>(order.length).fill(-1);
  order.forEach((operator, step) => {
    steps[operator] = step;
  });
  return steps;
}

/** For each operator, the operators producing its inputs (ascending, without repeats). */
export function predecessorsOf(graph: Graph): number[][] {
  return graph.operators.map((op) => {
    const producers = new Set<number>();
    for (const tensor of op.inputs) {
      const producer = graph.tensors[tensor].producer;
      if (producer >= 0) producers.add(producer);
    }
    return [...producers].sort((a, b) => a - b);
  });
}

/**
 * Why `order` cannot run the graph (not a permutation of the operators, or an operator before the
 * producer of one of its inputs), or undefined when it can.
 */
export function orderProblem(graph: Graph, order: readonly number[]): string | undefined {
  const n = graph.operators.length;
  if (order.length !== n) return `the order has ${order.length} steps but the graph has ${n} operators`;
  const seen = new Array<boolean>(n).fill(false);
  for (let step = 0; step < n; step++) {
    const operator = order[step];
    if (!Number.isInteger(operator) || operator < 0 || operator >= n) {
      return `step ${step} names operator ${operator}, which does not exist`;
    }
    if (seen[operator]) return `operator ${operator} ('${graph.operators[operator].name}') runs twice`;
    seen[operator] = true;
  }
  const steps = stepOfOperators(order);
  for (let step = 0; step < n; step++) {
    const op = graph.operators[order[step]];
    for (const tensor of op.inputs) {
      const producer = graph.tensors[tensor].producer;
      if (producer >= 0 && steps[producer] >= step) {
        return (
          `step ${step} runs '${op.name}' before step ${steps[producer]} produces its input ` +
          `'${graph.tensors[tensor].name}'`
        );
      }
    }
  }
  return undefined;
}

/** Throws when `order` cannot run the graph. */
export function assertValidOrder(graph: Graph, order: readonly number[]): void {
  const problem = orderProblem(graph, order);
  if (problem !== undefined) throw new Error(`invalid operator order for graph '${graph.name}': ${problem}`);
}

/** Steps at which each tracked tensor is used (producer step and consumer steps), ascending; [] for untracked. */
export function useSteps(graph: Graph, order: readonly number[], trackWeights: boolean): number[][] {
  const stepOf = stepOfOperators(order);
  return graph.tensors.map((tensor) => {
    if (!isTracked(graph, tensor.index, trackWeights)) return [];
    const steps = tensor.consumers.map((consumer) => stepOf[consumer]);
    if (tensor.producer >= 0) steps.push(stepOf[tensor.producer]);
    return steps.sort((a, b) => a - b);
  });
}

/** Bytes of the tracked tensors an operator reads or writes: what must be resident while it runs. */
export function workingSetBytes(graph: Graph, operator: number, trackWeights: boolean): number {
  const op = graph.operators[operator];
  let bytes = 0;
  for (const tensor of [...op.inputs, ...op.outputs]) {
    if (isTracked(graph, tensor, trackWeights)) bytes += graph.tensors[tensor].sizeBytes;
  }
  return bytes;
}

/** Bytes that must be live at each step when nothing is spilled (live ranges as described above). */
export function liveBytesPerStep(graph: Graph, order: readonly number[], trackWeights: boolean): number[] {
  const steps = order.length;
  // Difference array: +size where a live range begins, -size just after it ends.
  const delta = new Array<number>(steps + 1).fill(0);
  useSteps(graph, order, trackWeights).forEach((uses, tensor) => {
    if (uses.length === 0) return;
    const size = graph.tensors[tensor].sizeBytes;
    delta[uses[0]] += size;
    delta[uses[uses.length - 1] + 1] -= size;
  });
  const live = new Array<number>(steps);
  let running = 0;
  for (let step = 0; step < steps; step++) {
    running += delta[step];
    live[step] = running;
  }
  return live;
}
