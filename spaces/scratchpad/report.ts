/**
 * What `archdse describe` and `archdse simulate` show of the scratchpad model: the memory bounds
 * (computed before any solve) and one plan, step by step.
 */
import type { GraphBounds, PlannedDesign } from './policies.js';
import { TRACKINGS } from './policies.js';
import type { AllocationPlan, Graph } from './types.js';

const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;

/** M_R, the default-order no-spill peak and the minimum live peak for both trackings, one line each. */
export function boundsView(bounds: GraphBounds): string {
  return TRACKINGS.map((tracking) => {
    const b = bounds.of(tracking);
    const minimumPeak =
      b.minimumPeakBytes === undefined
        ? `minimum live peak not found (search stopped after ${b.statesExplored.toLocaleString('en-US')} states)`
        : `minimum live peak over orders = ${bytes(b.minimumPeakBytes)}`;
    return `Bounds (${tracking}): M_R = ${bytes(b.minimumBudgetBytes)}, default-order peak = ${bytes(b.fixedOrderPeakBytes)}, ${minimumPeak}.`;
  }).join('\n');
}

/** One record per step: the operator, what is resident, and the traffic of the step. */
export function planParts(graph: Graph, plan: AllocationPlan): Record<string, number | string>[] {
  return plan.order.map((operator, step) => {
    const resident = plan.placements.filter((p) => p.firstStep <= step && step <= p.lastStep);
    const names = (list: typeof resident): string => list.map((p) => graph.tensors[p.tensor]!.name).join(' ');
    const reloaded = resident.filter((p) => p.firstStep === step && p.start === 'reloaded');
    const spilledAfter = resident.filter((p) => p.lastStep === step && p.spilledAtEnd);
    return {
      step,
      operator: graph.operators[operator]!.name,
      residentBytes: resident.reduce((sum, p) => sum + graph.tensors[p.tensor]!.sizeBytes, 0),
      topAddressBytes: Math.max(0, ...resident.map((p) => p.offsetBytes + graph.tensors[p.tensor]!.sizeBytes)),
      reloaded: names(reloaded),
      spilledAfter: names(spilledAfter),
      reloadBytes: reloaded.reduce((sum, p) => sum + graph.tensors[p.tensor]!.sizeBytes, 0),
      spillBytes: spilledAfter.reduce((sum, p) => sum + graph.tensors[p.tensor]!.sizeBytes, 0),
    };
  });
}

/** A summary of one plan and the steps that move data off chip. */
export function planView(graph: Graph, planned: PlannedDesign): string {
  const { plan } = planned;
  const t = plan.traffic;
  const lines = [
    `Plan: ${planned.status}${planned.lowerBoundBytes !== undefined && planned.status !== 'optimal' ? ` (lower bound ${bytes(planned.lowerBoundBytes)})` : ''}, ${planned.message}; ${planned.solveTimeSec.toFixed(2)} s.`,
    `Budget ${bytes(plan.budgetBytes)}, peak address ${bytes(plan.peakBytes)}.`,
    `Off-chip: ${bytes(t.totalBytes)} = compulsory ${bytes(t.compulsoryBytes)} + spills ${bytes(t.spillBytes)} + reloads ${bytes(t.reloadBytes)}.`,
  ];
  const moving = planParts(graph, plan).filter((p) => p.reloaded !== '' || p.spilledAfter !== '');
  if (moving.length > 0) {
    lines.push('Steps with non-compulsory traffic:');
    for (const p of moving.slice(0, 30)) {
      const parts = [p.reloaded !== '' ? `reload ${p.reloaded}` : '', p.spilledAfter !== '' ? `spill after: ${p.spilledAfter}` : ''].filter((s) => s !== '');
      lines.push(`  step ${p.step} ${p.operator}: ${parts.join('; ')}`);
    }
    if (moving.length > 30) lines.push(`  ... ${moving.length - 30} more steps`);
  }
  return lines.join('\n');
}
