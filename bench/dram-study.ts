/**
 * The DRAM study (experiments/dram-marl.json): every agent of the spec, every seed, on the four
 * workloads and both objective pairs, measured as the hypervolume of each run's front divided by
 * that of the exact front (bench/dram-fronts.ts), at 250, 500, 1,000 and 2,000 unique evaluations.
 *
 * - Equal budgets: every budget is a run of its own (the engine asks for fewer designs in a run's
 *   last batch, so a shorter run is not exactly the start of a longer one). The hypervolume curves
 *   against evaluations are the anytime curves of the longest runs.
 * - Evaluations are looked up in the exhaustive tables of bench/dram-fronts.ts (the `table`
 *   environment), which hold the simulator's own result for every design, so the study costs
 *   lookups; the simulator's cost per evaluation is reported from the fronts run.
 * - Reference point: the exact front's nadir plus 10% of its extent (studyReferencePoint).
 *
 * A second, stricter measure: the share of the exact front's distinct points that a run found.
 *
 * Writes experiments/dram-marl/results.csv (one row per case, agent, seed and budget),
 * summary.md (mean and spread tables) and SVG plots (hypervolume ratio against budget per case;
 * fronts found by each agent's median seed, overlaid on the exact front).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nonDominated } from '../src/pareto/dominance.js';
import { hypervolume } from '../src/pareto/hypervolume.js';
import { lineChart, scatterChart } from '../src/report/svg-chart.js';
import { readJournal } from '../src/study/journal.js';
import { parseSpec, readSpecFile, type SweepSpec } from '../src/study/spec.js';
import { startSweep } from '../src/study/sweep.js';
import { mean, median, std } from '../src/util/stats.js';
import { dramMetrics, dramParameters } from '../spaces/dram/environment.js';
import { STUDY_WORKLOADS } from '../spaces/dram/trace/generators.js';
import { FRONTS_DIR, OBJECTIVE_PAIRS, readFront, studyReferencePoint, TABLE_METRICS, tablePath, workloadFronts, type ObjectivePair } from './dram-fronts.js';
import { machine, RESULTS_DIR } from './common.js';

const EXPERIMENTS_DIR = join(RESULTS_DIR, '..', '..', 'experiments');
const SPEC_PATH = join(EXPERIMENTS_DIR, 'dram-marl.json');
const OUT_DIR = join(EXPERIMENTS_DIR, 'dram-marl');
export const STUDY_BUDGETS = [250, 500, 1000, 2000];
/** Where the anytime curves are sampled (those up to the largest budget). */
const CURVE_POINTS = [50, 100, 175, 250, 375, 500, 750, 1000, 1500, 2000];

/** Where the study reads its fronts and tables and writes its results (other values for trial runs). */
export interface StudySettings {
  frontsDir: string;
  outDir: string;
  budgets: readonly number[];
  workloads: readonly string[];
  /** Seeds and agents default to the spec's. */
  seeds?: number[];
}

const DEFAULT_SETTINGS: StudySettings = { frontsDir: FRONTS_DIR, outDir: OUT_DIR, budgets: STUDY_BUDGETS, workloads: STUDY_WORKLOADS };

interface RunRow {
  workload: string;
  pair: ObjectivePair;
  agent: string;
  seed: number;
  budget: number;
  hvRatio: number;
  /** Share of the exact front's distinct points among the run's results. */
  exactFound: number;
  frontSize: number;
  agentMsPerEvaluation: number;
  wallSeconds: number;
}

/** The spec of one case: the study's agents and seeds on a workload's table, with the exact reference point. */
function caseSpec(base: SweepSpec, settings: StudySettings, workload: string, pair: ObjectivePair, reference: number[], budget: number): SweepSpec {
  const metrics = TABLE_METRICS.map((name) => {
    const spec = dramMetrics.find((m) => m.name === name)!;
    return { name, unit: spec.unit, direction: spec.direction };
  });
  const objectives = OBJECTIVE_PAIRS[pair];
  return parseSpec({
    ...base,
    name: `dram-marl-${workload}-${pair}`,
    space: 'table',
    options: { file: tablePath(workload, settings.frontsDir), parameters: dramParameters, metrics },
    objectives: [...objectives],
    referencePoint: Object.fromEntries(objectives.map((m, i) => [m, reference[i]])),
    budget: { evaluations: budget },
    workers: 1,
  });
}

