/**
 * Hypervolume against unique evaluations per agent configuration: the mean over seeds as a line,
 * the range from the worst to the best seed as a band. The values come from the comparison
 * `archdse compare` computes (same reference point, same front-at-budget rule), so the curve
 * passes exactly through the numbers of the table; the table's columns are marked.
 */
import type { Comparison, CompareRow } from '../../study/compare.js';
import { escapeXml } from '../svg-chart.js';
import { Plot, scaleFor, svgDocument } from './plot.js';

interface CurvePoint {
  x: number;
  mean: number;
  low: number;
  high: number;
  runs: number;
}

/** Mean and min–max of a row, as a ratio to the true front's hypervolume when that is known. */
export function curvePoint(row: CompareRow, trueHypervolume: number | null): CurvePoint {
  const scale = trueHypervolume ? 1 / trueHypervolume : 1;
  return { x: row.evaluations, mean: row.mean * scale, low: row.min * scale, high: row.max * scale, runs: row.runs };
}

export function hypervolumeCurves(curves: Comparison, tableCheckpoints: readonly number[], labels: readonly string[], colors: Record<string, string>, size = { width: 1100, height: 430 }): string {
  const ratio = curves.trueHypervolume !== null;
  const series = labels.map((label) => ({ label, points: curves.rows.filter((r) => r.label === label).map((r) => curvePoint(r, curves.trueHypervolume)) }));
  const margin = { left: 100, right: 250, top: 18, bottom: 58 };
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.low, p.high]));
  const xScale = { lo: 0, hi: Math.max(1, ...xs), log: false };
  const yScale = scaleFor(ys, { allowLog: false, pad: 0.06 });
  const plot = new Plot(margin.left, margin.top, size.width - margin.left - margin.right, size.height - margin.top - margin.bottom, xScale, yScale);
  plot.grid();
  const marks: string[] = [];
  for (const at of tableCheckpoints) {
    marks.push(`<line class="checkpoint" x1="${plot.x(at)}" x2="${plot.x(at)}" y1="${plot.top}" y2="${plot.bottom}" stroke="#8a8f99" stroke-dasharray="3 4"/>`);
  }
  for (const s of series) {
    const color = colors[s.label];
    if (s.points.length === 0) continue;
    const upper = s.points.map((p) => `${plot.x(p.x)},${plot.y(p.high)}`);
    const lower = [...s.points].reverse().map((p) => `${plot.x(p.x)},${plot.y(p.low)}`);
    marks.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.16" stroke="none"/>`);
    marks.push(`<polyline class="mean" data-label="${escapeXml(s.label)}" points="${s.points.map((p) => `${plot.x(p.x)},${plot.y(p.mean)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2.2"/>`);
    for (const p of s.points.filter((q) => tableCheckpoints.includes(q.x))) {
      marks.push(`<circle cx="${plot.x(p.x)}" cy="${plot.y(p.mean)}" r="3.6" fill="${color}" stroke="white"><title>${escapeXml(`${s.label} @${p.x}: ${p.mean.toPrecision(4)} (min ${p.low.toPrecision(4)}, max ${p.high.toPrecision(4)}, ${p.runs} runs)`)}</title></circle>`);
    }
  }
  plot.clipped(marks);
  plot.frame();
  plot.xTitle('unique evaluations');
  plot.yTitle(ratio ? 'hypervolume / true front’s, higher is better' : 'hypervolume, higher is better');
  const x = plot.right + 24;
  const parts = [...plot.parts];
  series.forEach((s, i) => {
    const y = plot.top + 10 + i * 20;
    const runs = Math.max(0, ...s.points.map((p) => p.runs));
    parts.push(`<rect x="${x}" y="${y - 6}" width="22" height="12" fill="${colors[s.label]}" fill-opacity="0.16"/>`);
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${colors[s.label]}" stroke-width="2.2"/>`);
    parts.push(`<text x="${x + 30}" y="${y + 4}">${escapeXml(`${s.label} (${runs} seed${runs === 1 ? '' : 's'})`)}</text>`);
  });
  const y = plot.top + 10 + series.length * 20 + 8;
  parts.push(`<line x1="${x + 11}" x2="${x + 11}" y1="${y - 7}" y2="${y + 7}" stroke="#8a8f99" stroke-dasharray="3 3"/>`);
  parts.push(`<text x="${x + 30}" y="${y + 4}">columns of the table</text>`);
  return svgDocument(size.width, size.height, parts, 'Hypervolume against unique evaluations');
}
