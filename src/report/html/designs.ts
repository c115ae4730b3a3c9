/**
 * The chosen Pareto designs up close: what each is (tag, role, objectives, parameters) and the
 * pictures its environment draws of it, or why there are none.
 */
import { formatNumber } from '../format.js';
import type { DesignFigures } from './load.js';
import { naturalValue, type ObjectiveInfo } from './labels.js';
import { escapeHtml } from './page.js';

function designSummary(entry: DesignFigures, objectives: readonly ObjectiveInfo[]): string {
  const e = entry.design.member.evaluation;
  const values = (e.objectives as number[]).map((v, i) => `${escapeHtml(objectives[i].metric)} = <b>${escapeHtml(formatNumber(naturalValue(objectives[i], v), 5))}</b>${objectives[i].unit ? ` ${escapeHtml(objectives[i].unit)}` : ''}`);
  const parameters = Object.entries(e.point).map(([k, v]) => `${escapeHtml(k)}=${escapeHtml(typeof v === 'number' ? formatNumber(v, 5) : String(v))}`);
  const run = entry.design.member.run;
  return `<p>${values.join(', ')}<br><span class="note">${parameters.join(', ')} · ${escapeHtml(run.contents.header.run.label)} seed ${run.contents.header.run.seed}, evaluation ${e.id}</span></p>`;
}

/** A figure as wide as its picture, so that its caption wraps under it and small pictures sit side by side. */
function widthStyle(svg: string): string {
  const width = svg.match(/^<svg[^>]*\swidth="(\d+(?:\.\d+)?)"/)?.[1];
  return width ? ` style="width:${width}px"` : '';
}

export function designsHtml(figures: readonly DesignFigures[], note: string | null, objectives: readonly ObjectiveInfo[]): string {
  if (figures.length === 0) return `<p class="warning">${escapeHtml(note ?? 'No design pictures.')}</p>`;
  return figures
    .map((entry) => {
      const title = `<h3><span class="tag">${escapeHtml(entry.design.tag)}</span> ${escapeHtml(entry.design.role)}</h3>`;
      const body = entry.error
        ? `<p class="warning">The model could not draw this design: ${escapeHtml(entry.error)}</p>`
        : `<div class="plots">${entry.figures
            .map((f) => `<figure class="design-figure"${widthStyle(f.svg)}><figcaption><b>${escapeHtml(f.title)}</b></figcaption>${f.svg}${f.caption ? `<figcaption>${escapeHtml(f.caption)}</figcaption>` : ''}</figure>`)
            .join('\n')}</div>`;
      return `<div class="design">${title}${designSummary(entry, objectives)}${body}</div>`;
    })
    .join('\n');
}
