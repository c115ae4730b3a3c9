/**
 * Factored categorical heads on stacked networks: network g of a stack outputs the logits of the
 * heads of group g side by side (padded to the widest group), optionally followed by one value
 * column. Log-probabilities, chosen-action log-probabilities and entropies are computed for all
 * heads of all groups with a fixed handful of tensor operations, whatever the number of heads: a
 * head-membership matrix S [G, O, Hmax] turns per-column exponentials into per-head sums.
 */
import type { Tensor, Tensor3D } from '@tensorflow/tfjs';
import type { Rng } from '../../src/util/rng.js';
import type { ActionLayout } from './action-space.js';
import type { Tf } from './tf-backend.js';

export class GroupedHeads {
  readonly groups: number;
  /** Logit columns per network (the widest group's total choices). */
  readonly width: number;
  readonly maxHeads: number;
  /** columnOf[g][k]: first logit column of the k-th head of group g. */
  readonly columnOf: number[][];
  /** headsOf[g]: head indices (into the layout) of group g. */
  readonly headsOf: number[][];
  private readonly membership: Float32Array;
  private readonly missingHeads: Float32Array;
  private readonly realColumns: Float32Array;

  constructor(readonly layout: ActionLayout) {
    this.groups = layout.groups.length;
    this.headsOf = layout.groups.map((g) => g.slice());
    this.maxHeads = Math.max(...this.headsOf.map((h) => h.length));
    this.columnOf = this.headsOf.map((heads) => {
      let column = 0;
      return heads.map((h) => {
        const start = column;
        column += layout.heads[h].values.length;
        return start;
      });
    });
    this.width = Math.max(...this.headsOf.map((heads) => heads.reduce((sum, h) => sum + layout.heads[h].values.length, 0)));
    const G = this.groups;
    const O = this.width;
    const H = this.maxHeads;
    this.membership = new Float32Array(G * O * H);
    this.missingHeads = new Float32Array(G * H);
    this.realColumns = new Float32Array(G * O);
    for (let g = 0; g < G; g++) {
      for (let k = 0; k < H; k++) {
        if (k >= this.headsOf[g].length) {
          this.missingHeads[g * H + k] = 1;
          continue;
        }
        const start = this.columnOf[g][k];
        const count = layout.heads[this.headsOf[g][k]].values.length;
        for (let c = start; c < start + count; c++) {
          this.membership[(g * O + c) * H + k] = 1;
          this.realColumns[g * O + c] = 1;
        }
      }
    }
  }

  /** Per-column log-probabilities within each head, [G,B,O] from logits [G,B,O]; padded columns are meaningless. */
  logProbabilities(tf: Tf, logits: Tensor3D): Tensor3D {
    const G = this.groups;
    const O = this.width;
    const H = this.maxHeads;
    const S = tf.tensor3d(this.membership, [G, O, H]);
    const shift = tf.max(logits, -1, true);
    const sums = tf.add(tf.matMul(tf.exp(tf.sub(logits, shift)) as Tensor3D, S), tf.tensor3d(this.missingHeads, [G, 1, H]));
    const logZ = tf.add(tf.log(sums), shift) as Tensor3D;
    return tf.sub(logits, tf.matMul(logZ, S, false, true)) as Tensor3D;
  }

  /** Sum over each group's heads of the chosen column's log-probability: [G,B] from a one-hot [G,B,O]. */
  chosen(tf: Tf, logp: Tensor3D, oneHot: Tensor3D): Tensor {
    return tf.sum(tf.mul(logp, oneHot), -1);
  }

  /** Sum of the entropies of each group's heads, [G,B]. */
  entropy(tf: Tf, logp: Tensor3D): Tensor {
    const mask = tf.tensor3d(this.realColumns, [this.groups, 1, this.width]);
    return tf.neg(tf.sum(tf.mul(tf.mul(tf.exp(logp), mask), logp), -1));
  }

  /**
   * One-hot [G,B,O] of chosen head indices (choices[b * heads + h]), as a flat array for tf.tensor3d.
   */
  oneHot(choices: Int32Array, batch: number): Float32Array {
    const G = this.groups;
    const O = this.width;
    const heads = this.layout.heads.length;
    const out = new Float32Array(G * batch * O);
    for (let g = 0; g < G; g++) {
      for (let k = 0; k < this.headsOf[g].length; k++) {
        const h = this.headsOf[g][k];
        const start = this.columnOf[g][k];
        for (let b = 0; b < batch; b++) out[(g * batch + b) * O + start + choices[b * heads + h]] = 1;
      }
    }
    return out;
  }

  /** Each group's log-probability of given choices of sample b (same layout as `sample`). */
  logProbabilityOf(logp: Float32Array, batch: number, b: number, stride: number, choices: Int32Array, groupLogp: Float64Array): void {
    for (let g = 0; g < this.groups; g++) {
      const row = (g * batch + b) * stride;
      let total = 0;
      for (let k = 0; k < this.headsOf[g].length; k++) total += logp[row + this.columnOf[g][k] + choices[this.headsOf[g][k]]];
      groupLogp[g] = total;
    }
  }

  /**
   * Draws every head's choice of sample b from downloaded log-probabilities [G,B,O] (row stride
   * `stride` >= O when value columns follow); writes choices[h] and returns each group's log-probability.
   */
  sample(logp: Float32Array, batch: number, b: number, stride: number, rng: Rng, choices: Int32Array, groupLogp: Float64Array): void {
    for (let g = 0; g < this.groups; g++) {
      const row = (g * batch + b) * stride;
      let total = 0;
      for (let k = 0; k < this.headsOf[g].length; k++) {
        const h = this.headsOf[g][k];
        const start = row + this.columnOf[g][k];
        const count = this.layout.heads[h].values.length;
        // Renormalized in double precision, so float32 rounding cannot leave the draw past the last choice.
        let norm = 0;
        for (let c = 0; c < count; c++) norm += Math.exp(logp[start + c]);
        let u = rng.next() * norm;
        let pick = count - 1;
        for (let c = 0; c < count; c++) {
          u -= Math.exp(logp[start + c]);
          if (u < 0) {
            pick = c;
            break;
          }
        }
        choices[h] = pick;
        total += logp[start + pick];
      }
      groupLogp[g] = total;
    }
  }
}