/** Objective vectors (minimized) of a run's evaluations, in id order. */
async function runVectors(dir: string, pair: ObjectivePair): Promise<number[][]> {
  const journal = await readJournal(join(dir, 'journal.jsonl'));
  return [...journal.evaluations]
    .sort((a, b) => a.id - b.id)
    .map((e) => (e.status === 'ok' ? OBJECTIVE_PAIRS[pair].map((m) => e.metrics[m] as number) : null))
    .filter((v): v is number[] => v !== null);
}

function front(vectors: readonly number[][]): number[][] {
  return nonDominated(vectors).map((i) => vectors[i]);
}

function frontChart(workload: string, pair: ObjectivePair, exact: number[][], found: Map<string, number[][]>, budget: number): string {
  const yMetric = OBJECTIVE_PAIRS[pair][1];
  const unit = (m: string) => dramMetrics.find((d) => d.name === m)?.unit ?? '';
  const series = [
    { label: 'exact front', points: exact.map((p) => [p[0] / 1000, p[1]] as const), connect: true, reference: true },
    ...[...found].map(([agent, points]) => ({ label: agent, points: points.map((p) => [p[0] / 1000, p[1]] as const) })),
  ];
  return scatterChart({ title: `${workload}: fronts found at ${budget.toLocaleString('en-US')} evaluations (median seed)`, xLabel: `total time (us)`, yLabel: `${yMetric} (${unit(yMetric)})` }, series);
}

