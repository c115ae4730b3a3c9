/**
 * NSGA-II's population: its members, (mu + lambda) elitist survival by non-dominated rank and
 * crowding distance, and the crowded binary tournament that picks parents (Deb et al. 2002).
 */
import { constrainedDominates } from '../../src/pareto/index.js';
import type { Point } from '../../src/space/types.js';
import type { Rng } from '../../src/util/rng.js';
import { ConstrainedSorter } from './sorting.js';

export interface Individual {
  point: Point;
  /** designHash of the point, for duplicate detection. */
  fingerprint: number;
  genes: Float64Array;
  /** Minimization-form objectives; null when the design was not evaluated successfully. */
  objectives: readonly number[] | null;
  /** Total metric-constraint violation: 0 feasible, Infinity without objectives. */
  violation: number;
  /** Crowding distance within its front at the last survival (larger = more isolated = preferred). */
  crowding: number;
}

/** Larger first, Infinity included, ties by position so the order never depends on the sort algorithm. */
function byCrowdingDescending(crowding: Float64Array): (a: number, b: number) => number {
  return (a, b) => (crowding[a] > crowding[b] ? -1 : crowding[a] < crowding[b] ? 1 : a - b);
}

export class Survival {
  private readonly sorter = new ConstrainedSorter();

  /**
   * @param objectiveCount objectives per design
   * @param removeDuplicates keep only the first of several members with the same design, so one
   *   design never occupies two population slots
   */
  constructor(
    private readonly objectiveCount: number,
    private readonly removeDuplicates: boolean,
  ) {}

  /**
   * The best `size` of the candidates (current population first, then offspring): whole fronts in
   * rank order, the last one cut by crowding distance. Sets each survivor's crowding distance.
   */
  select(candidates: readonly Individual[], size: number): Individual[] {
    const pool = this.removeDuplicates ? uniqueByFingerprint(candidates) : candidates;
    const m = this.objectiveCount;
    const sorter = this.sorter;
    sorter.reset(pool.length, m);
    const { objectives, violations } = sorter;
    for (let i = 0; i < pool.length; i++) {
      const values = pool[i].objectives;
      violations[i] = pool[i].violation;
      for (let k = 0; k < m; k++) objectives[i * m + k] = values === null ? 0 : values[k];
    }
    const survivors: Individual[] = [];
    for (const front of sorter.fronts()) {
      if (survivors.length >= size) break;
      sorter.assignCrowding(front);
      const taken = survivors.length + front.length <= size ? front : [...front].sort(byCrowdingDescending(sorter.crowding)).slice(0, size - survivors.length);
      for (const i of taken) {
        pool[i].crowding = sorter.crowding[i];
        survivors.push(pool[i]);
      }
    }
    return survivors;
  }
}

function uniqueByFingerprint(candidates: readonly Individual[]): Individual[] {
  const seen = new Set<number>();
  const unique: Individual[] = [];
  for (const candidate of candidates) {
    if (seen.has(candidate.fingerprint)) continue;
    seen.add(candidate.fingerprint);
    unique.push(candidate);
  }
  return unique;
}

/**
 * Binary tournament (Deb et al. 2002; Deb's reference code): of two distinct random members, the
 * one that constrained-dominates the other wins, else the less crowded one, else a coin flip.
 */
export function binaryTournament(population: readonly Individual[], rng: Rng): Individual {
  const size = population.length;
  const first = rng.int(size);
  if (size === 1) return population[first];
  let second = rng.int(size - 1);
  if (second >= first) second++;
  const a = population[first];
  const b = population[second];
  if (constrainedDominates(a, b)) return a;
  if (constrainedDominates(b, a)) return b;
  if (a.crowding > b.crowding) return a;
  if (b.crowding > a.crowding) return b;
  return rng.next() < 0.5 ? a : b;
}
