/**
 * Evaluates on worker threads (piscina). A batch is cut into a few chunks per thread so that the
 * cost of a message round trip is shared by many points, while chunks still balance the load.
 * Outcomes are returned in the order of the points, whatever the thread count.
 */
import { Piscina } from 'piscina';
import type { EnvironmentSource } from '../environment/registry.js';
import type { Point } from '../space/types.js';
import type { ChunkListener, Evaluator, RawOutcome } from './evaluator.js';
import type { WorkerResult, WorkerTask } from './worker.js';

/** Chunks per thread and batch: two lets a fast thread take over work from a slow one. */
const CHUNKS_PER_THREAD = 2;

/** The piscina entry of evaluation threads (also used by queue workers). */
export function workerEntry(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  // Running from TypeScript sources (tests, `node --import tsx`): the worker needs tsx too.
  if (here.endsWith('.ts')) return { filename: new URL('./worker.ts', here).href, execArgv: ['--import', 'tsx'] };
  return { filename: new URL('./worker.js', here).href, execArgv: [] };
}

export class ThreadEvaluator implements Evaluator {
  readonly kind = 'threads';
  private readonly pool: Piscina<WorkerTask, WorkerResult>;

  constructor(
    private readonly source: EnvironmentSource,
    readonly workers: number,
  ) {
    const entry = workerEntry();
    this.pool = new Piscina({
      filename: entry.filename,
      execArgv: entry.execArgv,
      minThreads: workers,
      maxThreads: workers,
      idleTimeout: 60_000,
    });
  }

  async evaluate(points: readonly Point[], onChunk?: ChunkListener): Promise<RawOutcome[]> {
    const chunkSize = Math.max(1, Math.ceil(points.length / (this.workers * CHUNKS_PER_THREAD)));
    const outcomes: RawOutcome[] = new Array(points.length);
    const runs: Promise<void>[] = [];
    let loadError: string | null = null;
    for (let start = 0; start < points.length; start += chunkSize) {
      const chunk = points.slice(start, start + chunkSize);
      runs.push(
        this.pool.run({ source: this.source, points: chunk }).then(
          (result) => {
            if ('loadError' in result) {
              loadError = result.loadError;
              return;
            }
            for (let i = 0; i < result.outcomes.length; i++) outcomes[start + i] = result.outcomes[i];
            onChunk?.(start, result.outcomes);
          },
          (error: unknown) => {
            // A thread that died takes its chunk with it; record why rather than lose the points.
            const message = `worker thread failed while evaluating this chunk: ${error instanceof Error ? error.message : String(error)}`;
            const failed = chunk.map((): RawOutcome => ({ status: 'failed', metrics: {}, error: message, elapsedMs: 0, worker: 'thread' }));
            for (let i = 0; i < failed.length; i++) outcomes[start + i] = failed[i];
            onChunk?.(start, failed);
          },
        ),
      );
    }
    await Promise.all(runs);
    // The main thread built the same environment; a worker that cannot is a setup problem, not a bad design.
    if (loadError !== null) throw new Error(`a worker thread could not load the space: ${loadError}`);
    return outcomes;
  }

  async prepare(): Promise<void> {
    // One empty task per thread: the pool's threads are all idle, so each takes one and loads the space.
    const results = await Promise.all(Array.from({ length: this.workers }, () => this.pool.run({ source: this.source, points: [] })));
    const failed = results.find((r): r is { loadError: string } => 'loadError' in r);
    if (failed) throw new Error(`a worker thread could not load the space: ${failed.loadError}`);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
