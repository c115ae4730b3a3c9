/** Evaluates in the calling thread: no start-up cost, best for microsecond models. */
import type { Environment } from '../environment/types.js';
import type { Point } from '../space/types.js';
import type { ChunkListener, Evaluator, RawOutcome } from './evaluator.js';
import { evaluatePoints } from './evaluate-points.js';

export class InlineEvaluator implements Evaluator {
  readonly kind = 'inline';
  readonly workers = 1;

  constructor(private readonly environment: Environment) {}

  evaluate(points: readonly Point[], onChunk?: ChunkListener): Promise<RawOutcome[]> {
    return evaluatePoints(this.environment, points, 'main', onChunk);
  }

  /** The environment was built in this thread already. */
  async prepare(): Promise<void> {}

  async close(): Promise<void> {
    await this.environment.close?.();
  }
}
