/**
 * Evaluates on `archdse worker` processes, possibly on other machines, through a BullMQ queue in
 * Redis. The sweep stays the single owner of agents, archive and journal: a batch is cut into a
 * few chunks per live worker slot, each chunk is one job (points out, raw outcomes back), and
 * the outcomes are returned in the order of the points.
 *
 * Exactly one result is taken per job: a job that ran twice (its worker died, BullMQ put it back
 * and another worker ran it) settles once, by its id, and later news of it is ignored. Job ids
 * carry a random id of this evaluator, so sweeps sharing a queue and a Redis never mix results;
 * jobs are removed from Redis once read.
 */
import { randomUUID } from 'node:crypto';
import { Queue, QueueEvents, type JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EnvironmentSource } from '../environment/registry.js';
import type { Point } from '../space/types.js';
import { ARCHDSE_VERSION } from '../util/version.js';
import type { ChunkListener, Evaluator, RawOutcome } from './evaluator.js';
import { openRedis, probeRedis } from './queue-connection.js';
import { displayRedisUrl } from './queue-url.js';
import { readLiveWorkers, type LiveWorker } from './queue-liveness.js';
import {
  checkQueueName,
  DEFAULT_QUEUE_NAME,
  EVALUATE_JOB_NAME,
  JOB_ATTEMPTS,
  KEEP_FINISHED_JOBS_S,
  QUEUE_KEY_PREFIX,
  readEvaluationResult,
  RETRY_BACKOFF_MS,
  type EvaluationJob,
} from './queue-protocol.js';

/** Chunks per live worker slot and batch: two lets a fast worker take over work from a slow one. */
const CHUNKS_PER_SLOT = 2;
/** How often the live workers are read, and unsettled jobs are checked in case an event was missed. */
const POLL_INTERVAL_MS = 2000;
/** Waiting this long with jobs queued and no live worker is worth telling the user. */
const NO_WORKER_NOTICE_MS = 10_000;
/** Redis away this long ends the batch with an error (the run stays resumable) instead of waiting on. */
const REDIS_LOST_LIMIT_MS = 60_000;
/** Closing does not wait longer than this for a Redis that is gone. */
const CLOSE_TIMEOUT_MS = 3000;

export interface QueueEvaluatorOptions {
  redisUrl: string;
  queueName?: string;
  source: EnvironmentSource;
  /** Things the user should know: workers joining and leaving, no live worker, lost connections. */
  onNotice?(message: string): void;
  /** The live workers, each time the set changes. */
  onWorkers?(workers: readonly LiveWorker[]): void;
  /** Jobs waiting this long with no live worker get a notice (default 10 s). */
  noWorkerNoticeMs?: number;
  /** Redis away this long with jobs pending fails the batch (default 60 s). */
  redisLostLimitMs?: number;
}

/** A job's end: its result, its final failure, or abandoned because Redis stayed away. */
type Settlement = { state: 'completed'; value: unknown } | { state: 'failed'; reason: string } | { state: 'abandoned'; reason: string };

/** When the main connection to Redis was lost, if it is lost now. */
interface ConnectionState {
  lostSince: number | null;
}

/** A job as added to the queue, kept so it can be sent again if Redis loses it. */
interface JobToAdd {
  name: string;
  data: EvaluationJob;
  opts: JobsOptions & { jobId: string };
}

interface PendingJob {
  job: JobToAdd;
  settle(settlement: Settlement): void;
  /** Set once the job is in Redis; only then does a missing job mean it was lost. */
  added: boolean;
  /** Times the job was sent again after it vanished from Redis. */
  resent: number;
}

/** A job that vanishes (Redis restarted without its data, the queue emptied) is sent again this often. */
const MAX_RESENDS = 3;

function failedChunk(points: readonly Point[], error: string): RawOutcome[] {
  return points.map((): RawOutcome => ({ status: 'failed', metrics: {}, error, elapsedMs: 0, worker: 'queue' }));
}

export class QueueEvaluator implements Evaluator {
  readonly kind = 'queue';
  private readonly queueName: string;
  private readonly runId = randomUUID();
  private nextJob = 0;
  private readonly pending = new Map<string, PendingJob>();
  private liveWorkers: LiveWorker[] = [];
  private noWorkerSince: number | null = null;
  private noWorkerNoticed = false;
  private pollTimer: NodeJS.Timeout | undefined;
  private polling = false;
  private closed = false;
  /** Removals of read jobs still under way; they run beside the next batch, off its critical path. */
  private readonly removals = new Set<Promise<unknown>>();

