/**
 * The report's tables: the hypervolume comparison (cell for cell what `archdse compare` prints),
 * the Pareto designs with their parameters and objectives, and one row per run with its counts.
 */
import type { Comparison } from '../../study/compare.js';
import type { RunData } from '../../study/results.js';
import { formatDuration, formatNumber } from '../format.js';
import type { ChosenDesign, FrontMember } from './front.js';
import { columnTitle, naturalValue, type ObjectiveInfo } from './labels.js';
import { escapeHtml } from './page.js';

/** Rows beyond this many are left out of the Pareto table (the CSV files have them all). */
export const MAX_FRONT_ROWS = 300;

function swatch(color: string): string {
  return `<span class="swatch" style="background:${escapeHtml(color)}"></span>`;
}

function cell(value: unknown): string {
  if (typeof value === 'number') return `<td class="num">${escapeHtml(formatNumber(value, 5))}</td>`;
  if (typeof value === 'boolean') return `<td>${value ? 'true' : 'false'}</td>`;
  return `<td>${escapeHtml(value === undefined || value === null ? '' : String(value))}</td>`;
}

/** A comparison cell as `archdse compare` prints it: `mean ± sd (runs)`, or `-` when no run got there. */
export function comparisonCells(comparison: Comparison, label: string): string[] {
  const useRatio = comparison.trueHypervolume !== null;
  return comparison.checkpoints.map((at) => {
    const row = comparison.rows.find((r) => r.label === label && r.evaluations === at);
    if (!row) return '-';
    const m = useRatio ? row.ratioMean! : row.mean;
    const s = useRatio ? row.ratioStd! : row.std;
    return `${formatNumber(m, 4)} ± ${formatNumber(s, 2)} (${row.runs})`;
  });
}

export function comparisonHtml(comparison: Comparison, colors: Record<string, string>): string {
  const labels = [...new Set(comparison.rows.map((r) => r.label))];
  const useRatio = comparison.trueHypervolume !== null;
  const head = ['agent', ...comparison.checkpoints.map((n) => `${useRatio ? 'HV/true' : 'HV'} @${n}`)];
  const rows = labels.map(
    (label) => `<tr><td>${swatch(colors[label] ?? '#000')}${escapeHtml(label)}</td>${comparisonCells(comparison, label).map((c) => `<td class="num">${escapeHtml(c)}</td>`).join('')}</tr>`,
  );
  const reference = Object.entries(comparison.reference.values)
    .map(([k, v]) => `${k}=${formatNumber(v)}`)
    .join(', ');
  const notes = [`Reference point (${comparison.reference.policy}, ${comparison.reference.description}): ${reference}.`];
  if (comparison.trueHypervolume !== null) notes.push(`Values are divided by the true front's hypervolume, ${formatNumber(comparison.trueHypervolume)}.`);
  notes.push('Each cell: mean ± sample standard deviation over seeds (runs that reached that many evaluations). The same table as <code>archdse compare</code> on these directories.');
  return `<div class="scroll"><table class="comparison"><thead><tr>${head.map((h, i) => `<th${i > 0 ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>
<p class="note">${notes.join(' ')}</p>`;
}

/** The study's Pareto designs: chosen tag, who found it, objectives in natural units, parameters. */
export function paretoTable(front: readonly FrontMember[], objectives: readonly ObjectiveInfo[], chosen: readonly ChosenDesign[], colors: Record<string, string>): string {
  if (front.length === 0) return '<p class="note">No feasible design, so no Pareto front.</p>';
  const parameters = Object.keys(front[0].evaluation.point);
  const tags = new Map(chosen.map((c) => [c.member.evaluation, c.tag]));
  const shown = front.slice(0, MAX_FRONT_ROWS);
  const head = [
    '<th></th><th>agent</th><th class="num">seed</th><th class="num">id</th>',
    ...objectives.map((o) => `<th class="num">${escapeHtml(columnTitle(o))} ${o.direction === 'max' ? '↑' : '↓'}</th>`),
    ...parameters.map((p) => `<th>${escapeHtml(p)}</th>`),
  ].join('');
  const rows = shown.map((m) => {
    const tag = tags.get(m.evaluation);
    const label = m.run.contents.header.run.label;
    const values = (m.evaluation.objectives as number[]).map((v, i) => cell(naturalValue(objectives[i], v)));
    return `<tr${tag ? ' class="marked"' : ''}><td>${tag ? `<span class="tag">${escapeHtml(tag)}</span>` : ''}</td><td>${swatch(colors[label] ?? '#000')}${escapeHtml(label)}</td>${cell(m.run.contents.header.run.seed)}${cell(m.evaluation.id)}${values.join('')}${parameters.map((p) => cell(m.evaluation.point[p])).join('')}</tr>`;
  });
  const more = front.length > shown.length ? `<p class="note">The first ${shown.length} of ${front.length} designs, in the order of ${escapeHtml(objectives[0].metric)}; every run's pareto.csv has its whole front.</p>` : '';
  return `<div class="scroll"><table class="pareto"><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table></div>${more}`;
}

function runStatus(run: RunData): string {
  if (run.contents.truncated) return `truncated at line ${run.contents.truncated.line}`;
  return run.contents.end ? `done (${run.contents.end.reason})` : 'unfinished';
}

/** One row per run: where it is, how it ended, how many designs were evaluated and how they fared. */
export function runsTable(runs: readonly RunData[], colors: Record<string, string>): string {
  const head = ['agent', 'seed', 'status', 'evaluations', 'ok', 'failed', 'invalid', 'infeasible', 'front', 'wall time', 'started', 'evaluator', 'directory'];
  const numeric = new Set(['seed', 'evaluations', 'ok', 'failed', 'invalid', 'infeasible', 'front', 'wall time']);
  const rows = runs.map((run) => {
    const { header, end } = run.contents;
    const c = run.counts;
    const values: (string | number)[] = [
      header.run.seed,
      runStatus(run),
      c.unique,
      c.ok,
      c.failed,
      c.invalid,
      c.infeasible,
      run.front.length,
      end ? formatDuration(end.elapsedMs) : '-',
      header.createdAt.replace('T', ' ').replace(/\.\d+Z$/, ' UTC'),
      end?.evaluator ? `${end.evaluator.kind}, ${end.evaluator.workers} worker${end.evaluator.workers === 1 ? '' : 's'}` : '-',
      run.dir,
    ];
    return `<tr><td>${swatch(colors[header.run.label] ?? '#000')}${escapeHtml(header.run.label)}</td>${values.map((v, i) => `<td${numeric.has(head[i + 1]) ? ' class="num"' : ''}>${escapeHtml(String(v))}</td>`).join('')}</tr>`;
  });
  return `<div class="scroll"><table class="runs"><thead><tr>${head.map((h) => `<th${numeric.has(h) ? ' class="num"' : ''}>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}
