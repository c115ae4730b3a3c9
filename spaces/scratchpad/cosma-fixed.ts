/**
 * The COSMA ILP (Li, Gupta, Malik 2023) for a fixed operator order: which tensors stay on chip,
 * where each sits, and which are spilled and reloaded, minimizing non-compulsory off-chip bytes.
 *
 * Per tracked tensor a and step t inside a's live window (first appearance .. last use):
 *   P[a,t]  preserved: resident at t-1 and t at the same address,
 *   R[a,t]  retrieved: loaded from off chip into step t,
 *   S[a,t]  spilled:   written off chip between t-1 and t (activations only, at most once),
 *   L[a,t]  base address (integer, in units of the sizes' GCD),
 * and residency r[a,t] = P + R, or 1 at the step the tensor first appears (its producer's step for
 * an activation; its first use for a weight or input, whose first load is compulsory).
 * Rules: P+R <= 1 and P+S <= 1 (a spill and a reload in one step move the tensor, see
 * exclusiveMoves); P, S <= r[a,t-1]; R only once an off-chip copy exists; every operand of the
 * step's operator resident; no two co-resident tensors overlap (big-M = budget, one above/below
 * binary per pair and step); the address is pinned while preserved. The published corrections are
 * built in: one operator per step (the order), nothing resident before it appears, residency
 * variables only inside live windows, weights loadable in the step that uses them, sizes divided
 * by their GCD so a tight integrality tolerance keeps the big-M rows exact.
 *
 * The model can cover a range of steps with a given starting state, which is how the
 * divide-and-conquer heuristic (divide-and-conquer.ts) solves long graphs window by window.
 */
import { LinearModel, type LinearTerm, type Variable } from '../../src/ilp/index.js';
import { capacityCut, exclusiveMoves, negated, pinAddress, residency, separateCoResidents, type PairOrder, type TensorStep } from './cosma-rows.js';
import { isTracked, useSteps } from './liveness.js';
import type { Graph } from './types.js';

/** A tensor already on chip when the modelled range begins. */
export interface ResidentAtStart {
  readonly tensor: number;
  /** Base address in bytes; must be a multiple of the sizes' GCD. */
  readonly offsetBytes: number;
}

export interface FixedOrderRange {
  readonly graph: Graph;
  readonly order: readonly number[];
  readonly budgetBytes: number;
  readonly trackWeights: boolean;
  /** First and last step modelled (inclusive); default the whole order. */
  readonly fromStep?: number;
  readonly toStep?: number;
  /** Tensors on chip at the end of step fromStep - 1. */
  readonly residentAtStart?: readonly ResidentAtStart[];
  /** Activations that already have an off-chip copy (spilled before fromStep). */
  readonly spilledBefore?: ReadonlySet<number>;
  /**
   * Charge each tensor still needed after toStep but not resident at toStep its size (the reload
   * it will need): the look-ahead cost of a window that does not reach the end.
   */
  readonly chargeUnfinished?: boolean;
  /**
   * Make the budget a variable (in units, at most budgetBytes) for minimizing it; the traffic is
   * then returned as an expression and the objective left for the caller to set.
   */
  readonly variableBudget?: boolean;
  /**
   * False leaves addresses out (no L variables, no overlap rows): only the sizes resident at each
   * step must fit. Its optimum bounds the full model's from below, and equals it whenever its
   * residency can be packed (see cosma.ts).
   */
  readonly addresses?: boolean;
}

