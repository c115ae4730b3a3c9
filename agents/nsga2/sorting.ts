/**
 * Fast non-dominated sorting and crowding distance (Deb, Pratap, Agarwal, Meyarivan 2002, "A fast
 * and elitist multiobjective genetic algorithm: NSGA-II", IEEE TEVC 6(2), sections III-A and III-B)
 * under constrained domination (section V).
 *
 * Works on flat typed arrays in reusable buffers: sorting compares pairs of the merged population
 * every generation, so it is the agent's hot loop and must not allocate per comparison.
 */

/**
 * Constrained domination between designs i and j of a flat objective array (m values per design):
 * 1 when i dominates j, -1 when j dominates i, 0 otherwise. The same rule as `constrainedDominates`
 * in src/pareto: feasible (violation 0) beats infeasible, smaller violation beats larger, two
 * feasible designs compare by Pareto dominance (a NaN objective never dominates).
 */
export function constrainedCompare(objectives: Float64Array, violations: Float64Array, m: number, i: number, j: number): number {
  const vi = violations[i];
  const vj = violations[j];
  if (vi === 0 && vj === 0) {
    let iBetter = false;
    let jBetter = false;
    const a = i * m;
    const b = j * m;
    for (let k = 0; k < m; k++) {
      const x = objectives[a + k];
      const y = objectives[b + k];
      if (x < y) iBetter = true;
      else if (y < x) jBetter = true;
      else if (x !== y) return 0; // NaN
    }
    return iBetter === jBetter ? 0 : iBetter ? 1 : -1;
  }
  return vi < vj ? 1 : vj < vi ? -1 : 0;
}

export class ConstrainedSorter {
  /** Objective values of design i at [i * m, (i + 1) * m); filled by the caller after `reset`. */
  objectives = new Float64Array(0);
  /** Constraint violation per design: 0 feasible, Infinity when not evaluated. */
  violations = new Float64Array(0);
  /** Crowding distance per design, written by `assignCrowding`. */
  crowding = new Float64Array(0);
  private count = 0;
  private m = 0;

  /** Sizes the buffers for `count` designs of `m` objectives (growing only when needed). */
  reset(count: number, m: number): void {
    this.count = count;
    this.m = m;
    if (this.violations.length < count || this.objectives.length < count * m) {
      const capacity = Math.max(count, 2 * this.violations.length);
      this.objectives = new Float64Array(capacity * m);
      this.violations = new Float64Array(capacity);
      this.crowding = new Float64Array(capacity);
    }
  }

  /**
   * Fronts of the designs in order of rank, each listing design indices in ascending order.
   *
   * Uses efficient non-dominated sort with sequential search (ENS-SS; Zhang, Tian, Cheng, Jin 2015,
   * IEEE TEVC 19(2)), which gives the same fronts as Deb's fast non-dominated sort with O(n) memory
   * instead of O(n^2) domination lists, and usually far fewer comparisons. Designs are visited by
   * violation, then objectives lexicographically, so a design is always visited after every design
   * that constrained-dominates it; each goes to the first front holding no design that dominates it.
   */
  fronts(): number[][] {
    const { count, m, objectives, violations } = this;
    const order = new Array<number>(count);
    for (let i = 0; i < count; i++) order[i] = i;
    order.sort((a, b) => {
      if (violations[a] !== violations[b]) return violations[a] < violations[b] ? -1 : 1;
      if (violations[a] === 0) {
        for (let k = 0; k < m; k++) {
          const x = objectives[a * m + k];
          const y = objectives[b * m + k];
          if (x !== y) return x < y ? -1 : 1;
        }
      }
      return a - b;
    });
    const fronts: number[][] = [];
    for (const design of order) {
      let placed = false;
      for (const front of fronts) {
        let dominated = false;
        // Recently added members are the most likely to dominate: check from the back (ENS).
        for (let t = front.length - 1; t >= 0; t--) {
          if (constrainedCompare(objectives, violations, m, front[t], design) > 0) {
            dominated = true;
            break;
          }
        }
        if (!dominated) {
          front.push(design);
          placed = true;
          break;
        }
      }
      if (!placed) fronts.push([design]);
    }
    for (const front of fronts) front.sort((a, b) => a - b);
    return fronts;
  }

  /**
   * Crowding distance of each member of a front: the normalized side lengths of the cuboid its
   * neighbours span, summed over objectives; extremes get Infinity so they always survive. Designs
   * without objectives (violation Infinity) get 0: there is nothing to be crowded in.
   */
  assignCrowding(front: readonly number[]): void {
    const { m, objectives, violations, crowding } = this;
    for (const i of front) crowding[i] = 0;
    if (front.length === 0 || violations[front[0]] === Infinity) return;
    if (front.length <= 2) {
      for (const i of front) crowding[i] = Infinity;
      return;
    }
    const order = [...front];
    const last = order.length - 1;
    for (let k = 0; k < m; k++) {
      // Ties broken by index so the result never depends on the sort implementation.
      order.sort((a, b) => objectives[a * m + k] - objectives[b * m + k] || a - b);
      crowding[order[0]] = Infinity;
      crowding[order[last]] = Infinity;
      const range = objectives[order[last] * m + k] - objectives[order[0] * m + k];
      if (!(range > 0 && Number.isFinite(range))) continue;
      for (let r = 1; r < last; r++) {
        crowding[order[r]] += (objectives[order[r + 1] * m + k] - objectives[order[r - 1] * m + k]) / range;
      }
    }
  }
}
