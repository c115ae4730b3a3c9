/**
 * Queue evaluator throughput: 2 `archdse worker` processes on a local Redis against the thread
 * evaluator with 2 threads, on about 1 ms of CPU per evaluation (ZDT1 plus a busy loop, random
 * agent, 2,000 evaluations, batches of 100). The two are measured alternately in one process, so
 * their ratio means more than either wall time on a shared machine. Needs redis-server.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { parseSpec } from '../src/study/spec.js';
import { startSweep, type SweepOverrides } from '../src/study/sweep.js';
import { machine, median, writeResult } from './common.js';

const REPEATS = 5;
const EVALUATIONS = 2000;
const BATCH_SIZE = 100;
const WORKERS = 2;
const here = dirname(fileURLToPath(import.meta.url));
const fromSources = import.meta.url.endsWith('.ts');
const BUSY_SPACE = join(here, 'spaces', fromSources ? 'busy-zdt1.ts' : 'busy-zdt1.js');
const CLI = join(here, '..', 'src', 'cli', fromSources ? 'main.ts' : 'main.js');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`${what}: not ready within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function wallMs(overrides: SweepOverrides): Promise<number> {
  const spec = parseSpec({ space: BUSY_SPACE, options: { busyMs: 1 }, agents: ['random'], budget: { evaluations: EVALUATIONS }, batchSize: BATCH_SIZE, workers: WORKERS });
  const out = mkdtempSync(join(tmpdir(), 'archdse-bench-'));
  try {
    const sweep = await startSweep(spec, process.cwd(), join(out, 'sweep'), overrides);
    return (sweep.runs[0].summary as { timing: { wallMs: number } }).timing.wallMs;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

export async function runQueue(): Promise<void> {
  if (spawnSync('redis-server', ['--version']).error) {
    process.stdout.write('skipped: redis-server is not installed (Debian package redis-server)\n');
    return;
  }
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const children: ChildProcess[] = [];
  const redisServer = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(redisServer);
  let stopping = false;
  redisServer.on('exit', (code, signal) => {
    if (!stopping) process.stderr.write(`bench queue: redis-server on port ${port} ended early (${signal ?? `code ${code}`})\n`);
  });
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  client.on('error', () => {});
  try {
    await waitFor(async () => (await client.ping()) === 'PONG', `redis-server on port ${port}`);
    for (let i = 0; i < WORKERS; i++) {
      const args = [...(fromSources ? ['--import', 'tsx'] : []), CLI, 'worker', '--redis', url, '--name', `bench-${i + 1}`];
      children.push(spawn(process.execPath, args, { stdio: 'ignore' }));
    }
    await waitFor(async () => (await client.scard('archdse-workers:archdse')) === WORKERS, `${WORKERS} archdse workers`);

    const loadBefore = loadavg()[0];
    const threads: number[] = [];
    const queue: number[] = [];
    for (let i = 0; i < REPEATS; i++) {
      threads.push(await wallMs({ evaluator: 'threads' }));
      queue.push(await wallMs({ redis: url }));
    }
    const loadAfter = loadavg()[0];
    const threadMs = median(threads);
    const queueMs = median(queue);
    const ratio = queueMs / threadMs;
    const perSecond = (ms: number) => Math.round((EVALUATIONS / ms) * 1000);
    const lines = [
      '# Queue evaluator throughput',
      '',
      `Median of ${REPEATS} runs each, thread and queue runs alternating, measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}; load average (1 min) ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after. Workload: ZDT1 plus about 1 ms of CPU per evaluation, random agent, ${EVALUATIONS.toLocaleString('en-US')} evaluations, batches of ${BATCH_SIZE}. Loop time: ask, evaluation, journal, archive, tell. The queue workers and Redis run on this machine, so the figures show the cost of the queue round trips, not of a network.`,
      '',
      '| evaluator | wall (s) | evaluations/s | runs (s) |',
      '|---|---|---|---|',
      `| ${WORKERS} threads | ${(threadMs / 1000).toFixed(2)} | ${perSecond(threadMs)} | ${threads.map((t) => (t / 1000).toFixed(2)).join(', ')} |`,
      `| queue, ${WORKERS} worker processes | ${(queueMs / 1000).toFixed(2)} | ${perSecond(queueMs)} | ${queue.map((t) => (t / 1000).toFixed(2)).join(', ')} |`,
      '',
      `Queue / threads wall-time ratio: ${ratio.toFixed(3)} (goal: at most 1.2).`,
    ];
    writeResult('queue', { machine: machine(), repeats: REPEATS, evaluations: EVALUATIONS, batchSize: BATCH_SIZE, workers: WORKERS, loadAverage1m: { before: loadBefore, after: loadAfter }, threadsWallMs: threads, queueWallMs: queue, ratio }, lines.join('\n'));
  } finally {
    stopping = true;
    client.disconnect();
    for (const child of children.reverse()) child.kill('SIGTERM');
  }
}