  private constructor(
    private readonly options: QueueEvaluatorOptions,
    private readonly redis: Redis,
    private readonly queue: Queue,
    private readonly events: QueueEvents,
    private readonly eventsRedis: Redis,
    private readonly connection: ConnectionState,
  ) {
    this.queueName = options.queueName ?? DEFAULT_QUEUE_NAME;
  }

  /** Checks the URL and that Redis answers (within seconds), then connects. */
  static async open(options: QueueEvaluatorOptions): Promise<QueueEvaluator> {
    const queueName = checkQueueName(options.queueName ?? DEFAULT_QUEUE_NAME);
    await probeRedis(options.redisUrl);
    const connection: ConnectionState = { lostSince: null };
    const redis = openRedis(options.redisUrl, 'archdse-sweep', {
      onLost: (message) => {
        connection.lostSince ??= Date.now();
        options.onNotice?.(message);
      },
      onRestored: () => {
        connection.lostSince = null;
        options.onNotice?.(`connection to Redis at ${displayRedisUrl(options.redisUrl)} restored`);
      },
    });
    const eventsRedis = openRedis(options.redisUrl, 'archdse-sweep-events');
    const queue = new Queue(queueName, { connection: redis, prefix: QUEUE_KEY_PREFIX });
    let events: QueueEvents | undefined;
    try {
      // Events are read from the stream's current end, fixed before any job is added, so no
      // completion of this evaluator's jobs can slip by between connecting and listening.
      const lastEventId = (await redis.xrevrange(queue.keys.events, '+', '-', 'COUNT', 1))[0]?.[0] ?? '0-0';
      events = new QueueEvents(queueName, { connection: eventsRedis, prefix: QUEUE_KEY_PREFIX, lastEventId });
      const evaluator = new QueueEvaluator(options, redis, queue, events, eventsRedis, connection);
      evaluator.listen();
      await Promise.all([queue.waitUntilReady(), events.waitUntilReady()]);
      await evaluator.poll();
      evaluator.pollTimer = setInterval(() => evaluator.tick(), POLL_INTERVAL_MS);
      return evaluator;
    } catch (error) {
      await events?.close().catch(() => {});
      await queue.close().catch(() => {});
      redis.disconnect();
      eventsRedis.disconnect();
      throw error;
    }
  }

  /** Parallel evaluations the live workers offer (their summed concurrency). */
  get workers(): number {
    return this.liveWorkers.reduce((sum, w) => sum + w.concurrency, 0);
  }

  private notice(message: string): void {
    this.options.onNotice?.(message);
  }

  private listen(): void {
    this.events.on('completed', ({ jobId, returnvalue }) => this.settle(jobId, { state: 'completed', value: returnvalue }));
    this.events.on('failed', ({ jobId, failedReason }) => this.settle(jobId, { state: 'failed', reason: failedReason }));
    this.events.on('stalled', ({ jobId }) => {
      if (this.pending.has(jobId)) this.notice(`job ${jobId}: its worker stopped renewing its lock (died or hung); the job is back in the queue for another worker`);
    });
    // While Redis is away these repeat what the lost-connection notice said already.
    this.events.on('error', (error) => {
      if (this.connection.lostSince === null) this.notice(`reading queue events: ${error.message}`);
    });
    this.queue.on('error', (error) => {
      if (this.connection.lostSince === null) this.notice(`queue: ${error.message}`);
    });
  }

  /** The first news of a job wins; a second run of the same job changes nothing. */
  private settle(jobId: string, settlement: Settlement): void {
    const job = this.pending.get(jobId);
    if (!job) return;
    this.pending.delete(jobId);
    job.settle(settlement);
    // An abandoned job's removal waits for Redis to return, if it does; close() does not wait for it.
    if (job.added) this.remove(jobId);
  }

  /** Read, so no longer needed: removed rather than left to age out. */
  private remove(jobId: string): void {
    const removal = this.queue.remove(jobId).catch(() => 0);
    this.removals.add(removal);
    void removal.finally(() => this.removals.delete(removal));
  }

  private tick(): void {
    const lostSince = this.connection.lostSince;
    if (lostSince !== null && Date.now() - lostSince >= (this.options.redisLostLimitMs ?? REDIS_LOST_LIMIT_MS) && this.pending.size > 0) {
      const reason = `Redis at ${displayRedisUrl(this.options.redisUrl)} has been unreachable for ${Math.round((Date.now() - lostSince) / 1000)} s`;
      for (const jobId of [...this.pending.keys()]) this.settle(jobId, { state: 'abandoned', reason });
      return;
    }
    // Polling talks to Redis; while it is away, its commands wait, so no new poll is started.
    if (lostSince === null) void this.poll();
  }

