/**
 * What produced the results, as recorded in the journals: the spec (space, options, parameter
 * ranges, objectives, constraints, budgets, seeds), every agent configuration with its options,
 * the versions of archdse and Node that ran it and that drew the report, dates and wall times.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { RunData } from '../../study/results.js';
import { ARCHDSE_VERSION } from '../../util/version.js';
import { formatDuration } from '../format.js';
import type { ObjectiveInfo } from './labels.js';
import type { ReportData } from './load.js';
import { escapeHtml } from './page.js';

function json(value: unknown): string {
  if (value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0)) return '<span class="note">none</span>';
  return `<code>${escapeHtml(JSON.stringify(value))}</code>`;
}

function distinct(values: readonly string[]): string {
  return [...new Set(values)].join(', ');
}

function lastWritten(run: RunData): Date {
  return statSync(join(run.dir, 'journal.jsonl')).mtime;
}

function utc(date: Date): string {
  return date.toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

function definitionList(entries: readonly [string, string][]): string {
  return `<dl class="settings">${entries.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/** Agent configurations: label, agent, options, budget and batch size as the runs recorded them. */
function agentsTable(data: ReportData): string {
  const rows = data.labels.map((label) => {
    const group = data.runs.filter((r) => r.contents.header.run.label === label);
    const plan = group[0].contents.header.run;
    const seeds = group.map((r) => r.contents.header.run.seed).sort((a, b) => a - b);
    return `<tr><td><span class="swatch" style="background:${escapeHtml(data.colors[label])}"></span>${escapeHtml(label)}</td><td>${escapeHtml(plan.agent)}</td><td>${json(plan.options)}</td><td>${json(plan.budget)}</td><td class="num">${plan.batchSize}</td><td>${escapeHtml(seeds.join(', '))}</td></tr>`;
  });
  return `<div class="scroll"><table class="agents"><thead><tr><th>label</th><th>agent</th><th>options</th><th>budget</th><th class="num">batch</th><th>seeds</th></tr></thead><tbody>${rows.join('')}</tbody></table></div>`;
}

export function settingsHtml(data: ReportData, objectives: readonly ObjectiveInfo[]): string {
  const { header } = data.runs[0].contents;
  const spec = header.spec;
  const source = header.source;
  const started = new Date(Math.min(...data.runs.map((r) => Date.parse(r.contents.header.createdAt))));
  const finished = new Date(Math.max(...data.runs.map((r) => lastWritten(r).getTime())));
  const wall = data.runs.map((r) => r.contents.end?.elapsedMs ?? 0);
  const totals = data.runs.reduce(
    (t, r) => ({ unique: t.unique + r.counts.unique, failed: t.failed + r.counts.failed, invalid: t.invalid + r.counts.invalid, infeasible: t.infeasible + r.counts.infeasible }),
    { unique: 0, failed: 0, invalid: 0, infeasible: 0 },
  );
  const spaceText = data.environment ? `${escapeHtml(source.space)} — ${escapeHtml(data.environment.title)}${data.environment.description ? `<br><span class="note">${escapeHtml(data.environment.description)}</span>` : ''}` : escapeHtml(source.space);
  const entries: [string, string][] = [
    ['sweep', escapeHtml(spec.name ?? '(unnamed)')],
    ...(spec.description ? ([['description', escapeHtml(spec.description)]] as [string, string][]) : []),
    ['space', spaceText],
    ['space options', json(source.options)],
    ['parameter ranges', json(source.parameters)],
    ['objectives', objectives.map((o) => `${escapeHtml(o.metric)}${o.unit ? ` (${escapeHtml(o.unit)})` : ''} ${o.direction}`).join(', ')],
    ['constraints', header.constraints.length > 0 ? escapeHtml(header.constraints.map((c) => `${c.metric} ${c.op} ${c.bound}`).join(', ')) : '<span class="note">none</span>'],
    ['reference point', data.comparison ? `${escapeHtml(data.comparison.reference.policy)}: ${json(data.comparison.reference.values)}` : '<span class="note">none (no feasible design)</span>'],
    ['seeds', escapeHtml(distinct(data.runs.map((r) => String(r.contents.header.run.seed))))],
    ['budget', json(spec.budget)],
    ['spec file directory', `<code>${escapeHtml(source.baseDir)}</code>`],
    ['runs', `${data.runs.length}`],
    ['evaluations', `${totals.unique.toLocaleString('en-US')} unique: ${totals.failed} failed, ${totals.invalid} invalid, ${totals.infeasible} infeasible`],
    ['dates', `${utc(started)} to ${utc(finished)}`],
    ['wall time per run', data.runs.length > 1 ? `${formatDuration(Math.min(...wall))} to ${formatDuration(Math.max(...wall))}, ${formatDuration(wall.reduce((a, b) => a + b, 0))} in total` : formatDuration(wall[0])],
    ['run with', escapeHtml(`archdse ${distinct(data.runs.map((r) => r.contents.header.versions.archdse ?? '?'))}, Node ${distinct(data.runs.map((r) => r.contents.header.versions.node ?? '?'))}, ${distinct(data.runs.map((r) => r.contents.header.versions.platform ?? '?'))}`)],
    ['report drawn with', escapeHtml(`archdse ${ARCHDSE_VERSION}, Node ${process.versions.node}, ${utc(data.generatedAt)}`)],
  ];
  return `${definitionList(entries)}\n<h3>Agents</h3>\n${agentsTable(data)}`;
}
