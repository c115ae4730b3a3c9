/**
 * Exact hypervolume in any number of objectives with the WFG algorithm (While, Bradstreet, Barone
 * 2012, "A fast way of calculating exact hypervolumes", IEEE TEC 16(1)).
 *
 * WFG sums exclusive contributions: with the points ordered p_1..p_n,
 *   HV(p_1..p_n) = sum_k exclusive(p_k relative to p_{k+1}..p_n),
 *   exclusive(p relative to S) = box(p) - HV(limit set),  limit set = { max(p, q) : q in S },
 * where max is taken per objective (the part of q's box inside p's box). The limit set is reduced to its
 * non-dominated, duplicate-free subset before recursing, which is what keeps WFG fast in practice.
 *
 * As in the reference implementation the points are ordered worst-first in the last objective, so every
 * later point reaches at least as deep in that objective: the exclusive region of p_k is then its
 * exclusive region in the other objectives times (ref_last - p_k[last]), and each level of recursion
 * drops one objective. Two objectives are finished by the sort-and-sweep, optionally three by the
 * O(n log n) sweep.
 *
 * Trusts its input: every point strictly better than the reference in all objectives, no NaN.
 */

import { sweepHypervolume2d } from './hv2d.js';
import { sweepHypervolume3d } from './hv3d.js';
import { compareLexicographically } from './dominance.js';

export interface WfgOptions {
  /**
   * Finish three-objective subproblems with the O(n log n) sweep instead of slicing down to two
   * objectives. Both are exact; plain WFG (false) is kept to cross-check the 3-D sweep.
   */
  useSweep3d: boolean;
}

/** Volume of the box between `point` and `ref` in the first `dimension` objectives. */
export function boxVolume(point: readonly number[], ref: readonly number[], dimension = ref.length): number {
  let volume = 1;
  for (let i = 0; i < dimension; i++) volume *= ref[i] - point[i];
  return volume;
}

/** True when `a` is no worse than `b` in each of the first `dimension` objectives. */
function weaklyDominatesPrefix(a: readonly number[], b: readonly number[], dimension: number): boolean {
  for (let i = 0; i < dimension; i++) {
    if (a[i] > b[i]) return false;
  }
  return true;
}

/**
 * The non-dominated subset of `points` in the first `dimension` objectives, one copy of each duplicate.
 * In lexicographic order anything weakly dominating a point comes before it, so each point only needs
 * comparing with the points already kept.
 */
export function nonDominatedDistinct(points: readonly (readonly number[])[], dimension: number): (readonly number[])[] {
  const sorted = points.slice().sort((a, b) => compareLexicographically(a, b, dimension));
  const kept: (readonly number[])[] = [];
  for (const point of sorted) {
    let covered = false;
    for (const other of kept) {
      if (weaklyDominatesPrefix(other, point, dimension)) {
        covered = true;
        break;
      }
    }
    if (!covered) kept.push(point);
  }
  return kept;
}

/**
 * Hypervolume of `points` in their first `dimension` objectives. `points` must already be non-dominated
 * and duplicate-free in those objectives (the limit sets are filtered before each call).
 */
function wfg(
  points: readonly (readonly number[])[],
  dimension: number,
  ref: readonly number[],
  options: WfgOptions,
): number {
  if (points.length === 0) return 0;
  if (points.length === 1) return boxVolume(points[0], ref, dimension);
  if (dimension === 1) return ref[0] - points.reduce((best, p) => Math.min(best, p[0]), Infinity);
  if (dimension === 2) return sweepHypervolume2d(points, ref);
  if (dimension === 3 && options.useSweep3d) return sweepHypervolume3d(points, ref);

  const last = dimension - 1;
  const worstFirst = points.slice().sort((a, b) => b[last] - a[last]);
  let volume = 0;
  for (let k = 0; k < worstFirst.length; k++) {
    const point = worstFirst[k];
    const limitSet: number[][] = [];
    for (let j = k + 1; j < worstFirst.length; j++) {
      const other = worstFirst[j];
      const limited = new Array<number>(last);
      for (let i = 0; i < last; i++) limited[i] = point[i] > other[i] ? point[i] : other[i];
      limitSet.push(limited);
    }
    const exclusive = boxVolume(point, ref, last) - wfg(nonDominatedDistinct(limitSet, last), last, ref, options);
    volume += exclusive * (ref[last] - point[last]);
  }
  return volume;
}

/** Hypervolume of `points` (all objectives) bounded by `ref`. */
export function wfgHypervolume(
  points: readonly (readonly number[])[],
  ref: readonly number[],
  options: WfgOptions = { useSweep3d: true },
): number {
  const dimension = ref.length;
  return wfg(nonDominatedDistinct(points, dimension), dimension, ref, options);
}