export interface FixedOrderModel {
  readonly model: LinearModel;
  /** Bytes per model unit: every size and address is divided by it. */
  readonly unitBytes: number;
  readonly fromStep: number;
  readonly toStep: number;
  /** tensorSteps[t - fromStep] lists the tensors that may be resident at step t. */
  readonly tensorSteps: readonly (readonly TensorStep[])[];
  /** Non-compulsory traffic in units (spills, reloads, and look-ahead charges): the objective. */
  readonly traffic: { readonly terms: readonly LinearTerm[]; readonly constant: number };
  readonly pairs: readonly PairOrder[];
  /** The budget in units, when `variableBudget`. */
  readonly budget?: Variable;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

/** Largest unit that divides every tracked size (and so every useful address). */
export function sizeUnitBytes(graph: Graph, trackWeights: boolean): number {
  let unit = 0;
  for (const tensor of graph.tensors) if (isTracked(graph, tensor.index, trackWeights)) unit = gcd(unit, tensor.sizeBytes);
  return Math.max(unit, 1);
}

/** Steps at which each tracked tensor first appears and is last used, under the order (infinite for untracked ones). */
export function liveWindows(graph: Graph, order: readonly number[], trackWeights: boolean): { first: number[]; last: number[] } {
  const uses = useSteps(graph, order, trackWeights);
  return {
    first: uses.map((steps) => (steps.length > 0 ? steps[0]! : Number.POSITIVE_INFINITY)),
    last: uses.map((steps) => (steps.length > 0 ? steps[steps.length - 1]! : Number.NEGATIVE_INFINITY)),
  };
}

/** Builds the fixed-order COSMA model over a range of steps. */
export function buildFixedOrderModel(range: FixedOrderRange): FixedOrderModel {
  const { graph, order, trackWeights } = range;
  const fromStep = range.fromStep ?? 0;
  const toStep = range.toStep ?? order.length - 1;
  const unitBytes = sizeUnitBytes(graph, trackWeights);
  if (range.residentAtStart?.some((r) => r.offsetBytes % unitBytes !== 0)) {
    throw new Error(`scratchpad ILP: starting addresses must be multiples of ${unitBytes} B`);
  }
  const capacity = Math.floor(range.budgetBytes / unitBytes);
  const size = (tensor: number): number => graph.tensors[tensor]!.sizeBytes / unitBytes;
  const name = (tensor: number): string => graph.tensors[tensor]!.name;
  const { first, last } = liveWindows(graph, order, trackWeights);
  const startAddress = new Map((range.residentAtStart ?? []).map((r) => [r.tensor, r.offsetBytes / unitBytes]));
  const spilledBefore = range.spilledBefore ?? new Set<number>();
  const model = new LinearModel(`cosma_${graph.name}_${range.budgetBytes}B`);
  const withAddresses = range.addresses ?? true;
  const budget = range.variableBudget ? model.integer('budget', 0, capacity) : undefined;
  const objective: LinearTerm[] = [];
  const tensorSteps: TensorStep[][] = [];
  const previous = new Map<number, TensorStep>();
  const spillsSoFar = new Map<number, Variable[]>();
  const pairs: PairOrder[] = [];

  for (let step = fromStep; step <= toStep; step++) {
    const here: TensorStep[] = [];
    for (const tensor of graph.tensors) {
      const a = tensor.index;
      if (!(first[a]! <= step && step <= last[a]!)) continue;
      const label = `${name(a)}_s${step}`;
      const address = withAddresses ? model.integer(`L_${label}`, 0, capacity - size(a)) : undefined;
      if (budget && address) model.constrain(`top_${label}`, [[1, address], [-1, budget]], '<=', -size(a));
      if (step === first[a]) {
        here.push({ tensor: a, step, residentConstant: 1, address });
        continue;
      }
      const before = previous.get(a);
      const residentBefore = before !== undefined || startAddress.has(a);
      const hasCopy = tensor.kind !== 'activation' || spilledBefore.has(a);
      const preserve = residentBefore ? model.binary(`P_${label}`) : undefined;
      const retrieve = model.binary(`R_${label}`);
      const spill = !hasCopy && residentBefore ? model.binary(`S_${label}`) : undefined;
      const entry: TensorStep = { tensor: a, step, residentConstant: 0, preserve, retrieve, spill, address };
      here.push(entry);
      exclusiveMoves(model, label, entry);
      // Preserve or spill only what was resident at the previous step, at the same address.
      for (const move of [preserve, spill]) {
        if (!move || !before) continue;
        model.constrain(`was_${move.name}`, [[1, move], ...negated(residency(before))], '<=', before.residentConstant);
      }
      if (preserve && address) pinAddress(model, label, address, preserve, before, startAddress.get(a), capacity);
      objective.push([size(a), retrieve]);
      if (spill) objective.push([size(a), spill]);
      // Reload only what was written off chip, at this step or before.
      if (spill) spillsSoFar.set(a, [...(spillsSoFar.get(a) ?? []), spill]);
      if (!hasCopy) model.constrain(`after_spill_${label}`, [[1, retrieve], ...(spillsSoFar.get(a) ?? []).map((v) => [-1, v] as const)], '<=', 0);
    }
    requireOperands(model, graph, order[step]!, here, step, trackWeights);
    if (withAddresses) pairs.push(...separateCoResidents(model, here, size, capacity, step, name));
    capacityCut(model, here, size, capacity, step, budget);
    tensorSteps.push(here);
    previous.clear();
    for (const entry of here) previous.set(entry.tensor, entry);
  }
  for (const [tensor, spills] of spillsSoFar) {
    if (spills.length > 1) model.constrain(`one_spill_${name(tensor)}`, spills.map((v) => [1, v] as const), '<=', 1);
  }
  if (range.chargeUnfinished) {
    for (const entry of tensorSteps[tensorSteps.length - 1] ?? []) {
      const a = entry.tensor;
      if (last[a]! <= toStep) continue;
      // Not resident at the window's end: a reload of its size lies ahead.
      objective.push(...negated(residency(entry)).map(([c, v]) => [c * size(a), v] as const));
      // ...and it must then have an off-chip copy: the use that would force a spill lies beyond the window.
      if (graph.tensors[a]!.kind === 'activation' && !spilledBefore.has(a) && entry.residentConstant === 0) {
        const spills = (spillsSoFar.get(a) ?? []).map((v) => [1, v] as const);
        model.constrain(`kept_or_spilled_${name(a)}`, [...residency(entry), ...spills], '>=', 1);
      }
    }
  }
  const traffic = { terms: objective, constant: chargeConstant(range, tensorSteps, last, toStep, size) };
  if (!budget) model.minimize(traffic.terms, traffic.constant);
  return { model, unitBytes, fromStep, toStep, tensorSteps, pairs, traffic, budget };
}

function chargeConstant(
  range: FixedOrderRange,
  tensorSteps: readonly (readonly TensorStep[])[],
  last: readonly number[],
  toStep: number,
  size: (tensor: number) => number,
): number {
  if (!range.chargeUnfinished) return 0;
  let constant = 0;
  for (const entry of tensorSteps[tensorSteps.length - 1] ?? []) {
    if (last[entry.tensor]! > toStep) constant += size(entry.tensor) * (1 - entry.residentConstant);
  }
  return constant;
}

/** Every tracked operand of the step's operator is resident at that step. */
function requireOperands(model: LinearModel, graph: Graph, operator: number, here: readonly TensorStep[], step: number, trackWeights: boolean): void {
  const op = graph.operators[operator]!;
  for (const tensor of [...op.inputs, ...op.outputs]) {
    if (!isTracked(graph, tensor, trackWeights)) continue;
    const entry = here.find((e) => e.tensor === tensor)!;
    if (entry.residentConstant === 1) continue;
    model.constrain(`use_${graph.tensors[tensor]!.name}_s${step}`, residency(entry), '=', 1);
  }
}

