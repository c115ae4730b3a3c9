/**
 * Redis connections of the queue evaluator and its workers: a reachability probe that fails
 * within seconds with the URL in the message, and long-lived connections that reconnect on their
 * own after a network blip instead of ending a sweep.
 */
import { Redis } from 'ioredis';
import { checkRedisUrl, displayRedisUrl } from './queue-url.js';

/** How long the start-up probe waits for Redis before giving up. */
export const REDIS_PROBE_TIMEOUT_MS = 5000;
/** Longest pause between reconnection attempts of a long-lived connection. */
const MAX_RECONNECT_DELAY_MS = 5000;

/**
 * Connects once, pings, and disconnects: a sweep or worker pointed at a wrong address fails at
 * start with the URL and the cause, rather than waiting on a connection that never comes.
 */
export async function probeRedis(url: string, timeoutMs = REDIS_PROBE_TIMEOUT_MS): Promise<void> {
  checkRedisUrl(url);
  const client = new Redis(url, { lazyConnect: true, connectTimeout: timeoutMs, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
  // Connection errors are reported through the rejected promise below, not as unhandled events.
  client.on('error', () => {});
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs / 1000} s`)), timeoutMs);
    });
    await Promise.race([client.connect().then(() => client.ping()), timeout]);
  } catch (error) {
    throw new Error(`cannot reach Redis at ${displayRedisUrl(url)}: ${(error as Error).message || String(error)}`);
  } finally {
    clearTimeout(timer);
    client.disconnect();
  }
}

export interface RedisEvents {
  /** The connection was lost (it keeps trying to come back). */
  onLost?(message: string): void;
  /** The connection is usable again after a loss. */
  onRestored?(): void;
}

/**
 * A long-lived connection for BullMQ. Commands wait while Redis is away (BullMQ's blocking calls
 * require `maxRetriesPerRequest: null`) and the client retries with a capped backoff.
 */
export function openRedis(url: string, role: string, events: RedisEvents = {}): Redis {
  const client = new Redis(checkRedisUrl(url), {
    connectionName: role,
    maxRetriesPerRequest: null,
    retryStrategy: (attempt) => Math.min(250 * 2 ** attempt, MAX_RECONNECT_DELAY_MS),
  });
  let lost = false;
  client.on('error', (error: Error) => {
    if (lost) return;
    lost = true;
    events.onLost?.(`lost the connection to Redis at ${displayRedisUrl(url)} (${error.message}); reconnecting`);
  });
  client.on('ready', () => {
    if (!lost) return;
    lost = false;
    events.onRestored?.();
  });
  return client;
}
