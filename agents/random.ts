/**
 * Uniform random search: each point is drawn independently by the space (uniform over each
 * parameter's values, log-uniform where `log` is set, resampled until the space constraints hold).
 * The baseline every other agent must beat, and an unbiased sample for sensitivity studies.
 */
import type { Agent, AgentContext, AgentFactory } from '../src/agent/types.js';
import type { Point } from '../src/space/types.js';
import { Rng, type RngState } from '../src/util/rng.js';

interface RandomSnapshot {
  rng: RngState;
}

function isRngState(value: unknown): value is RngState {
  return Array.isArray(value) && value.length === 4 && value.every((word) => Number.isInteger(word));
}

export class RandomAgent implements Agent {
  private rng: Rng;

  constructor(private readonly context: AgentContext) {
    this.rng = new Rng(context.seed);
  }

  ask(n: number): Point[] {
    const points: Point[] = [];
    for (let i = 0; i < n; i++) points.push(this.context.space.sample(this.rng));
    return points;
  }

  /** Random search learns nothing from results. */
  tell(): void {}

  snapshot(): RandomSnapshot {
    return { rng: this.rng.state() };
  }

  restore(state: unknown): void {
    const rng = (state as Partial<RandomSnapshot> | null)?.rng;
    if (!isRngState(rng)) throw new Error(`random: snapshot must be { rng: [4 integers] }, got ${JSON.stringify(state)}`);
    this.rng = new Rng(rng);
  }
}

export const randomAgent: AgentFactory = {
  name: 'random',
  description: 'Uniform random sampling of the design space (seeded); the baseline for every comparison.',
  options: [],
  create: (context) => new RandomAgent(context),
};
