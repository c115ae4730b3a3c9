/**
 * An independent referee for allocation plans, whoever made them (the ILP, the baselines): every
 * rule of the execution model is checked from the graph alone, and traffic and peak are recomputed
 * rather than trusted. The first broken rule throws a PlanRuleError naming the rule, the step and
 * the tensor.
 */
import { isTracked, orderProblem, stepOfOperators, useSteps } from './liveness.js';
import type { AllocationPlan, Graph, Placement, Traffic } from './types.js';

export type PlanRule =
  /** The order is a permutation of the operators and runs producers before consumers. */
  | 'order'
  /** The budget is a finite, non-negative number of bytes. */
  | 'budget'
  /** Placements name existing tensors that occupy the scratchpad (weights only when tracked). */
  | 'tracked'
  /** 0 <= firstStep <= lastStep < steps, integers. */
  | 'step-range'
  /** offset >= 0 and offset + size <= budget. */
  | 'address-range'
  /** A tensor's placements do not overlap in time. */
  | 'time-overlap'
  /** Every tracked input and output of the running operator is resident in its step. */
  | 'resident-at-use'
  /** An activation first appears 'created' at its producer's step, and only then. */
  | 'creation'
  /** A weight's or input's first placement is 'loaded', later ones 'reloaded'. */
  | 'first-load'
  /** A reloaded activation has been spilled by an earlier placement. */
  | 'reload-needs-copy'
  /** Spills only of activations not spilled before and used after the placement ends. */
  | 'spill'
  /** Placements resident at the same step do not share addresses. */
  | 'address-overlap'
  /** The plan's traffic is the recomputed one. */
  | 'traffic'
  /** The plan's peak is the recomputed one. */
  | 'peak';

export class PlanRuleError extends Error {
  constructor(
    readonly rule: PlanRule,
    detail: string,
    readonly step?: number,
    readonly tensor?: number,
  ) {
    super(`plan breaks rule '${rule}'${step === undefined ? '' : ` at step ${step}`}: ${detail}`);
    this.name = 'PlanRuleError';
  }
}

/** Off-chip traffic of a set of placements (see Traffic): compulsory bytes follow from the graph alone. */
export function trafficOf(graph: Graph, placements: readonly Placement[], trackWeights: boolean): Traffic {
  let compulsoryBytes = 0;
  for (const tensor of graph.tensors) {
    const loadedOnce = tensor.producer < 0 && tensor.consumers.length > 0 && isTracked(graph, tensor.index, trackWeights);
    const graphOutput = tensor.kind === 'activation' && tensor.producer >= 0 && tensor.consumers.length === 0;
    if (loadedOnce || graphOutput) compulsoryBytes += tensor.sizeBytes;
  }
  let spillBytes = 0;
  let reloadBytes = 0;
  for (const placement of placements) {
    const size = graph.tensors[placement.tensor].sizeBytes;
    if (placement.spilledAtEnd) spillBytes += size;
    if (placement.start === 'reloaded') reloadBytes += size;
  }
  const nonCompulsoryBytes = spillBytes + reloadBytes;
  return { compulsoryBytes, spillBytes, reloadBytes, nonCompulsoryBytes, totalBytes: compulsoryBytes + nonCompulsoryBytes };
}

/** Recomputes traffic and peak and checks every rule; throws a PlanRuleError naming the step, tensor and rule broken. */
export function checkPlan(graph: Graph, plan: AllocationPlan): { traffic: Traffic; peakBytes: number } {
  const { order, budgetBytes, trackWeights, placements } = plan;
  const problem = orderProblem(graph, order);
  if (problem !== undefined) throw new PlanRuleError('order', problem);
  if (!Number.isFinite(budgetBytes) || budgetBytes < 0) throw new PlanRuleError('budget', `budget ${budgetBytes} bytes is not a non-negative number`);

  for (const placement of placements) checkPlacementBounds(graph, plan, placement);
  const byTensor = placementsByTensor(graph, placements);
  const uses = useSteps(graph, order, trackWeights);
  const stepOf = stepOfOperators(order);
  byTensor.forEach((list, tensor) => checkTensorHistory(graph, tensor, list, uses[tensor], stepOf));
  checkResidentAtUse(graph, plan, byTensor);
  checkAddressOverlap(graph, placements);

  const traffic = trafficOf(graph, placements, trackWeights);
  for (const field of ['compulsoryBytes', 'spillBytes', 'reloadBytes', 'nonCompulsoryBytes', 'totalBytes'] as const) {
    if (!sameBytes(plan.traffic[field], traffic[field])) {
      throw new PlanRuleError('traffic', `the plan reports ${field} = ${plan.traffic[field]} but its placements give ${traffic[field]}`);
    }
  }
  const peakBytes = placements.reduce((peak, p) => Math.max(peak, p.offsetBytes + graph.tensors[p.tensor].sizeBytes), 0);
  if (!sameBytes(plan.peakBytes, peakBytes)) {
    throw new PlanRuleError('peak', `the plan reports a peak of ${plan.peakBytes} bytes but its placements reach ${peakBytes}`);
  }
  return { traffic, peakBytes };
}

