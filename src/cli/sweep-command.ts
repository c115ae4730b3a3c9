/** `archdse sweep` and `archdse resume`: run a spec, show progress, print what came out. */
import { basename, extname, join } from 'node:path';
import type { Command } from 'commander';
import { ProgressReporter } from '../report/progress.js';
import { formatNumber, formatTable } from '../report/format.js';
import { compareRuns } from '../study/compare.js';
import { readSpecFile } from '../study/spec.js';
import { EVALUATOR_KINDS, resumeSweep, startSweep, type EvaluatorKind, type SweepCallbacks, type SweepResult } from '../study/sweep.js';
import { checkRedisUrl } from '../engine/queue-url.js';
import { checkQueueName } from '../engine/queue-protocol.js';
import { action, checked, nonNegativeInt, oneOf, positiveInt, printJson } from './shared.js';
import { comparisonTable } from './compare-command.js';
import { TF_BACKENDS } from '../../agents/rl/tf-backend.js';

interface SweepFlags {
  out?: string;
  workers?: number;
  seed?: number;
  budget?: number;
  agent?: string;
  tfBackend?: string;
  evaluator?: EvaluatorKind;
  redis?: string;
  queue?: string;
  json?: boolean;
  quiet?: boolean;
}

function timestamp(): string {
  return new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/** Ctrl-C once: finish the current batch, write everything, exit resumable. Twice: exit now. */
function interruptHandling(): { shouldStop: () => boolean; dispose: () => void } {
  let requested = false;
  const onSignal = () => {
    if (requested) process.exit(130);
    requested = true;
    process.stderr.write('\narchdse: stopping after the current batch (Ctrl-C again to quit at once)\n');
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    shouldStop: () => requested,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}

function callbacksFor(flags: SweepFlags, shouldStop: () => boolean): SweepCallbacks {
  const progress = new ProgressReporter();
  const say = (text: string) => {
    if (flags.quiet) return;
    progress.clear();
    process.stderr.write(`${text}\n`);
  };
  return {
    shouldStop,
    onNotice: (message) => {
      progress.clear();
      process.stderr.write(`archdse: note: ${message}\n`);
    },
    onRunStart: ({ index, total, plan, dir, resumed }) =>
      say(`${resumed ? 'resuming' : 'run'} ${index + 1}/${total}: ${plan.label} seed ${plan.seed} -> ${dir}`),
    onProgress: (p, run) => {
      if (!flags.quiet) progress.update(p, run);
    },
    onWorkers: (live) => progress.setLiveWorkers(live.length),
    onRunEnd: ({ plan, summary, reason }) => {
      const hv = summary.hypervolume as { value: number | null };
      const counts = summary.evaluations as { unique: number; failed: number; invalid: number };
      const front = summary.front as { size: number };
      const info = summary.agentInfo as Record<string, unknown> | undefined;
      const backend = info?.tfBackend ? `, TensorFlow.js backend ${info.tfBackend}` : '';
      say(`  ${plan.label} seed ${plan.seed}: ${reason}, ${counts.unique} evaluations, front ${front.size}, HV ${formatNumber(hv.value)}${backend}`);
    },
  };
}

async function report(result: SweepResult, flags: SweepFlags): Promise<void> {
  const comparison = result.runs.length > 1 && !result.interrupted ? await compareRuns([result.outDir]) : null;
  if (flags.json) {
    printJson({ outDir: result.outDir, interrupted: result.interrupted, evaluator: result.evaluator, runs: result.runs.map((r) => ({ dir: r.dir, reason: r.reason, summary: r.summary })), comparison });
    return;
  }
  const rows = result.runs.map((r) => {
    const s = r.summary as { evaluations: { unique: number; failed: number; invalid: number; infeasible: number }; front: { size: number }; hypervolume: { value: number | null }; trueFront?: { ratio: number | null } };
    return [
      r.plan.label,
      String(r.plan.seed),
      String(s.evaluations.unique),
      String(s.evaluations.failed + s.evaluations.invalid + s.evaluations.infeasible),
      String(s.front.size),
      formatNumber(s.hypervolume.value),
      s.trueFront?.ratio != null ? formatNumber(s.trueFront.ratio, 4) : '-',
      r.reason,
      r.dir,
    ];
  });
  process.stdout.write(`${formatTable(['agent', 'seed', 'evals', 'not ok', 'front', 'HV', 'HV/true', 'stopped', 'directory'], rows)}\n`);
  const first = result.runs[0]?.summary as { hypervolume?: { referencePoint: Record<string, number> | null; policy: string } } | undefined;
  if (first?.hypervolume?.referencePoint) {
    const ref = Object.entries(first.hypervolume.referencePoint).map(([k, v]) => `${k}=${formatNumber(v)}`).join(', ');
    process.stdout.write(`reference point (${first.hypervolume.policy}): ${ref}\n`);
  }
  if (comparison) process.stdout.write(`\nhypervolume at equal evaluation counts (mean ± sd over seeds):\n${comparisonTable(comparison)}\n`);
  if (result.interrupted) process.stdout.write(`\ninterrupted: continue with  archdse resume ${result.outDir}\n`);
  else process.stdout.write(`\nresults: ${result.runs.length === 1 ? join(result.outDir, 'pareto.csv') : `${result.outDir}/*/pareto.csv`}\n`);
}

async function runWithInterrupts(flags: SweepFlags, body: (callbacks: SweepCallbacks) => Promise<SweepResult>): Promise<void> {
  const interrupts = interruptHandling();
  try {
    const result = await body(callbacksFor(flags, interrupts.shouldStop));
    await report(result, flags);
    if (result.interrupted) process.exitCode = 130;
  } finally {
    interrupts.dispose();
  }
}

/** The evaluator flags, the same on `sweep` and `resume`. */
function evaluatorOptions(command: Command): Command {
  return command
    .option('--evaluator <kind>', `how evaluations run: ${EVALUATOR_KINDS.join(', ')} (default: threads with --workers above 1, else inline; queue with --redis)`, oneOf('--evaluator', EVALUATOR_KINDS))
    .option('--redis <url>', 'queue evaluator: the Redis server its workers (`archdse worker`) take jobs from, redis://HOST:PORT[/DB]', checked('--redis', checkRedisUrl))
    .option('--queue <name>', 'queue evaluator: the queue name the workers listen on (default archdse)', checked('--queue', checkQueueName));
}

function evaluatorChoice(flags: SweepFlags) {
  return { evaluator: flags.evaluator, redis: flags.redis, queue: flags.queue };
}

export function registerSweepCommands(program: Command): void {
  const sweep = program
    .command('sweep')
    .description('run a sweep spec: every agent and seed, evaluations in parallel, a Pareto front per run')
    .argument('<spec>', 'sweep spec (JSON); see `archdse schema`')
    .option('-o, --out <dir>', 'output directory (default: runs/<spec name>-<time>)')
    .option('-w, --workers <n>', 'worker threads (1 = evaluate in the main thread)', positiveInt('--workers'))
    .option('--seed <n>', 'run only this seed', nonNegativeInt('--seed'))
    .option('--budget <n>', 'unique evaluations per run (overrides the spec)', positiveInt('--budget'))
    .option('--agent <name>', 'run only this agent (a name or label of the spec, or any known agent)')
    .option('--tf-backend <name>', `TensorFlow.js backend of the RL agents: ${TF_BACKENDS.join(', ')} (default auto: tensorflow where @tensorflow/tfjs-node is installed, else wasm)`, oneOf('--tf-backend', TF_BACKENDS));
  evaluatorOptions(sweep)
    .option('--json', 'print the results as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action(
      action(async (specPath: string, flags: SweepFlags) => {
        const { spec, baseDir } = readSpecFile(specPath);
        const out = flags.out ?? join('runs', `${spec.name ?? basename(specPath, extname(specPath))}-${timestamp()}`);
        await runWithInterrupts(flags, (callbacks) =>
          startSweep(spec, baseDir, out, { workers: flags.workers, seed: flags.seed, budget: flags.budget, agent: flags.agent, tfBackend: flags.tfBackend, ...evaluatorChoice(flags) }, callbacks),
        );
      }),
    );

  const resume = program
    .command('resume')
    .description('continue an interrupted sweep: finishes cut-short runs and starts the ones never begun')
    .argument('<dir>', 'the output directory of the sweep')
    .option('-w, --workers <n>', 'worker threads', positiveInt('--workers'))
    .option('--budget <n>', 'raise the evaluation budget of every run (extends finished runs)', positiveInt('--budget'));
  evaluatorOptions(resume)
    .option('--json', 'print the results as JSON on stdout')
    .option('-q, --quiet', 'no progress output')
    .action(
      action(async (dir: string, flags: SweepFlags) => {
        await runWithInterrupts(flags, (callbacks) => resumeSweep(dir, { workers: flags.workers, budget: flags.budget, ...evaluatorChoice(flags) }, callbacks));
      }),
    );
}
