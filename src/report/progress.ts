/**
 * Sweep progress for people: a bar redrawn in place on a terminal, plain lines (at most one every
 * few seconds per run) when output goes to a file or a CI log.
 */
import type { RunProgress } from '../engine/run.js';
import { formatDuration, formatNumber } from './format.js';

const PLAIN_LINE_INTERVAL_MS = 5000;
const BAR_WIDTH = 24;

export class ProgressReporter {
  private lastPlainAt = -Infinity;
  private drawn = false;
  /** Live queue workers, when a queue evaluator runs the sweep. */
  private liveWorkers: number | null = null;

  constructor(
    private readonly stream: NodeJS.WriteStream = process.stderr,
    private readonly interactive = Boolean(process.stderr.isTTY),
  ) {}

  private describe(p: RunProgress, run: { index: number; total: number }): string {
    const done = p.budget ? `${p.evaluations}/${p.budget}` : String(p.evaluations);
    const parts = [`${p.label} seed ${p.seed}`, `${done} evals`, `front ${p.frontSize}`];
    if (p.hypervolume !== null) parts.push(`HV ${formatNumber(p.hypervolume, 5)}`);
    if (p.failed > 0) parts.push(`${p.failed} failed`);
    if (p.invalid > 0) parts.push(`${p.invalid} invalid`);
    if (p.infeasible > 0) parts.push(`${p.infeasible} infeasible`);
    parts.push(formatDuration(p.elapsedMs));
    if (this.liveWorkers !== null) parts.push(`${this.liveWorkers} worker${this.liveWorkers === 1 ? '' : 's'}`);
    if (run.total > 1) parts.push(`run ${run.index + 1}/${run.total}`);
    return parts.join('  ');
  }

  update(p: RunProgress, run: { index: number; total: number }): void {
    if (this.interactive) {
      const share = p.budget ? Math.min(1, p.evaluations / p.budget) : 0;
      const filled = Math.round(share * BAR_WIDTH);
      const bar = p.budget ? `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ` : '';
      this.stream.write(`\r\x1b[2K${bar}${this.describe(p, run)}`);
      this.drawn = true;
      return;
    }
    const now = Date.now();
    if (now - this.lastPlainAt < PLAIN_LINE_INTERVAL_MS) return;
    this.lastPlainAt = now;
    this.stream.write(`${this.describe(p, run)}\n`);
  }

  /** Shows the number of live queue workers in every progress line from now on. */
  setLiveWorkers(count: number): void {
    this.liveWorkers = count;
  }

  /** Ends the bar's line before other output is printed. */
  clear(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
    this.drawn = false;
    this.lastPlainAt = -Infinity;
  }
}
