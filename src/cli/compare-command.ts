/** `archdse compare` and `archdse export`: numbers from journals, at equal budgets. */
import type { Command } from 'commander';
import { loadEnvironment } from '../environment/registry.js';
import { formatNumber, formatTable } from '../report/format.js';
import { compareRuns, type Comparison } from '../study/compare.js';
import { writeRunFiles } from '../study/export.js';
import { findRunDirs, loadRun } from '../study/results.js';
import { csvLine } from '../util/csv.js';
import { action, numberAssignments, numberList, printJson } from './shared.js';

/** One row per agent configuration, one column per evaluation count: `mean ± sd (runs)`. */
export function comparisonTable(comparison: Comparison): string {
  const labels = [...new Set(comparison.rows.map((r) => r.label))];
  const useRatio = comparison.trueHypervolume !== null;
  const header = ['agent', ...comparison.checkpoints.map((n) => `${useRatio ? 'HV/true' : 'HV'} @${n}`)];
  const rows = labels.map((label) => [
    label,
    ...comparison.checkpoints.map((at) => {
      const row = comparison.rows.find((r) => r.label === label && r.evaluations === at);
      if (!row) return '-';
      const m = useRatio ? row.ratioMean! : row.mean;
      const s = useRatio ? row.ratioStd! : row.std;
      return `${formatNumber(m, 4)} ± ${formatNumber(s, 2)} (${row.runs})`;
    }),
  ]);
  const ref = Object.entries(comparison.reference.values)
    .map(([k, v]) => `${k}=${formatNumber(v)}`)
    .join(', ');
  const notes = [`reference point (${comparison.reference.policy}): ${ref}`];
  if (comparison.trueHypervolume !== null) notes.push(`true-front hypervolume: ${formatNumber(comparison.trueHypervolume)}`);
  return `${formatTable(header, rows)}\n${notes.join('\n')}`;
}

export function comparisonCsv(comparison: Comparison): string {
  const lines = [csvLine(['agent', 'evaluations', 'runs', 'hv_mean', 'hv_std', 'hv_min', 'hv_max', 'hv_ratio_mean', 'hv_ratio_std', 'seeds'])];
  for (const r of comparison.rows) lines.push(csvLine([r.label, r.evaluations, r.runs, r.mean, r.std, r.min, r.max, r.ratioMean, r.ratioStd, r.seeds.join(' ')]));
  return `${lines.join('\n')}\n`;
}

export function registerCompareCommands(program: Command): void {
  program
    .command('compare')
    .description('hypervolume at equal evaluation counts, per agent, mean and spread over seeds')
    .argument('<dirs...>', 'run or sweep directories')
    .option('--at <counts>', 'evaluation counts, e.g. 250,500,1000 (default: quarters of the shortest run)', numberList('--at'))
    .option('--reference <point>', 'reference point, e.g. f1=1.1,f2=1.1 (default: the runs\' policy)', numberAssignments('--reference'))
    .option('--csv', 'print CSV')
    .option('--json', 'print JSON')
    .action(
      action(async (dirs: string[], flags: { at?: number[]; reference?: Record<string, number>; csv?: boolean; json?: boolean }) => {
        const comparison = await compareRuns(dirs, { at: flags.at, referencePoint: flags.reference });
        if (flags.json) printJson(comparison);
        else if (flags.csv) process.stdout.write(comparisonCsv(comparison));
        else process.stdout.write(`${comparisonTable(comparison)}\n`);
      }),
    );

  program
    .command('export')
    .description('rewrite samples.csv, pareto.csv and summary.json of runs from their journals')
    .argument('<dirs...>', 'run or sweep directories')
    .option('--json', 'print the summaries as JSON')
    .action(
      action(async (dirs: string[], flags: { json?: boolean }) => {
        const summaries: Record<string, unknown>[] = [];
        for (const dir of [...new Set(dirs.flatMap((d) => findRunDirs(d)))]) {
          const run = await loadRun(dir);
          if (run.contents.truncated) process.stderr.write(`archdse: note: ${dir}/journal.jsonl line ${run.contents.truncated.line}: truncated record ignored\n`);
          let environment;
          try {
            environment = (await loadEnvironment(run.contents.header.source)).environment;
          } catch (error) {
            process.stderr.write(`archdse: note: ${dir}: space not loadable here (${(error as Error).message}); exporting without its reference point and true front\n`);
          }
          const summary = writeRunFiles(run, environment);
          summaries.push({ dir, ...summary });
          if (!flags.json) process.stdout.write(`${dir}: ${run.evaluations.length} evaluations, front ${run.front.length}, HV ${formatNumber((summary.hypervolume as { value: number | null }).value)}\n`);
        }
        if (flags.json) printJson(summaries);
      }),
    );
}
