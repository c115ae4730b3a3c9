/**
 * NSGA-II's variation operators on single variables, as in Deb's reference implementation of
 * NSGA-II (Kanpur Genetic Algorithms Laboratory, nsga2-v1.1, `realcross` and `realmutation`):
 *
 * - simulated binary crossover, SBX (Deb and Agrawal 1995, "Simulated binary crossover for
 *   continuous search space", Complex Systems 9), in its bounded form whose spread distribution is
 *   renormalized so children never leave [lower, upper];
 * - polynomial mutation (Deb and Goyal 1996, "A combined genetic adaptive search (GeneAS) for
 *   engineering design"), in the bounded form of the same code (Deb and Deb 2014 describe it).
 *
 * Larger distribution indices (eta) keep children closer to their parents.
 */
import type { Rng } from '../../src/util/rng.js';

/** Parents closer than this are treated as equal and copied, avoiding a division by ~0. */
const SAME_VALUE = 1e-14;

/**
 * base^exponent, by repeated squaring when the exponent is a small whole number: eta + 1 is one
 * with the usual integral distribution indices, and squaring is several times faster than Math.pow,
 * which dominates the cost of variation.
 */
function power(base: number, exponent: number): number {
  if (!Number.isInteger(exponent) || exponent < 0 || exponent > 256) return Math.pow(base, exponent);
  let result = 1;
  let square = base;
  for (let n = exponent; n > 0; n >>= 1) {
    if (n & 1) result *= square;
    square *= square;
  }
  return result;
}

/** SBX children of one variable, written to `out[0]` and `out[1]` so no array is allocated per call. */
export function sbxVariable(
  parent1: number,
  parent2: number,
  lower: number,
  upper: number,
  eta: number,
  rng: Rng,
  out: Float64Array,
): void {
  if (Math.abs(parent1 - parent2) <= SAME_VALUE) {
    out[0] = parent1;
    out[1] = parent2;
    return;
  }
  const y1 = Math.min(parent1, parent2);
  const y2 = Math.max(parent1, parent2);
  const spread = y2 - y1;
  const exponent = 1 / (eta + 1);
  const u = rng.next();

  // Lower child: the spread factor's distribution is truncated so the child stays above `lower`.
  let beta = 1 + (2 * (y1 - lower)) / spread;
  let alpha = 2 - 1 / power(beta, eta + 1);
  let betaQ = u <= 1 / alpha ? Math.pow(u * alpha, exponent) : Math.pow(1 / (2 - u * alpha), exponent);
  let child1 = 0.5 * (y1 + y2 - betaQ * spread);

  // Upper child, truncated at `upper`, with the same random number as in the reference code.
  beta = 1 + (2 * (upper - y2)) / spread;
  alpha = 2 - 1 / power(beta, eta + 1);
  betaQ = u <= 1 / alpha ? Math.pow(u * alpha, exponent) : Math.pow(1 / (2 - u * alpha), exponent);
  let child2 = 0.5 * (y1 + y2 + betaQ * spread);

  child1 = child1 < lower ? lower : child1 > upper ? upper : child1;
  child2 = child2 < lower ? lower : child2 > upper ? upper : child2;
  // Which parent's side each child lands on is random, so children are not sorted by value.
  if (rng.next() <= 0.5) {
    out[0] = child2;
    out[1] = child1;
  } else {
    out[0] = child1;
    out[1] = child2;
  }
}

/** Polynomial mutation of one variable within [lower, upper]. */
export function polynomialMutation(value: number, lower: number, upper: number, eta: number, rng: Rng): number {
  const range = upper - lower;
  if (range <= 0) return value;
  const delta1 = (value - lower) / range;
  const delta2 = (upper - value) / range;
  const exponent = 1 / (eta + 1);
  const u = rng.next();
  let deltaQ: number;
  if (u <= 0.5) {
    const val = 2 * u + (1 - 2 * u) * power(1 - delta1, eta + 1);
    deltaQ = Math.pow(val, exponent) - 1;
  } else {
    const val = 2 * (1 - u) + 2 * (u - 0.5) * power(1 - delta2, eta + 1);
    deltaQ = 1 - Math.pow(val, exponent);
  }
  const mutated = value + deltaQ * range;
  return mutated < lower ? lower : mutated > upper ? upper : mutated;
}

/** A uniformly chosen index in [0, cardinality) other than `current` (categorical mutation). */
export function otherCategory(current: number, cardinality: number, rng: Rng): number {
  if (cardinality <= 1) return current;
  const drawn = rng.int(cardinality - 1);
  return drawn >= current ? drawn + 1 : drawn;
}
