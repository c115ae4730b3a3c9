/**
 * The one search loop: ask → evaluate → tell, for one agent and seed.
 *
 * The loop owns the evaluation cache (a design is evaluated once per run; budgets count unique
 * evaluations), the budgets, the Pareto archive and the journal. Ids are given to new designs in
 * ask order, before evaluation, so the journal does not depend on how many workers evaluate or
 * in which order they finish. Resume restores the agent's last snapshot and replays: the agent
 * asks again exactly what it asked before, and what the journal already holds is not evaluated twice.
 */
import { performance } from 'node:perf_hooks';
import type { Agent, Evaluation } from '../agent/types.js';
import type { Scoring } from '../objective/objectives.js';
import { ParetoArchive } from '../pareto/archive.js';
import type { Point, Space } from '../space/types.js';
import type { EvalRecord, JournalContents, JournalWriter } from '../study/journal.js';
import type { RunPlan } from '../study/spec.js';
import type { Evaluator, RawOutcome } from './evaluator.js';
import { scoreRecord } from './scoring.js';

export type StopReason = 'budget' | 'time' | 'target' | 'exhausted' | 'agent-done' | 'stalled' | 'interrupted';

/** Batches in a row without one new design before a run is declared stalled. */
const STALL_BATCHES = 100;

export interface RunProgress {
  label: string;
  seed: number;
  batch: number;
  evaluations: number;
  budget: number | null;
  frontSize: number;
  failed: number;
  invalid: number;
  infeasible: number;
  cacheHits: number;
  elapsedMs: number;
  /** Hypervolume at the run's reference point, when one is known. */
  hypervolume: number | null;
}

export interface RunInput {
  plan: RunPlan;
  agent: Agent;
  space: Space;
  scoring: Scoring;
  evaluator: Evaluator;
  journal: JournalWriter;
  /** Reference point in minimization form, for target-hypervolume budgets and progress. */
  referencePoint: number[] | null;
  snapshotEvery: number;
  /** Journal contents of an interrupted run to continue from. */
  resume?: JournalContents;
  onProgress?: (progress: RunProgress) => void;
  /** Polled between batches; true ends the run after the current batch, resumable. */
  shouldStop?: () => boolean;
}

export interface RunResult {
  reason: StopReason;
  evaluations: Evaluation[];
  archive: ParetoArchive<Evaluation>;
  batches: number;
  cacheHits: number;
  elapsedMs: number;
  evaluateMs: number;
  agentMs: number;
}

/** Progress is computed at most this often (hypervolume of a large front is not free). */
const PROGRESS_INTERVAL_MS = 250;

export class RunLoop {
  private readonly evaluations: Evaluation[] = [];
  private readonly cache = new Map<string, Evaluation>();
  private readonly archive = new ParetoArchive<Evaluation>();
  /** Records of an interrupted run not yet re-asked, by batch then design key. */
  private readonly pending = new Map<number, Map<string, EvalRecord>>();
  private nextId = 0;
  private batch = 0;
  private idleBatches = 0;
  private cacheHits = 0;
  private counts = { failed: 0, invalid: 0, infeasible: 0 };
  private elapsedBeforeMs = 0;
  private evaluateMs = 0;
  private agentMs = 0;
  private lastProgressAt = -Infinity;
  private lastSnapshotBatch = -1;

  constructor(private readonly input: RunInput) {}

  private remember(evaluation: Evaluation, key: string): void {
    this.evaluations[evaluation.id] = evaluation;
    this.cache.set(key, evaluation);
    if (evaluation.status === 'failed') this.counts.failed++;
    else if (evaluation.status === 'invalid') this.counts.invalid++;
    else if (!evaluation.feasible) this.counts.infeasible++;
    else this.archive.add(evaluation, evaluation.objectives as number[]);
  }

  /** Rebuilds cache, archive and counters from the journal and restores the agent's snapshot. */
  private async restore(contents: JournalContents): Promise<void> {
    const { space, scoring, agent } = this.input;
    const snapshot = contents.lastSnapshot;
    const lastBatch = snapshot ? snapshot.batch : -1;
    for (const record of contents.evaluations) {
      const key = space.key(record.point);
      if (record.batch <= lastBatch) this.remember(scoreRecord(record, scoring), key);
      else {
        let byKey = this.pending.get(record.batch);
        if (!byKey) this.pending.set(record.batch, (byKey = new Map()));
        byKey.set(key, record);
      }
    }
    if (snapshot) {
      this.lastSnapshotBatch = snapshot.batch;
      if (this.cache.size !== snapshot.nextId) {
        throw new Error(`journal inconsistent: ${this.cache.size} evaluations up to batch ${snapshot.batch} but the snapshot expects ${snapshot.nextId}`);
      }
      await agent.restore(snapshot.agent);
      this.nextId = snapshot.nextId;
      this.batch = snapshot.batch + 1;
      this.idleBatches = snapshot.engine.idleBatches;
    }
    // Snapshots and the end line record the run's time so far; the newer of the two is the latest.
    this.elapsedBeforeMs = Math.max(snapshot?.elapsedMs ?? 0, contents.end?.elapsedMs ?? 0);
  }

