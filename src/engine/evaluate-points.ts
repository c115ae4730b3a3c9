/**
 * Runs an environment over points, one at a time, turning every throw, rejection or malformed
 * result into a failed outcome: one bad design never stops a sweep.
 */
import { performance } from 'node:perf_hooks';
import type { Environment } from '../environment/types.js';
import type { Metrics } from '../objective/types.js';
import type { Point } from '../space/types.js';
import type { RawOutcome } from './evaluator.js';

function checkMetrics(result: unknown): Metrics {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    throw new Error(`evaluate() must return an object of metric values, got ${Array.isArray(result) ? 'an array' : typeof result}`);
  }
  // A plain loop: this runs for every evaluation, and Object.entries would allocate each time.
  for (const name in result) {
    const value = (result as Record<string, unknown>)[name];
    if (typeof value !== 'number') throw new Error(`evaluate() returned metric "${name}" as ${typeof value}; metrics must be numbers`);
  }
  return result as Metrics;
}

/** Wall time to the microsecond: finer digits are noise, and they lengthen every journal line. */
function elapsedSince(start: number): number {
  return Math.round((performance.now() - start) * 1000) / 1000;
}

export async function evaluateOne(environment: Environment, point: Point, worker: string): Promise<RawOutcome> {
  const start = performance.now();
  try {
    let result = environment.evaluate(point);
    if (result instanceof Promise) result = await result;
    return { status: 'ok', metrics: checkMetrics(result), elapsedMs: elapsedSince(start), worker };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { status: 'failed', metrics: {}, error: message, elapsedMs: elapsedSince(start), worker };
  }
}

/**
 * Evaluates points in order. Outcomes are handed to `flush` in groups, at the latest every
 * `flushEveryMs` of work, so slow models report each result promptly and fast ones are not slowed
 * by per-point bookkeeping.
 */
export async function evaluatePoints(
  environment: Environment,
  points: readonly Point[],
  worker: string,
  flush?: (start: number, outcomes: RawOutcome[]) => void,
  flushEveryMs = 20,
): Promise<RawOutcome[]> {
  const outcomes: RawOutcome[] = new Array(points.length);
  let flushedUpTo = 0;
  let lastFlush = performance.now();
  for (let i = 0; i < points.length; i++) {
    outcomes[i] = await evaluateOne(environment, points[i], worker);
    if (flush && performance.now() - lastFlush >= flushEveryMs) {
      flush(flushedUpTo, outcomes.slice(flushedUpTo, i + 1));
      flushedUpTo = i + 1;
      lastFlush = performance.now();
    }
  }
  if (flush && flushedUpTo < points.length) flush(flushedUpTo, outcomes.slice(flushedUpTo));
  return outcomes;
}
