/**
 * The COSMA ILP with a free schedule: the operator order is decided together with allocation and
 * replacement. x[o,t] = 1 runs operator o at step t (one operator per step, each once, producers
 * before consumers); an activation's creation C[a,t] is its producer's x. Weights and inputs have
 * no creation: every load is a retrieve R, the first one compulsory (a constant taken off the
 * objective). Residency windows span the steps the tensor could be live in any topological order
 * (earliest producer step .. latest consumer step), so the model grows with the graph's freedom:
 * meant for small graphs, or for large ones under a time limit with the incumbent reported.
 */
import { LinearModel, type LinearTerm, type Variable } from '../../src/ilp/index.js';
import { addressOf, capacityCut, exclusiveMoves, negated, pinAddress, residency, separateCoResidents, type PairOrder, type TensorStep } from './cosma-rows.js';
import { sizeUnitBytes } from './cosma-fixed.js';
import { isTracked } from './liveness.js';
import type { Graph } from './types.js';

export interface FreeScheduleModel {
  readonly model: LinearModel;
  readonly unitBytes: number;
  /** runs[o][t - earliest[o]]: the binary running operator o at step t. */
  readonly runs: readonly (readonly Variable[])[];
  readonly earliest: readonly number[];
  readonly tensorSteps: readonly (readonly TensorStep[])[];
  readonly pairs: readonly PairOrder[];
}

/** Earliest and latest step of each operator in any topological order (ancestors / descendants). */
export function operatorSlack(graph: Graph): { earliest: number[]; latest: number[] } {
  const count = graph.operators.length;
  const predecessors = graph.operators.map((op) => new Set(op.inputs.map((t) => graph.tensors[t]!.producer).filter((p) => p >= 0)));
  const successors = graph.operators.map(() => new Set<number>());
  predecessors.forEach((preds, op) => preds.forEach((p) => successors[p]!.add(op)));
  const ancestors = closure(predecessors);
  const descendants = closure(successors);
  return { earliest: ancestors.map((a) => a.size), latest: descendants.map((d) => count - 1 - d.size) };
}

function closure(edges: readonly Set<number>[]): Set<number>[] {
  const memo: (Set<number> | undefined)[] = edges.map(() => undefined);
  const visit = (node: number): Set<number> => {
    const known = memo[node];
    if (known) return known;
    const all = new Set<number>();
    for (const next of edges[node]!) {
      all.add(next);
      for (const further of visit(next)) all.add(further);
    }
    memo[node] = all;
    return all;
  };
  return edges.map((_, node) => visit(node));
}

