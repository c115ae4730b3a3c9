/**
 * A sweep: a spec expanded into runs (agent × seed), executed one after another on one evaluator,
 * each with its own directory, journal and exported files. `sweep.json` in the output directory
 * records the plan so `resume` can finish runs that were cut short and start those never begun.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { resolveAgentOptions } from '../agent/options.js';
import { findAgent } from '../agent/registry.js';
import type { AgentFactory } from '../agent/types.js';
import { InlineEvaluator } from '../engine/inline.js';
import type { Evaluator } from '../engine/evaluator.js';
import type { LiveWorker } from '../engine/queue-liveness.js';
import { RunLoop, type RunProgress, type StopReason } from '../engine/run.js';
import { ThreadEvaluator } from '../engine/threads.js';
import { isModulePath, loadEnvironment, type EnvironmentSource, type LoadedEnvironment } from '../environment/registry.js';
import { Scoring } from '../objective/objectives.js';
import type { MetricConstraint, ObjectiveSpec } from '../objective/types.js';
import { versions } from '../util/version.js';
import { writeFileAtomic, writeRunFiles } from './export.js';
import { JournalWriter, readJournal, repairJournal, type JournalContents } from './journal.js';
import { fixedReference } from './reference.js';
import { analyzeRun } from './results.js';
import { planRuns, specConstraints, SpecError, type RunPlan, type SweepSpec } from './spec.js';

export const SWEEP_FORMAT = 'archdse-sweep/1';

export interface SweepFile {
  format: typeof SWEEP_FORMAT;
  createdAt: string;
  spec: SweepSpec;
  baseDir: string;
  runs: RunPlan[];
}

export const EVALUATOR_KINDS = ['inline', 'threads', 'queue'] as const;
export type EvaluatorKind = (typeof EVALUATOR_KINDS)[number];

/** How evaluations run; not part of the spec, since results do not depend on it. */
export interface EvaluatorChoice {
  /** Default: queue when `redis` is given, else threads when more than one worker is asked for, else inline. */
  evaluator?: EvaluatorKind;
  /** Redis URL of the queue evaluator. */
  redis?: string;
  /** Queue name of the queue evaluator (default `archdse`). */
  queue?: string;
}

export interface SweepOverrides extends EvaluatorChoice {
  workers?: number;
  seed?: number;
  budget?: number;
  agent?: string;
  /** TensorFlow.js backend for every agent that has a `backend` option (the RL agents). */
  tfBackend?: string;
}

export interface RunReport {
  index: number;
  total: number;
  plan: RunPlan;
  dir: string;
  reason: StopReason | 'already-complete';
  summary: Record<string, unknown>;
}

export interface SweepCallbacks {
  onRunStart?(info: { index: number; total: number; plan: RunPlan; dir: string; resumed: boolean }): void;
  onProgress?(progress: RunProgress, info: { index: number; total: number }): void;
  onRunEnd?(report: RunReport): void;
  /** Things the user should know that are not errors (a truncated journal line that was cut off). */
  onNotice?(message: string): void;
  /** The live queue workers, each time the set changes (queue evaluator only). */
  onWorkers?(workers: readonly LiveWorker[]): void;
  shouldStop?(): boolean;
}

export interface SweepResult {
  outDir: string;
  runs: RunReport[];
  interrupted: boolean;
  evaluator: { kind: string; workers: number };
}

/** Everything shared by the runs of a sweep. */
interface SweepContext {
  spec: SweepSpec;
  source: EnvironmentSource;
  loaded: LoadedEnvironment;
  objectives: ObjectiveSpec[];
  constraints: MetricConstraint[];
  scoring: Scoring;
  agents: Map<string, { factory: AgentFactory; options: Record<string, unknown> }>;
}