  /** Reads the live workers, says what changed, and settles jobs whose events were missed. */
  private async poll(): Promise<void> {
    if (this.polling || this.closed) return;
    this.polling = true;
    try {
      await this.refreshWorkers();
      await this.reconcile();
    } catch (error) {
      this.notice(`checking workers and jobs: ${(error as Error).message}`);
    } finally {
      this.polling = false;
    }
  }

  private async refreshWorkers(): Promise<void> {
    const before = new Map(this.liveWorkers.map((w) => [w.name, w]));
    const now = await readLiveWorkers(this.redis, this.queueName);
    const joined = now.filter((w) => !before.has(w.name));
    const left = [...before.keys()].filter((name) => !now.some((w) => w.name === name));
    this.liveWorkers = now;
    for (const w of joined) this.notice(`queue worker ${w.name} joined (${w.concurrency} at a time, archdse ${w.version})`);
    for (const name of left) this.notice(`queue worker ${name} is gone (stopped, or no heartbeat for a few seconds); any job it held returns to the queue`);
    if (joined.length > 0 || left.length > 0) this.options.onWorkers?.(now);

    if (now.length > 0) {
      this.noWorkerSince = null;
      this.noWorkerNoticed = false;
    } else if (this.pending.size > 0) {
      this.noWorkerSince ??= Date.now();
      if (!this.noWorkerNoticed && Date.now() - this.noWorkerSince >= (this.options.noWorkerNoticeMs ?? NO_WORKER_NOTICE_MS)) {
        this.noWorkerNoticed = true;
        const url = displayRedisUrl(this.options.redisUrl);
        const queueFlag = this.queueName === DEFAULT_QUEUE_NAME ? '' : ` --queue ${this.queueName}`;
        this.notice(`no live worker on queue "${this.queueName}" at ${url} for ${Math.round((Date.now() - this.noWorkerSince) / 1000)} s; waiting (start one with: archdse worker --redis ${url}${queueFlag})`);
      }
    }
  }

  private async reconcile(): Promise<void> {
    for (const [jobId, pending] of [...this.pending]) {
      if (!pending.added) continue;
      const state = await this.queue.getJobState(jobId);
      // Settled (and so perhaps removed) while the state was asked for: nothing to do.
      if (this.pending.get(jobId) !== pending) continue;
      if (state === 'unknown') {
        if (pending.resent >= MAX_RESENDS) {
          this.settle(jobId, { state: 'failed', reason: `the job vanished from the queue ${MAX_RESENDS + 1} times` });
        } else {
          // Redis restarted without its data, or someone emptied the queue: the sweep still has the points.
          pending.resent++;
          this.notice(`job ${jobId} vanished from the queue (Redis restarted without its data?); sending it again`);
          await this.queue.add(pending.job.name, pending.job.data, pending.job.opts);
        }
      } else if (state === 'completed' || state === 'failed') {
        const job = await this.queue.getJob(jobId);
        if (!job) continue;
        this.settle(jobId, state === 'completed' ? { state, value: job.returnvalue } : { state, reason: job.failedReason });
      }
    }
  }

  /**
   * Sends chunks as one job each (one round trip for all) and waits for every job to settle.
   * `onSettled` sees each job as soon as it settles; an error it throws is raised once all
   * jobs are in, so no job is left behind unread.
   */
  private async runJobs(chunks: readonly (readonly Point[])[], onSettled?: (index: number, jobId: string, settlement: Settlement) => void): Promise<Settlement[]> {
    const ids = chunks.map(() => `${this.runId}-${this.nextJob++}`);
    const jobs = chunks.map((points, i): JobToAdd => ({
      name: EVALUATE_JOB_NAME,
      data: { version: ARCHDSE_VERSION, source: this.options.source, points: [...points] },
      opts: {
        jobId: ids[i],
        attempts: JOB_ATTEMPTS,
        backoff: { type: 'exponential', delay: RETRY_BACKOFF_MS },
        removeOnComplete: { age: KEEP_FINISHED_JOBS_S },
        removeOnFail: { age: KEEP_FINISHED_JOBS_S },
      },
    }));
    let handOverError: unknown = null;
    const settled = ids.map(
      (id, i) =>
        new Promise<Settlement>((resolve) => {
          const settle = (settlement: Settlement): void => {
            try {
              onSettled?.(i, id, settlement);
            } catch (error) {
              handOverError ??= error;
            }
            resolve(settlement);
          };
          this.pending.set(id, { job: jobs[i], settle, added: false, resent: 0 });
        }),
    );
    const allSettled = Promise.all(settled);
    const adding = this.queue.addBulk(jobs);
    let first: 'added' | 'settled';
    try {
      // Redis lost while adding: the add waits for it, but jobs abandoned meanwhile end the wait.
      first = await Promise.race([adding.then(() => 'added' as const), allSettled.then(() => 'settled' as const)]);
    } catch (error) {
      for (const id of ids) this.pending.delete(id);
      throw new Error(`could not add jobs to queue "${this.queueName}" at ${displayRedisUrl(this.options.redisUrl)}: ${(error as Error).message}`);
    }
    if (first === 'settled') {
      // Whatever the add leaves in Redis, once it lands, is no longer wanted.
      void adding.then(
        () => ids.forEach((id) => this.remove(id)),
        () => {},
      );
      if (handOverError !== null) throw handOverError;
      return allSettled;
    }
    for (const id of ids) {
      const pending = this.pending.get(id);
      if (pending) pending.added = true;
      // Settled while addBulk was still answering: its removal waited for the job to be known added.
      else this.remove(id);
    }
    const settlements = await allSettled;
    if (handOverError !== null) throw handOverError;
    return settlements;
  }

