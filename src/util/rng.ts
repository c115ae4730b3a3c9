/**
 * Seeded pseudo-random numbers with a state that fits in JSON, so an agent's snapshot can carry its
 * generator and a resumed sweep draws exactly the numbers an uninterrupted one would.
 *
 * Generator: sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state), seeded
 * through splitmix32 so that nearby integer seeds give unrelated streams.
 */

export type RngState = [number, number, number, number];

function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** Hashes a string label into 32 bits (FNV-1a), used to derive independent named streams. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | RngState) {
    if (Array.isArray(seed)) {
      [this.a, this.b, this.c, this.d] = seed.map((x) => x >>> 0) as RngState;
    } else {
      if (!Number.isFinite(seed)) throw new Error(`seed must be a finite number, got ${seed}`);
      const mix = splitmix32(Math.floor(seed) ^ Math.floor(seed / 2 ** 32));
      this.a = mix();
      this.b = mix();
      this.c = mix();
      this.d = mix();
      // Warm up: the first outputs of sfc32 still correlate with the seed words.
      for (let i = 0; i < 12; i++) this.nextUint32();
    }
  }

  /** A new generator whose stream depends on this one's seed state and the label, not on later draws. */
  fork(label: string): Rng {
    const [a, b, c, d] = this.state();
    const h = hashLabel(label);
    return new Rng(((a ^ h) + Math.imul(b, 31) + Math.imul(c, 17) + d) >>> 0);
  }

  nextUint32(): number {
    const t = (((this.a + this.b) >>> 0) + this.d) >>> 0;
    this.d = (this.d + 1) >>> 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) >>> 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) >>> 0;
    return t;
  }

  /** Uniform in [0, 1) with 53 bits of precision. */
  next(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n), without modulo bias. */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int needs a positive integer bound, got ${n}`);
    if (n <= 2 ** 32) {
      const limit = 2 ** 32 - (2 ** 32 % n);
      let x = this.nextUint32();
      while (x >= limit) x = this.nextUint32();
      return x % n;
    }
    return Math.floor(this.next() * n);
  }

  /** Uniform BigInt in [0, n). */
  bigint(n: bigint): bigint {
    if (n <= 0n) throw new Error(`Rng.bigint needs a positive bound, got ${n}`);
    const bits = n.toString(2).length;
    for (;;) {
      let x = 0n;
      for (let produced = 0; produced < bits; produced += 32) x = (x << 32n) | BigInt(this.nextUint32());
      x &= (1n << BigInt(bits)) - 1n;
      if (x < n) return x;
    }
  }

  /**
   * Standard normal (Marsaglia polar method). The second variate of each pair is discarded so the
   * generator state stays four words and a snapshot taken anywhere restores exactly.
   */
  normal(): number {
    for (;;) {
      const u = 2 * this.next() - 1;
      const v = 2 * this.next() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        return u * Math.sqrt((-2 * Math.log(s)) / s);
      }
    }
  }

  /** In-place Fisher-Yates shuffle. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Rng.pick on an empty list');
    return items[this.int(items.length)];
  }

  /** The full generator state; `new Rng(state)` continues the same stream. */
  state(): RngState {
    return [this.a, this.b, this.c, this.d];
  }
}