function resolveObjectives(spec: SweepSpec, loaded: LoadedEnvironment): ObjectiveSpec[] {
  const { environment } = loaded;
  if (!spec.objectives) return environment.objectives.map((o) => ({ ...o, unit: o.unit ?? environment.metrics.find((m) => m.name === o.metric)?.unit }));
  const known = environment.metrics.map((m) => m.name);
  return spec.objectives.map((entry, i) => {
    const metric = entry.metric;
    const spec = environment.metrics.find((m) => m.name === metric);
    if (!spec) throw new SpecError(`objectives[${i}]: unknown metric "${metric}" of space "${environment.id}"; its metrics: ${known.join(', ')}`);
    const direction = entry.direction ?? spec.direction ?? 'min';
    return { metric, direction, unit: spec.unit };
  });
}

async function prepare(spec: SweepSpec, baseDir: string, runs: readonly RunPlan[]): Promise<SweepContext> {
  // Module paths are made absolute so any worker, in any directory, loads the same module.
  const space = isModulePath(spec.space) && !isAbsolute(spec.space) ? resolve(baseDir, spec.space) : spec.space;
  const loaded = await loadEnvironment({ space, options: spec.options ?? {}, baseDir, parameters: spec.parameters });
  const source: EnvironmentSource = { space, options: loaded.options, baseDir, ...(spec.parameters ? { parameters: spec.parameters } : {}) };
  const objectives = resolveObjectives(spec, loaded);
  const constraints = [...(loaded.environment.constraints ?? []), ...specConstraints(spec)];
  Scoring.validate(objectives, constraints, loaded.environment.metrics);
  if (spec.referencePoint) fixedReference(objectives, spec.referencePoint, undefined);
  const agents = new Map<string, { factory: AgentFactory; options: Record<string, unknown> }>();
  spec.agents.forEach((entry, i) => {
    const name = entry.name;
    const factory = findAgent(name, `agents[${i}].name`);
    const why = factory.unsupported?.(loaded.space);
    if (why) throw new SpecError(`agents[${i}]: agent "${name}" cannot search space "${loaded.environment.id}": ${why}`);
    const options = resolveAgentOptions(factory, entry.options ?? {}, `agents[${i}].options`);
    const label = entry.label ?? name;
    agents.set(label, { factory, options });
  });
  for (const run of runs) if (run.budget.targetHypervolume !== undefined && !fixedReference(objectives, spec.referencePoint, loaded.environment.referencePoint)) {
    throw new SpecError('budget.targetHypervolume: needs a fixed reference point; set "referencePoint" in the spec (the space has no default)');
  }
  return { spec, source, loaded, objectives, constraints, scoring: new Scoring(objectives, constraints), agents };
}

function applyOverrides(spec: SweepSpec, overrides: SweepOverrides): SweepSpec {
  const out: SweepSpec = structuredClone(spec);
  if (overrides.seed !== undefined) out.seeds = [overrides.seed];
  if (overrides.workers !== undefined) out.workers = overrides.workers;
  if (overrides.budget !== undefined) {
    out.budget = { ...out.budget, evaluations: overrides.budget };
    out.agents = out.agents.map((a) => ({ ...a, budget: undefined }));
  }
  if (overrides.agent !== undefined) {
    const wanted = overrides.agent;
    const kept = out.agents.filter((a) => a.name === wanted || a.label === wanted);
    if (kept.length === 0) {
      // An agent the spec does not list is run with its default options.
      findAgent(wanted, '--agent');
      out.agents = [{ name: wanted }];
    } else out.agents = kept;
  }
  if (overrides.tfBackend !== undefined) {
    out.agents = out.agents.map((a) => (findAgent(a.name).options.some((o) => o.name === 'backend') ? { ...a, options: { ...a.options, backend: overrides.tfBackend } } : a));
  }
  return out;
}

/** Which evaluator a choice means; --redis and --queue with another evaluator are refused rather than ignored. */
function evaluatorKind(choice: EvaluatorChoice, workers: number): EvaluatorKind {
  const kind = choice.evaluator ?? (choice.redis !== undefined ? 'queue' : workers > 1 ? 'threads' : 'inline');
  if (kind === 'queue' && choice.redis === undefined) throw new Error('the queue evaluator needs the Redis server of its workers: --redis redis://HOST:PORT');
  if (kind !== 'queue' && (choice.redis !== undefined || choice.queue !== undefined)) {
    throw new Error(`--redis and --queue are for the queue evaluator, not the ${kind} one`);
  }
  return kind;
}

