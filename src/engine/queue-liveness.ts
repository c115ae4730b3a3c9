/**
 * Which workers are alive on a queue. Each worker keeps a Redis key that expires after
 * HEARTBEAT_TTL_MS and refreshes it every HEARTBEAT_INTERVAL_MS, and lists its name in a set per
 * queue; a reader keeps the names whose key still exists. Expiry runs on the Redis clock, so
 * workers on machines with skewed clocks are judged alike, and a killed worker drops out within
 * the TTL even when its TCP connection lingers.
 */
import type { Redis } from 'ioredis';

export const HEARTBEAT_INTERVAL_MS = 2000;
export const HEARTBEAT_TTL_MS = 6000;

export interface LiveWorker {
  name: string;
  host: string;
  pid: number;
  /** Jobs this worker runs at once. */
  concurrency: number;
  version: string;
  startedAt: string;
}

function registryKey(queue: string): string {
  return `archdse-workers:${queue}`;
}

function workerKey(queue: string, name: string): string {
  return `archdse-workers:${queue}:${name}`;
}

/** A worker's side: beats until stopped, then removes itself at once. */
export class Heartbeat {
  private timer: NodeJS.Timeout | undefined;
  private readonly value: string;

  constructor(
    private readonly redis: Redis,
    private readonly queue: string,
    private readonly worker: LiveWorker,
  ) {
    this.value = JSON.stringify(worker);
  }

  private async beat(): Promise<void> {
    await this.redis.multi().set(workerKey(this.queue, this.worker.name), this.value, 'PX', HEARTBEAT_TTL_MS).sadd(registryKey(this.queue), this.worker.name).exec();
  }

  /** The first beat is awaited, so a worker is visible as soon as it says it is ready. */
  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => {
      // A missed beat (Redis briefly away) is made up by the next one; the TTL spans three beats.
      this.beat().catch(() => {});
    }, HEARTBEAT_INTERVAL_MS);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    this.timer = undefined;
    await this.redis.multi().del(workerKey(this.queue, this.worker.name)).srem(registryKey(this.queue), this.worker.name).exec();
  }
}

/** A reader's side: the workers whose heartbeat has not expired, by name. */
export async function readLiveWorkers(redis: Redis, queue: string): Promise<LiveWorker[]> {
  const names = (await redis.smembers(registryKey(queue))).sort();
  if (names.length === 0) return [];
  const values = await redis.mget(names.map((name) => workerKey(queue, name)));
  const live: LiveWorker[] = [];
  const gone: string[] = [];
  names.forEach((name, i) => {
    const value = values[i];
    if (value === null) gone.push(name);
    else {
      try {
        live.push(JSON.parse(value) as LiveWorker);
      } catch {
        gone.push(name);
      }
    }
  });
  // Workers that died without saying goodbye are dropped from the set; a late beat re-adds them.
  if (gone.length > 0) await redis.srem(registryKey(queue), ...gone);
  return live;
}
