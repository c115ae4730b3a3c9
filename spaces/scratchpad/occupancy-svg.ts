/**
 * The scratchpad over time as SVG: one rectangle per placement (steps across, addresses up),
 * coloured by tensor kind, with a mark where a tensor is spilled (right edge) or reloaded (left
 * edge), and the budget and the plan's peak as lines.
 */
import { Frame, PALETTE, escapeXml, niceTicks } from '../../src/report/svg-chart.js';
import type { AllocationPlan, Graph, TensorKind } from './types.js';

const KIND_COLORS: Record<TensorKind, string> = { activation: PALETTE[0]!, weight: PALETTE[4]!, input: PALETTE[2]! };
const SPILL_COLOR = PALETTE[1]!;
const RELOAD_COLOR = PALETTE[6]!;

export function occupancySvg(graph: Graph, plan: AllocationPlan, title: string): string {
  const steps = plan.order.length;
  const kib = (bytes: number): number => bytes / 1024;
  const width = Math.min(1400, Math.max(640, 260 + steps * 6));
  const frame = new Frame({ title, xLabel: 'step (one operator each)', yLabel: 'scratchpad address (KiB)', width, height: 420 }, [0, steps], [0, kib(plan.budgetBytes) * 1.04]);
  frame.axes(niceTicks(0, steps).filter((t) => Number.isInteger(t)));
  for (const p of plan.placements) {
    const tensor = graph.tensors[p.tensor]!;
    const x0 = frame.x(p.firstStep);
    const x1 = frame.x(p.lastStep + 1);
    const yTop = frame.y(kib(p.offsetBytes + tensor.sizeBytes));
    const yBottom = frame.y(kib(p.offsetBytes));
    const label = `${tensor.name} (${tensor.sizeBytes} B, steps ${p.firstStep}-${p.lastStep}, ${p.start}${p.spilledAtEnd ? ', spilled after' : ''})`;
    frame.parts.push(
      `<rect x="${x0}" y="${yTop}" width="${Math.max(0.5, x1 - x0)}" height="${Math.max(0.5, yBottom - yTop)}" fill="${KIND_COLORS[tensor.kind]}" fill-opacity="0.55" stroke="${KIND_COLORS[tensor.kind]}" stroke-width="0.5"><title>${escapeXml(label)}</title></rect>`,
    );
    const yMid = (yTop + yBottom) / 2;
    if (p.start === 'reloaded') frame.parts.push(`<polygon points="${x0},${yMid - 4} ${x0 + 5},${yMid} ${x0},${yMid + 4}" fill="${RELOAD_COLOR}"/>`);
    if (p.spilledAtEnd) frame.parts.push(`<polygon points="${x1},${yMid - 4} ${x1 - 5},${yMid} ${x1},${yMid + 4}" fill="${SPILL_COLOR}"/>`);
  }
  const budgetY = frame.y(kib(plan.budgetBytes));
  const peakY = frame.y(kib(plan.peakBytes));
  frame.parts.push(`<line x1="${frame.x(0)}" x2="${frame.x(steps)}" y1="${budgetY}" y2="${budgetY}" stroke="#000" stroke-dasharray="6 3"/>`);
  if (plan.peakBytes < plan.budgetBytes) frame.parts.push(`<line x1="${frame.x(0)}" x2="${frame.x(steps)}" y1="${peakY}" y2="${peakY}" stroke="#666" stroke-dasharray="2 2"/>`);
  frame.legend([
    { label: 'activation', color: KIND_COLORS.activation, marker: 'square', line: false },
    { label: 'weight', color: KIND_COLORS.weight, marker: 'square', line: false },
    { label: 'input', color: KIND_COLORS.input, marker: 'square', line: false },
    { label: 'reloaded (left edge)', color: RELOAD_COLOR, marker: 'triangle', line: false },
    { label: 'spilled (right edge)', color: SPILL_COLOR, marker: 'triangle', line: false },
    { label: 'budget (dashed)', color: '#000', marker: null, line: true },
    ...(plan.peakBytes < plan.budgetBytes ? [{ label: 'peak used (dotted)', color: '#666', marker: null, line: true }] : []),
  ]);
  return frame.render();
}