/** The evaluator of a sweep; on failure (an unreachable Redis) the sweep's environment is closed too. */
async function makeEvaluator(context: SweepContext, choice: EvaluatorChoice, callbacks: SweepCallbacks): Promise<Evaluator> {
  try {
    return await createEvaluator(context, choice, callbacks);
  } catch (error) {
    await context.loaded.environment.close?.();
    throw error;
  }
}

async function createEvaluator(context: SweepContext, choice: EvaluatorChoice, callbacks: SweepCallbacks): Promise<Evaluator> {
  const workers = context.spec.workers ?? 1;
  switch (evaluatorKind(choice, workers)) {
    case 'inline':
      return new InlineEvaluator(context.loaded.environment);
    case 'threads':
      return new ThreadEvaluator(context.source, workers);
    case 'queue': {
      // Loaded only when used, so sweeps on this machine do not pay for the queue client at start-up.
      const { QueueEvaluator } = await import('../engine/queue.js');
      return QueueEvaluator.open({
        redisUrl: choice.redis!,
        queueName: choice.queue,
        source: context.source,
        onNotice: (message) => callbacks.onNotice?.(message),
        onWorkers: (live) => callbacks.onWorkers?.(live),
      });
    }
  }
}

async function executeRun(
  context: SweepContext,
  evaluator: Evaluator,
  plan: RunPlan,
  dir: string,
  resume: JournalContents | undefined,
  callbacks: SweepCallbacks,
  position: { index: number; total: number },
): Promise<RunReport> {
  const { factory, options } = context.agents.get(plan.label)!;
  const { space, environment } = context.loaded;
  mkdirSync(dir, { recursive: true });
  const journalPath = join(dir, 'journal.jsonl');
  const journal = new JournalWriter(journalPath);
  if (!resume) {
    journal.append([
      {
        type: 'header',
        format: 'archdse-journal/1',
        createdAt: new Date().toISOString(),
        versions: versions(),
        spec: context.spec,
        source: context.source,
        run: plan,
        objectives: context.objectives,
        constraints: context.constraints,
      },
    ]);
  }
  const agent = factory.create({
    space,
    objectives: context.objectives,
    seed: plan.seed,
    options,
    batchSize: plan.batchSize,
    budget: plan.budget.evaluations,
    linearFormulation: environment.linearFormulation ? () => environment.linearFormulation!(space) : undefined,
  });
  const reference = fixedReference(context.objectives, context.spec.referencePoint, environment.referencePoint);
  const loop = new RunLoop({
    plan,
    agent,
    space,
    scoring: context.scoring,
    evaluator,
    journal,
    referencePoint: reference?.vector ?? null,
    snapshotEvery: context.spec.snapshotEvery ?? 1,
    resume,
    onProgress: (p) => callbacks.onProgress?.(p, position),
    shouldStop: callbacks.shouldStop,
  });
  let result;
  try {
    result = await loop.run();
  } finally {
    journal.close();
  }
  const data = analyzeRun(dir, await readJournal(journalPath));
  const summary = writeRunFiles(data, environment);
  return { ...position, plan, dir, reason: result.reason, summary };
}

