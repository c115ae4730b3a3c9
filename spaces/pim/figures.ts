/**
 * The PIM model's pictures of one design for `archdse report`: where the time of one token goes
 * (per step of the GPT layer, summed over layers, coloured by kind of work) and where its energy
 * goes, drawn from the same breakdown `archdse simulate pim` prints.
 */
import type { DesignFigure, DesignReport } from '../../src/environment/types.js';
import { horizontalBarChart, PALETTE } from '../../src/report/svg-chart.js';

/** One colour per kind of step, fixed so that two designs' pictures read the same. */
const KIND_COLORS: Record<string, string> = { mv: PALETTE[0], asic: PALETTE[1], 'kv-write': PALETTE[2], transfer: PALETTE[3], energy: PALETTE[4] };

function share(part: Record<string, number | string>): string {
  return `(${Number(part.sharePct).toFixed(1)}%)`;
}

export function pimFigures(report: DesignReport): DesignFigure[] {
  const time = report.parts.filter((p) => p.part === 'time');
  const energy = report.parts.filter((p) => p.part === 'energy');
  const kinds = [...new Set(time.map((p) => String(p.kind)))];
  return [
    {
      title: 'Time per token by step',
      svg: horizontalBarChart(
        '',
        'µs per token',
        time.map((p) => ({ label: `${p.step} [${p.kind}]`, value: Number(p.us), color: KIND_COLORS[String(p.kind)] ?? PALETTE[6], note: share(p) })),
      ),
      caption: `Each step of a GPT layer summed over the layers, with its share of the token time. Kinds: ${kinds.join(', ')} (mv: matrix-vector work on the banks' MAC units; asic: non-linear functions and reductions on the ASIC).`,
    },
    {
      title: 'Energy per token by part',
      svg: horizontalBarChart(
        '',
        'µJ per token',
        energy.map((p) => ({ label: String(p.step), value: Number(p.uj), color: KIND_COLORS.energy, note: share(p) })),
      ),
      caption: 'DRAM activations, column accesses, MAC operations, off-chip bytes, ASIC operations, refresh and background power over the token time, from the cited per-operation energies.',
    },
  ];
}
