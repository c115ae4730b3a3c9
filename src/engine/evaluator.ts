/**
 * The evaluator contract: turn a batch of points into raw outcomes, in the order given, whatever
 * runs them (the main thread, worker threads, or queue workers on other machines).
 */
import type { Metrics } from '../objective/types.js';
import type { Point } from '../space/types.js';

/** What one evaluation produced, before scoring. */
export interface RawOutcome {
  status: 'ok' | 'failed';
  metrics: Metrics;
  error?: string;
  /** Wall time of this evaluation alone. */
  elapsedMs: number;
  /** Which worker ran it (`main`, `thread-3`, ...); for diagnostics only. */
  worker: string;
}

/**
 * Receives outcomes as soon as a part of the batch completes, so the journal can keep them even if
 * the process dies before the batch ends. `start` is the position of outcomes[0] in the batch.
 */
export type ChunkListener = (start: number, outcomes: readonly RawOutcome[]) => void;

export interface Evaluator {
  /** `inline`, `threads`, ... as shown in summaries. */
  readonly kind: string;
  readonly workers: number;
  evaluate(points: readonly Point[], onChunk?: ChunkListener): Promise<RawOutcome[]>;
  /**
   * Gets every worker ready (environment loaded) before the first batch, so a space that cannot
   * load fails at once and start-up cost is not charged to the first batch.
   */
  prepare(): Promise<void>;
  close(): Promise<void>;
}
