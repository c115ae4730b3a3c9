/**
 * Three or more objectives as a scatter matrix: one cell per pair of objectives (row = y, column
 * = x) with the same marks as the 2-D front chart, and the objective's name, unit and direction on
 * the diagonal. Every cell of a column shares its x scale and every cell of a row its y scale, so
 * a design can be followed across the cells.
 */
import { escapeXml } from '../svg-chart.js';
import { legend, natural, pairMarks } from './front-scatter.js';
import type { FrontView } from './front-view.js';
import { axisTitle, naturalValue } from './labels.js';
import { Plot, scaleFor, svgDocument, type Scale } from './plot.js';

/** Cells as large as fit a drawing about 1280 pixels wide, within readable bounds. */
function defaultCellSize(m: number): number {
  return Math.max(160, Math.min(300, Math.floor((1280 - 84 - 260 - 16 * (m - 1)) / m)));
}

export function scatterMatrix(view: FrontView, cellSize = defaultCellSize(view.objectives.length)): string {
  const m = view.objectives.length;
  const gap = 16;
  const margin = { left: 84, top: 14, right: 260, bottom: 30 };
  const width = margin.left + m * cellSize + (m - 1) * gap + margin.right;
  const height = margin.top + m * cellSize + (m - 1) * gap + margin.bottom;
  const everything = [...view.evaluated, ...view.infeasible];
  const scales: Scale[] = view.objectives.map((o, i) => scaleFor(everything.map((p) => naturalValue(o, p.vector[i]))));
  const parts: string[] = [];
  for (let row = 0; row < m; row++) {
    for (let col = 0; col < m; col++) {
      const left = margin.left + col * (cellSize + gap);
      const top = margin.top + row * (cellSize + gap);
      const plot = new Plot(left, top, cellSize, cellSize, scales[col], scales[row]);
      if (row === col) {
        parts.push(...diagonalCell(plot, view, row));
        // The outer edges carry every column's and row's tick labels, diagonal cells included.
        plot.grid({ xLabels: row === m - 1, yLabels: col === 0, lines: false, tickCount: 4 });
        parts.push(...plot.parts);
        continue;
      }
      plot.grid({ xLabels: row === m - 1, yLabels: col === 0, tickCount: 4 });
      const { marks, tags } = pairMarks(plot, view, { x: col, y: row }, { markerRadius: 3.2, stairs: false });
      plot.clipped(marks);
      plot.frame();
      plot.parts.push(...tags);
      parts.push(...plot.parts);
    }
  }
  parts.push(...legend(view, margin.left + m * cellSize + (m - 1) * gap + 24, margin.top + 10));
  return svgDocument(width, height, parts, `Pareto front of ${m} objectives: scatter matrix`);
}

/** The objective's name, unit, direction and the range of its front, centred in the cell. */
function diagonalCell(plot: Plot, view: FrontView, index: number): string[] {
  const info = view.objectives[index];
  const cx = plot.left + plot.width / 2;
  const cy = plot.top + plot.height / 2;
  const frontValues = [...view.fronts.values()].flat().map((p) => natural(view.objectives, { x: index, y: index }, p.vector)[0]);
  const lo = Math.min(...frontValues);
  const hi = Math.max(...frontValues);
  const range = frontValues.length > 0 ? `front: ${short(lo)} to ${short(hi)}` : '';
  const [name, ...rest] = axisTitle(info, plot.xScale.log).split(', ');
  return [
    `<rect x="${plot.left}" y="${plot.top}" width="${plot.width}" height="${plot.height}" fill="#f5f6f9" stroke="#d9dde5"/>`,
    `<text x="${cx}" y="${cy - 14}" text-anchor="middle" font-size="16" font-weight="700">${escapeXml(name)}</text>`,
    `<text x="${cx}" y="${cy + 8}" text-anchor="middle" fill="#444">${escapeXml(rest.join(', '))}</text>`,
    `<text x="${cx}" y="${cy + 28}" text-anchor="middle" fill="#5b6475">${escapeXml(range)}</text>`,
  ];
}

function short(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(2);
  return String(Number(value.toPrecision(4)));
}
