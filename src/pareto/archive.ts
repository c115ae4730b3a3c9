/**
 * An incremental archive of mutually non-dominated items (minimization-form objectives).
 *
 * Only strict domination excludes: an item whose objectives equal an archived item's is kept beside it,
 * since two designs with the same objectives are both Pareto-optimal.
 *
 * Two objectives (the common case, and the one that sees hundreds of thousands of adds) keep the front
 * sorted by the first objective, which makes the second strictly decreasing between distinct vectors;
 * whether a new vector is dominated is then decided by one binary search, and the items it dominates
 * form one contiguous run right after its position. Other dimensions use a linear scan.
 */

import { dominates } from './dominance.js';
import { hypervolume } from './hypervolume.js';

interface ArchiveEntry<T> {
  item: T;
  objectives: number[];
}

export class ParetoArchive<T> {
  private entryList: ArchiveEntry<T>[] = [];
  private dimensionOfObjectives: number | undefined;

  /** `dimension` fixes the number of objectives up front; otherwise the first add fixes it. */
  constructor(dimension?: number) {
    if (dimension !== undefined && (!Number.isInteger(dimension) || dimension < 1)) {
      throw new Error(`archive dimension must be a positive integer, got ${dimension}`);
    }
    this.dimensionOfObjectives = dimension;
  }

  get size(): number {
    return this.entryList.length;
  }

  /** Number of objectives, once known. */
  get dimension(): number | undefined {
    return this.dimensionOfObjectives;
  }

  /**
   * Offers `item`. Returns true if it entered the archive (no archived item strictly dominates it), in
   * which case the archived items it strictly dominates are removed.
   */
  add(item: T, objectives: readonly number[]): boolean {
    this.validate(objectives);
    const entry: ArchiveEntry<T> = { item, objectives: objectives.slice() };
    return this.dimensionOfObjectives === 2 ? this.addSorted2d(entry) : this.addByScan(entry);
  }

  items(): T[] {
    return this.entryList.map((entry) => entry.item);
  }

  /** Archived items with copies of their objective vectors. */
  entries(): { item: T; objectives: number[] }[] {
    return this.entryList.map((entry) => ({ item: entry.item, objectives: entry.objectives.slice() }));
  }

  objectives(): number[][] {
    return this.entryList.map((entry) => entry.objectives.slice());
  }

  /** Exact hypervolume of the archived objective vectors bounded by `ref`. */
  hypervolume(ref: readonly number[]): number {
    return hypervolume(
      this.entryList.map((entry) => entry.objectives),
      ref,
    );
  }

  private validate(objectives: readonly number[]): void {
    if (objectives.length === 0) throw new Error('cannot archive an empty objective vector');
    if (this.dimensionOfObjectives === undefined) {
      this.dimensionOfObjectives = objectives.length;
    } else if (objectives.length !== this.dimensionOfObjectives) {
      throw new Error(
        `objective vector has ${objectives.length} objectives but the archive holds ${this.dimensionOfObjectives}`,
      );
    }
    objectives.forEach((value, i) => {
      if (Number.isNaN(value)) throw new Error(`objective ${i} is NaN; the archive cannot order it`);
    });
  }

  /** First position whose first objective is > x (`orEqual` false) or >= x (`orEqual` true). */
  private searchFirstObjective(x: number, orEqual: boolean): number {
    let low = 0;
    let high = this.entryList.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const value = this.entryList[mid].objectives[0];
      if (value < x || (!orEqual && value === x)) low = mid + 1;
      else high = mid;
    }
    return low;
  }

  private addSorted2d(entry: ArchiveEntry<T>): boolean {
    const [x, y] = entry.objectives;
    const list = this.entryList;
    // Of the archived vectors with first objective <= x, the last has the lowest second objective: if
    // anything dominates the new vector, that one does.
    const afterNotGreater = this.searchFirstObjective(x, false);
    if (afterNotGreater > 0) {
      const [px, py] = list[afterNotGreater - 1].objectives;
      if (py === y && px === x) {
        // A duplicate: nothing archived dominates it, and it dominates nothing its twin did not.
        list.splice(afterNotGreater, 0, entry);
        return true;
      }
      if (py <= y) return false;
    }
    // Vectors with first objective >= x have non-increasing second objectives, so those the new vector
    // dominates (second objective >= y) are a contiguous run from the first of them.
    const start = this.searchFirstObjective(x, true);
    let end = start;
    while (end < list.length && list[end].objectives[1] >= y) end++;
    list.splice(start, end - start, entry);
    return true;
  }

  private addByScan(entry: ArchiveEntry<T>): boolean {
    // The archive is mutually non-dominated, so if some archived vector dominates the new one, the new
    // one cannot dominate any archived vector (transitivity) and one pass answers both questions.
    let dominatesSome = false;
    for (const archived of this.entryList) {
      if (dominates(archived.objectives, entry.objectives)) return false;
      if (!dominatesSome && dominates(entry.objectives, archived.objectives)) dominatesSome = true;
    }
    if (dominatesSome) {
      this.entryList = this.entryList.filter((archived) => !dominates(entry.objectives, archived.objectives));
    }
    this.entryList.push(entry);
    return true;
  }
}
