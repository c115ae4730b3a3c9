/**
 * Runs one external program to completion without a shell, with a time limit and bounded output.
 *
 * The child leads its own process group (POSIX), so a timeout or a cancel kills everything it
 * started, grandchildren included; after the child exits, any process it left behind in its group is
 * killed too, since an evaluation owns every process it starts.
 */
import { spawn } from 'node:child_process';

export interface RunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  /** stdout beyond this many bytes kills the child: no simulator result is that large. */
  stdoutLimit: number;
  /** Only the last this-many bytes of stderr are kept, for error messages. */
  stderrTail: number;
}

export interface RunResult {
  /** Exit code, or null when killed by a signal. */
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** stdout passed `stdoutLimit` and the child was killed. */
  stdoutOverflow: boolean;
  stdout: string;
  stderr: string;
}

/** A running child that `close()` of the environment can kill. */
export interface RunHandle {
  result: Promise<RunResult>;
  kill(): void;
}

/** Keeps the last `limit` bytes of a stream. */
class TailBuffer {
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limit: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    if (this.size > this.limit * 2) this.compact();
  }

  text(): string {
    this.compact();
    return Buffer.concat(this.chunks).toString('utf8');
  }

  private compact(): void {
    const all = Buffer.concat(this.chunks);
    const kept = all.length > this.limit ? all.subarray(all.length - this.limit) : all;
    this.chunks = [kept];
    this.size = kept.length;
  }
}

/** Pipes still open this long after the child exits belong to escaped processes; stop waiting. */
const CLOSE_GRACE_MS = 1000;

function killGroup(pid: number | undefined, fallback: () => void): void {
  if (pid !== undefined && process.platform !== 'win32') {
    try {
      process.kill(-pid, 'SIGKILL');
      return;
    } catch {
      // ESRCH: the group is already gone. Fall through to the direct kill, which is then a no-op.
    }
  }
  fallback();
}

export function runProcess(program: string, args: readonly string[], options: RunOptions): RunHandle {
  let kill: () => void = () => {};
  const result = new Promise<RunResult>((resolvePromise, reject) => {
    const child = spawn(program, args, {
      cwd: options.cwd,
      env: options.env,
      shell: false,
      detached: process.platform !== 'win32',
      stdio: ['ignore', 'pipe', 'pipe'],
      windowsHide: true,
    });
    const stdoutChunks: Buffer[] = [];
    let stdoutSize = 0;
    let stdoutOverflow = false;
    const stderr = new TailBuffer(options.stderrTail);
    let timedOut = false;
    let settled = false;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let graceTimer: NodeJS.Timeout | undefined;

    kill = () => killGroup(child.pid, () => child.kill('SIGKILL'));

    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, options.timeoutMs);

    const finish = (): void => {
      if (settled || exit === null) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      child.stdout.destroy();
      child.stderr.destroy();
      resolvePromise({
        code: exit.code,
        signal: exit.signal,
        timedOut,
        stdoutOverflow,
        stdout: Buffer.concat(stdoutChunks).toString('utf8'),
        stderr: stderr.text(),
      });
    };

    child.stdout.on('data', (chunk: Buffer) => {
      if (stdoutOverflow) return;
      stdoutSize += chunk.length;
      if (stdoutSize > options.stdoutLimit) {
        stdoutOverflow = true;
        kill();
        return;
      }
      stdoutChunks.push(chunk);
    });
    child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk));

    child.on('error', (error) => {
      // Spawning failed (no such program, not executable); there is no process to wait for.
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      reject(error);
    });
    child.on('exit', (code, signal) => {
      exit = { code, signal };
      killGroup(child.pid, () => {});
      graceTimer = setTimeout(finish, CLOSE_GRACE_MS);
    });
    child.on('close', finish);
  });
  return { result, kill: () => kill() };
}
