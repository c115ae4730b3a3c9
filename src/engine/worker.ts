/**
 * Worker-thread entry: rebuilds the environment from plain data (cached per source) and evaluates
 * a chunk of points. Only data crosses the thread boundary, never code.
 */
import { threadId } from 'node:worker_threads';
import { loadEnvironment, type EnvironmentSource } from '../environment/registry.js';
import type { Environment } from '../environment/types.js';
import type { Point } from '../space/types.js';
import type { RawOutcome } from './evaluator.js';
import { evaluatePoints } from './evaluate-points.js';

export interface WorkerTask {
  source: EnvironmentSource;
  points: Point[];
}

const environments = new Map<string, Promise<Environment>>();

function environmentFor(source: EnvironmentSource): Promise<Environment> {
  const key = JSON.stringify(source);
  let pending = environments.get(key);
  if (!pending) {
    pending = loadEnvironment(source).then((loaded) => loaded.environment);
    environments.set(key, pending);
  }
  return pending;
}

/** A worker that cannot build the environment says so instead of failing every point. */
export type WorkerResult = { outcomes: RawOutcome[] } | { loadError: string };

export default async function evaluateChunk(task: WorkerTask): Promise<WorkerResult> {
  let environment: Environment;
  try {
    environment = await environmentFor(task.source);
  } catch (error) {
    return { loadError: error instanceof Error ? error.message : String(error) };
  }
  return { outcomes: await evaluatePoints(environment, task.points, `thread-${threadId}`) };
}
