/**
 * Optimizer quality at equal budgets: hypervolume of each run's front divided by the true front's
 * (exact, at the problems' standard reference points), 5 seeds per agent, mean and spread.
 *
 * Problems and budgets follow the comparison with Optuna in the project's reference notes:
 * ZDT1 (30 variables) at 2,000 evaluations and DTLZ2 (3 objectives, 12 variables) at 1,000.
 */
import { cpus } from 'node:os';
import { machine, mean, runSpec, std, writeResult } from './common.js';

const SEEDS = [1, 2, 3, 4, 5];

interface Case {
  problem: string;
  options: Record<string, unknown>;
  budget: number;
  /** Optuna's NSGA-II at the same budget, measured with default settings (reference notes §5). */
  optunaRatio: number;
  goal: number;
  agents: { name: string; label: string; options: Record<string, unknown> }[];
}

export const QUALITY_CASES: Case[] = [
  {
    problem: 'zdt1',
    options: { variables: 30 },
    budget: 2000,
    optunaRatio: 0.39,
    goal: 0.9,
    agents: [
      { name: 'nsga2', label: 'nsga2', options: {} },
      { name: 'random', label: 'random', options: {} },
    ],
  },
  {
    problem: 'dtlz2',
    options: { objectives: 3 },
    budget: 1000,
    optunaRatio: 0.606,
    goal: 0.85,
    agents: [
      { name: 'nsga2', label: 'nsga2', options: {} },
      { name: 'random', label: 'random', options: {} },
    ],
  },
];

export async function runQuality(cases: Case[] = QUALITY_CASES): Promise<void> {
  const results = [];
  const lines = [
    '# Optimizer quality at equal budgets',
    '',
    `HV / HV(true front) at the problem's reference point, ${SEEDS.length} seeds (${SEEDS.join(', ')}), unique evaluations. Measured ${new Date().toISOString().slice(0, 10)} on ${cpus()[0]?.model ?? 'unknown CPU'}.`,
    '',
    '| problem | budget | agent | settings | HV/HV* mean | sd | min | max | goal | Optuna NSGA-II |',
    '|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const c of cases) {
    for (const agent of c.agents) {
      const sweep = await runSpec({
        name: `quality-${c.problem}-${agent.label}`,
        space: c.problem,
        options: c.options,
        agents: [{ name: agent.name, label: agent.label, options: agent.options }],
        seeds: SEEDS,
        budget: { evaluations: c.budget },
      });
      const ratios = sweep.runs.map((r) => (r.summary.trueFront as { ratio: number }).ratio);
      const settings = sweep.runs[0].summary.agentOptions as Record<string, unknown>;
      const row = { problem: c.problem, options: c.options, budget: c.budget, agent: agent.label, settings, ratios, mean: mean(ratios), std: std(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
      results.push(row);
      const shown = Object.entries(settings).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') || 'defaults';
      const goal = agent.name === 'nsga2' ? `>= ${c.goal} ${row.mean >= c.goal ? 'met' : 'NOT met'}` : '';
      lines.push(`| ${c.problem} | ${c.budget} | ${agent.label} | ${shown} | ${row.mean.toFixed(3)} | ${row.std.toFixed(3)} | ${row.min.toFixed(3)} | ${row.max.toFixed(3)} | ${goal} | ${agent.name === 'nsga2' ? c.optunaRatio : ''} |`);
    }
  }
  writeResult('quality', { machine: machine(), seeds: SEEDS, results }, lines.join('\n'));
}
