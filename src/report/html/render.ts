/** Puts a report together: overview, front, hypervolume, Pareto designs, design pictures, settings. */
import { formatNumber } from '../format.js';
import { designsHtml } from './designs.js';
import { frontScatter } from './front-scatter.js';
import { frontView, type FrontView } from './front-view.js';
import { hypervolumeCurves } from './hv-curves.js';
import { objectiveInfo } from './labels.js';
import type { ReportData } from './load.js';
import { escapeHtml, renderPage, type PageSection } from './page.js';
import { scatterMatrix } from './scatter-matrix.js';
import { settingsHtml } from './settings.js';
import { comparisonHtml, paretoTable, runsTable } from './tables.js';

function card(value: string, label: string): string {
  return `<div class="card"><div class="value">${escapeHtml(value)}</div><div class="label">${escapeHtml(label)}</div></div>`;
}

function overview(data: ReportData): string {
  const unique = data.runs.reduce((n, r) => n + r.counts.unique, 0);
  const notOk = data.runs.reduce((n, r) => n + r.counts.failed + r.counts.invalid, 0);
  const cards = [
    card(unique.toLocaleString('en-US'), 'designs evaluated'),
    card(data.feasible.length.toLocaleString('en-US'), 'feasible'),
    card(notOk.toLocaleString('en-US'), 'failed or invalid'),
    card(String(data.front.length), 'Pareto designs (all runs)'),
    card(`${data.runs.length} / ${data.labels.length}`, 'runs / agent configurations'),
  ];
  const last = data.comparison?.rows.filter((r) => r.evaluations === data.comparison!.checkpoints.at(-1));
  if (last && last.length > 0) {
    const ratio = data.comparison!.trueHypervolume !== null;
    const best = [...last].sort((a, b) => b.mean - a.mean)[0];
    cards.push(card(formatNumber(ratio ? best.ratioMean : best.mean, 4), `best mean ${ratio ? 'HV/true' : 'HV'} @${best.evaluations} (${best.label})`));
  }
  const warnings = [...data.notes, ...(data.environmentError ? [`${data.environmentError}. Everything from the journals is shown; the space's own descriptions and pictures are not.`] : [])];
  return `<div class="cards">${cards.join('')}</div>${warnings.map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join('')}`;
}

function frontSection(view: FrontView): string {
  const m = view.objectives.length;
  if (view.evaluated.length === 0 && view.infeasible.length === 0) return '<p class="warning">No evaluation has objective values: nothing to plot.</p>';
  if (m === 1) return `<p class="note">One objective: the front is the best design, listed below.</p>`;
  const svg = m === 2 ? frontScatter(view) : scatterMatrix(view);
  const how =
    m === 2
      ? 'Faint dots: every feasible design evaluated, in the colour of the agent that evaluated it. Solid markers: each agent’s non-dominated designs over all its seeds, joined by the staircase bounding what they dominate.'
      : 'Each cell plots one objective against another (row: vertical axis, column: horizontal axis). Faint dots: every feasible design evaluated; solid markers: each agent’s non-dominated designs over all its seeds in all objectives, so a design dominated in one projection may still be on the front.';
  return `<figure>${svg}<figcaption>${how} Ringed and tagged: the chosen designs (K: knee, A, B, …: best in one objective), marked in the table and pictured below when the space draws pictures. Axes whose values span more than an order of magnitude and crowd its low end are logarithmic.</figcaption></figure>`;
}

function hypervolumeSection(data: ReportData): string {
  if (!data.comparison || !data.curves) return '<p class="warning">No feasible design in any run: there is no front and no hypervolume.</p>';
  const chart = hypervolumeCurves(data.curves, data.comparison.checkpoints, data.labels, data.colors);
  return `<figure>${chart}<figcaption>Hypervolume of each run’s front after the first N unique evaluations, at one reference point for all runs. Line: mean over seeds; band: worst to best seed. Dashed lines mark the columns of the table below.</figcaption></figure>\n${comparisonHtml(data.comparison, data.colors)}`;
}

export function renderReport(data: ReportData): string {
  const { header } = data.runs[0].contents;
  const objectives = objectiveInfo(data.objectives, data.metrics);
  const view = frontView(data);
  const name = header.spec.name ?? header.source.space;
  const sections: PageSection[] = [
    { id: 'overview', title: 'Overview', html: overview(data) },
    { id: 'front', title: 'Pareto front', html: frontSection(view) },
    { id: 'hypervolume', title: 'Hypervolume', html: hypervolumeSection(data) },
    { id: 'designs', title: 'Pareto designs', html: paretoTable(data.front, objectives, data.chosen, data.colors) },
    { id: 'pictures', title: 'Design pictures', html: designsHtml(data.figures, data.figuresNote, objectives) },
    { id: 'settings', title: 'Settings and versions', html: `${settingsHtml(data, objectives)}\n<h3>Runs</h3>\n${runsTable(data.runs, data.colors)}` },
  ];
  const subtitle = [
    ...(header.spec.description ? [header.spec.description] : []),
    `Space ${header.source.space}${data.environment ? `: ${data.environment.title}` : ''}. Objectives ${objectives.map((o) => `${o.metric} ${o.direction}`).join(', ')}. ${data.runs.length} run${data.runs.length === 1 ? '' : 's'}.`,
  ];
  return renderPage(`archdse report: ${name}`, subtitle, sections);
}
