/**
 * Hand-built graphs for the scratchpad tests, independent of the graph-file builder: a compact
 * notation, COSMA's toy, a chain with skip connections, seeded random DAGs, and every topological
 * order of a small graph (the brute force the exact searches are checked against).
 */
import { Rng } from '../../src/util/rng.js';
import type { Graph, TensorKind } from '../../spaces/scratchpad/types.js';

/** [name, sizeBytes, kind?] */
export type TinyTensor = readonly [string, number, TensorKind?];
/** [name, input names, output names] */
export type TinyOperator = readonly [string, readonly string[], readonly string[]];

/** A Graph from names; operators are indexed in the order given, which must be a valid order. */
export function graphOf(name: string, tensors: readonly TinyTensor[], operators: readonly TinyOperator[]): Graph {
  const indexOf = new Map(tensors.map(([tensorName], index) => [tensorName, index]));
  const resolve = (tensorName: string) => {
    const index = indexOf.get(tensorName);
    if (index === undefined) throw new Error(`fixture '${name}': unknown tensor '${tensorName}'`);
    return index;
  };
  const ops = operators.map(([opName, inputs, outputs], index) => ({
    index,
    name: opName,
    type: 'op',
    inputs: inputs.map(resolve),
    outputs: outputs.map(resolve),
  }));
  return {
    name,
    title: name,
    source: 'test fixture',
    tensors: tensors.map(([tensorName, sizeBytes, kind], index) => ({
      index,
      name: tensorName,
      sizeBytes,
      kind: kind ?? 'activation',
      producer: ops.findIndex((op) => op.outputs.includes(index)),
      consumers: ops.filter((op) => op.inputs.includes(index)).map((op) => op.index),
    })),
    operators: ops,
  };
}

/**
 * COSMA's motivating example: op0 -> t10 (10 B); op1 -> t11 (100 B); op2: t11 -> t12 (100 B);
 * op3: (t10, t12) -> t13 (10 B). M_R = 200 (op2), declared-order peak 210, best order 200.
 */
export function toyGraph(): Graph {
  return graphOf(
    'toy',
    [
      ['t10', 10],
      ['t11', 100],
      ['t12', 100],
      ['t13', 10],
    ],
    [
      ['op0', [], ['t10']],
      ['op1', [], ['t11']],
      ['op2', ['t11'], ['t12']],
      ['op3', ['t10', 't12'], ['t13']],
    ],
  );
}

/** A graph with an input and weights: in (8) and w1 (4) -> x (16); x and w2 (6) -> y (8); (in, y) -> z (2). */
export function weightedGraph(): Graph {
  return graphOf(
    'weighted',
    [
      ['in', 8, 'input'],
      ['w1', 4, 'weight'],
      ['w2', 6, 'weight'],
      ['x', 16],
      ['y', 8],
      ['z', 2],
    ],
    [
      ['a', ['in', 'w1'], ['x']],
      ['b', ['x', 'w2'], ['y']],
      ['c', ['in', 'y'], ['z']],
    ],
  );
}

/** A chain of `operators` steps, each with a weight, where every third step also reads the activation three back. */
export function chainWithSkips(operators: number): Graph {
  const tensors: TinyTensor[] = [['in', 96, 'input']];
  const ops: TinyOperator[] = [];
  for (let i = 0; i < operators; i++) {
    tensors.push([`w${i}`, 16 + ((i * 53) % 80), 'weight'], [`a${i}`, 32 + ((i * 37) % 160)]);
    const inputs = [i === 0 ? 'in' : `a${i - 1}`, `w${i}`];
    if (i >= 3 && i % 3 === 0) inputs.push(`a${i - 3}`);
    ops.push([`op${i}`, inputs, [`a${i}`]]);
  }
  return graphOf(`chain-${operators}`, tensors, ops);
}

/**
 * A seeded random DAG in a valid declared order: operators read earlier activations (not only
 * the last one, so orders can differ), graph inputs, and weights (some shared by two operators);
 * some produce two activations; sizes 1..100 bytes.
 */
export function randomGraph(seed: number, options: { minOperators?: number; maxOperators?: number } = {}): Graph {
  const rng = new Rng(seed);
  const minOps = options.minOperators ?? 3;
  const maxOps = options.maxOperators ?? 7;
  const operatorCount = minOps + rng.int(maxOps - minOps + 1);
  const tensors: TinyTensor[] = [];
  const readable: string[] = [];
  const weights: string[] = [];
  const newTensor = (prefix: string, kind: TensorKind) => {
    const name = `${prefix}${tensors.length}`;
    tensors.push([name, 1 + rng.int(100), kind]);
    return name;
  };
  for (let i = 0, inputs = 1 + rng.int(2); i < inputs; i++) readable.push(newTensor('in', 'input'));
  const ops: TinyOperator[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const inputs = new Set<string>();
    const reads = rng.int(Math.min(3, readable.length) + 1);
    for (let r = 0; r < reads; r++) inputs.add(rng.pick(readable));
    if (rng.next() < 0.6) {
      const shared = weights.length > 0 && rng.next() < 0.25;
      const weight = shared ? rng.pick(weights) : newTensor('w', 'weight');
      if (!shared) weights.push(weight);
      inputs.add(weight);
    }
    const outputs = [newTensor('a', 'activation')];
    if (rng.next() < 0.2) outputs.push(newTensor('a', 'activation'));
    readable.push(...outputs);
    ops.push([`op${i}`, [...inputs], outputs]);
  }
  return graphOf(`random-${seed}`, tensors, ops);
}

/** Every topological order of the graph's operators (small graphs only). */
export function allTopologicalOrders(graph: Graph): number[][] {
  const n = graph.operators.length;
  const preds = graph.operators.map((op) =>
    op.inputs.map((t) => graph.tensors[t].producer).filter((p) => p >= 0),
  );
  const done = new Array<boolean>(n).fill(false);
  const orders: number[][] = [];
  const prefix: number[] = [];
  const extend = () => {
    if (prefix.length === n) {
      orders.push([...prefix]);
      return;
    }
    for (let op = 0; op < n; op++) {
      if (done[op] || !preds[op].every((p) => done[p])) continue;
      done[op] = true;
      prefix.push(op);
      extend();
      prefix.pop();
      done[op] = false;
    }
  };
  extend();
  return orders;
}
