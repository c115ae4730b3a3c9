/**
 * Two-objective hypervolume by sort and sweep, O(n log n).
 *
 * The functions here trust their input: every point strictly better than the reference in both
 * objectives, no NaN. `hypervolume.ts` validates and filters before calling them.
 */

/**
 * Area dominated by `points` (coordinates 0 and 1 are used; longer vectors are fine) and bounded by
 * `ref`. Sorted by the first objective, each point that lowers the best second objective seen so far
 * adds the rectangle [x, ref0] x [y, previous lowest y]; the others are dominated or duplicates.
 */
export function sweepHypervolume2d(points: readonly (readonly number[])[], ref: readonly number[]): number {
  const sorted = points.slice().sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let area = 0;
  let lowestY = ref[1];
  for (const point of sorted) {
    if (point[1] < lowestY) {
      area += (ref[0] - point[0]) * (lowestY - point[1]);
      lowestY = point[1];
    }
  }
  return area;
}

/**
 * Exclusive contribution of every point, in input order, in closed form.
 *
 * A point on the non-dominated staircase (sorted by x) is the only one to dominate the rectangle
 * [x_k, x_{k+1}) x [y_k, y_{k-1}) between its neighbours (ref closes the ends), except for points it
 * dominates itself, which all lie in that rectangle and share it. The rectangles of different staircase
 * points are disjoint, so each dominated point is charged to one rectangle, and the contribution is the
 * rectangle's area minus the area those points still cover inside it. Dominated points and all but one
 * copy of a duplicate get 0 (the copy left on the staircase finds its twin covering the whole rectangle).
 */
export function sweepContributions2d(points: readonly (readonly number[])[], ref: readonly number[]): number[] {
  const contributions = new Array<number>(points.length).fill(0);
  const order = points.map((_, index) => index);
  order.sort((i, j) => points[i][0] - points[j][0] || points[i][1] - points[j][1]);

  const staircase: number[] = [];
  const dominatedPoints: number[] = [];
  let lowestY = ref[1];
  for (const index of order) {
    if (points[index][1] < lowestY) {
      staircase.push(index);
      lowestY = points[index][1];
    } else {
      dominatedPoints.push(index);
    }
  }

  const rectangleRight = (k: number): number => (k + 1 < staircase.length ? points[staircase[k + 1]][0] : ref[0]);
  const rectangleTop = (k: number): number => (k > 0 ? points[staircase[k - 1]][1] : ref[1]);

  // Charge each dominated point to the staircase point with the largest x not above its own.
  const coveringPoints: number[][] = staircase.map(() => []);
  for (const index of dominatedPoints) {
    const [x, y] = points[index];
    let low = 0;
    let high = staircase.length; // first staircase position with x_k > x
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (points[staircase[mid]][0] <= x) low = mid + 1;
      else high = mid;
    }
    const k = low - 1;
    if (k >= 0 && x < rectangleRight(k) && y < rectangleTop(k)) coveringPoints[k].push(index);
  }

  staircase.forEach((index, k) => {
    const [x, y] = points[index];
    const corner = [rectangleRight(k), rectangleTop(k)];
    const rectangle = (corner[0] - x) * (corner[1] - y);
    const stillCovered = sweepHypervolume2d(
      coveringPoints[k].map((i) => points[i]),
      corner,
    );
    contributions[index] = Math.max(0, rectangle - stillCovered);
  });
  return contributions;
}
