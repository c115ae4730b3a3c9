import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueEvaluator } from '../../src/engine/queue.js';
import { QUEUE_KEY_PREFIX } from '../../src/engine/queue-protocol.js';
import { QueueWorker } from '../../src/engine/queue-worker.js';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';
import { canonicalJournal, removeTempDirs, tempDir } from '../helpers.js';
import { freePort, redisServerMissing, startRedisServer, type RedisServer } from '../fixtures/redis-server.js';

const SLOW_SPACE = resolve('test/fixtures/slow-space.mjs');
const CRASHING_SPACE = resolve('test/fixtures/crashing-space.mjs');
const ZDT1 = { space: 'zdt1', options: { variables: 2 }, baseDir: '/' };

const missing = redisServerMissing();
if (missing) console.log(`skipping the queue evaluator tests: ${missing}`);

let queueCount = 0;
/** A fresh queue per test, so one test's workers never take another's jobs. */
function queueName(): string {
  return `test-${process.pid}-${queueCount++}`;
}

async function jobsLeft(url: string, queue: string): Promise<number> {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const q = new Queue(queue, { connection, prefix: QUEUE_KEY_PREFIX });
  try {
    const counts = await q.getJobCounts('wait', 'active', 'delayed', 'completed', 'failed');
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await q.close();
    connection.disconnect();
  }
}

