/**
 * Inverted generational distance against a reference set (usually samples of the true Pareto front),
 * for minimization-form objective vectors.
 */

type Points = readonly (readonly number[])[];

function validateSets(front: Points, reference: Points): void {
  if (reference.length === 0) throw new Error('IGD needs at least one reference point');
  const dimension = reference[0].length;
  const check = (point: readonly number[], label: string): void => {
    if (point.length !== dimension) {
      throw new Error(`${label} has ${point.length} objectives, the first reference point has ${dimension}`);
    }
    if (point.some(Number.isNaN)) throw new Error(`${label} has a NaN objective`);
  };
  reference.forEach((z, i) => check(z, `reference point ${i}`));
  front.forEach((a, i) => check(a, `front point ${i}`));
}

function meanOverReference(
  front: Points,
  reference: Points,
  distance: (a: readonly number[], z: readonly number[]) => number,
): number {
  validateSets(front, reference);
  if (front.length === 0) return Infinity;
  let total = 0;
  for (const z of reference) {
    let nearest = Infinity;
    for (const a of front) nearest = Math.min(nearest, distance(a, z));
    total += nearest;
  }
  return total / reference.length;
}

/** Euclidean distance. */
function euclidean(a: readonly number[], z: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) sum += (a[i] - z[i]) ** 2;
  return Math.sqrt(sum);
}

/** Distance that only counts the objectives in which `a` is worse than `z` (minimization). */
function dominanceDistance(a: readonly number[], z: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < z.length; i++) {
    const excess = a[i] - z[i];
    if (excess > 0) sum += excess * excess;
  }
  return Math.sqrt(sum);
}

/**
 * IGD (Coello and Reyes Sierra 2004): mean over reference points of the Euclidean distance to the
 * nearest front point. Not Pareto compliant: a front can be dominated by another and still score better.
 * Empty front: Infinity.
 */
export function igd(front: Points, reference: Points): number {
  return meanOverReference(front, reference, euclidean);
}

/**
 * IGD+ (Ishibuchi, Masuda, Tanigaki, Nojima 2015, "Modified distance calculation in generational
 * distance and inverted generational distance", EMO 2015): like IGD but the distance from a front
 * point a to a reference point z is sqrt(sum_i max(a_i - z_i, 0)^2), so being better than z in some
 * objective costs nothing. That makes it weakly Pareto compliant: if front A dominates front B then
 * IGD+(A) <= IGD+(B). Lower is better; 0 when every reference point is weakly dominated by the front.
 * Empty front: Infinity.
 */
export function igdPlus(front: Points, reference: Points): number {
  return meanOverReference(front, reference, dominanceDistance);
}
