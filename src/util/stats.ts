/** Summary statistics over small samples (seeds, repeats). */

export function mean(xs: readonly number[]): number {
  return xs.reduce((a, b) => a + b, 0) / xs.length;
}

/**
 * Sample standard deviation (n - 1); 0 for fewer than two values. Computed on values shifted by
 * the first one, so identical values give exactly 0 however large they are (a plain mean of
 * three 1e21s rounds, and the deviations with it).
 */
export function std(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const shifted = xs.map((x) => x - xs[0]);
  const m = mean(shifted);
  return Math.sqrt(shifted.reduce((a, x) => a + (x - m) ** 2, 0) / (xs.length - 1));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
