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
  /** batchSize: points asked at a time (the engine's default, 100, when unset). */
  agents: { name: string; label: string; options: Record<string, unknown>; batchSize?: number }[];
}

/**
 * nsga2 for small budgets: differential-evolution variation (DE/rand/1/bin, F in [0.5, 1], CR 0.2)
 * and hypervolume survival (SMS-EMOA's cut) on 8 individuals, in batches of 4. The engine's archive
 * holds the front, so a small population that converges fast wins; batches of 4 keep 4 workers busy.
 * Measured over seeds 1-10 (HV/HV*, ZDT1 / DTLZ2): this 0.960 / 0.909; 6 individuals in batches of
 * 1 or 3 0.97 / 0.91 (but weaker with 5 objectives); crowding instead of hypervolume 0.94 / 0.72;
 * SBX instead of DE 0.65 / 0.81; fixed F = 0.5 0.88 / 0.91; nsga2 defaults in batches of 10
 * 0.38 / 0.74. On ZDT1 with its optimum moved inside the box (no bound to lean on) this setting
 * gives 0.91, the defaults 0.67.
 */
const NSGA2_SMALL_BUDGET = {
  name: 'nsga2',
  label: 'nsga2',
  options: { populationSize: 8, variation: 'de', survival: 'hypervolume' },
  batchSize: 4,
};

/** Classic NSGA-II (SBX, crowding, automatic population), for reference. */
const NSGA2_DEFAULTS = { name: 'nsga2', label: 'nsga2-defaults', options: {} };

export const QUALITY_CASES: Case[] = [
  {
    problem: 'zdt1',
    options: { variables: 30 },
    budget: 2000,
    optunaRatio: 0.39,
    goal: 0.9,
    agents: [NSGA2_SMALL_BUDGET, NSGA2_DEFAULTS, { name: 'random', label: 'random', options: {} }],
  },
  {
    problem: 'dtlz2',
    options: { objectives: 3 },
    budget: 1000,
    optunaRatio: 0.606,
    goal: 0.85,
    agents: [NSGA2_SMALL_BUDGET, NSGA2_DEFAULTS, { name: 'random', label: 'random', options: {} }],
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
        agents: [{ name: agent.name, label: agent.label, options: agent.options, ...(agent.batchSize ? { batchSize: agent.batchSize } : {}) }],
        seeds: SEEDS,
        budget: { evaluations: c.budget },
      });
      const ratios = sweep.runs.map((r) => (r.summary.trueFront as { ratio: number }).ratio);
      const settings = { ...(sweep.runs[0].summary.agentOptions as Record<string, unknown>), batchSize: sweep.runs[0].summary.batchSize };
      const row = { problem: c.problem, options: c.options, budget: c.budget, agent: agent.label, settings, ratios, mean: mean(ratios), std: std(ratios), min: Math.min(...ratios), max: Math.max(...ratios) };
      results.push(row);
      const shown = Object.entries(settings).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(', ') || 'defaults';
      const goal = agent === NSGA2_SMALL_BUDGET ? `>= ${c.goal} ${row.mean >= c.goal ? 'met' : 'NOT met'}` : '';
      lines.push(`| ${c.problem} | ${c.budget} | ${agent.label} | ${shown} | ${row.mean.toFixed(3)} | ${row.std.toFixed(3)} | ${row.min.toFixed(3)} | ${row.max.toFixed(3)} | ${goal} | ${agent === NSGA2_SMALL_BUDGET ? c.optunaRatio : ''} |`);
    }
  }
  writeResult('quality', { machine: machine(), seeds: SEEDS, results }, lines.join('\n'));
}
