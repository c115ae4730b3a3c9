/**
 * Writes a run's user-facing files from its journal: samples.csv (every evaluation, with a pareto
 * flag), pareto.csv (the front) and summary.json. Each file is written to a temporary name and
 * renamed, so a reader never sees half a file.
 */
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Evaluation } from '../agent/types.js';
import { hypervolume, igdPlus } from '../pareto/index.js';
import type { Environment } from '../environment/types.js';
import { csvLine } from '../util/csv.js';
import { versions } from '../util/version.js';
import { derivedReference, fixedReference, type ReferencePoint } from './reference.js';
import type { RunData } from './results.js';

export function writeFileAtomic(path: string, text: string): void {
  const temporary = `${path}.tmp-${process.pid}`;
  writeFileSync(temporary, text);
  renameSync(temporary, path);
}

/** The run's reference point: explicit or the environment's, else derived from its own front. */
export function runReference(run: RunData, environment?: Pick<Environment, 'referencePoint'>): ReferencePoint | null {
  const { header } = run.contents;
  return (
    fixedReference(header.objectives, header.spec.referencePoint, environment?.referencePoint) ??
    derivedReference(header.objectives, run.front.map((e) => e.objectives as number[]))
  );
}

function metricColumns(run: RunData): string[] {
  const objectiveMetrics = run.contents.header.objectives.map((o) => o.metric);
  const others = new Set<string>();
  for (const e of run.evaluations) for (const name of Object.keys(e.metrics)) if (!objectiveMetrics.includes(name)) others.add(name);
  return [...objectiveMetrics, ...others];
}

function parameterColumns(run: RunData): string[] {
  const first = run.evaluations[0];
  return first ? Object.keys(first.point) : [];
}

export function samplesCsv(run: RunData): string {
  const params = parameterColumns(run);
  const metrics = metricColumns(run);
  const onFront = new Set(run.front.map((e) => e.id));
  const byId = new Map(run.contents.evaluations.map((r) => [r.id, r]));
  const lines = [csvLine(['id', 'agent', 'batch', 'status', 'feasible', 'pareto', ...params, ...metrics, 'violation', 'error', 'elapsed_ms'])];
  for (const e of run.evaluations) {
    const record = byId.get(e.id)!;
    lines.push(
      csvLine([
        e.id,
        record.agent,
        record.batch,
        e.status,
        e.feasible,
        onFront.has(e.id),
        ...params.map((p) => e.point[p]),
        ...metrics.map((m) => e.metrics[m]),
        Number.isFinite(e.violation) ? e.violation : '',
        e.error ?? '',
        record.elapsedMs.toFixed(3),
      ]),
    );
  }
  return `${lines.join('\n')}\n`;
}

export function paretoCsv(run: RunData): string {
  const params = parameterColumns(run);
  const metrics = metricColumns(run);
  const lines = [csvLine(['id', ...params, ...metrics])];
  for (const e of run.front) lines.push(csvLine([e.id, ...params.map((p) => e.point[p]), ...metrics.map((m) => e.metrics[m])]));
  return `${lines.join('\n')}\n`;
}

export type RunStatus = 'complete' | 'incomplete';

export function summarize(run: RunData, environment?: Environment): Record<string, unknown> {
  const { header, end } = run.contents;
  const reference = runReference(run, environment);
  const frontVectors = run.front.map((e) => e.objectives as number[]);
  const hv = reference && frontVectors.length > 0 ? hypervolume(frontVectors, reference.vector) : 0;
  const summary: Record<string, unknown> = {
    format: 'archdse-summary/1',
    sweep: header.spec.name ?? null,
    space: header.source.space,
    agent: header.run.label,
    agentName: header.run.agent,
    agentOptions: header.run.options,
    seed: header.run.seed,
    budget: header.run.budget,
    batchSize: header.run.batchSize,
    status: end ? 'complete' : 'incomplete',
    stopReason: end?.reason ?? null,
    objectives: header.objectives,
    constraints: header.constraints,
    evaluations: run.counts,
    front: { size: run.front.length },
    hypervolume: reference
      ? { value: hv, referencePoint: reference.values, policy: reference.policy, policyDescription: reference.description }
      : { value: null, referencePoint: null, policy: 'derived', policyDescription: 'no feasible evaluation to derive a reference point from' },
  };
  if (environment?.trueFront && reference && reference.policy !== 'derived') {
    const samples = environment.trueFront(1000).map((p) => run.scoring.objectiveVector(p));
    // The closed-form value holds at the environment's own reference point only.
    const trueHv = reference.policy === 'environment' && environment.trueHypervolume !== undefined ? environment.trueHypervolume : hypervolume(samples, reference.vector);
    summary.trueFront = { hypervolume: trueHv, ratio: trueHv > 0 ? hv / trueHv : null, igdPlus: frontVectors.length > 0 ? igdPlus(frontVectors, samples) : null };
  }
  const evaluationMs = run.contents.evaluations.reduce((sum, r) => sum + r.elapsedMs, 0);
  summary.timing = {
    wallMs: end?.elapsedMs ?? null,
    evaluationMsTotal: evaluationMs,
    evaluateMs: end?.timing?.evaluateMs ?? null,
    agentMs: end?.timing?.agentMs ?? null,
    evaluationsPerSecond: end && end.elapsedMs > 0 ? (run.counts.unique / end.elapsedMs) * 1000 : null,
  };
  summary.evaluator = end?.evaluator ?? null;
  if (end?.agent) summary.agentInfo = end.agent;
  summary.versions = { ...header.versions, exportedWith: versions().archdse };
  return summary;
}

/** Front members in a stable order for display: by the first objective. */
export function sortedFront(run: RunData): Evaluation[] {
  return [...run.front].sort((a, b) => (a.objectives as number[])[0] - (b.objectives as number[])[0] || a.id - b.id);
}

export function writeRunFiles(run: RunData, environment?: Environment): Record<string, unknown> {
  const summary = summarize(run, environment);
  writeFileAtomic(join(run.dir, 'samples.csv'), samplesCsv(run));
  writeFileAtomic(join(run.dir, 'pareto.csv'), paretoCsv(run));
  writeFileAtomic(join(run.dir, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}
