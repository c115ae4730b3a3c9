/** Latency statistics of a controller run. */

export interface LatencySummary {
  count: number;
  mean: number;
  p99: number;
  max: number;
}

/** Exact latency statistics: every sample kept (8 bytes each), the quantile selected at the end. */
export class LatencySamples {
  private samples = new Float64Array(1024);
  count = 0;
  sum = 0;
  max = 0;

  add(cycles: number): void {
    if (this.count === this.samples.length) this.grow();
    this.samples[this.count++] = cycles;
    this.sum += cycles;
    if (cycles > this.max) this.max = cycles;
  }

  private grow(): void {
    const grown = new Float64Array(this.samples.length * 2);
    grown.set(this.samples);
    this.samples = grown;
  }

  /** The smallest sample with at least `q` of the samples at or below it (nearest rank). */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    // Selection rather than a full sort: the same value, in linear time. It reorders the samples
    // in place, which nothing else minds.
    return select(this.samples.subarray(0, this.count), Math.max(0, Math.ceil(q * this.count) - 1));
  }

  summary(): LatencySummary {
    return { count: this.count, mean: this.count > 0 ? this.sum / this.count : 0, p99: this.quantile(0.99), max: this.max };
  }
}

/**
 * The k-th smallest value (0-based) of `a`, which it reorders: the value sorting would put at `k`,
 * found in linear expected time (Hoare's selection with a median-of-three pivot). Bad luck with
 * the pivots (rounds beyond a generous budget) falls back to sorting what is left.
 */
export function select(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  let rounds = 0;
  while (lo < hi) {
    if (++rounds > 100) {
      const rest = a.subarray(lo, hi + 1).sort();
      return rest[k - lo];
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = x < y ? (y < z ? y : x < z ? z : x) : x < z ? x : y < z ? z : y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const v = a[i];
        a[i] = a[j];
        a[j] = v;
        i++;
        j--;
      }
    }
    // Now a[lo..j] <= pivot, a[i..hi] >= pivot, and anything between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return a[k];
  }
  return a[k];
}