  private elapsedMs(startedAt: number): number {
    return this.elapsedBeforeMs + (performance.now() - startedAt);
  }

  private hypervolume(): number | null {
    const ref = this.input.referencePoint;
    return ref && this.archive.size > 0 ? this.archive.hypervolume(ref) : ref ? 0 : null;
  }

  private stopReason(startedAt: number): StopReason | null {
    const { plan, space } = this.input;
    if (plan.budget.evaluations !== undefined && this.nextId >= plan.budget.evaluations) return 'budget';
    if (plan.budget.timeSeconds !== undefined && this.elapsedMs(startedAt) >= plan.budget.timeSeconds * 1000) return 'time';
    if (plan.budget.targetHypervolume !== undefined && (this.hypervolume() ?? 0) >= plan.budget.targetHypervolume) return 'target';
    const size = space.size();
    if (size !== null && BigInt(this.nextId) >= size) return 'exhausted';
    if (this.idleBatches >= STALL_BATCHES) return 'stalled';
    if (this.input.shouldStop?.()) return 'interrupted';
    return null;
  }

  private emitProgress(startedAt: number, force: boolean): void {
    const now = performance.now();
    if (!this.input.onProgress || (!force && now - this.lastProgressAt < PROGRESS_INTERVAL_MS)) return;
    this.lastProgressAt = now;
    const { plan } = this.input;
    this.input.onProgress({
      label: plan.label,
      seed: plan.seed,
      batch: this.batch,
      evaluations: this.nextId,
      budget: plan.budget.evaluations ?? null,
      frontSize: this.archive.size,
      failed: this.counts.failed,
      invalid: this.counts.invalid,
      infeasible: this.counts.infeasible,
      cacheHits: this.cacheHits,
      elapsedMs: this.elapsedMs(startedAt),
      hypervolume: this.hypervolume(),
    });
  }

  /** The journal record of a new evaluation and its scored form. */
  private makeRecord(id: number, point: Point, outcome: RawOutcome | { status: 'invalid'; error: string }): { record: EvalRecord; evaluation: Evaluation } {
    const { plan } = this.input;
    const record: EvalRecord =
      outcome.status === 'invalid'
        ? { type: 'eval', id, batch: this.batch, agent: plan.label, point, status: 'invalid', metrics: {}, error: outcome.error, elapsedMs: 0, worker: 'none' }
        : { type: 'eval', id, batch: this.batch, agent: plan.label, point, status: outcome.status, metrics: outcome.metrics, elapsedMs: outcome.elapsedMs, worker: outcome.worker };
    if (outcome.status !== 'invalid' && outcome.error !== undefined) record.error = outcome.error;
    // Scoring may turn an ok outcome into a failure (objective metric missing); record the final word.
    const evaluation = scoreRecord(record, this.input.scoring);
    if (evaluation.status !== record.status) {
      record.status = evaluation.status;
      record.error = evaluation.error;
    }
    return { record, evaluation };
  }

