import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { comparisonTable } from '../../src/cli/compare-command.js';
import { escapeHtml } from '../../src/report/html/page.js';
import { loadReportData } from '../../src/report/html/load.js';
import { renderReport } from '../../src/report/html/render.js';
import { removeTempDirs, tempDir } from '../helpers.js';
import { runSweep, ZDT_SPEC } from './fixtures.js';

afterEach(removeTempDirs);

/** Text of each cell of the HTML table with the given class, tags removed, row by row. */
function tableCells(html: string, className: string): string[][] {
  const table = html.match(new RegExp(`<table class="${className}">([\\s\\S]*?)</table>`))?.[1] ?? '';
  const body = table.match(/<tbody>([\s\S]*?)<\/tbody>/)?.[1] ?? '';
  return [...body.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1].replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').trim()),
  );
}

describe('HTML report', () => {
  it('holds the front, the curves, the compare table, the Pareto designs and the settings, with no external reference', async () => {
    const dir = tempDir();
    const out = await runSweep(dir, ZDT_SPEC);
    const data = await loadReportData([out]);
    const html = renderReport(data);

    expect(data.runs).toHaveLength(4);
    for (const id of ['overview', 'front', 'hypervolume', 'designs', 'pictures', 'settings']) expect(html).toContain(`<section id="${id}">`);
    // One file: nothing to fetch.
    expect(html).not.toMatch(/\s(src|href)\s*=\s*["']?\s*(https?:)?\/\//i);
    expect(html).not.toMatch(/<script|<link|@import|url\(\s*["']?https?:/i);

    // The comparison table is the one `archdse compare` prints, cell for cell.
    const terminal = comparisonTable(data.comparison!).split('\n').slice(2, 2 + data.labels.length);
    const htmlCells = tableCells(html, 'comparison');
    expect(htmlCells).toHaveLength(2);
    expect(htmlCells[0]).toHaveLength(1 + data.comparison!.checkpoints.length);
    expect(htmlCells.map((row) => row.join(' | '))).toEqual(terminal.map((line) => line.trim().split(/\s{2,}/).join(' | ')));

    // The curves pass through the table's numbers: the same computation at more budgets.
    for (const row of data.comparison!.rows) {
      const onCurve = data.curves!.rows.find((r) => r.label === row.label && r.evaluations === row.evaluations);
      expect(onCurve).toEqual(row);
    }
    expect(data.curves!.reference).toEqual(data.comparison!.reference);
    expect(html.match(/<polyline class="mean"/g)).toHaveLength(2);

    // The Pareto table lists the study's front: every design once, with its id, run and parameters.
    const rows = tableCells(html, 'pareto');
    expect(rows).toHaveLength(data.front.length);
    expect(rows.map((r) => Number(r[3]))).toEqual(data.front.map((m) => m.evaluation.id));
    expect(rows.map((r) => r[1])).toEqual(data.front.map((m) => m.run.contents.header.run.label));
    expect(html).toContain('<th>x6</th>');
    expect(rows.filter((r) => r[0] !== '').map((r) => r[0]).sort()).toEqual(data.chosen.map((c) => c.tag).sort());

    // Settings and counts.
    expect(html).toContain('zdt report test');
    expect(html).toMatch(/Node \d+\.\d+/);
    expect(tableCells(html, 'runs')).toHaveLength(4);
    expect(tableCells(html, 'agents').map((r) => r[0])).toEqual(['nsga2', 'random']);
    // ZDT1 draws no design pictures and says so; its true front is drawn.
    expect(data.figuresNote).toContain('draws no design pictures');
    expect(html).toContain('class="true-front"');
  });

  it('escapes names from the spec and the agents', async () => {
    const dir = tempDir();
    const out = await runSweep(dir, {
      ...ZDT_SPEC,
      name: '<script>alert("x")</script> & co',
      agents: [{ name: 'random', label: '<b>rand</b>"\'' }],
      seeds: [1],
    });
    const html = renderReport(await loadReportData([out]));
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>rand</b>');
    expect(html).toContain(escapeHtml('<script>alert("x")</script> & co'));
    expect(html).toContain('&lt;b&gt;rand&lt;/b&gt;&quot;&#39;');
    // Attribute values stay closed: the label is one attribute value, quotes and all.
    expect(html).toContain('data-label="&lt;b&gt;rand&lt;/b&gt;&quot;&#39;"');
  });

  it('reports a run whose journal was cut short, and says so', async () => {
    const dir = tempDir();
    const out = await runSweep(dir, ZDT_SPEC);
    const journal = join(out, 'random-seed2', 'journal.jsonl');
    const text = readFileSync(journal, 'utf8');
    writeFileSync(journal, text.slice(0, text.lastIndexOf('{"type":"eval"') + 40));
    const data = await loadReportData([out]);
    expect(data.notes.join('\n')).toMatch(/random-seed2\/journal\.jsonl: line \d+ was cut short/);
    const html = renderReport(data);
    expect(html).toContain('was cut short');
    expect(html).toMatch(/truncated at line \d+/);
  });

  it('still reports when the space does not load here, and says why the pictures are missing', async () => {
    const dir = tempDir();
    const module = join(dir, 'space.mjs');
    writeFileSync(
      module,
      `export default { id: 'moved', title: 'moved space', space: { parameters: [{ name: 'x', type: 'real', min: 0, max: 1 }] },
        metrics: [{ name: 'a', unit: 'mm^2' }, { name: 'b', unit: 'ns' }], objectives: [{ metric: 'a', direction: 'min' }, { metric: 'b', direction: 'min' }],
        evaluate: (p) => ({ a: p.x, b: 1 - Math.sqrt(p.x) }), figures: () => [] };`,
    );
    const out = await runSweep(dir, { space: './space.mjs', agents: ['random'], budget: { evaluations: 40 }, batchSize: 10 });
    rmSync(module);
    const data = await loadReportData([out]);
    expect(data.environmentError).toContain('does not load here');
    expect(data.figuresNote).toContain('space.mjs does not exist');
    const html = renderReport(data);
    expect(html).toContain('class="front-point"');
    expect(html).toContain('does not load here');
    // Units come from the journal's header even without the space.
    expect(html).toContain('a (mm^2), lower is better');
  });

  it('shows infeasible designs, and reports a study without any feasible design', async () => {
    const dir = tempDir();
    const some = await loadReportData([await runSweep(join(dir, 'some'), { ...ZDT_SPEC, constraints: ['f1 >= 0.3'], seeds: [1] })]);
    expect(some.runs.every((r) => r.counts.infeasible > 0)).toBe(true);
    expect(renderReport(some)).toContain('class="infeasible"');
    expect(some.front.every((m) => m.evaluation.metrics.f1 >= 0.3)).toBe(true);

    const none = await loadReportData([await runSweep(join(dir, 'none'), { ...ZDT_SPEC, constraints: ['f1 <= -1'], seeds: [1] })]);
    expect(none.comparison).toBeNull();
    expect(none.front).toHaveLength(0);
    const html = renderReport(none);
    expect(html).toContain('No feasible design in any run');
    expect(html).toContain('No feasible design, so no Pareto front.');
  });

  it('names the path of a missing, empty or bad directory', async () => {
    const dir = tempDir();
    await expect(loadReportData([join(dir, 'nope')])).rejects.toThrow(`${join(dir, 'nope')}: no such directory`);
    const empty = join(dir, 'empty');
    mkdirSync(empty);
    await expect(loadReportData([empty])).rejects.toThrow(`${empty}: no runs here`);
    const file = join(dir, 'file.txt');
    writeFileSync(file, 'x');
    await expect(loadReportData([file])).rejects.toThrow(`${file}: not a directory`);
    const bad = join(dir, 'bad');
    mkdirSync(bad);
    writeFileSync(join(bad, 'journal.jsonl'), 'not json\n{"type":"eval"}\n');
    await expect(loadReportData([bad])).rejects.toThrow(join(bad, 'journal.jsonl'));
    const blank = join(dir, 'blank');
    mkdirSync(blank);
    writeFileSync(join(blank, 'journal.jsonl'), '');
    await expect(loadReportData([blank])).rejects.toThrow(`${join(blank, 'journal.jsonl')}: empty journal`);
  });
});
