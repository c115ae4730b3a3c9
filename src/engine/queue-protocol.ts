/**
 * What crosses the queue between a sweep and its workers, and the settings both sides share.
 * Only data travels: the environment source (a built-in space name or a module path that must
 * already exist on the worker, option values, base directory, parameter overrides) and points
 * out; raw outcomes back. Each side checks what it receives, since the other end may run
 * elsewhere.
 */
import type { EnvironmentSource } from '../environment/registry.js';
import type { Point } from '../space/types.js';
import type { RawOutcome } from './evaluator.js';

/** Queue a worker listens on unless told otherwise. */
export const DEFAULT_QUEUE_NAME = 'archdse';
/** Prefix of BullMQ's Redis keys, so archdse queues are easy to tell apart in a shared Redis. */
export const QUEUE_KEY_PREFIX = 'archdse';
export const EVALUATE_JOB_NAME = 'evaluate';

/**
 * Stalled-job recovery. A worker renews the lock of its running job every LOCK_DURATION_MS / 2;
 * evaluations run on the worker's threads, so its event loop stays free to do so however long
 * one evaluation takes. When a worker dies, its lock expires and another worker's stall check
 * (every STALLED_INTERVAL_MS) puts the job back in the queue: about 5 to 10 s in all.
 */
export const LOCK_DURATION_MS = 5000;
export const STALLED_INTERVAL_MS = 2500;
/** A job whose worker died this many times is failed rather than killing more workers. */
export const MAX_STALLED_COUNT = 2;

/** A job that throws (a worker thread died, not an evaluation that failed) is tried this often... */
export const JOB_ATTEMPTS = 3;
/** ...after 1 s, then 2 s (exponential backoff). */
export const RETRY_BACKOFF_MS = 1000;
/** Jobs are removed once read; these ages bound what a sweep killed mid-batch leaves behind. */
export const KEEP_FINISHED_JOBS_S = 24 * 3600;

/** Queue names become part of Redis keys; BullMQ forbids `:` in them. */
export function checkQueueName(name: string): string {
  if (!/^[A-Za-z0-9._-]+$/.test(name)) throw new Error(`queue name "${name}" may only hold letters, digits, ".", "_" and "-"`);
  return name;
}

/** The data of one job: a chunk of one batch. */
export interface EvaluationJob {
  /** archdse version of the sweep; a worker of another version refuses the job. */
  version: string;
  source: EnvironmentSource;
  points: Point[];
}

/** What a worker returns for a job. A space that will not load is a setup error, not a failed design. */
export type EvaluationJobResult = { outcomes: RawOutcome[] } | { loadError: string; worker: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Worker side: the job's data, or why it cannot be used. */
export function readEvaluationJob(data: unknown): EvaluationJob | { invalid: string } {
  if (!isPlainObject(data)) return { invalid: 'job data is not an object' };
  const { version, source, points } = data;
  if (typeof version !== 'string') return { invalid: 'job data has no archdse version' };
  if (!isPlainObject(source) || typeof source.space !== 'string' || typeof source.baseDir !== 'string' || !isPlainObject(source.options)) {
    return { invalid: 'job data has no valid environment source { space, options, baseDir }' };
  }
  if (source.parameters !== undefined && !isPlainObject(source.parameters)) return { invalid: 'job data: source.parameters must be an object' };
  if (!Array.isArray(points) || !points.every(isPlainObject)) return { invalid: 'job data: points must be an array of objects' };
  return { version, source: source as unknown as EnvironmentSource, points: points as Point[] };
}

function isRawOutcome(value: unknown): value is RawOutcome {
  return (
    isPlainObject(value) &&
    (value.status === 'ok' || value.status === 'failed') &&
    isPlainObject(value.metrics) &&
    typeof value.elapsedMs === 'number' &&
    typeof value.worker === 'string' &&
    (value.error === undefined || typeof value.error === 'string')
  );
}

/** Sweep side: a job's return value, or why it is not one for a chunk of `pointCount` points. */
export function readEvaluationResult(value: unknown, pointCount: number): EvaluationJobResult | { invalid: string } {
  if (!isPlainObject(value)) return { invalid: 'the job returned no result object' };
  if (typeof value.loadError === 'string') return { loadError: value.loadError, worker: typeof value.worker === 'string' ? value.worker : 'unknown' };
  const outcomes = value.outcomes;
  if (!Array.isArray(outcomes) || outcomes.length !== pointCount) {
    return { invalid: `the job returned ${Array.isArray(outcomes) ? outcomes.length : 'no'} outcomes for ${pointCount} points` };
  }
  if (!outcomes.every(isRawOutcome)) return { invalid: 'the job returned a malformed outcome' };
  return { outcomes };
}
