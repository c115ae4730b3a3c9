/**
 * Exhaustive grid search over a discrete space: every design that satisfies the space constraints,
 * once each, in enumeration order (first parameter slowest) or, with `shuffle`, in a seeded
 * pseudo-random order. Shuffled visiting makes a partial grid an unbiased sample, so a sweep cut
 * short by its budget still gives a fair ground-truth estimate that improves the longer it runs.
 *
 * The only state is the next position in the visiting order, so snapshots are tiny and restoring is
 * O(1): positions map to designs through `space.pointAt`, never through a materialized list.
 */
import type { Agent, AgentContext, AgentFactory } from '../src/agent/types.js';
import type { Point, Space } from '../src/space/types.js';
import { Rng } from '../src/util/rng.js';

/** Feistel rounds; four rounds with a pseudo-random round function already give a strong permutation (Luby and Rackoff 1988). */
const FEISTEL_ROUNDS = 4;

/** MurmurHash3's 32-bit finalizer: a cheap avalanche mix for the round function. */
function mix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * A seeded bijection of [0, size) that is computed per position instead of stored: a balanced
 * Feistel network on the smallest even-width bit domain covering the range, with cycle walking
 * (re-encrypting until the value falls inside the range; Black and Rogaway 2002). The domain is
 * less than four times the range, so each position takes under four encryptions on average.
 */
export class IndexPermutation {
  private readonly halfBits: number;
  private readonly halfShift: bigint;
  private readonly halfMask: bigint;
  private readonly roundKeys: number[];

  constructor(
    readonly size: bigint,
    seed: number,
  ) {
    if (size <= 0n) throw new Error(`a permutation needs a positive size, got ${size}`);
    const bits = Math.max(2, (size - 1n).toString(2).length);
    this.halfBits = Math.ceil(bits / 2);
    this.halfShift = BigInt(this.halfBits);
    this.halfMask = (1n << this.halfShift) - 1n;
    const rng = new Rng(seed).fork('grid-permutation');
    this.roundKeys = Array.from({ length: FEISTEL_ROUNDS }, () => rng.nextUint32());
  }

  /** The position visited `index`-th. */
  at(index: bigint): bigint {
    if (index < 0n || index >= this.size) throw new Error(`permutation index ${index} is outside [0, ${this.size})`);
    let value = index;
    do value = this.encrypt(value);
    while (value >= this.size);
    return value;
  }

  private encrypt(value: bigint): bigint {
    let left = value >> this.halfShift;
    let right = value & this.halfMask;
    for (const key of this.roundKeys) {
      const next = left ^ this.round(right, key);
      left = right;
      right = next;
    }
    return (left << this.halfShift) | right;
  }

  /** Pseudo-random function of a half-block, folded 32 bits at a time and stretched to halfBits bits. */
  private round(half: bigint, key: number): bigint {
    let h = key;
    let rest = half;
    do {
      h = mix32(h ^ Number(rest & 0xffffffffn));
      rest >>= 32n;
    } while (rest > 0n);
    let out = 0n;
    for (let produced = 0; produced < this.halfBits; produced += 32) {
      h = mix32(h + 0x9e3779b9);
      out = (out << 32n) | BigInt(h);
    }
    return out & this.halfMask;
  }
}

interface GridSnapshot {
  /** Next position in the visiting order, as a decimal string (JSON has no bigint). */
  next: string;
}

function gridUnsupported(space: Space): string | null {
  const real = space.parameters.find((parameter) => !parameter.discrete);
  if (!real) return null;
  return `grid enumerates every design, but parameter "${real.name}" is real and has infinitely many values; use random or nsga2, or declare it as an ordinal or integer parameter`;
}

export class GridAgent implements Agent {
  private readonly space: Space;
  private readonly size: bigint;
  private readonly permutation: IndexPermutation | null;
  private next = 0n;

  constructor(context: AgentContext) {
    const reason = gridUnsupported(context.space);
    if (reason) throw new Error(reason);
    this.space = context.space;
    this.size = context.space.size() as bigint;
    this.permutation = context.options.shuffle === true ? new IndexPermutation(this.size, context.seed) : null;
  }

  /** The next n designs that satisfy the constraints; fewer (or none) once the grid is exhausted. */
  ask(n: number): Point[] {
    const points: Point[] = [];
    while (points.length < n && this.next < this.size) {
      const position = this.permutation ? this.permutation.at(this.next) : this.next;
      this.next++;
      const point = this.space.pointAt(position);
      if (this.space.check(point).ok) points.push(point);
    }
    return points;
  }

  /** The visiting order does not depend on results. */
  tell(): void {}

  snapshot(): GridSnapshot {
    return { next: this.next.toString() };
  }

  restore(state: unknown): void {
    const next = (state as Partial<GridSnapshot> | null)?.next;
    if (typeof next !== 'string' || !/^\d+$/.test(next)) {
      throw new Error(`grid: snapshot must be { next: "<non-negative integer>" }, got ${JSON.stringify(state)}`);
    }
    const position = BigInt(next);
    if (position > this.size) throw new Error(`grid: snapshot position ${next} is beyond the space size ${this.size}`);
    this.next = position;
  }
}

export const gridAgent: AgentFactory = {
  name: 'grid',
  description:
    'Exhaustive enumeration of every design that satisfies the space constraints (discrete spaces only), in order or in a seeded shuffled order.',
  options: [
    {
      name: 'shuffle',
      type: 'boolean',
      description:
        'visit designs in a seeded pseudo-random order instead of enumeration order, so a run stopped early is an unbiased sample',
      default: false,
    },
  ],
  unsupported: gridUnsupported,
  create: (context) => new GridAgent(context),
};