export async function runDramStudy(settings: StudySettings = DEFAULT_SETTINGS): Promise<void> {
  const { spec } = readSpecFile(SPEC_PATH);
  const base = settings.seeds ? { ...spec, seeds: settings.seeds } : spec;
  const seeds = base.seeds ?? [1];
  const agents = base.agents.map((a) => a.label ?? a.name);
  const budgets = settings.budgets;
  const budget = budgets[budgets.length - 1];
  const outDir = settings.outDir;
  mkdirSync(outDir, { recursive: true });
  const scratch = mkdtempSync(join(tmpdir(), 'archdse-dram-study-'));
  const rows: RunRow[] = [];
  try {
    for (const workload of settings.workloads) {
      if (!existsSync(tablePath(workload, settings.frontsDir))) await workloadFronts(workload, settings.frontsDir);
      for (const pair of Object.keys(OBJECTIVE_PAIRS) as ObjectivePair[]) {
        const exact = readFront(workload, pair, settings.frontsDir);
        const reference = studyReferencePoint(exact);
        const exactHv = hypervolume(exact, reference);
        const ratio = (vectors: readonly number[][]) => hypervolume(front(vectors), reference) / exactHv;
        const exactKeys = new Set(exact.map((p) => p.join(',')));
        const exactFound = (vectors: readonly number[][]) => new Set(vectors.map((v) => v.join(',')).filter((k) => exactKeys.has(k))).size / exactKeys.size;
        const started = performance.now();
        /** Per agent, the anytime curves of the longest runs and their final fronts. */
        const curves = new Map<string, number[][]>();
        const finals = new Map<string, { ratio: number; points: number[][] }[]>();
        for (const b of budgets) {
          const result = await startSweep(caseSpec(base, settings, workload, pair, reference, b), process.cwd(), join(scratch, `${workload}-${pair}-${b}`), {}, {});
          for (const run of result.runs) {
            const vectors = await runVectors(run.dir, pair);
            const timing = run.summary.timing as { agentMs: number | null; wallMs: number | null };
            const f = front(vectors);
            rows.push({
              workload,
              pair,
              agent: run.plan.label,
              seed: run.plan.seed,
              budget: b,
              hvRatio: hypervolume(f, reference) / exactHv,
              exactFound: exactFound(vectors),
              frontSize: f.length,
              agentMsPerEvaluation: (timing.agentMs ?? 0) / vectors.length,
              wallSeconds: (timing.wallMs ?? 0) / 1000,
            });
            if (b === budget) {
              curves.set(run.plan.label, [...(curves.get(run.plan.label) ?? []), CURVE_POINTS.filter((n) => n <= b).map((n) => ratio(vectors.slice(0, n)))]);
              finals.set(run.plan.label, [...(finals.get(run.plan.label) ?? []), { ratio: rows[rows.length - 1].hvRatio, points: f }]);
            }
          }
        }
        const found = new Map<string, number[][]>();
        for (const [agent, list] of finals) {
          const sorted = [...list].sort((a, c) => a.ratio - c.ratio);
          found.set(agent, sorted[Math.floor(sorted.length / 2)].points);
        }
        process.stdout.write(`${workload} ${pair}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
        writeFileSync(join(outDir, `front-${workload}-${pair}.svg`), frontChart(workload, pair, exact, found, budget));
        const checkpoints = CURVE_POINTS.filter((n) => n <= budget);
        const series = agents.map((agent) => ({
          label: agent,
          points: checkpoints.map((x, k) => {
            const values = (curves.get(agent) ?? []).map((curve) => curve[k]);
            return { x, y: mean(values), low: Math.min(...values), high: Math.max(...values) };
          }),
        }));
        writeFileSync(
          join(outDir, `hv-${workload}-${pair}.svg`),
          lineChart(
            {
              title: `${workload}, ${pair}: runs of ${budget.toLocaleString('en-US')} (mean, min-max of ${seeds.length} seeds)`,
              xLabel: 'unique evaluations',
              yLabel: 'HV / HV of the exact front',
              xLog: true,
              xTicks: [CURVE_POINTS[0], ...budgets],
            },
            series,
          ),
        );
      }
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const csv = [
    'workload,objectives,agent,seed,budget,hv_ratio,exact_front_found,front_size,agent_ms_per_evaluation,wall_s',
    ...rows.map((r) => [r.workload, r.pair, r.agent, r.seed, r.budget, r.hvRatio.toFixed(6), r.exactFound.toFixed(4), r.frontSize, r.agentMsPerEvaluation.toFixed(4), r.wallSeconds.toFixed(2)].join(',')),
  ];
  writeFileSync(join(outDir, 'results.csv'), `${csv.join('\n')}\n`);
  writeFileSync(join(outDir, 'summary.md'), summaryMarkdown(rows, agents, seeds.length, settings));
  process.stdout.write(`written: ${outDir}/{results.csv,summary.md,*.svg}\n`);
}

function cell(values: number[]): string {
  return `${mean(values).toFixed(3)} ± ${std(values).toFixed(3)}`;
}

function summaryMarkdown(rows: RunRow[], agents: string[], seeds: number, settings: StudySettings): string {
  const workloads = settings.workloads;
  const budgets = settings.budgets;
  const env = machine();
  const lines = [
    '# DRAM study: hypervolume of each agent\'s front / hypervolume of the exact front',
    '',
    `Generated by \`npm run bench -- dram-study\` on ${String(env.date).slice(0, 10)} (${env.cpus} x ${env.cpuModel}). Mean ± standard deviation over ${seeds} seeds; ` +
      'reference point: the exact front\'s nadir plus 10% of its extent. Budgets are unique evaluations of the 442,368-design space, each budget a run of its own.',
    '',
  ];
  for (const pair of Object.keys(OBJECTIVE_PAIRS) as ObjectivePair[]) {
    for (const budget of budgets) {
      lines.push(`## ${pair}, ${budget.toLocaleString('en-US')} evaluations`, '', `| agent | ${workloads.join(' | ')} | all workloads |`, `|---|${workloads.map(() => '---|').join('')}---|`);
      for (const agent of agents) {
        const of = (workload?: string) => rows.filter((r) => r.pair === pair && r.budget === budget && r.agent === agent && (workload === undefined || r.workload === workload)).map((r) => r.hvRatio);
        lines.push(`| ${agent} | ${workloads.map((w) => cell(of(w))).join(' | ')} | ${cell(of())} |`);
      }
      lines.push('');
    }
  }
  for (const pair of Object.keys(OBJECTIVE_PAIRS) as ObjectivePair[]) {
    lines.push(
      `## ${pair}: share of the exact front's points found (mean over seeds)`,
      '',
      `| agent | ${budgets.map((b) => workloads.map((w) => `${w} @${b}`).join(' | ')).join(' | ')} |`,
      `|---|${budgets.map(() => workloads.map(() => '---|').join('')).join('')}`,
    );
    for (const agent of agents) {
      const cells = budgets.flatMap((b) => workloads.map((w) => `${(100 * mean(rows.filter((r) => r.pair === pair && r.budget === b && r.agent === agent && r.workload === w).map((r) => r.exactFound))).toFixed(0)}%`));
      lines.push(`| ${agent} | ${cells.join(' | ')} |`);
    }
    lines.push('');
  }
  lines.push('## Agent time per evaluation (ask + tell, ms; median over runs)', '', '| agent | ms |', '|---|---|');
  for (const agent of agents) lines.push(`| ${agent} | ${median(rows.filter((r) => r.agent === agent && r.budget === budgets[budgets.length - 1]).map((r) => r.agentMsPerEvaluation)).toFixed(3)} |`);
  return `${lines.join('\n')}\n`;
}
