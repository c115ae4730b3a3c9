/**
 * The scratchpad benchmark (`npm run bench -- scratchpad`, long): on every built-in graph, for
 * activations only and for activations with weights, at the budgets COSMA studies (M_R, M_H, M_P),
 * the non-compulsory off-chip traffic of the COSMA ILP against the four baselines (greedy-by-size
 * allocation x {default, min-peak order} x {Belady, greedy eviction}), with solve times and
 * statuses for HiGHS, javascript-lp-solver (where it finishes), the divide-and-conquer variant and
 * (small graphs, at M_R) the free schedule.
 *
 * M_P here is COSMA's minimum-peak footprint: the smallest scratchpad, addresses included, that
 * runs the minimum-peak order (bounds.ts) with no spill, found by the ILP's minimum-peak mode.
 */
import { baselinePlan, type EvictionPolicy } from '../spaces/scratchpad/baselines.js';
import { memoryBounds } from '../spaces/scratchpad/bounds.js';
import { solveCosma, solveMinimumFootprint, type CosmaAnswer } from '../spaces/scratchpad/cosma.js';
import { solveDivideAndConquer } from '../spaces/scratchpad/divide-and-conquer.js';
import { defaultOrder } from '../spaces/scratchpad/liveness.js';
import { builtInGraph, builtInGraphs } from '../spaces/scratchpad/networks/index.js';
import type { AllocationPlan, Graph } from '../spaces/scratchpad/types.js';
import { machine, mean, writeResult } from './common.js';

const TIME_LIMIT_SEC = 60;
const JSLP_TIME_LIMIT_SEC = 20;
/** cosma-dc's limit per window: it exists for graphs too long for one ILP, so each window must be quick. */
const WINDOW_TIME_LIMIT_SEC = 10;
/** The free-schedule ILP is tried at M_R on graphs up to this many operators. */
const FREE_SCHEDULE_MAX_OPERATORS = 50;

interface PolicyResult {
  policy: string;
  nonCompulsoryBytes: number | null;
  status: string;
  solveTimeSec: number;
}

interface BudgetRow {
  graph: string;
  tracking: string;
  budget: 'M_R' | 'M_H' | 'M_P';
  budgetBytes: number;
  results: PolicyResult[];
}

interface BoundsRow {
  graph: string;
  tracking: string;
  operators: number;
  tensors: number;
  minimumBudgetBytes: number;
  defaultOrderPeakBytes: number;
  minimumLivePeakBytes: number | null;
  minimumFootprintBytes: number;
  footprintStatus: string;
  footprintSolveTimeSec: number;
}

const BASELINES: readonly { label: string; order: 'default' | 'min-peak'; eviction: EvictionPolicy }[] = [
  { label: 'default+belady', order: 'default', eviction: 'belady' },
  { label: 'default+greedy', order: 'default', eviction: 'greedy' },
  { label: 'min-peak+belady', order: 'min-peak', eviction: 'belady' },
  { label: 'min-peak+greedy', order: 'min-peak', eviction: 'greedy' },
];

function ilpResult(policy: string, answer: { status: string; plan?: AllocationPlan; solveTimeSec: number }): PolicyResult {
  return { policy, nonCompulsoryBytes: answer.plan ? answer.plan.traffic.nonCompulsoryBytes : null, status: answer.status, solveTimeSec: answer.solveTimeSec };
}

async function boundsOf(graph: Graph, tracking: string): Promise<{ row: BoundsRow; orders: Record<'default' | 'min-peak', number[]> }> {
  const trackWeights = tracking !== 'activations';
  const bounds = memoryBounds(graph, { trackWeights });
  const orders = { default: defaultOrder(graph), 'min-peak': [...(bounds.minimumPeakOrder ?? defaultOrder(graph))] };
  // A no-spill plan of the min-peak order bounds the footprint from above and starts the solver.
  const roomy = baselinePlan(graph, { budgetBytes: Number.MAX_SAFE_INTEGER, trackWeights, order: orders['min-peak'], eviction: 'belady' });
  const footprint = await solveMinimumFootprint({ graph, order: orders['min-peak'], trackWeights, upperBytes: roomy.peakBytes, start: roomy, solver: { timeLimitSec: TIME_LIMIT_SEC } });
  return {
    orders,
    row: {
      graph: graph.name,
      tracking,
      operators: graph.operators.length,
      tensors: graph.tensors.length,
      minimumBudgetBytes: bounds.minimumBudgetBytes,
      defaultOrderPeakBytes: bounds.fixedOrderPeakBytes,
      minimumLivePeakBytes: bounds.minimumPeakBytes ?? null,
      minimumFootprintBytes: footprint.footprintBytes ?? roomy.peakBytes,
      footprintStatus: footprint.status,
      footprintSolveTimeSec: footprint.solveTimeSec,
    },
  };
}

