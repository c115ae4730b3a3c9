/**
 * The scratchpad model's picture of one design for `archdse report`: the plan's occupancy
 * (address over steps) as occupancy-svg.ts draws it for `archdse simulate --option occupancySvg`,
 * with the plan's traffic in the caption.
 */
import type { DesignFigure } from '../../src/environment/types.js';
import { occupancySvg } from './occupancy-svg.js';
import type { PlannedDesign, ScratchpadDesign } from './policies.js';
import type { Graph } from './types.js';

const bytes = (n: number): string => `${n.toLocaleString('en-US')} B`;

export function scratchpadFigures(graph: Graph, design: ScratchpadDesign, planned: PlannedDesign): DesignFigure[] {
  const { plan } = planned;
  const t = plan.traffic;
  return [
    {
      title: `Scratchpad occupancy: ${graph.name}, ${design.policy}, ${design.schedule} schedule, ${bytes(design.budgetBytes)}`,
      svg: occupancySvg(graph, plan, `${graph.name}, ${design.policy}, ${bytes(design.budgetBytes)}`),
      caption:
        `One rectangle per tensor placement: steps across, scratchpad addresses up; triangles mark reloads (left edge) and spills (right edge). ` +
        `Plan ${planned.status}, peak address ${bytes(plan.peakBytes)}; off-chip ${bytes(t.totalBytes)} = compulsory ${bytes(t.compulsoryBytes)} + spills ${bytes(t.spillBytes)} + reloads ${bytes(t.reloadBytes)}. ` +
        `The plan is solved again for the picture; an ILP stopped by its time limit may return another plan of the same design.`,
    },
  ];
}
