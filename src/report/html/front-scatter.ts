/**
 * The Pareto front of two objectives: every evaluated design as a faint dot in its agent's colour,
 * each agent's non-dominated designs as solid markers joined by the staircase that bounds what
 * they dominate, and the chosen designs ringed and tagged. Axes are in the metrics' own units and
 * turn logarithmic when the values span decades.
 */
import { escapeXml } from '../svg-chart.js';
import { staircase } from './front.js';
import type { FrontPoint, FrontView } from './front-view.js';
import { axisTitle, naturalValue, type ObjectiveInfo } from './labels.js';
import { Plot, scaleFor, svgDocument } from './plot.js';

const INFEASIBLE_COLOR = '#9aa0a6';

/** One mark per pixel and agent: thousands of evaluations landing on the same pixel add nothing. */
export function thinToPixels<T>(items: readonly T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((item) => {
    const k = key(item);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export interface PairAxes {
  x: number;
  y: number;
}

/** Natural-unit coordinates of a minimization-form vector on the two chosen objectives. */
export function natural(objectives: readonly ObjectiveInfo[], axes: PairAxes, vector: readonly number[]): [number, number] {
  return [naturalValue(objectives[axes.x], vector[axes.x]), naturalValue(objectives[axes.y], vector[axes.y])];
}

/**
 * The marks of one objective pair in a plot: faded evaluations, infeasible designs, fronts with
 * their staircases, chosen designs. Shared by the large 2-D chart and the scatter-matrix cells.
 */
export function pairMarks(plot: Plot, view: FrontView, axes: PairAxes, options: { markerRadius: number; stairs: boolean }): { marks: string[]; tags: string[] } {
  const marks: string[] = [];
  const tags: string[] = [];
  const at = (vector: readonly number[]): [number, number] => {
    const [x, y] = natural(view.objectives, axes, vector);
    return [plot.x(x), plot.y(y)];
  };
  const pixelKey = (p: FrontPoint): string => {
    const [x, y] = at(p.vector);
    return `${p.label}|${Math.round(x)}|${Math.round(y)}`;
  };
  for (const p of thinToPixels(view.infeasible, pixelKey)) {
    const [x, y] = at(p.vector);
    marks.push(`<path class="infeasible" d="M${x - 2},${y - 2}L${x + 2},${y + 2}M${x - 2},${y + 2}L${x + 2},${y - 2}" stroke="${INFEASIBLE_COLOR}" stroke-width="1"/>`);
  }
  for (const p of thinToPixels(view.evaluated, pixelKey)) {
    const [x, y] = at(p.vector);
    marks.push(`<circle class="evaluated" cx="${x}" cy="${y}" r="${Math.max(1.6, options.markerRadius * 0.55)}" fill="${view.colors[p.label]}" fill-opacity="0.22"/>`);
  }
  // A 2-D curve; projections of a higher-dimensional true front are not lines.
  if (view.trueFront.length > 1 && view.objectives.length === 2) {
    const line = [...view.trueFront].sort((a, b) => a[axes.x] - b[axes.x]).map((v) => at(v).join(','));
    marks.push(`<polyline class="true-front" points="${line.join(' ')}" fill="none" stroke="#1d2330" stroke-width="1.2" stroke-dasharray="5 3"/>`);
  }
  for (const label of view.labels) {
    const color = view.colors[label];
    const members = view.fronts.get(label) ?? [];
    if (options.stairs && members.length > 1) {
      const minForm = members.map((p) => [p.vector[axes.x], p.vector[axes.y]] as [number, number]);
      const path = staircase(minForm).map(([a, b]) => {
        const v = new Array<number>(view.objectives.length).fill(0);
        v[axes.x] = a;
        v[axes.y] = b;
        return at(v).join(',');
      });
      marks.push(`<polyline class="staircase" points="${path.join(' ')}" fill="none" stroke="${color}" stroke-width="1.6" stroke-opacity="0.85"/>`);
    }
    for (const p of members) {
      const [x, y] = at(p.vector);
      marks.push(
        `<circle class="front-point" data-label="${escapeXml(label)}" cx="${x}" cy="${y}" r="${options.markerRadius}" fill="${color}" stroke="white" stroke-width="1"><title>${escapeXml(`${p.where}: ${describe(view.objectives, p.vector)}`)}</title></circle>`,
      );
    }
  }
  for (const c of view.chosen) {
    const [x, y] = at(c.vector);
    marks.push(`<circle class="chosen" cx="${x}" cy="${y}" r="${options.markerRadius + 4}" fill="none" stroke="#1d2330" stroke-width="1.6"><title>${escapeXml(`${c.tag}: ${c.role}`)}</title></circle>`);
    tags.push(tagMark(x + options.markerRadius + 5, y - options.markerRadius - 4, c.tag));
  }
  return { marks, tags };
}

/** A small dark label with the design's tag, as in the table and the design pictures. */
export function tagMark(x: number, y: number, tag: string): string {
  return `<g class="tag"><rect x="${x - 1}" y="${y - 11}" width="${8 * tag.length + 9}" height="15" rx="7" fill="#1d2330"/><text x="${x + 3.5}" y="${y}" fill="white" font-size="11" font-weight="600">${escapeXml(tag)}</text></g>`;
}

function describe(objectives: readonly ObjectiveInfo[], vector: readonly number[]): string {
  return objectives.map((o, i) => `${o.metric}=${Number(naturalValue(o, vector[i]).toPrecision(5))}${o.unit ? ` ${o.unit}` : ''}`).join(', ');
}

/** Legend entries: per agent its colour and front size, then the shared marks. */
export function legend(view: FrontView, x: number, y: number): string[] {
  const parts: string[] = [];
  let row = 0;
  const line = (): number => y + 18 * row++;
  for (const label of view.labels) {
    const ly = line();
    const color = view.colors[label];
    const size = view.fronts.get(label)?.length ?? 0;
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="1.6"/>`);
    parts.push(`<circle cx="${x + 11}" cy="${ly}" r="4.5" fill="${color}" stroke="white"/>`);
    parts.push(`<text x="${x + 30}" y="${ly + 4}">${escapeXml(`${label} (front ${size})`)}</text>`);
  }
  row += 0.4;
  let ly = line();
  parts.push(`<circle cx="${x + 11}" cy="${ly}" r="2.4" fill="#555" fill-opacity="0.35"/>`);
  parts.push(`<text x="${x + 30}" y="${ly + 4}">every evaluated design</text>`);
  if (view.infeasible.length > 0) {
    ly = line();
    parts.push(`<path d="M${x + 9},${ly - 2}L${x + 13},${ly + 2}M${x + 9},${ly + 2}L${x + 13},${ly - 2}" stroke="${INFEASIBLE_COLOR}" stroke-width="1.2"/>`);
    parts.push(`<text x="${x + 30}" y="${ly + 4}">infeasible (breaks a constraint)</text>`);
  }
  if (view.trueFront.length > 1 && view.objectives.length === 2) {
    ly = line();
    parts.push(`<line x1="${x}" x2="${x + 22}" y1="${ly}" y2="${ly}" stroke="#1d2330" stroke-width="1.2" stroke-dasharray="5 3"/>`);
    parts.push(`<text x="${x + 30}" y="${ly + 4}">true front</text>`);
  }
  if (view.chosen.length > 0) {
    ly = line();
    parts.push(`<circle cx="${x + 11}" cy="${ly}" r="7" fill="none" stroke="#1d2330" stroke-width="1.6"/>`);
    parts.push(`<text x="${x + 30}" y="${ly + 4}">chosen designs (see table)</text>`);
  }
  return parts;
}

/** The 2-D front chart of objectives `axes.x` and `axes.y`. */
export function frontScatter(view: FrontView, axes: PairAxes = { x: 0, y: 1 }, size = { width: 1100, height: 600 }): string {
  const margin = { left: 100, right: 250, top: 18, bottom: 58 };
  const all = [...view.evaluated, ...view.infeasible].map((p) => natural(view.objectives, axes, p.vector));
  // The true front is part of the picture: the reader sees how far the designs are from it.
  if (view.objectives.length === 2) all.push(...view.trueFront.map((v) => natural(view.objectives, axes, v)));
  const xScale = scaleFor(all.map((p) => p[0]));
  const yScale = scaleFor(all.map((p) => p[1]));
  const plot = new Plot(margin.left, margin.top, size.width - margin.left - margin.right, size.height - margin.top - margin.bottom, xScale, yScale);
  plot.grid();
  const { marks, tags } = pairMarks(plot, view, axes, { markerRadius: 4.5, stairs: true });
  plot.clipped(marks);
  plot.frame();
  plot.parts.push(...tags);
  plot.xTitle(axisTitle(view.objectives[axes.x], xScale.log));
  plot.yTitle(axisTitle(view.objectives[axes.y], yScale.log));
  const parts = [...plot.parts, ...legend(view, plot.right + 24, plot.top + 10)];
  return svgDocument(size.width, size.height, parts, `Pareto front: ${view.objectives[axes.y].metric} against ${view.objectives[axes.x].metric}`);
}