  async evaluate(points: readonly Point[], onChunk?: ChunkListener): Promise<RawOutcome[]> {
    if (points.length === 0) return [];
    const slots = Math.max(1, this.workers);
    const chunkSize = Math.max(1, Math.ceil(points.length / (slots * CHUNKS_PER_SLOT)));
    const starts: number[] = [];
    for (let start = 0; start < points.length; start += chunkSize) starts.push(start);
    const chunks = starts.map((start) => points.slice(start, start + chunkSize));
    const outcomes: RawOutcome[] = new Array(points.length);
    let loadError: string | null = null;
    let abandoned: string | null = null;

    await this.runJobs(chunks, (i, jobId, settlement) => {
      const chunk = chunks[i];
      let part: RawOutcome[];
      if (settlement.state === 'abandoned') {
        abandoned ??= settlement.reason;
        return;
      }
      if (settlement.state === 'failed') part = failedChunk(chunk, `queue job given up after retries: ${settlement.reason}`);
      else {
        const result = readEvaluationResult(settlement.value, chunk.length);
        if ('loadError' in result) {
          loadError ??= `queue worker ${result.worker} could not load the space: ${result.loadError}`;
          return;
        }
        part = 'invalid' in result ? failedChunk(chunk, `queue job ${jobId}: ${result.invalid}`) : result.outcomes;
      }
      for (let k = 0; k < part.length; k++) outcomes[starts[i] + k] = part[k];
      // Handed over as each job settles, so the journal keeps the chunk at once.
      onChunk?.(starts[i], part);
    });
    // The sweep built the same environment; a worker that cannot is a setup problem, not a bad design.
    if (loadError !== null) throw new Error(loadError);
    // Finished chunks are in the journal already; a resume evaluates only the rest.
    if (abandoned !== null) throw new Error(`${abandoned}; stopping with this batch unfinished`);
    return outcomes;
  }

  /**
   * Sends one empty job per live worker slot (at least one), so the workers load the environment
   * now and a worker that cannot (a module path it lacks, another archdse version) fails the
   * sweep at once. Waits, saying so, until some worker is there to take them.
   */
  async prepare(): Promise<void> {
    const empties = Array.from({ length: Math.max(1, this.workers) }, (): Point[] => []);
    const settlements = await this.runJobs(empties);
    for (const settlement of settlements) {
      if (settlement.state === 'abandoned') throw new Error(settlement.reason);
      if (settlement.state === 'failed') throw new Error(`a queue worker failed to prepare the space: ${settlement.reason}`);
      const result = readEvaluationResult(settlement.value, 0);
      if ('loadError' in result) throw new Error(`queue worker ${result.worker} could not load the space: ${result.loadError}`);
      if ('invalid' in result) throw new Error(`a queue worker answered the preparation job wrongly: ${result.invalid}`);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.pollTimer);
    const redisAway = this.connection.lostSince !== null;
    // Jobs of a batch cut short (an error elsewhere) are withdrawn; a running one cannot be and ages out.
    if (!redisAway) for (const id of this.pending.keys()) this.remove(id);
    this.pending.clear();
    if (redisAway) {
      // Nothing can be cleaned up in a Redis that is gone; what is left there ages out.
      this.redis.disconnect();
      this.eventsRedis.disconnect();
      return;
    }
    const cleanup = (async () => {
      await Promise.all(this.removals);
      await this.events.close();
      await this.queue.close();
    })();
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<void>((done) => {
      timer = setTimeout(done, CLOSE_TIMEOUT_MS);
    });
    // Redis may vanish while closing; do not wait on it for long.
    await Promise.race([cleanup.catch(() => {}), giveUp]);
    clearTimeout(timer);
    this.redis.disconnect();
    this.eventsRedis.disconnect();
  }
}
