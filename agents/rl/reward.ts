/**
 * Turning multi-objective results into the scalar reward RL needs, so the agents grow a Pareto front
 * instead of chasing one target.
 *
 * Objectives are normalized by the current front: 0 at its ideal point, 1 at its nadir (per
 * objective; the range of all feasible results where the front is a single point). Then, with a
 * weight vector w on the simplex that the policy also sees as input:
 *
 * - "tchebycheff" (default): r = -(max_i w_i f_i + 0.05 sum_i w_i f_i), the augmented weighted
 *   Tchebycheff scalarization (Steuer and Choo 1983). Every Pareto-optimal design minimizes it for
 *   some w, so a policy conditioned on w, with w drawn afresh for every design, learns to cover the
 *   whole front. Normalized values are capped at 3 so that designs far from the front (10x slower,
 *   say) do not swamp the differences that matter near it.
 * - "hypervolume": w is not used; r = the hypervolume a design adds to the front (normalized space,
 *   reference point 1.1 per objective) when it is not dominated, else minus its additive epsilon
 *   distance to the front (how much it would have to improve in every objective to stop being
 *   dominated). Rewards are taken against the front as it was before the batch.
 *
 * Infeasible designs (metric constraints) get -(cap + 1 + violation), failed and invalid ones
 * -(cap + 2): worse than any feasible design.
 */
import type { Evaluation } from '../../src/agent/types.js';
import { nonDominated } from '../../src/pareto/dominance.js';
import { hypervolume } from '../../src/pareto/hypervolume.js';
import type { Rng } from '../../src/util/rng.js';

export const REWARD_KINDS = ['tchebycheff', 'hypervolume'] as const;
export type RewardKind = (typeof REWARD_KINDS)[number];

/** Normalized objective values above this are capped (see above). */
export const NORMALIZED_CAP = 3;
/** Weight of the sum term of the augmented Tchebycheff scalarization. */
export const AUGMENTATION = 0.05;
const HYPERVOLUME_REFERENCE = 1.1;

export interface RewardState {
  /** Non-dominated feasible objective vectors seen so far. */
  front: number[][];
  /** Per objective, the least and greatest feasible value seen. */
  low: number[];
  high: number[];
}

/** A weight vector drawn uniformly from the simplex (a flat Dirichlet), length `m`. */
export function sampleWeights(rng: Rng, m: number): number[] {
  const w = new Array<number>(m);
  let sum = 0;
  for (let i = 0; i < m; i++) {
    w[i] = -Math.log(1 - rng.next());
    sum += w[i];
  }
  for (let i = 0; i < m; i++) w[i] /= sum;
  return w;
}

export class RewardModel {
  private state: RewardState;
  /** Per objective, the front's ideal value and the range that normalizes to 1 (updated as results come). */
  private ideal: number[] = [];
  private range: number[] = [];

  constructor(
    readonly kind: RewardKind,
    readonly objectives: number,
  ) {
    this.state = { front: [], low: new Array(objectives).fill(Infinity), high: new Array(objectives).fill(-Infinity) };
    this.updateNormalization();
  }

  /** Whether the policy input carries the weight vector. */
  get usesWeights(): boolean {
    return this.kind === 'tchebycheff';
  }

  /** Rewards of a told batch (weights[i] is the vector design i was asked with); then learns the batch. */
  rewards(evaluations: readonly Evaluation[], weights: readonly (readonly number[])[]): number[] {
    if (this.kind === 'tchebycheff') {
      this.observe(evaluations);
      return evaluations.map((e, i) => this.penalty(e) ?? this.tchebycheff(e.objectives!, weights[i]));
    }
    const rewards = evaluations.map((e) => this.penalty(e) ?? this.hypervolumeGain(e.objectives!));
    this.observe(evaluations);
    return rewards;
  }

  private penalty(e: Evaluation): number | null {
    if (e.status !== 'ok' || e.objectives === null) return -(NORMALIZED_CAP + 2);
    if (!e.feasible) return -(NORMALIZED_CAP + 1 + Math.min(e.violation, 1));
    return null;
  }

