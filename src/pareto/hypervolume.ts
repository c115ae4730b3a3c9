/**
 * Exact hypervolume (the Lebesgue measure of the region dominated by a point set and bounded by a
 * reference point; Zitzler and Thiele 1998) for minimization-form objective vectors, and the exclusive
 * contribution of each point.
 *
 * Every entry point validates its input and drops points that are not strictly better than the reference
 * in every objective: they dominate nothing inside the reference box. Dominated and duplicate points
 * never change the result. The algorithm is picked by the number of objectives:
 *   1: the distance from the best point to the reference;
 *   2: sort and sweep, O(n log n) (hv2d.ts);
 *   3: the Beume et al. (2009) sweep over a balanced tree, O(n log n) (hv3d.ts);
 *   4+: WFG (While, Bradstreet, Barone 2012), finishing three-objective subproblems with the 3-D sweep
 *       (hvwfg.ts).
 */

import { sweepContributions2d, sweepHypervolume2d } from './hv2d.js';
import { sweepHypervolume3d } from './hv3d.js';
import { boxVolume, wfgHypervolume } from './hvwfg.js';

type Points = readonly (readonly number[])[];

function validateReference(ref: readonly number[], expectedDimension?: number): void {
  if (ref.length === 0) throw new Error('hypervolume reference point has no objectives');
  if (expectedDimension !== undefined && ref.length !== expectedDimension) {
    throw new Error(`this hypervolume needs a ${expectedDimension}-objective reference point, got ${ref.length}`);
  }
  ref.forEach((value, i) => {
    if (!Number.isFinite(value)) throw new Error(`hypervolume reference objective ${i} must be finite, got ${value}`);
  });
}

function validatePoint(point: readonly number[], index: number, dimension: number): void {
  if (point.length !== dimension) {
    throw new Error(`point ${index} has ${point.length} objectives but the reference point has ${dimension}`);
  }
  point.forEach((value, i) => {
    if (Number.isNaN(value)) throw new Error(`point ${index} objective ${i} is NaN`);
    // A point infinitely good in one objective dominates an unbounded region.
    if (value === -Infinity) {
      throw new Error(`point ${index} objective ${i} is -Infinity: the hypervolume is unbounded`);
    }
  });
}

function strictlyInside(point: readonly number[], ref: readonly number[]): boolean {
  for (let i = 0; i < ref.length; i++) {
    if (!(point[i] < ref[i])) return false;
  }
  return true;
}

/** Validates `points` against `ref` and keeps those strictly better than `ref` in every objective. */
function pointsInsideReference(points: Points, ref: readonly number[], expectedDimension?: number): Points {
  validateReference(ref, expectedDimension);
  points.forEach((point, index) => validatePoint(point, index, ref.length));
  return points.filter((point) => strictlyInside(point, ref));
}

/** Dispatch on already validated and filtered points. */
function hypervolumeInside(points: Points, ref: readonly number[]): number {
  if (points.length === 0) return 0;
  switch (ref.length) {
    case 1:
      return ref[0] - points.reduce((best, p) => Math.min(best, p[0]), Infinity);
    case 2:
      return sweepHypervolume2d(points, ref);
    case 3:
      return sweepHypervolume3d(points, ref);
    default:
      return wfgHypervolume(points, ref, { useSweep3d: true });
  }
}

/** Exact hypervolume of `points` bounded by `ref`, with the algorithm chosen by the number of objectives. */
export function hypervolume(points: Points, ref: readonly number[]): number {
  return hypervolumeInside(pointsInsideReference(points, ref), ref);
}

/** Two-objective hypervolume by sort and sweep. */
export function hypervolume2d(points: Points, ref: readonly number[]): number {
  return sweepHypervolume2d(pointsInsideReference(points, ref, 2), ref);
}

/** Three-objective hypervolume by the O(n log n) sweep of Beume et al. (2009). */
export function hypervolume3d(points: Points, ref: readonly number[]): number {
  return sweepHypervolume3d(pointsInsideReference(points, ref, 3), ref);
}

/**
 * Hypervolume in any number of objectives by plain WFG, slicing all the way down to two objectives
 * (no 3-D sweep), so that it is an independent check of the other algorithms.
 */
export function hypervolumeWfg(points: Points, ref: readonly number[]): number {
  return wfgHypervolume(pointsInsideReference(points, ref), ref, { useSweep3d: false });
}

/**
 * Exclusive hypervolume contribution of each point, in input order: HV(all) - HV(all but that point).
 *
 * Two objectives use the closed form in hv2d.ts. Otherwise a point that another point weakly dominates
 * (including a duplicate) contributes exactly 0, and the others get box(p) - HV(limit set), the limit set
 * being { max(p, q) : q another point } as in WFG; that is the same quantity as the difference of two
 * hypervolumes but without subtracting two large, nearly equal numbers.
 */
export function hypervolumeContribution(points: Points, ref: readonly number[]): number[] {
  validateReference(ref);
  points.forEach((point, index) => validatePoint(point, index, ref.length));
  const contributions = new Array<number>(points.length).fill(0);
  const insideIndices = points.map((_, i) => i).filter((i) => strictlyInside(points[i], ref));
  const inside = insideIndices.map((i) => points[i]);

  if (ref.length === 2) {
    const insideContributions = sweepContributions2d(inside, ref);
    insideIndices.forEach((original, k) => (contributions[original] = insideContributions[k]));
    return contributions;
  }

  inside.forEach((point, k) => {
    const others = inside.filter((_, j) => j !== k);
    if (others.some((other) => other.every((value, i) => value <= point[i]))) return;
    const limitSet = others.map((other) => other.map((value, i) => Math.max(value, point[i])));
    const exclusive = boxVolume(point, ref) - hypervolumeInside(limitSet, ref);
    contributions[insideIndices[k]] = Math.max(0, exclusive);
  });
  return contributions;
}