export function buildFreeScheduleModel(graph: Graph, budgetBytes: number, trackWeights: boolean): FreeScheduleModel {
  const steps = graph.operators.length;
  const unitBytes = sizeUnitBytes(graph, trackWeights);
  const capacity = Math.floor(budgetBytes / unitBytes);
  const size = (tensor: number): number => graph.tensors[tensor]!.sizeBytes / unitBytes;
  const name = (tensor: number): string => graph.tensors[tensor]!.name;
  const { earliest, latest } = operatorSlack(graph);
  const model = new LinearModel(`cosma_free_${graph.name}_${budgetBytes}B`);
  const runs = graph.operators.map((op) => {
    const vars: Variable[] = [];
    for (let t = earliest[op.index]!; t <= latest[op.index]!; t++) vars.push(model.binary(`x_${op.name}_s${t}`));
    model.constrain(`once_${op.name}`, vars.map((v) => [1, v] as const), '=', 1);
    return vars;
  });
  const runAt = (op: number, step: number): Variable | undefined => runs[op]![step - earliest[op]!];
  for (let t = 0; t < steps; t++) {
    const here = graph.operators.map((op) => runAt(op.index, t)).filter((v): v is Variable => v !== undefined);
    model.constrain(`one_op_s${t}`, here.map((v) => [1, v] as const), '=', 1);
  }
  constrainPrecedence(model, graph, runs, earliest, latest);

  const objective: LinearTerm[] = [];
  let compulsoryUnits = 0;
  const tensorSteps: TensorStep[][] = Array.from({ length: steps }, () => []);
  for (const tensor of graph.tensors) {
    if (!isTracked(graph, tensor.index, trackWeights)) continue;
    const a = tensor.index;
    const users = tensor.consumers;
    const firstStep = tensor.producer >= 0 ? earliest[tensor.producer]! : Math.min(...users.map((c) => earliest[c]!));
    const lastStep = Math.max(...[...users, ...(tensor.producer >= 0 ? [tensor.producer] : [])].map((c) => latest[c]!));
    const hasCopy = tensor.kind !== 'activation';
    if (hasCopy) compulsoryUnits += size(a);
    const spills: Variable[] = [];
    let before: TensorStep | undefined;
    for (let t = firstStep; t <= lastStep; t++) {
      const label = `${name(a)}_s${t}`;
      const create = tensor.producer >= 0 ? runAt(tensor.producer, t) : undefined;
      const preserve = before ? model.binary(`P_${label}`) : undefined;
      const spill = !hasCopy && before ? model.binary(`S_${label}`) : undefined;
      if (spill) spills.push(spill);
      const retrieve = hasCopy || spills.length > 0 ? model.binary(`R_${label}`) : undefined;
      const entry: TensorStep = { tensor: a, step: t, residentConstant: 0, create, preserve, retrieve, spill, address: model.integer(`L_${label}`, 0, capacity - size(a)) };
      exclusiveMoves(model, label, entry);
      for (const move of [preserve, spill]) {
        if (move && before) model.constrain(`was_${move.name}`, [[1, move], ...negated(residency(before))], '<=', 0);
      }
      if (preserve) pinAddress(model, label, addressOf(entry), preserve, before, undefined, capacity);
      if (retrieve && !hasCopy) model.constrain(`after_spill_${label}`, [[1, retrieve], ...spills.map((v) => [-1, v] as const)], '<=', 0);
      if (retrieve) objective.push([size(a), retrieve]);
      if (spill) objective.push([size(a), spill]);
      // Resident whenever a consumer runs.
      for (const consumer of users) {
        const run = runAt(consumer, t);
        if (run) model.constrain(`use_${name(a)}_${graph.operators[consumer]!.name}_s${t}`, [[1, run], ...negated(residency(entry))], '<=', 0);
      }
      tensorSteps[t]!.push(entry);
      before = entry;
    }
    if (spills.length > 1) model.constrain(`one_spill_${name(a)}`, spills.map((v) => [1, v] as const), '<=', 1);
  }
  const pairs: PairOrder[] = [];
  tensorSteps.forEach((here, t) => {
    pairs.push(...separateCoResidents(model, here, size, capacity, t, name));
    capacityCut(model, here, size, capacity, t);
  });
  model.minimize(objective, -compulsoryUnits);
  return { model, unitBytes, runs, earliest, tensorSteps, pairs };
}

/** A consumer has run by step t only if each producer of its inputs ran before t. */
function constrainPrecedence(model: LinearModel, graph: Graph, runs: readonly (readonly Variable[])[], earliest: readonly number[], latest: readonly number[]): void {
  for (const consumer of graph.operators) {
    const producers = new Set(consumer.inputs.map((t) => graph.tensors[t]!.producer).filter((p) => p >= 0));
    for (const producer of producers) {
      for (let t = earliest[consumer.index]!; t <= latest[consumer.index]!; t++) {
        const consumerBy: LinearTerm[] = runs[consumer.index]!.slice(0, t - earliest[consumer.index]! + 1).map((v) => [1, v] as const);
        const producerBefore: LinearTerm[] = runs[producer]!.slice(0, Math.max(0, t - earliest[producer]!)).map((v) => [-1, v] as const);
        model.constrain(`before_${graph.operators[producer]!.name}_${consumer.name}_s${t}`, [...consumerBy, ...producerBefore], '<=', 0);
      }
    }
  }
}
