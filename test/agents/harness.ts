/**
 * A minimal stand-in for the engine loop, so agent tests run without the engine: asks, evaluates
 * each point with a plain function, and tells the results in ask order.
 */
import type { Agent, AgentContext, AgentFactory, AgentObjective, Evaluation } from '../../src/agent/types.js';
import { hypervolume } from '../../src/pareto/index.js';
import { createSpace } from '../../src/space/index.js';
import type { Point, Space, SpaceDefinition } from '../../src/space/types.js';
import { zdtProviders } from '../../spaces/testproblems/zdt.js';

/** What a test problem returns for a point: objectives (null = failed) and metric-constraint violation. */
export interface Outcome {
  objectives: number[] | null;
  violation?: number;
}

export interface Problem {
  space: Space;
  objectives: AgentObjective[];
  evaluate(point: Point): Outcome;
}

export function makeEvaluation(id: number, point: Point, outcome: Outcome): Evaluation {
  const ok = outcome.objectives !== null;
  const violation = ok ? (outcome.violation ?? 0) : Infinity;
  return {
    id,
    point,
    status: ok ? 'ok' : 'failed',
    metrics: {},
    objectives: outcome.objectives,
    violation,
    feasible: ok && violation === 0,
    ...(ok ? {} : { error: 'test failure' }),
  };
}

export function contextFor(problem: Problem, seed: number, options: Record<string, unknown> = {}, extra: Partial<AgentContext> = {}): AgentContext {
  return { space: problem.space, objectives: problem.objectives, seed, options, batchSize: 100, ...extra };
}

export interface DriveResult {
  /** Points of each ask, in order. */
  asked: Point[][];
  evaluations: Evaluation[];
}

/** Runs `batches` ask/tell rounds of `batch` points (or until the agent proposes nothing). */
export async function drive(agent: Agent, problem: Problem, batches: number, batch: number, startId = 0): Promise<DriveResult> {
  const asked: Point[][] = [];
  const evaluations: Evaluation[] = [];
  let id = startId;
  for (let b = 0; b < batches; b++) {
    const points = await agent.ask(batch);
    if (points.length === 0) break;
    asked.push(points);
    const told = points.map((point) => makeEvaluation(id++, point, problem.evaluate(point)));
    evaluations.push(...told);
    await agent.tell(told);
  }
  return { asked, evaluations };
}

/** Spends exactly `budget` evaluations in asks of `batch`, telling the last batch's prefix only. */
export async function driveBudget(agent: Agent, problem: Problem, budget: number, batch: number): Promise<Evaluation[]> {
  const evaluations: Evaluation[] = [];
  while (evaluations.length < budget) {
    const points = await agent.ask(batch);
    if (points.length === 0) break;
    const told = points.slice(0, budget - evaluations.length).map((point) => makeEvaluation(evaluations.length, point, problem.evaluate(point)));
    for (const evaluation of told) {
      evaluation.id = evaluations.length;
      evaluations.push(evaluation);
    }
    await agent.tell(told);
  }
  return evaluations;
}

/** Hypervolume of the feasible evaluated designs. */
export function evaluatedHypervolume(evaluations: readonly Evaluation[], reference: number[]): number {
  const points = evaluations.filter((e) => e.objectives !== null && e.violation === 0).map((e) => e.objectives as number[]);
  return hypervolume(points, reference);
}

/** ZDT1 (or another ZDT problem) as a Problem. */
export async function zdtProblem(id = 'zdt1', options: Record<string, unknown> = {}): Promise<Problem> {
  const provider = zdtProviders.find((p) => p.id === id);
  if (!provider) throw new Error(`unknown ${id}`);
  const env = await provider.create(options, { baseDir: '.' });
  return {
    space: createSpace(env.space),
    objectives: env.objectives.map(({ metric, direction }) => ({ metric, direction })),
    evaluate: (point) => {
      const metrics = env.evaluate(point) as Record<string, number>;
      return { objectives: [metrics.f1, metrics.f2] };
    },
  };
}

export function problemOn(definition: SpaceDefinition, objectiveCount: number, evaluate: (point: Point) => Outcome): Problem {
  return {
    space: createSpace(definition),
    objectives: Array.from({ length: objectiveCount }, (_, i) => ({ metric: `f${i + 1}`, direction: 'min' as const })),
    evaluate,
  };
}

/**
 * Runs `first` batches, snapshots through JSON into a fresh agent, runs `second` more; returns the
 * points asked after the restore, to compare with an uninterrupted run.
 */
export async function askedAfterRestore(
  factory: AgentFactory,
  context: AgentContext,
  problem: Problem,
  first: number,
  second: number,
  batch: number,
): Promise<{ before: Point[][]; after: Point[][] }> {
  const agent = factory.create(context);
  const before = await drive(agent, problem, first, batch);
  const state = JSON.parse(JSON.stringify(await agent.snapshot())) as unknown;
  const resumed = factory.create(context);
  await resumed.restore(state);
  const after = await drive(resumed, problem, second, batch, before.evaluations.length);
  return { before: before.asked, after: after.asked };
}
