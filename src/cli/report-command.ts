/** `archdse report`: one self-contained HTML page of a study's results. */
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { loadReportData } from '../report/html/load.js';
import { renderReport } from '../report/html/render.js';
import { writeFileAtomic } from '../study/export.js';
import { action } from './shared.js';

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('one self-contained HTML page: Pareto front, hypervolume curves, Pareto designs with pictures, settings')
    .argument('<dirs...>', 'run or sweep directories (of one study)')
    .option('-o, --out <file>', 'HTML file to write', 'report.html')
    .option('--no-figures', "skip the space's pictures of the chosen designs (they re-run the model on a few designs)")
    .action(
      action(async (dirs: string[], flags: { out: string; figures: boolean }) => {
        const data = await loadReportData(dirs, { figures: flags.figures });
        for (const note of data.notes) process.stderr.write(`archdse: note: ${note}\n`);
        if (data.environmentError) process.stderr.write(`archdse: note: ${data.environmentError}; the report has no design pictures\n`);
        const out = resolve(flags.out);
        mkdirSync(dirname(out), { recursive: true });
        writeFileAtomic(out, renderReport(data));
        process.stdout.write(`${out}\n`);
      }),
    );
}