async function executeSweep(outDir: string, file: SweepFile, context: SweepContext, evaluator: Evaluator, callbacks: SweepCallbacks, resuming: boolean): Promise<SweepResult> {
  const reports: RunReport[] = [];
  let interrupted = false;
  try {
    await evaluator.prepare();
    for (let index = 0; index < file.runs.length; index++) {
      const plan = file.runs[index];
      const dir = plan.dir ? join(outDir, plan.dir) : outDir;
      const position = { index, total: file.runs.length };
      let contents: JournalContents | undefined;
      const journalPath = join(dir, 'journal.jsonl');
      if (resuming && existsSync(journalPath)) {
        contents = await readJournal(journalPath);
        if (contents.header.run.label !== plan.label || contents.header.run.seed !== plan.seed) {
          throw new Error(`${journalPath}: journal is for ${contents.header.run.label} seed ${contents.header.run.seed}, the sweep plan expects ${plan.label} seed ${plan.seed}`);
        }
        if (contents.truncated) callbacks.onNotice?.(`${journalPath} line ${contents.truncated.line}: truncated record (the run was killed while writing it) removed; that evaluation is redone`);
        repairJournal(journalPath, contents);
        const budgetReached = plan.budget.evaluations === undefined || contents.evaluations.length >= plan.budget.evaluations;
        if (contents.end && (budgetReached || contents.end.reason !== 'budget')) {
          const summary = writeRunFiles(analyzeRun(dir, contents), context.loaded.environment);
          const report: RunReport = { ...position, plan, dir, reason: 'already-complete', summary };
          reports.push(report);
          callbacks.onRunEnd?.(report);
          continue;
        }
      } else if (existsSync(journalPath)) {
        throw new Error(`${journalPath} already exists; resume it with \`archdse resume ${outDir}\` or choose another --out`);
      }
      callbacks.onRunStart?.({ ...position, plan, dir, resumed: contents !== undefined });
      const report = await executeRun(context, evaluator, plan, dir, contents, callbacks, position);
      reports.push(report);
      callbacks.onRunEnd?.(report);
      if (report.reason === 'interrupted') {
        interrupted = true;
        break;
      }
    }
  } finally {
    await evaluator.close();
    await context.loaded.environment.close?.();
  }
  return { outDir, runs: reports, interrupted, evaluator: { kind: evaluator.kind, workers: evaluator.workers } };
}

export async function startSweep(spec: SweepSpec, baseDir: string, outDir: string, overrides: SweepOverrides = {}, callbacks: SweepCallbacks = {}): Promise<SweepResult> {
  const effective = applyOverrides(spec, overrides);
  const sweepPath = join(outDir, 'sweep.json');
  if (existsSync(sweepPath)) throw new Error(`${outDir} already holds a sweep; continue it with \`archdse resume ${outDir}\` or choose another --out`);
  const file: SweepFile = { format: SWEEP_FORMAT, createdAt: new Date().toISOString(), spec: effective, baseDir, runs: planRuns(effective) };
  // Everything (space, options, agents, the evaluator's Redis) is checked before any file is created.
  const context = await prepare(file.spec, file.baseDir, file.runs);
  const evaluator = await makeEvaluator(context, overrides, callbacks);
  try {
    mkdirSync(outDir, { recursive: true });
    writeFileAtomic(sweepPath, `${JSON.stringify(file, null, 2)}\n`);
  } catch (error) {
    await evaluator.close();
    await context.loaded.environment.close?.();
    throw error;
  }
  return executeSweep(outDir, file, context, evaluator, callbacks, false);
}

export function readSweepFile(dir: string): SweepFile {
  const path = join(dir, 'sweep.json');
  if (!existsSync(path)) throw new Error(`${dir}: no sweep.json here; is it the --out directory of a sweep?`);
  const file = JSON.parse(readFileSync(path, 'utf8')) as SweepFile;
  if (file.format !== SWEEP_FORMAT) throw new Error(`${path}: not a ${SWEEP_FORMAT} file`);
  return file;
}

export async function resumeSweep(dir: string, overrides: Pick<SweepOverrides, 'workers' | 'budget' | 'evaluator' | 'redis' | 'queue'> = {}, callbacks: SweepCallbacks = {}): Promise<SweepResult> {
  const file = readSweepFile(dir);
  if (overrides.workers !== undefined) file.spec.workers = overrides.workers;
  if (overrides.budget !== undefined) {
    // A larger budget extends finished runs; it is recorded so a later resume keeps it.
    for (const run of file.runs) run.budget = { ...run.budget, evaluations: overrides.budget };
    writeFileAtomic(join(dir, 'sweep.json'), `${JSON.stringify(file, null, 2)}\n`);
  }
  const context = await prepare(file.spec, file.baseDir, file.runs);
  const evaluator = await makeEvaluator(context, overrides, callbacks);
  return executeSweep(dir, file, context, evaluator, callbacks, true);
}