async function policiesAt(
  graph: Graph,
  tracking: string,
  budget: BudgetRow['budget'],
  budgetBytes: number,
  orders: Record<'default' | 'min-peak', number[]>,
): Promise<PolicyResult[]> {
  const trackWeights = tracking !== 'activations';
  const results: PolicyResult[] = [];
  for (const b of BASELINES) {
    const started = performance.now();
    const plan = baselinePlan(graph, { budgetBytes, trackWeights, order: orders[b.order], eviction: b.eviction });
    results.push({ policy: b.label, nonCompulsoryBytes: plan.traffic.nonCompulsoryBytes, status: 'heuristic', solveTimeSec: (performance.now() - started) / 1000 });
  }
  const onDefault: CosmaAnswer = await solveCosma({ graph, schedule: orders.default, budgetBytes, trackWeights, solver: { timeLimitSec: TIME_LIMIT_SEC } });
  results.push(ilpResult('cosma default (HiGHS)', onDefault));
  // The same order twice is the same model: solved once.
  const sameOrder = orders['min-peak'].every((op, step) => op === orders.default[step]);
  const onMinPeak = sameOrder ? onDefault : await solveCosma({ graph, schedule: orders['min-peak'], budgetBytes, trackWeights, solver: { timeLimitSec: TIME_LIMIT_SEC } });
  results.push(ilpResult('cosma min-peak (HiGHS)', onMinPeak));
  const jslp = await solveCosma({ graph, schedule: orders.default, budgetBytes, trackWeights, solver: { backend: 'jslp', timeLimitSec: JSLP_TIME_LIMIT_SEC } });
  results.push(ilpResult('cosma default (jslp)', jslp));
  const dc = await solveDivideAndConquer({ graph, order: orders.default, budgetBytes, trackWeights, windowSteps: 24, solver: { timeLimitSec: WINDOW_TIME_LIMIT_SEC } });
  results.push(ilpResult('cosma-dc default', dc));
  if (budget === 'M_R' && graph.operators.length <= FREE_SCHEDULE_MAX_OPERATORS) {
    results.push(ilpResult('cosma free (HiGHS)', await solveCosma({ graph, schedule: 'free', budgetBytes, trackWeights, solver: { timeLimitSec: TIME_LIMIT_SEC } })));
  }
  return results;
}

/** KiB with one decimal; sizes under 10 KiB in bytes, so the toy's 20 B does not print as 0. */
const kb = (bytes: number | null): string => {
  if (bytes === null) return '-';
  if (bytes > 0 && bytes < 10 * 1024) return `${bytes} B`;
  return (bytes / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 });
};

function reductionPct(cosma: number | null, baseline: number | null): number | null {
  if (cosma === null || baseline === null || baseline === 0) return null;
  return 100 * (1 - cosma / baseline);
}

/** The ILP approach's plan for a budget: the best of its HiGHS solves (either order, free schedule, divide and conquer). */
function cosmaBest(row: BudgetRow): number | null {
  const values = row.results
    .filter((r) => (r.policy.endsWith('(HiGHS)') || r.policy.startsWith('cosma-dc')) && r.nonCompulsoryBytes !== null)
    .map((r) => r.nonCompulsoryBytes!);
  return values.length === 0 ? null : Math.min(...values);
}

