/**
 * NSGA-II's population: its members, (mu + lambda) elitist survival by non-dominated rank and
 * crowding distance (or hypervolume contribution), and the crowded binary tournament that picks
 * parents (Deb et al. 2002).
 */
import { constrainedDominates } from '../../src/pareto/index.js';
import type { Point } from '../../src/space/types.js';
import type { Rng } from '../../src/util/rng.js';
import { ContributionSolver } from './contribution.js';
import type { SurvivalRule } from './options.js';
import { ConstrainedSorter } from './sorting.js';

/**
 * Reference point of the hypervolume cut, per objective, in objectives normalized to [0, 1] over the
 * front being cut: its nadir plus one range, the normalized form of SMS-EMOA's "worst value + 1"
 * (Beume et al. 2007). The extremes of the front then always contribute a lot and survive, as with
 * crowding distance's infinite values. Measured against + 10 ranges on ZDT1 and DTLZ2: the same
 * within noise.
 */
export const HYPERVOLUME_REFERENCE_OFFSET = 1;

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
  private readonly solver = new ContributionSolver();
  private normalized = new Float64Array(0);
  private contributions = new Float64Array(0);

  /**
   * @param objectiveCount objectives per design
   * @param removeDuplicates keep only the first of several members with the same design, so one
   *   design never occupies two population slots
   * @param rule how the last front is cut when it does not fit whole
   */
  constructor(
    private readonly objectiveCount: number,
    private readonly removeDuplicates: boolean,
    private readonly rule: SurvivalRule = 'crowding',
  ) {}

  /**
   * The best `size` of the candidates (current population first, then offspring): whole fronts in
   * rank order, the last one cut by crowding distance or, under the hypervolume rule, by dropping
   * its least hypervolume contributor until it fits. Sets each survivor's crowding distance (within
   * its whole front), which the tournament reads.
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
      const room = size - survivors.length;
      const taken =
        front.length <= room
          ? front
          : this.rule === 'hypervolume' && this.measurable(front)
            ? this.leastContributorsDropped(front, room)
            : [...front].sort(byCrowdingDescending(sorter.crowding)).slice(0, room);
      for (const i of taken) {
        pool[i].crowding = sorter.crowding[i];
        survivors.push(pool[i]);
      }
    }
    return survivors;
  }

  /** A front the hypervolume can rank: feasible designs (objectives known) with finite objectives. */
  private measurable(front: readonly number[]): boolean {
    const { objectives, violations } = this.sorter;
    const m = this.objectiveCount;
    if (violations[front[0]] !== 0) return false;
    for (const i of front) for (let k = 0; k < m; k++) if (!Number.isFinite(objectives[i * m + k])) return false;
    return true;
  }

  /**
   * `room` members of a front, by greedy removal of the member contributing least hypervolume,
   * recomputed after each removal (SMS-EMOA's reduce step, repeated; Beume, Naujoks and Emmerich
   * 2007, "SMS-EMOA: Multiobjective selection based on dominated hypervolume", EJOR 181(3)).
   * Objectives are normalized over the front, so units do not matter. Ties go to the later member
   * (offspring after the population), so an offspring equal in worth to a member does not evict it.
   * Each removal costs one computation of all contributions (contribution.ts): O(n log n) for 2
   * objectives, O(n^3) on flat arrays for 3 objectives and small fronts, n exact hypervolumes of
   * n - 1 points otherwise.
   */
  private leastContributorsDropped(front: readonly number[], room: number): number[] {
    const m = this.objectiveCount;
    const { objectives } = this.sorter;
    const n = front.length;
    if (this.normalized.length < n * m) {
      this.normalized = new Float64Array(2 * n * m);
      this.contributions = new Float64Array(2 * n);
    }
    const { normalized, contributions } = this;
    for (let k = 0; k < m; k++) {
      let low = Infinity;
      let high = -Infinity;
      for (const i of front) {
        const value = objectives[i * m + k];
        if (value < low) low = value;
        if (value > high) high = value;
      }
      const range = high - low;
      for (let j = 0; j < n; j++) normalized[j * m + k] = range > 0 ? (objectives[front[j] * m + k] - low) / range : 0;
    }
    const kept = [...front];
    const reference = 1 + HYPERVOLUME_REFERENCE_OFFSET;
    while (kept.length > room) {
      const count = kept.length;
      this.solver.contributions(normalized, count, m, reference, contributions);
      let worst = count - 1;
      for (let j = count - 2; j >= 0; j--) if (contributions[j] < contributions[worst]) worst = j;
      kept.splice(worst, 1);
      normalized.copyWithin(worst * m, (worst + 1) * m, count * m);
    }
    return kept;
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
 * Returns the winner's index.
 */
export function binaryTournamentIndex(population: readonly Individual[], rng: Rng): number {
  const size = population.length;
  const first = rng.int(size);
  if (size === 1) return first;
  let second = rng.int(size - 1);
  if (second >= first) second++;
  const a = population[first];
  const b = population[second];
  if (constrainedDominates(a, b)) return first;
  if (constrainedDominates(b, a)) return second;
  if (a.crowding > b.crowding) return first;
  if (b.crowding > a.crowding) return second;
  return rng.next() < 0.5 ? first : second;
}

/** The winner of a binary tournament (see binaryTournamentIndex). */
export function binaryTournament(population: readonly Individual[], rng: Rng): Individual {
  return population[binaryTournamentIndex(population, rng)];
}
