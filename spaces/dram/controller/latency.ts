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
    if (this.count === this.samples.length) {
      const grown = new Float64Array(this.samples.length * 2);
      grown.set(this.samples);
      this.samples = grown;
    }
    this.samples[this.count++] = cycles;
    this.sum += cycles;
    if (cycles > this.max) this.max = cycles;
  }

  /** The smallest sample with at least `q` of the samples at or below it (nearest rank). */
  quantile(q: number): number {
    if (this.count === 0) return 0;
    const sorted = this.samples.slice(0, this.count).sort();
    return sorted[Math.max(0, Math.ceil(q * this.count) - 1)];
  }

  summary(): LatencySummary {
    return { count: this.count, mean: this.count > 0 ? this.sum / this.count : 0, p99: this.quantile(0.99), max: this.max };
  }
}