function sameBytes(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function tensorName(graph: Graph, tensor: number): string {
  return `tensor '${graph.tensors[tensor].name}'`;
}

function checkPlacementBounds(graph: Graph, plan: AllocationPlan, p: Placement): void {
  if (!Number.isInteger(p.tensor) || p.tensor < 0 || p.tensor >= graph.tensors.length) {
    throw new PlanRuleError('tracked', `a placement names tensor ${p.tensor}, which does not exist`);
  }
  const name = tensorName(graph, p.tensor);
  if (!isTracked(graph, p.tensor, plan.trackWeights)) {
    throw new PlanRuleError('tracked', `${name} is a weight, and weights do not occupy the scratchpad in this plan`, p.firstStep, p.tensor);
  }
  const steps = plan.order.length;
  if (!Number.isInteger(p.firstStep) || !Number.isInteger(p.lastStep) || p.firstStep < 0 || p.firstStep > p.lastStep || p.lastStep >= steps) {
    throw new PlanRuleError('step-range', `${name} is placed over steps ${p.firstStep}..${p.lastStep}, outside 0..${steps - 1} or reversed`, p.firstStep, p.tensor);
  }
  const end = p.offsetBytes + graph.tensors[p.tensor].sizeBytes;
  if (!Number.isFinite(p.offsetBytes) || p.offsetBytes < 0 || end > plan.budgetBytes) {
    throw new PlanRuleError('address-range', `${name} occupies [${p.offsetBytes}, ${end}), outside the budget [0, ${plan.budgetBytes})`, p.firstStep, p.tensor);
  }
}

function placementsByTensor(graph: Graph, placements: readonly Placement[]): Placement[][] {
  const byTensor = graph.tensors.map((): Placement[] => []);
  for (const p of placements) byTensor[p.tensor].push(p);
  for (const list of byTensor) list.sort((a, b) => a.firstStep - b.firstStep);
  return byTensor;
}

/** Time overlap, how each placement starts, and when spills are allowed, for one tensor's placements in time order. */
function checkTensorHistory(
  graph: Graph,
  tensor: number,
  list: readonly Placement[],
  uses: readonly number[],
  stepOf: readonly number[],
): void {
  const t = graph.tensors[tensor];
  const name = tensorName(graph, tensor);
  const isActivation = t.producer >= 0;
  const producerStep = isActivation ? stepOf[t.producer] : -1;
  let spilled = false;
  list.forEach((p, i) => {
    if (i > 0 && p.firstStep <= list[i - 1].lastStep) {
      throw new PlanRuleError('time-overlap', `${name} has two placements resident at step ${p.firstStep}`, p.firstStep, tensor);
    }
    if (isActivation) {
      if (i === 0 && (p.start !== 'created' || p.firstStep !== producerStep)) {
        throw new PlanRuleError('creation', `${name} first appears '${p.start}' at step ${p.firstStep}, but its producer creates it at step ${producerStep}`, p.firstStep, tensor);
      }
      if (i > 0 && p.start !== 'reloaded') {
        throw new PlanRuleError('creation', `${name} is '${p.start}' again at step ${p.firstStep}; after its creation an activation can only be reloaded`, p.firstStep, tensor);
      }
      if (p.start === 'reloaded' && !spilled) {
        throw new PlanRuleError('reload-needs-copy', `${name} is reloaded at step ${p.firstStep} but was never spilled, so no off-chip copy exists`, p.firstStep, tensor);
      }
    } else {
      const expected = i === 0 ? 'loaded' : 'reloaded';
      if (p.start !== expected) {
        throw new PlanRuleError('first-load', `${name} (${t.kind}) placement ${i + 1} starts '${p.start}' at step ${p.firstStep}; it must be '${expected}'`, p.firstStep, tensor);
      }
    }
    if (p.spilledAtEnd) {
      if (!isActivation) {
        throw new PlanRuleError('spill', `${name} is a ${t.kind}, which always has an off-chip copy, yet is spilled after step ${p.lastStep}`, p.lastStep, tensor);
      }
      if (spilled) {
        throw new PlanRuleError('spill', `${name} is spilled again after step ${p.lastStep}; its off-chip copy exists already`, p.lastStep, tensor);
      }
      if (!uses.some((step) => step > p.lastStep)) {
        throw new PlanRuleError('spill', `${name} is spilled after step ${p.lastStep} but never used after it`, p.lastStep, tensor);
      }
      spilled = true;
    }
  });
}

function checkResidentAtUse(graph: Graph, plan: AllocationPlan, byTensor: readonly Placement[][]): void {
  plan.order.forEach((operator, step) => {
    const op = graph.operators[operator];
    for (const tensor of [...op.inputs, ...op.outputs]) {
      if (!isTracked(graph, tensor, plan.trackWeights)) continue;
      if (!byTensor[tensor].some((p) => p.firstStep <= step && step <= p.lastStep)) {
        throw new PlanRuleError('resident-at-use', `${tensorName(graph, tensor)} is not resident while operator '${op.name}' uses it`, step, tensor);
      }
    }
  });
}

function checkAddressOverlap(graph: Graph, placements: readonly Placement[]): void {
  const byStart = [...placements].sort((a, b) => a.firstStep - b.firstStep);
  for (let i = 0; i < byStart.length; i++) {
    const a = byStart[i];
    const aEnd = a.offsetBytes + graph.tensors[a.tensor].sizeBytes;
    for (let j = i + 1; j < byStart.length && byStart[j].firstStep <= a.lastStep; j++) {
      const b = byStart[j];
      const bEnd = b.offsetBytes + graph.tensors[b.tensor].sizeBytes;
      if (a.offsetBytes < bEnd && b.offsetBytes < aEnd && a.tensor !== b.tensor) {
        throw new PlanRuleError(
          'address-overlap',
          `${tensorName(graph, a.tensor)} at [${a.offsetBytes}, ${aEnd}) and ${tensorName(graph, b.tensor)} at [${b.offsetBytes}, ${bEnd}) are both resident`,
          b.firstStep,
          b.tensor,
        );
      }
    }
  }
}
