/**
 * The worker side of the queue evaluator (`archdse worker`): takes jobs from a BullMQ queue,
 * evaluates their points on its own worker threads and returns raw outcomes. The environment is
 * rebuilt from plain data with the code installed on this machine; nothing received is run as code.
 *
 * Evaluations run on threads (the same entry as the thread evaluator), so this process's event
 * loop stays free to renew job locks and beat its heartbeat however long one evaluation takes.
 */
import { hostname } from 'node:os';
import { Worker, type Job } from 'bullmq';
import { Piscina } from 'piscina';
import type { Redis } from 'ioredis';
import { ARCHDSE_VERSION } from '../util/version.js';
import { openRedis, probeRedis } from './queue-connection.js';
import { displayRedisUrl } from './queue-url.js';
import { Heartbeat } from './queue-liveness.js';
import {
  checkQueueName,
  DEFAULT_QUEUE_NAME,
  LOCK_DURATION_MS,
  MAX_STALLED_COUNT,
  QUEUE_KEY_PREFIX,
  readEvaluationJob,
  STALLED_INTERVAL_MS,
  type EvaluationJobResult,
} from './queue-protocol.js';
import { workerEntry } from './threads.js';
import type { WorkerResult, WorkerTask } from './worker.js';

export interface QueueWorkerOptions {
  redisUrl: string;
  queueName?: string;
  /** Jobs run at once, one per thread (default 1). */
  concurrency?: number;
  /** Shown in the sweep's output and journal; must be unique per queue (default HOST-PID). */
  name?: string;
  /** Where the worker says what it does (jobs that failed, lost connections). */
  log?(message: string): void;
}

export class QueueWorker {
  private closing: Promise<void> | null = null;

  private constructor(
    readonly name: string,
    readonly queueName: string,
    readonly concurrency: number,
    private readonly worker: Worker,
    private readonly pool: Piscina<WorkerTask, WorkerResult>,
    private readonly heartbeat: Heartbeat,
    private readonly redis: Redis,
  ) {}

  /** Checks that Redis answers, then starts taking jobs; resolves once the worker is visible. */
  static async start(options: QueueWorkerOptions): Promise<QueueWorker> {
    const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
    const concurrency = options.concurrency ?? 1;
    const name = options.name ?? `${hostname()}-${process.pid}`;
    const log = options.log ?? (() => {});
    await probeRedis(options.redisUrl);

    const entry = workerEntry();
    const pool = new Piscina<WorkerTask, WorkerResult>({ filename: entry.filename, execArgv: entry.execArgv, minThreads: concurrency, maxThreads: concurrency, idleTimeout: 60_000 });
    let redisAway = false;
    const redis = openRedis(options.redisUrl, `archdse-worker-${name}`, {
      onLost: (message) => {
        redisAway = true;
        log(message);
      },
      onRestored: () => {
        redisAway = false;
        log(`connection to Redis at ${displayRedisUrl(options.redisUrl)} restored`);
      },
    });
    const evaluateJob = async (job: Job): Promise<EvaluationJobResult> => {
      const task = readEvaluationJob(job.data);
      if ('invalid' in task) return { loadError: `cannot use job ${job.id}: ${task.invalid}`, worker: name };
      if (task.version !== ARCHDSE_VERSION) {
        return { loadError: `this worker runs archdse ${ARCHDSE_VERSION} and the sweep ${task.version}; run the same version everywhere`, worker: name };
      }
      // A thread that dies rejects here, so BullMQ retries the job (with backoff, maybe elsewhere).
      const result = await pool.run({ source: task.source, points: task.points });
      if ('loadError' in result) return { loadError: result.loadError, worker: name };
      for (const outcome of result.outcomes) outcome.worker = `${name}/${outcome.worker}`;
      return { outcomes: result.outcomes };
    };
    const worker = new Worker(queueName, evaluateJob, {
      connection: redis,
      prefix: QUEUE_KEY_PREFIX,
      name,
      concurrency,
      lockDuration: LOCK_DURATION_MS,
      stalledInterval: STALLED_INTERVAL_MS,
      maxStalledCount: MAX_STALLED_COUNT,
      autorun: false,
    });
    worker.on('failed', (job, error) => {
      if (job) log(`job ${job.id} failed (attempt ${job.attemptsMade} of ${job.opts.attempts ?? 1}): ${error.message}`);
    });
    // While Redis is away these repeat, every few seconds, what the lost-connection line said.
    worker.on('error', (error) => {
      if (!redisAway) log(`queue: ${error.message}`);
    });
    const heartbeat = new Heartbeat(redis, queueName, { name, host: hostname(), pid: process.pid, concurrency, version: ARCHDSE_VERSION, startedAt: new Date().toISOString() });
    try {
      await worker.waitUntilReady();
      await heartbeat.start();
    } catch (error) {
      await worker.close(true).catch(() => {});
      await pool.destroy();
      redis.disconnect();
      throw error;
    }
    worker.run().catch((error: Error) => log(`worker stopped: ${error.message}`));
    return new QueueWorker(name, queueName, concurrency, worker, pool, heartbeat, redis);
  }

  /**
   * Stops taking jobs and waits for the running ones to finish (`force`: abandons them; the
   * stall check hands them to another worker). Safe to call more than once.
   */
  close(force = false): Promise<void> {
    this.closing ??= (async () => {
      await this.worker.close(force);
      await this.heartbeat.stop().catch(() => {});
      await this.pool.destroy();
      this.redis.disconnect();
    })();
    return this.closing;
  }
}