export function markdown(boundsRows: BoundsRow[], rows: BudgetRow[], info: Record<string, unknown>): string {
  const lines = [
    '# Scratchpad allocation: COSMA ILP vs baselines',
    '',
    `Non-compulsory off-chip traffic (KiB) per built-in graph, tracking and budget. HiGHS time limit ${TIME_LIMIT_SEC} s per solve (${WINDOW_TIME_LIMIT_SEC} s per window for cosma-dc, windows of 24 steps), javascript-lp-solver ${JSLP_TIME_LIMIT_SEC} s; the free schedule is tried at M_R on graphs of up to ${FREE_SCHEDULE_MAX_OPERATORS} operators; where the min-peak order is the default order, its COSMA column repeats the default's solve. Statuses: optimal (proven), feasible (incumbent at the time limit), timeout (no plan found; not infeasible). Measured ${info.date} on ${info.cpuModel}, load ${Number(info.loadAverage1m).toFixed(1)}.`,
    '',
    '## Bounds',
    '',
    '| graph | tracking | ops | M_R (KiB) | default-order live peak | min live peak | M_P: min footprint (KiB) | footprint solve |',
    '|---|---|---|---|---|---|---|---|',
    ...boundsRows.map(
      (b) =>
        `| ${b.graph} | ${b.tracking} | ${b.operators} | ${kb(b.minimumBudgetBytes)} | ${kb(b.defaultOrderPeakBytes)} | ${kb(b.minimumLivePeakBytes)} | ${kb(b.minimumFootprintBytes)} | ${b.footprintStatus}, ${b.footprintSolveTimeSec.toFixed(1)} s |`,
    ),
    '',
    '## Traffic at M_R, M_H, M_P',
    '',
  ];
  const policies = [...new Set(rows.flatMap((r) => r.results.map((p) => p.policy)))];
  lines.push(`| graph | tracking | budget | ${policies.join(' | ')} |`, `|---|---|---|${policies.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const cells = policies.map((policy) => {
      const r = row.results.find((p) => p.policy === policy);
      if (!r) return 'n/a';
      const suffix = r.status === 'optimal' || r.status === 'heuristic' ? '' : ` (${r.status})`;
      return `${kb(r.nonCompulsoryBytes)}${suffix}`;
    });
    lines.push(`| ${row.graph} | ${row.tracking} | ${row.budget} ${kb(row.budgetBytes)} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Reduction of non-compulsory traffic by the ILP policies over each baseline', '');
  lines.push(
    "The ILP plan is the best of the HiGHS solves at that budget (COSMA on the default and the min-peak order, the free schedule where tried, and cosma-dc), as COSMA chooses the schedule too. Mean over the (graph, tracking) cases where the baseline moves any data at that budget; count of such cases in brackets.",
    '',
  );
  lines.push('| budget | ' + BASELINES.map((b) => b.label).join(' | ') + ' |', '|---|' + BASELINES.map(() => '---').join('|') + '|');
  for (const budget of ['M_R', 'M_H', 'M_P'] as const) {
    const cells = BASELINES.map((b) => {
      const values = rows
        .filter((r) => r.budget === budget)
        .map((r) => reductionPct(cosmaBest(r), r.results.find((p) => p.policy === b.label)!.nonCompulsoryBytes))
        .filter((v): v is number => v !== null);
      return values.length === 0 ? '- (0)' : `${mean(values).toFixed(1)}% (${values.length})`;
    });
    lines.push(`| ${budget} | ${cells.join(' | ')} |`);
  }
  lines.push('', '## Solve times (s)', '');
  lines.push(`| graph | tracking | budget | ${policies.filter((p) => !BASELINES.some((b) => b.label === p)).join(' | ')} |`);
  const solvers = policies.filter((p) => !BASELINES.some((b) => b.label === p));
  lines.push(`|---|---|---|${solvers.map(() => '---').join('|')}|`);
  for (const row of rows) {
    const cells = solvers.map((policy) => {
      const r = row.results.find((p) => p.policy === policy);
      return r ? `${r.solveTimeSec.toFixed(1)} ${r.status}` : 'n/a';
    });
    lines.push(`| ${row.graph} | ${row.tracking} | ${row.budget} | ${cells.join(' | ')} |`);
  }
  return lines.join('\n');
}

export async function runScratchpad(): Promise<void> {
  const info = machine();
  const boundsRows: BoundsRow[] = [];
  const rows: BudgetRow[] = [];
  for (const name of Object.keys(builtInGraphs)) {
    const graph = builtInGraph(name);
    for (const tracking of ['activations', 'activations+weights']) {
      const { row, orders } = await boundsOf(graph, tracking);
      boundsRows.push(row);
      const budgets = {
        M_R: row.minimumBudgetBytes,
        M_H: Math.round((row.minimumBudgetBytes + row.minimumFootprintBytes) / 2),
        M_P: row.minimumFootprintBytes,
      };
      for (const [budget, budgetBytes] of Object.entries(budgets) as [BudgetRow['budget'], number][]) {
        const results = await policiesAt(graph, tracking, budget, budgetBytes, orders);
        rows.push({ graph: name, tracking, budget, budgetBytes, results });
        process.stdout.write(`${name} ${tracking} ${budget} ${budgetBytes} B: ${results.map((r) => `${r.policy} ${r.nonCompulsoryBytes} ${r.status}`).join('; ')}\n`);
      }
    }
  }
  writeResult('scratchpad', { machine: info, timeLimitSec: TIME_LIMIT_SEC, bounds: boundsRows, rows }, markdown(boundsRows, rows, info));
}

/** Writes the Markdown again from bench/results/scratchpad.json (after a change to the presentation only). */
export function renderScratchpad(json: { machine: Record<string, unknown>; bounds: BoundsRow[]; rows: BudgetRow[] }): string {
  return markdown(json.bounds, json.rows, json.machine);
}