describe.skipIf(missing !== null)('QueueEvaluator on Redis with archdse workers', () => {
  let redis: RedisServer;
  const started: QueueWorker[] = [];
  const processes: ChildProcess[] = [];

  async function startWorker(queue: string, name: string, concurrency = 1): Promise<QueueWorker> {
    const worker = await QueueWorker.start({ redisUrl: redis.url, queueName: queue, name, concurrency });
    started.push(worker);
    return worker;
  }

  beforeAll(async () => {
    redis = await startRedisServer();
  });
  afterEach(async () => {
    await Promise.all(started.splice(0).map((w) => w.close(true)));
    for (const child of processes.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    removeTempDirs();
  });
  afterAll(async () => {
    await redis?.stop();
  });

  it('returns outcomes in point order, hands over every chunk once, and leaves no job behind', async () => {
    const queue = queueName();
    await startWorker(queue, 'w1');
    await startWorker(queue, 'w2');
    const notices: string[] = [];
    const evaluator = await QueueEvaluator.open({ redisUrl: redis.url, queueName: queue, source: ZDT1, onNotice: (m) => notices.push(m) });
    try {
      expect(evaluator.workers).toBe(2);
      await evaluator.prepare();
      const points = Array.from({ length: 37 }, (_, i) => ({ x1: i / 36, x2: 0 }));
      const handed: number[] = [];
      const outcomes = await evaluator.evaluate(points, (start, part) => {
        for (let i = 0; i < part.length; i++) handed.push(start + i);
      });
      expect(outcomes.map((o) => o.metrics.f1)).toEqual(points.map((p) => p.x1));
      expect(handed.sort((a, b) => a - b)).toEqual(points.map((_, i) => i));
      expect(outcomes.every((o) => /^w[12]\/thread-\d+$/.test(o.worker))).toBe(true);
      expect(notices).toEqual(expect.arrayContaining([expect.stringMatching(/queue worker w1 joined/), expect.stringMatching(/queue worker w2 joined/)]));
    } finally {
      await evaluator.close();
    }
    expect(await jobsLeft(redis.url, queue)).toBe(0);
  });

  it('retries a job whose worker thread died, and records designs that always kill it as failed', async () => {
    const queue = queueName();
    await startWorker(queue, 'w1');
    const marker = join(tempDir(), 'crashed');
    const once = await QueueEvaluator.open({ redisUrl: redis.url, queueName: queue, source: { space: CRASHING_SPACE, options: { crashOn: 3, crashOnceMarker: marker }, baseDir: '/' } });
    try {
      const handed: number[] = [];
      const outcomes = await once.evaluate([0, 1, 2, 3, 4, 5].map((n) => ({ n })), (start, part) => part.forEach((_, i) => handed.push(start + i)));
      expect(existsSync(marker)).toBe(true);
      expect(outcomes.map((o) => [o.status, o.metrics.c])).toEqual([0, 1, 2, 3, 4, 5].map((n) => ['ok', n]));
      expect(handed.sort()).toEqual([0, 1, 2, 3, 4, 5]);
    } finally {
      await once.close();
    }
    const always = await QueueEvaluator.open({ redisUrl: redis.url, queueName: queue, source: { space: CRASHING_SPACE, options: { crashOn: 3 }, baseDir: '/' } });
    try {
      const outcomes = await always.evaluate([{ n: 3 }, { n: 7 }]);
      const byValue = new Map(outcomes.map((o, i) => [[3, 7][i], o]));
      expect(byValue.get(3)!.status).toBe('failed');
      expect(byValue.get(3)!.error).toMatch(/^queue job given up after retries: /);
    } finally {
      await always.close();
    }
    expect(await jobsLeft(redis.url, queue)).toBe(0);
  }, 30_000);

  it('fails with a clear error when a worker lacks the space module', async () => {
    const queue = queueName();
    await startWorker(queue, 'w1');
    const evaluator = await QueueEvaluator.open({ redisUrl: redis.url, queueName: queue, source: { space: '/nowhere/gone-space.mjs', options: {}, baseDir: '/nowhere' } });
    try {
      await expect(evaluator.prepare()).rejects.toThrow(/queue worker w1 could not load the space: space module \/nowhere\/gone-space\.mjs does not exist/);
      await expect(evaluator.evaluate([{ n: 1 }])).rejects.toThrow(/queue worker w1 could not load the space: .*gone-space\.mjs does not exist/);
    } finally {
      await evaluator.close();
    }
  });

  it('names the URL of a malformed or unreachable Redis, within seconds, before any file is written', async () => {
    await expect(QueueEvaluator.open({ redisUrl: 'http://127.0.0.1:6379', source: ZDT1 })).rejects.toThrow(/"http:\/\/127\.0\.0\.1:6379" is not a Redis URL/);
    const deadPort = await freePort();
    const startedAt = Date.now();
    await expect(QueueEvaluator.open({ redisUrl: `redis://127.0.0.1:${deadPort}`, source: ZDT1 })).rejects.toThrow(new RegExp(`cannot reach Redis at redis://127\\.0\\.0\\.1:${deadPort}`));
    expect(Date.now() - startedAt).toBeLessThan(6000);

    const out = join(tempDir(), 'out');
    await expect(startSweep(parseSpec({ space: 'zdt1', agents: ['random'], budget: { evaluations: 10 } }), process.cwd(), out, { redis: `redis://:secret@127.0.0.1:${deadPort}` })).rejects.toThrow(
      new RegExp(`cannot reach Redis at redis://:\\*\\*\\*@127\\.0\\.0\\.1:${deadPort}`),
    );
    expect(existsSync(out)).toBe(false);
  });

  it('says so when no worker is live, and goes on once one comes', async () => {
    const queue = queueName();
    const notices: string[] = [];
    const evaluator = await QueueEvaluator.open({ redisUrl: redis.url, queueName: queue, source: ZDT1, onNotice: (m) => notices.push(m), noWorkerNoticeMs: 0 });
    try {
      const preparing = evaluator.prepare();
      const deadline = Date.now() + 8000;
      while (!notices.some((m) => m.includes('no live worker')) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(notices.find((m) => m.includes('no live worker'))).toMatch(new RegExp(`no live worker on queue "${queue}" at ${redis.url}.*archdse worker --redis ${redis.url} --queue ${queue}`));
      await startWorker(queue, 'late');
      await preparing;
      expect((await evaluator.evaluate([{ x1: 0.5, x2: 0 }]))[0].worker).toMatch(/^late\//);
    } finally {
      await evaluator.close();
    }
  });

  it('ends a batch with an error naming the URL when Redis goes away for too long, and closes without hanging', async () => {
    const own = await startRedisServer();
    const notices: string[] = [];
    const evaluator = await QueueEvaluator.open({ redisUrl: own.url, queueName: queueName(), source: ZDT1, onNotice: (m) => notices.push(m), redisLostLimitMs: 500 });
    try {
      const evaluating = evaluator.evaluate([{ x1: 0.5, x2: 0 }]);
      const failure = expect(evaluating).rejects.toThrow(new RegExp(`Redis at ${own.url} has been unreachable for \\d+ s; stopping with this batch unfinished`));
      await own.stop();
      await failure;
      expect(notices.some((m) => m.startsWith(`lost the connection to Redis at ${own.url}`))).toBe(true);
    } finally {
      const closing = Date.now();
      await evaluator.close();
      expect(Date.now() - closing).toBeLessThan(5000);
    }
  });

  it('sends a job again when Redis restarts without its data, and finishes the batch', async () => {
    const first = await startRedisServer();
    let second: RedisServer | undefined;
    const previousBusy = process.env.ARCHDSE_TEST_BUSY_MS;
    // The worker's threads are started now and read this once: every evaluation takes 600 ms.
    process.env.ARCHDSE_TEST_BUSY_MS = '600';
    const queue = queueName();
    const worker = await QueueWorker.start({ redisUrl: first.url, queueName: queue, name: 'w1' });
    if (previousBusy === undefined) delete process.env.ARCHDSE_TEST_BUSY_MS;
    else process.env.ARCHDSE_TEST_BUSY_MS = previousBusy;
    const notices: string[] = [];
    const evaluator = await QueueEvaluator.open({ redisUrl: first.url, queueName: queue, source: { space: SLOW_SPACE, options: {}, baseDir: '/' }, onNotice: (m) => notices.push(m) });
    try {
      const points = [0.1, 0.2].map((x) => ({ x, y: 3, width: 4, mode: 'a' }));
      const evaluating = evaluator.evaluate(points);
      await new Promise((r) => setTimeout(r, 300));
      await first.stop();
      second = await startRedisServer(first.port);
      const outcomes = await evaluating;
      expect(outcomes.map((o) => o.status)).toEqual(['ok', 'ok']);
      expect(notices.some((m) => /vanished from the queue \(Redis restarted without its data\?\); sending it again/.test(m))).toBe(true);
    } finally {
      await evaluator.close();
      await worker.close(true);
      await second?.stop();
    }
  }, 30_000);

  it('loses and duplicates nothing when a worker process is killed mid-sweep: the journal and front of an inline run', async () => {
    const queue = queueName();
    const dir = tempDir();
    const spawnWorker = (name: string): ChildProcess => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'worker', '--redis', redis.url, '--queue', queue, '--name', name], {
        env: { ...process.env, ARCHDSE_TEST_BUSY_MS: '15' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      processes.push(child);
      return child;
    };
    const workerA = spawnWorker('wA');
    const workerB = spawnWorker('wB');
    let stderrB = '';
    workerB.stderr!.on('data', (d: Buffer) => (stderrB += d.toString()));
    const spec = { name: 'kill', space: SLOW_SPACE, agents: ['nsga2'], seeds: [5], budget: { evaluations: 200 }, batchSize: 40 };

    const inline = join(dir, 'inline');
    await startSweep(parseSpec(spec), dir, inline);

    const queued = join(dir, 'queued');
    const journal = join(queued, 'journal.jsonl');
    const notices: string[] = [];
    let killedAt = -1;
    // Kill wA only while it holds a job it started less than half a job ago, so that job is cut
    // short and must come back through BullMQ's stalled-job check (a worker killed between jobs
    // would leave nothing to recover).
    const observerRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
    const observer = new Queue(queue, { connection: observerRedis, prefix: QUEUE_KEY_PREFIX });
    let checking = false;
    const watcher = setInterval(() => {
      if (killedAt >= 0 || checking || !existsSync(journal)) return;
      const lines = readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"'));
      if (lines.length < 50) return;
      checking = true;
      void observer
        .getActive()
        .then((active) => {
          const fresh = active.some((job) => job.processedBy === 'wA' && job.processedOn !== undefined && Date.now() - job.processedOn < 60);
          if (fresh && killedAt < 0) {
            killedAt = lines.length;
            workerA.kill('SIGKILL');
          }
        })
        .finally(() => (checking = false));
    }, 10);
    try {
      // Waits for the workers to join: prepare() holds the sweep until one takes its job.
      const result = await startSweep(parseSpec(spec), dir, queued, { redis: redis.url, queue }, { onNotice: (m) => notices.push(m) });
      expect(result.evaluator.kind).toBe('queue');
    } finally {
      clearInterval(watcher);
      await observer.close();
      observerRedis.disconnect();
    }
    expect(killedAt).toBeGreaterThanOrEqual(50);
    expect(killedAt).toBeLessThan(200);
    // The killed worker's job went back to the queue and was run again by the other worker.
    expect(notices.some((m) => /its worker stopped renewing its lock/.test(m))).toBe(true);

    const records = readFileSync(journal, 'utf8').split('\n').filter((l) => l.includes('"type":"eval"')).map((l) => JSON.parse(l) as { id: number; worker: string });
    expect(records.map((r) => r.id).sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    // A chunk of wA finished just before the kill may land a moment later; after that, only wB works.
    expect(records.slice(killedAt + 10).every((r) => r.worker.startsWith('wB/'))).toBe(true);
    expect(canonicalJournal(journal)).toEqual(canonicalJournal(join(inline, 'journal.jsonl')));
    expect(readFileSync(join(queued, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(inline, 'pareto.csv'), 'utf8'));
    expect(await jobsLeft(redis.url, queue)).toBe(0);

    // SIGTERM: the surviving worker stops cleanly.
    const exited = new Promise<number | null>((done) => workerB.once('exit', (code) => done(code)));
    workerB.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderrB).toMatch(/wB ready: queue "test-[^"]+" at redis:\/\/127\.0\.0\.1:\d+, 1 at a time[\s\S]*SIGTERM: finishing the running jobs[\s\S]*wB stopped/);
  }, 60_000);
});

describe('queue evaluator flags', () => {
  afterEach(removeTempDirs);
  const cli = (args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { encoding: 'utf8', timeout: 30_000 });

  it('rejects a malformed Redis URL, and evaluator flags that do not go together, before anything runs', () => {
    const worker = cli(['worker', '--redis', 'localhost:6379']);
    expect(worker.status).not.toBe(0);
    expect(worker.stderr).toMatch(/--redis: "localhost:6379" is not a Redis URL .*expected redis:\/\/HOST:PORT/);

    const dir = tempDir();
    const spec = join(dir, 'spec.json');
    writeFileSync(spec, JSON.stringify({ space: 'zdt1', agents: ['random'], budget: { evaluations: 10 } }));
    const noRedis = cli(['sweep', spec, '--out', join(dir, 'a'), '--evaluator', 'queue']);
    expect(noRedis.status).toBe(1);
    expect(noRedis.stderr).toContain('the queue evaluator needs the Redis server of its workers: --redis redis://HOST:PORT');
    expect(cli(['sweep', spec, '--out', join(dir, 'b'), '--evaluator', 'threads', '--redis', 'redis://127.0.0.1:6379']).stderr).toContain('--redis and --queue are for the queue evaluator, not the threads one');
    expect(existsSync(join(dir, 'a'))).toBe(false);
    expect(existsSync(join(dir, 'b'))).toBe(false);
  });
});
