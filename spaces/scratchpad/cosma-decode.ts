/**
 * Turns a solution of the fixed-order COSMA model into placements: runs of steps during which a
 * tensor stays at one address, how each run began and whether it ended with a spill.
 */
import type { LinearModel, Variable } from '../../src/ilp/index.js';
import { addressOf, type PairOrder, type TensorStep } from './cosma-rows.js';
import { checkPlan, trafficOf } from './plan-check.js';
import type { AllocationPlan, Graph, Placement, PlacementStart } from './types.js';

/** A placement that may continue one from before the modelled range (`continued`). */
export interface DecodedRun extends Omit<Placement, 'start'> {
  readonly start: PlacementStart | 'continued';
}

export interface DecodedRange {
  readonly runs: DecodedRun[];
  /** Activations written off chip inside the range (by tensor index). */
  readonly spilled: Set<number>;
  /** A spill at the range's first step ends the placement that came before the range. */
  readonly spilledAtStart: Set<number>;
}

interface OpenRun {
  tensor: number;
  offsetBytes: number;
  firstStep: number;
  lastStep: number;
  start: PlacementStart | 'continued';
  spilledAtEnd: boolean;
}

const isSet = (values: Float64Array, variable: { index: number } | undefined): boolean => variable !== undefined && values[variable.index]! > 0.5;

/** What decoding needs of a fixed-order or free-schedule model. */
export interface DecodableModel {
  readonly fromStep: number;
  readonly unitBytes: number;
  readonly tensorSteps: readonly (readonly TensorStep[])[];
  /**
   * True when a weight's or input's first load is a retrieve variable (free schedule) rather than
   * the constant residency at its first use (fixed order).
   */
  readonly firstLoadIsRetrieve?: boolean;
  /** The above/below binaries, to give a starting point (planValues). */
  readonly pairs?: readonly PairOrder[];
  /** The budget variable of a model that minimizes the budget. */
  readonly budget?: Variable;
}

export function decodeSolution(graph: Graph, source: DecodableModel, values: Float64Array): DecodedRange {
  const runs: OpenRun[] = [];
  const open = new Map<number, OpenRun>();
  const spilled = new Set<number>();
  const spilledAtStart = new Set<number>();
  const everResident = new Set<number>();
  source.tensorSteps.forEach((entries, index) => {
    const step = source.fromStep + index;
    const residentNow = new Set<number>();
    for (const entry of entries) {
      const tensor = entry.tensor;
      if (isSet(values, entry.spill)) {
        spilled.add(tensor);
        const previous = open.get(tensor);
        if (previous) previous.spilledAtEnd = true;
        else spilledAtStart.add(tensor);
      }
      const created = entry.residentConstant === 1 || isSet(values, entry.create);
      const preserved = isSet(values, entry.preserve);
      const retrieved = isSet(values, entry.retrieve);
      if (!created && !preserved && !retrieved) continue;
      residentNow.add(tensor);
      const firstLoad = source.firstLoadIsRetrieve === true && retrieved && !everResident.has(tensor);
      everResident.add(tensor);
      // A capacity-only model decides no addresses: its runs are placed afterwards.
      const offsetBytes = entry.address ? Math.round(values[entry.address.index]!) * source.unitBytes : 0;
      const previous = open.get(tensor);
      if (preserved && previous) {
        previous.lastStep = step;
        continue;
      }
      const isActivation = graph.tensors[tensor]!.kind === 'activation';
      const start: OpenRun['start'] = created ? (isActivation ? 'created' : 'loaded') : firstLoad ? 'loaded' : retrieved ? 'reloaded' : 'continued';
      const run: OpenRun = { tensor, offsetBytes, firstStep: step, lastStep: step, start, spilledAtEnd: false };
      runs.push(run);
      open.set(tensor, run);
    }
    for (const tensor of [...open.keys()]) if (!residentNow.has(tensor)) open.delete(tensor);
  });
  return { runs, spilled, spilledAtStart };
}

/** Placements of a whole-order solution: no run continues one from before. */
export function placementsOf(decoded: DecodedRange): Placement[] {
  return decoded.runs.map((run) => {
    if (run.start === 'continued') throw new Error(`scratchpad ILP: tensor ${run.tensor} is resident before the first step`);
    return { ...run, start: run.start };
  });
}

/** A plan from solver placements, its traffic and footprint recomputed, and every rule checked. */
export function checkedPlan(graph: Graph, plan: Omit<AllocationPlan, 'traffic' | 'peakBytes'>): AllocationPlan {
  const traffic = trafficOf(graph, plan.placements, plan.trackWeights);
  const peakBytes = plan.placements.reduce((peak, p) => Math.max(peak, p.offsetBytes + graph.tensors[p.tensor]!.sizeBytes), 0);
  const complete: AllocationPlan = { ...plan, traffic, peakBytes };
  // Throws naming the step, tensor and rule when a solution decodes to an invalid plan.
  checkPlan(graph, complete);
  return complete;
}

/**
 * The values a plan gives the variables of a whole-order model (same budget, or a budget
 * variable): a starting point for the solver, so it begins from the plan's traffic instead of
 * searching for a first feasible point.
 */
export function planValues(model: LinearModel, source: DecodableModel, plan: AllocationPlan): Float64Array {
  const values = new Float64Array(model.variables.length);
  const at = new Map<string, Placement>();
  const spillAt = new Set<string>();
  for (const p of plan.placements) {
    for (let step = p.firstStep; step <= p.lastStep; step++) at.set(`${p.tensor}:${step}`, p);
    if (p.spilledAtEnd) spillAt.add(`${p.tensor}:${p.lastStep + 1}`);
  }
  const set = (variable: Variable | undefined, value: number): void => {
    if (variable) values[variable.index] = value;
  };
  source.tensorSteps.forEach((entries, index) => {
    const step = source.fromStep + index;
    for (const entry of entries) {
      set(entry.spill, spillAt.has(`${entry.tensor}:${step}`) ? 1 : 0);
      const placement = at.get(`${entry.tensor}:${step}`);
      if (!placement) continue;
      if (entry.address) values[entry.address.index] = placement.offsetBytes / source.unitBytes;
      const starts = placement.firstStep === step;
      set(entry.create, starts && placement.start === 'created' ? 1 : 0);
      set(entry.retrieve, starts && placement.start !== 'created' ? 1 : 0);
      set(entry.preserve, starts ? 0 : 1);
    }
  });
  // Above/below binaries follow the addresses (free when a tensor of the pair is absent).
  for (const pair of source.pairs ?? []) values[pair.below.index] = values[addressOf(pair.lower).index]! <= values[addressOf(pair.upper).index]! ? 1 : 0;
  if (source.budget) values[source.budget.index] = Math.ceil(plan.peakBytes / source.unitBytes);
  return values;
}