  /** Runs one batch; returns false when the agent has nothing more to propose. */
  private async step(startedAt: number): Promise<boolean> {
    const { plan, agent, space, scoring, evaluator, journal } = this.input;
    const remaining = plan.budget.evaluations !== undefined ? plan.budget.evaluations - this.nextId : Infinity;
    const askCount = Math.min(plan.batchSize, remaining);

    let t = performance.now();
    const asked = await agent.ask(askCount);
    this.agentMs += performance.now() - t;
    if (asked.length === 0) return false;

    const replay = this.pending.get(this.batch);
    const points: Point[] = [];
    const keys: string[] = [];
    const inBatch = new Set<string>();
    const toEvaluate: { id: number; point: Point; key: string }[] = [];
    /** This batch's new designs: replayed from the journal, or new (invalid, then evaluated). */
    const fresh: { evaluation: Evaluation; key: string }[] = [];
    const invalidRecords: EvalRecord[] = [];
    let newCount = 0;
    for (const raw of asked) {
      let point: Point;
      try {
        point = space.validate(raw as Record<string, unknown>);
      } catch (error) {
        throw new Error(`agent "${plan.label}" proposed a point outside the space: ${(error as Error).message}`);
      }
      const key = space.key(point);
      if (this.cache.has(key) || inBatch.has(key)) {
        this.cacheHits++;
      } else {
        // Past the budget the batch is cut here; the agent is told only the prefix.
        if (newCount >= remaining) break;
        newCount++;
        inBatch.add(key);
        const id = this.nextId++;
        const replayed = replay?.get(key);
        if (replayed) {
          if (replayed.id !== id) {
            throw new Error(`journal does not match the resumed agent: design ${JSON.stringify(point)} had id ${replayed.id}, the replay gives ${id}`);
          }
          replay!.delete(key);
          fresh.push({ evaluation: scoreRecord(replayed, scoring), key });
        } else {
          const check = space.check(point);
          if (check.ok) toEvaluate.push({ id, point, key });
          else {
            const made = this.makeRecord(id, point, { status: 'invalid', error: check.reason });
            invalidRecords.push(made.record);
            fresh.push({ evaluation: made.evaluation, key });
          }
        }
      }
      points.push(point);
      keys.push(key);
    }
    journal.append(invalidRecords);

    t = performance.now();
    await evaluator.evaluate(
      toEvaluate.map((e) => e.point),
      (start, outcomes) => {
        const records: EvalRecord[] = new Array(outcomes.length);
        for (let i = 0; i < outcomes.length; i++) {
          const { id, point, key } = toEvaluate[start + i];
          const made = this.makeRecord(id, point, outcomes[i]);
          records[i] = made.record;
          fresh.push({ evaluation: made.evaluation, key });
        }
        journal.append(records);
      },
    );
    this.evaluateMs += performance.now() - t;

    // Archive and counters follow ask order, whatever order the chunks finished in.
    fresh.sort((a, b) => a.evaluation.id - b.evaluation.id);
    for (const { evaluation, key } of fresh) this.remember(evaluation, key);
    this.pending.delete(this.batch);

    const told = keys.map((key) => this.cache.get(key) as Evaluation);
    t = performance.now();
    await agent.tell(told);
    this.agentMs += performance.now() - t;

    this.idleBatches = newCount === 0 ? this.idleBatches + 1 : 0;
    if (this.batch % this.input.snapshotEvery === 0) await this.writeSnapshot(startedAt);
    this.emitProgress(startedAt, false);
    this.batch++;
    return true;
  }

  /** Snapshot after the agent was told the results of batch `this.batch`. */
  private async writeSnapshot(startedAt: number): Promise<void> {
    const state = await this.input.agent.snapshot();
    this.input.journal.append([
      { type: 'snapshot', batch: this.batch, nextId: this.nextId, agent: state, engine: { idleBatches: this.idleBatches }, elapsedMs: this.elapsedMs(startedAt) },
    ]);
    this.lastSnapshotBatch = this.batch;
  }

  async run(): Promise<RunResult> {
    if (this.input.resume) await this.restore(this.input.resume);
    const startedAt = performance.now();
    const firstBatch = this.batch;
    let reason: StopReason | null = null;
    for (;;) {
      reason = this.stopReason(startedAt);
      if (reason) break;
      if (!(await this.step(startedAt))) {
        reason = 'agent-done';
        break;
      }
    }
    const ranBatches = this.batch > firstBatch;
    const leftover = [...this.pending.values()].reduce((n, m) => n + m.size, 0);
    if (leftover > 0) {
      throw new Error(`journal holds ${leftover} evaluations that the resumed agent did not ask for again; the agent is not deterministic under its seed`);
    }
    const elapsedMs = this.elapsedMs(startedAt);
    const alreadyEnded = !ranBatches && this.input.resume?.end != null;
    if (reason !== 'interrupted' && !alreadyEnded) {
      // A snapshot of the final state lets a later `resume --budget N` extend the run.
      if (ranBatches && this.lastSnapshotBatch !== this.batch - 1) {
        this.batch--;
        await this.writeSnapshot(startedAt);
        this.batch++;
      }
      const { evaluator } = this.input;
      this.input.journal.append([
        {
          type: 'end',
          reason,
          evaluations: this.nextId,
          elapsedMs,
          timing: { evaluateMs: this.evaluateMs, agentMs: this.agentMs },
          evaluator: { kind: evaluator.kind, workers: evaluator.workers },
          ...(this.input.agent.runInfo ? { agent: this.input.agent.runInfo() } : {}),
        },
      ]);
    }
    this.emitProgress(startedAt, true);
    return {
      reason,
      evaluations: this.evaluations,
      archive: this.archive,
      batches: this.batch,
      cacheHits: this.cacheHits,
      elapsedMs,
      evaluateMs: this.evaluateMs,
      agentMs: this.agentMs,
    };
  }
}
