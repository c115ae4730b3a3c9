/**
 * Pareto dominance between objective vectors in minimization form (the engine negates objectives
 * that are maximized before they reach this module), and Deb's constrained domination.
 */

/** True when `a` is no worse than `b` in every objective and strictly better in at least one. */
export function dominates(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) {
    throw new Error(`cannot compare objective vectors of different lengths (${a.length} and ${b.length})`);
  }
  let strictlyBetterSomewhere = false;
  for (let i = 0; i < a.length; i++) {
    // Written as "not (a <= b)" so that a NaN on either side never yields domination.
    if (!(a[i] <= b[i])) return false;
    if (a[i] < b[i]) strictlyBetterSomewhere = true;
  }
  return strictlyBetterSomewhere;
}

/** True when `a` is no worse than `b` in every objective (equal vectors weakly dominate each other). */
export function weaklyDominates(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) {
    throw new Error(`cannot compare objective vectors of different lengths (${a.length} and ${b.length})`);
  }
  for (let i = 0; i < a.length; i++) {
    if (!(a[i] <= b[i])) return false;
  }
  return true;
}

/**
 * A design as constrained domination sees it: its objectives (null when it was never evaluated, for
 * example because a constraint failed first) and its total constraint violation (0 = feasible,
 * Infinity = not evaluated).
 */
export interface ConstrainedObjectives {
  objectives: readonly number[] | null;
  violation: number;
}

function effectiveViolation(design: ConstrainedObjectives): number {
  const { violation, objectives } = design;
  if (Number.isNaN(violation) || violation < 0) {
    throw new Error(`constraint violation must be a number >= 0 (or Infinity), got ${violation}`);
  }
  // A design may skip evaluating its objectives once a constraint fails, so null objectives with a
  // positive violation are an ordinary infeasible design. Null objectives with no violation cannot be
  // feasible (there is nothing to compare) and count as not evaluated.
  return objectives === null && violation === 0 ? Infinity : violation;
}

/**
 * Constrained domination (Deb, Pratap, Agarwal, Meyarivan 2002, "A fast and elitist multiobjective
 * genetic algorithm: NSGA-II", section V): a feasible design beats an infeasible one; of two infeasible
 * designs the one with the smaller violation wins (two unevaluated designs, violation Infinity, are
 * incomparable); two feasible designs compare by Pareto dominance.
 */
export function constrainedDominates(a: ConstrainedObjectives, b: ConstrainedObjectives): boolean {
  const violationA = effectiveViolation(a);
  const violationB = effectiveViolation(b);
  if (violationA === 0 && violationB === 0) {
    return dominates(a.objectives as readonly number[], b.objectives as readonly number[]);
  }
  // Covers feasible-vs-infeasible (0 < v) and infeasible-vs-infeasible; Infinity < Infinity is false.
  return violationA < violationB;
}

/** Lexicographic order on the first `dimension` coordinates. */
export function compareLexicographically(a: readonly number[], b: readonly number[], dimension = a.length): number {
  for (let i = 0; i < dimension; i++) {
    if (a[i] !== b[i]) return a[i] - b[i];
  }
  return 0;
}

/**
 * Indices (ascending) of the points that no other point dominates. Points with identical objectives
 * are all kept: each of them is Pareto-optimal when nothing dominates it.
 *
 * Scans in lexicographic order, where a dominating point always precedes the point it dominates, and
 * compares each point only with the non-dominated points kept so far: if a discarded point dominated
 * it, so would the kept point that discarded that one (transitivity).
 */
export function nonDominated(points: readonly (readonly number[])[]): number[] {
  points.forEach((point, index) => {
    if (point.some(Number.isNaN)) throw new Error(`point ${index} has a NaN objective`);
  });
  const order = points.map((_, index) => index);
  order.sort((i, j) => compareLexicographically(points[i], points[j]) || i - j);
  const kept: number[] = [];
  for (const candidate of order) {
    const point = points[candidate];
    if (!kept.some((k) => dominates(points[k], point))) kept.push(candidate);
  }
  return kept.sort((i, j) => i - j);
}
