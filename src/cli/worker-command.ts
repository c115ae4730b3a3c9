/** `archdse worker`: evaluate the jobs of queue sweeps (`archdse sweep --evaluator queue`). */
import type { Command } from 'commander';
import { checkRedisUrl, displayRedisUrl } from '../engine/queue-url.js';
import { checkQueueName, DEFAULT_QUEUE_NAME } from '../engine/queue-protocol.js';
import type { QueueWorker } from '../engine/queue-worker.js';
import { action, checked, positiveInt } from './shared.js';

interface WorkerFlags {
  redis: string;
  concurrency: number;
  queue: string;
  name?: string;
}

function say(message: string): void {
  process.stderr.write(`archdse worker: ${message}\n`);
}

/** Resolves when the worker has been stopped by SIGINT or SIGTERM; a second signal quits at once. */
function stopOnSignal(worker: QueueWorker): Promise<void> {
  return new Promise((resolve, reject) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals) => {
      if (stopping) {
        say(`${signal} again: quitting now; the running jobs go back to the queue once their locks expire`);
        process.exit(130);
      }
      stopping = true;
      say(`${signal}: finishing the running jobs, then stopping (${signal} again to quit at once)`);
      worker.close().then(() => {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        resolve();
      }, reject);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('evaluate design points for sweeps run with --evaluator queue, from a Redis queue (runs until Ctrl-C or SIGTERM)')
    .requiredOption('--redis <url>', 'Redis server holding the queue: redis://HOST:PORT[/DB] (rediss:// for TLS, USER:PASSWORD@ for auth)', checked('--redis', checkRedisUrl))
    .option('-c, --concurrency <n>', 'evaluations at once, each on its own thread', positiveInt('--concurrency'), 1)
    .option('--queue <name>', 'queue to take jobs from; the sweep must use the same', checked('--queue', checkQueueName), DEFAULT_QUEUE_NAME)
    .option('--name <name>', 'name shown in the sweep output and the journal; unique per queue (default HOST-PID)')
    .action(
      action(async (flags: WorkerFlags) => {
        // Loaded here so other commands do not pay for the queue client at start-up.
        const { QueueWorker } = await import('../engine/queue-worker.js');
        const worker = await QueueWorker.start({ redisUrl: flags.redis, queueName: flags.queue, concurrency: flags.concurrency, name: flags.name, log: say });
        say(`${worker.name} ready: queue "${worker.queueName}" at ${displayRedisUrl(flags.redis)}, ${worker.concurrency} at a time`);
        await stopOnSignal(worker);
        say(`${worker.name} stopped`);
      }),
    );
}
