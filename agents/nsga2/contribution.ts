/**
 * Exclusive hypervolume contributions of the members of one non-dominated front, for the
 * hypervolume survival rule (population.ts). The front is small and cut every generation, so the
 * two- and three-objective cases work on flat typed arrays without allocating; larger cases use the
 * general `hypervolumeContribution` of src/pareto.
 *
 * Contribution of p: the volume that p dominates inside the reference box and no other member does,
 * that is box(p) minus the hypervolume of the "limit set" { max(p, q) : q another member } (While,
 * Bradstreet, Barone 2012, WFG). A duplicate or weakly dominated member contributes 0.
 */
import { hypervolumeContribution } from '../../src/pareto/index.js';

/** Above this front size, three objectives go to the general algorithm, which scales better (O(n^2 log n) against O(n^3)). */
export const FLAT_3D_LIMIT = 48;

export class ContributionSolver {
  private order = new Int32Array(0);
  private limitX = new Float64Array(0);
  private limitY = new Float64Array(0);
  private limitZ = new Float64Array(0);
  private stairX = new Float64Array(0);
  private stairY = new Float64Array(0);

  /**
   * Writes into out[0..n) the contribution of each of the n points of `points` (m values each, point
   * j at [j * m, (j + 1) * m)) with the same reference value `reference` in every objective. The
   * points must not dominate one another strictly (duplicates are fine), as in a front.
   */
  contributions(points: Float64Array, n: number, m: number, reference: number, out: Float64Array): void {
    this.reserve(n);
    if (m === 2) this.contributions2d(points, n, reference, out);
    else if (m === 3 && n <= FLAT_3D_LIMIT) for (let j = 0; j < n; j++) out[j] = this.contribution3d(points, n, j, reference);
    else {
      const list = Array.from({ length: n }, (_, j) => Array.from(points.subarray(j * m, (j + 1) * m)));
      const values = hypervolumeContribution(list, new Array<number>(m).fill(reference));
      for (let j = 0; j < n; j++) out[j] = values[j];
    }
  }

  private reserve(n: number): void {
    if (this.order.length >= n) return;
    const size = Math.max(n, 2 * this.order.length);
    this.order = new Int32Array(size);
    this.limitX = new Float64Array(size);
    this.limitY = new Float64Array(size);
    this.limitZ = new Float64Array(size);
    this.stairX = new Float64Array(size);
    this.stairY = new Float64Array(size);
  }

  /**
   * Two objectives: sorted by the first objective, the members of a front form a staircase and each
   * one's contribution is the rectangle between its neighbours (the reference closes the ends).
   */
  private contributions2d(points: Float64Array, n: number, reference: number, out: Float64Array): void {
    const order = this.order;
    for (let j = 0; j < n; j++) order[j] = j;
    const sorted = order.subarray(0, n).sort((a, b) => points[2 * a] - points[2 * b] || points[2 * a + 1] - points[2 * b + 1]);
    for (let k = 0; k < n; k++) {
      const j = sorted[k];
      const right = k + 1 < n ? points[2 * sorted[k + 1]] : reference;
      const top = k > 0 ? points[2 * sorted[k - 1] + 1] : reference;
      out[j] = Math.max(0, right - points[2 * j]) * Math.max(0, top - points[2 * j + 1]);
    }
  }

  /**
   * Three objectives: sweeps the limit set of member j upwards in the third objective; between two
   * consecutive limit points the exclusive part of a slice is the box's cross-section minus the area
   * the limit points below cover, kept as a two-objective staircase. O(n^2) per member.
   */
  private contribution3d(points: Float64Array, n: number, j: number, reference: number): number {
    const px = points[3 * j];
    const py = points[3 * j + 1];
    const pz = points[3 * j + 2];
    if (!(px < reference && py < reference && pz < reference)) return 0;
    const { limitX, limitY, limitZ, order, stairX, stairY } = this;
    let count = 0;
    for (let q = 0; q < n; q++) {
      if (q === j) continue;
      const x = Math.max(px, points[3 * q]);
      const y = Math.max(py, points[3 * q + 1]);
      const z = Math.max(pz, points[3 * q + 2]);
      if (x >= reference || y >= reference || z >= reference) continue;
      limitX[count] = x;
      limitY[count] = y;
      limitZ[count] = z;
      order[count] = count;
      count++;
    }
    const sorted = order.subarray(0, count).sort((a, b) => limitZ[a] - limitZ[b]);
    const boxArea = (reference - px) * (reference - py);
    let stairs = 0;
    let covered = 0;
    let volume = 0;
    let level = pz;
    for (let k = 0; k < count; k++) {
      const l = sorted[k];
      volume += (limitZ[l] - level) * (boxArea - covered);
      level = limitZ[l];
      // Insert (x, y) into the staircase (x ascending, y descending) unless a step covers it.
      const x = limitX[l];
      const y = limitY[l];
      let at = 0;
      while (at < stairs && stairX[at] < x) at++;
      if ((at > 0 && stairY[at - 1] <= y) || (at < stairs && stairX[at] === x && stairY[at] <= y)) continue;
      let end = at;
      while (end < stairs && stairY[end] >= y) end++;
      // Steps [at, end) are covered by the new one: replace them by it.
      const removed = end - at;
      if (removed === 0) {
        for (let s = stairs; s > at; s--) {
          stairX[s] = stairX[s - 1];
          stairY[s] = stairY[s - 1];
        }
      } else if (removed > 1) {
        for (let s = end; s < stairs; s++) {
          stairX[s - removed + 1] = stairX[s];
          stairY[s - removed + 1] = stairY[s];
        }
      }
      stairX[at] = x;
      stairY[at] = y;
      stairs += 1 - removed;
      covered = 0;
      for (let s = 0; s < stairs; s++) covered += ((s + 1 < stairs ? stairX[s + 1] : reference) - stairX[s]) * (reference - stairY[s]);
    }
    volume += (reference - level) * (boxArea - covered);
    return Math.max(0, volume);
  }
}