  private observe(evaluations: readonly Evaluation[]): void {
    const { low, high } = this.state;
    const candidates = this.state.front.slice();
    for (const e of evaluations) {
      if (e.status !== 'ok' || !e.feasible || e.objectives === null) continue;
      candidates.push(e.objectives.slice());
      for (let i = 0; i < this.objectives; i++) {
        if (e.objectives[i] < low[i]) low[i] = e.objectives[i];
        if (e.objectives[i] > high[i]) high[i] = e.objectives[i];
      }
    }
    const keep = nonDominated(candidates);
    const front: number[][] = [];
    const seen = new Set<string>();
    for (const index of keep) {
      const key = candidates[index].join(',');
      if (!seen.has(key)) {
        seen.add(key);
        front.push(candidates[index]);
      }
    }
    this.state.front = front;
    this.updateNormalization();
  }

  private updateNormalization(): void {
    const { front, low, high } = this.state;
    this.ideal = new Array<number>(this.objectives);
    this.range = new Array<number>(this.objectives);
    for (let i = 0; i < this.objectives; i++) {
      let ideal = Infinity;
      let nadir = -Infinity;
      for (const q of front) {
        if (q[i] < ideal) ideal = q[i];
        if (q[i] > nadir) nadir = q[i];
      }
      this.ideal[i] = Number.isFinite(ideal) ? ideal : 0;
      this.range[i] = nadir - ideal > 0 ? nadir - ideal : high[i] - low[i] > 0 ? high[i] - low[i] : 1;
    }
  }

  /** Normalized objectives, capped. */
  private normalize(f: readonly number[]): number[] {
    const out = new Array<number>(this.objectives);
    for (let i = 0; i < this.objectives; i++) out[i] = Math.min((f[i] - this.ideal[i]) / this.range[i], NORMALIZED_CAP);
    return out;
  }

  private tchebycheff(f: readonly number[], w: readonly number[]): number {
    const z = this.normalize(f);
    let max = -Infinity;
    let sum = 0;
    for (let i = 0; i < z.length; i++) {
      const term = w[i] * z[i];
      if (term > max) max = term;
      sum += term;
    }
    return -(max + AUGMENTATION * sum);
  }

  private hypervolumeGain(f: readonly number[]): number {
    const p = this.normalize(f);
    const front = this.state.front.map((q) => this.normalize(q));
    if (front.length === 0) return 0;
    // How much p would have to improve in every objective to escape its dominators: for one front
    // point q that is min_i (p_i - q_i) (positive iff q dominates p), over the front the largest.
    let distance = -Infinity;
    for (const q of front) {
      let least = Infinity;
      for (let i = 0; i < p.length; i++) least = Math.min(least, p[i] - q[i]);
      distance = Math.max(distance, least);
    }
    if (distance > 0) return -distance;
    const reference = new Array(p.length).fill(HYPERVOLUME_REFERENCE);
    const inside = front.filter((q) => q.every((v) => v < HYPERVOLUME_REFERENCE));
    if (!p.every((v) => v < HYPERVOLUME_REFERENCE)) return 0;
    return hypervolume([...inside, p], reference) - hypervolume(inside, reference);
  }

  snapshot(): RewardState {
    return { front: this.state.front.map((q) => q.slice()), low: this.state.low.slice(), high: this.state.high.slice() };
  }

  restore(state: unknown, where: string): void {
    const s = state as Partial<RewardState> | null;
    const vector = (v: unknown) => Array.isArray(v) && v.length === this.objectives && v.every((x) => typeof x === 'number' || x === null);
    if (!s || !Array.isArray(s.front) || !s.front.every(vector) || !vector(s.low) || !vector(s.high)) {
      throw new Error(`${where}: reward state must be { front, low, high } over ${this.objectives} objectives`);
    }
    // JSON turns the initial +-Infinity bounds into null.
    const bound = (v: number[], fill: number) => v.map((x) => (x === null ? fill : x));
    this.state = { front: s.front.map((q) => q.slice()), low: bound(s.low!, Infinity), high: bound(s.high!, -Infinity) };
    this.updateNormalization();
  }
}
