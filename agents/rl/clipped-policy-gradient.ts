/**
 * The clipped policy-gradient learner (PPO, Schulman et al. 2017) behind both `ppo` and `marl`.
 *
 * Each group of heads is one actor-critic network: it maps the policy input to the logits of its
 * heads and to a value (its estimate of the reward). `ppo` has one group holding every head: one
 * agent over the joint action, one probability ratio and one trust region for the whole design.
 * `marl` has one group per parameter (or per user-defined group): independent learners, each with
 * its own network, critic, ratio and clipping, trained on the shared team reward, acting without
 * seeing each other (decentralized execution). The networks are stacked (mlp.ts) so G agents cost
 * one batched product per layer, but they share no weights; Adam's per-weight moments keep their
 * optimizers independent too.
 *
 * Episodes are one step (a design is chosen whole and evaluated once), so generalized advantage
 * estimation (Schulman et al. 2016) reduces to its one-step form, A = r - V(s), for any gamma and
 * lambda; advantages are normalized per group over the rollout. Every `rolloutSize` told designs
 * (at least one batch), the learner runs `epochs` passes over the rollout in shuffled minibatches.
 */
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { AgentContext, AgentOptionSpec } from '../../src/agent/types.js';
import { adamStep, newAdamState, type AdamState } from './adam.js';
import { RlAgent, rlCommonSettings, type AskedBatch, type RlBaseSnapshot } from './base.js';
import { download } from './tf-backend.js';
import { decodeArray, encodeArray } from './codec.js';
import { forward, initialWeights, stackedGradients, toTensors, weightShapes, type MlpShape } from './mlp.js';

export interface ClippedSettings {
  epochs: number;
  minibatch: number;
  clip: number;
  entropyCoefficient: number;
  valueCoefficient: number;
  rolloutSize: number;
  maxGradientNorm: number;
}

export const clippedOptionSpecs: readonly AgentOptionSpec[] = [
  { name: 'rolloutSize', type: 'integer', description: 'told designs per learning update (at least one batch is always used)', default: 64, min: 1 },
  { name: 'epochs', type: 'integer', description: 'passes over each rollout', default: 4, min: 1 },
  { name: 'minibatch', type: 'integer', description: 'designs per gradient step', default: 64, min: 1 },
  { name: 'clip', type: 'number', description: 'PPO clipping range epsilon of the probability ratio', default: 0.5, min: 0 },
  { name: 'entropyCoefficient', type: 'number', description: 'weight of the entropy bonus (keeps exploring)', default: 0.01, min: 0 },
  { name: 'valueCoefficient', type: 'number', description: 'weight of the critic loss', default: 0.5, min: 0 },
  { name: 'maxGradientNorm', type: 'number', description: 'global gradient-norm clip before each Adam step (0: none)', default: 0.5, min: 0 },
];

export function clippedSettings(options: Record<string, unknown>): ClippedSettings {
  return {
    epochs: options.epochs as number,
    minibatch: options.minibatch as number,
    clip: options.clip as number,
    entropyCoefficient: options.entropyCoefficient as number,
    valueCoefficient: options.valueCoefficient as number,
    rolloutSize: options.rolloutSize as number,
    maxGradientNorm: options.maxGradientNorm as number,
  };
}

/** Policy output scale of the last layer (near-uniform initial policies). */
const POLICY_OUTPUT_SCALE = 0.01;

interface Rollout {
  observations: number[];
  choices: number[];
  logProbabilities: number[];
  rewards: number[];
}

interface ClippedSnapshot extends RlBaseSnapshot {
  version: 1;
  agent: string;
  weights: string[];
  adam: { step: number; m: string[]; v: string[] };
  rollout: Rollout;
}

export class ClippedPolicyGradientAgent extends RlAgent {
  private readonly shape: MlpShape;
  private weights: Float32Array[];
  private adam: AdamState;
  private readonly settings: ClippedSettings;
  private rollout: Rollout = { observations: [], choices: [], logProbabilities: [], rewards: [] };

  constructor(
    context: AgentContext,
    private readonly agentName: string,
    groups: 'single' | string,
  ) {
    super(context, rlCommonSettings(context.options), groups);
    this.settings = clippedSettings(context.options);
    this.shape = { groups: this.heads.groups, inputs: this.inputs, hidden: this.common.hidden, outputs: this.heads.width + 1, activation: this.common.activation };
    this.weights = initialWeights(this.shape, this.rng.fork('weights'), POLICY_OUTPUT_SCALE);
    this.adam = newAdamState(this.weights);
  }

  /** Network inputs [B,I], the same for every group. */
  private inputsFor(observations: Float32Array | number[], batch: number): Tensor2D {
    return this.tf.tensor2d(observations instanceof Float32Array ? observations : Float32Array.from(observations), [batch, this.inputs]);
  }

  protected policyLogProbabilities(observations: Float32Array, batch: number): { logp: Float32Array; stride: number } {
    const { tf } = this;
    const width = this.heads.width;
    const [logp] = download(tf, () => {
      const out = forward(tf, toTensors(tf, this.shape, this.weights), this.inputsFor(observations, batch), this.common.activation);
      return [this.heads.logProbabilities(tf, tf.slice(out, [0, 0, 0], [this.heads.groups, batch, width]) as Tensor3D)];
    });
    return { logp, stride: width };
  }

  /** The critics' values [G,B] of a batch of inputs. */
  private values(observations: number[], batch: number): Float32Array {
    const { tf } = this;
    return download(tf, () => {
      const out = forward(tf, toTensors(tf, this.shape, this.weights), this.inputsFor(observations, batch), this.common.activation);
      return [tf.slice(out, [0, 0, this.heads.width], [this.heads.groups, batch, 1])];
    })[0];
  }

  protected learn(batch: AskedBatch, rewards: number[]): void {
    const told = rewards.length;
    const heads = this.layout.heads.length;
    const groups = this.heads.groups;
    const r = this.rollout;
    for (let b = 0; b < told; b++) {
      for (let i = 0; i < this.inputs; i++) r.observations.push(batch.observations[b * this.inputs + i]);
      for (let h = 0; h < heads; h++) r.choices.push(batch.choices[b * heads + h]);
      for (let g = 0; g < groups; g++) r.logProbabilities.push(batch.logProbabilities[b * groups + g]);
      r.rewards.push(rewards[b]);
    }
    if (r.rewards.length >= this.settings.rolloutSize) {
      this.update(r);
      this.rollout = { observations: [], choices: [], logProbabilities: [], rewards: [] };
    }
  }

  private update(r: Rollout): void {
    const { tf } = this;
    const size = r.rewards.length;
    const G = this.heads.groups;
    const heads = this.layout.heads.length;
    const values = this.values(r.observations, size);
    // Per-group advantages A = r - V, normalized over the rollout; layout [G, size].
    const advantages = new Float32Array(G * size);
    for (let g = 0; g < G; g++) {
      let mean = 0;
      for (let b = 0; b < size; b++) mean += advantages[g * size + b] = r.rewards[b] - values[g * size + b];
      mean /= size;
      let variance = 0;
      for (let b = 0; b < size; b++) variance += (advantages[g * size + b] - mean) ** 2;
      const std = Math.sqrt(variance / size) + 1e-8;
      for (let b = 0; b < size; b++) advantages[g * size + b] = (advantages[g * size + b] - mean) / std;
    }
    const order = Array.from({ length: size }, (_, i) => i);
    const mb = Math.min(this.settings.minibatch, size);
    for (let epoch = 0; epoch < this.settings.epochs; epoch++) {
      this.rng.shuffle(order);
      for (let start = 0; start < size; start += mb) {
        const rows = order.slice(start, start + mb);
        const n = rows.length;
        const observations = new Float32Array(n * this.inputs);
        const choices = new Int32Array(n * heads);
        const oldLogp = new Float32Array(G * n);
        const adv = new Float32Array(G * n);
        const returns = new Float32Array(G * n);
        rows.forEach((row, b) => {
          for (let i = 0; i < this.inputs; i++) observations[b * this.inputs + i] = r.observations[row * this.inputs + i];
          for (let h = 0; h < heads; h++) choices[b * heads + h] = r.choices[row * heads + h];
          for (let g = 0; g < G; g++) {
            oldLogp[g * n + b] = r.logProbabilities[row * G + g];
            adv[g * n + b] = advantages[g * size + row];
            returns[g * n + b] = r.rewards[row];
          }
        });
        const gradients = download(tf, () => {
          const x = this.inputsFor(observations, n);
          const oneHot = tf.tensor3d(this.heads.oneHot(choices, n), [G, n, this.heads.width]);
          const old = tf.tensor2d(oldLogp, [G, n]);
          const advantage = tf.tensor2d(adv, [G, n]);
          const target = tf.tensor2d(returns, [G, n]);
          const loss = (...w: Tensor[]) => this.loss(w, x, oneHot, old, advantage, target, n);
          return tf.grads(loss)(toTensors(tf, this.shape, this.weights));
        });
        adamStep(this.weights, stackedGradients(this.shape, gradients), this.adam, this.common.learningRate, this.settings.maxGradientNorm);
      }
    }
  }

  private loss(w: Tensor[], x: Tensor2D, oneHot: Tensor3D, oldLogp: Tensor2D, advantage: Tensor2D, target: Tensor2D, n: number): Tensor {
    const { tf } = this;
    const G = this.heads.groups;
    const width = this.heads.width;
    const out = forward(tf, w, x, this.common.activation);
    const logp = this.heads.logProbabilities(tf, tf.slice(out, [0, 0, 0], [G, n, width]) as Tensor3D);
    const value = tf.reshape(tf.slice(out, [0, 0, width], [G, n, 1]), [G, n]);
    const ratio = tf.exp(tf.sub(this.heads.chosen(tf, logp, oneHot), oldLogp));
    const { clip, valueCoefficient, entropyCoefficient } = this.settings;
    const surrogate = tf.minimum(tf.mul(ratio, advantage), tf.mul(tf.clipByValue(ratio, 1 - clip, 1 + clip), advantage));
    // Summed over groups: each agent's loss moves only its own weights.
    const policyLoss = tf.neg(tf.sum(tf.mean(surrogate, 1)));
    const valueLoss = tf.mul(valueCoefficient, tf.sum(tf.mean(tf.square(tf.sub(value, target)), 1)));
    const entropyBonus = tf.mul(entropyCoefficient, tf.sum(tf.mean(this.heads.entropy(tf, logp), 1)));
    return tf.sub(tf.add(policyLoss, valueLoss), entropyBonus);
  }

  snapshot(): ClippedSnapshot {
    return {
      version: 1,
      agent: this.agentName,
      ...this.baseSnapshot(),
      weights: this.weights.map(encodeArray),
      adam: { step: this.adam.step, m: this.adam.m.map(encodeArray), v: this.adam.v.map(encodeArray) },
      rollout: { observations: [...this.rollout.observations], choices: [...this.rollout.choices], logProbabilities: [...this.rollout.logProbabilities], rewards: [...this.rollout.rewards] },
    };
  }

  restore(state: unknown): void {
    const where = `${this.agentName} snapshot`;
    const s = state as Partial<ClippedSnapshot> | null;
    if (!s || s.version !== 1 || s.agent !== this.agentName) throw new Error(`${where}: expected version 1 of a ${this.agentName} snapshot`);
    this.restoreBase(s, where);
    const sizes = weightShapes(this.shape).map((dims) => dims.reduce((a, b) => a * b, 1));
    const decodeAll = (list: unknown, what: string) => {
      if (!Array.isArray(list) || list.length !== sizes.length) throw new Error(`${where}: ${what} must hold ${sizes.length} arrays (the network shape changed?)`);
      return list.map((text, k) => decodeArray(Float32Array, text, `${where}: ${what}[${k}]`, sizes[k]));
    };
    this.weights = decodeAll(s.weights, 'weights');
    if (!s.adam || !Number.isInteger(s.adam.step)) throw new Error(`${where}: adam must be { step, m, v }`);
    this.adam = { step: s.adam.step, m: decodeAll(s.adam.m, 'adam.m'), v: decodeAll(s.adam.v, 'adam.v') };
    const rollout = s.rollout;
    const numbers = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'number');
    if (!rollout || !numbers(rollout.observations) || !numbers(rollout.choices) || !numbers(rollout.logProbabilities) || !numbers(rollout.rewards)) {
      throw new Error(`${where}: rollout must be { observations, choices, logProbabilities, rewards } number lists`);
    }
    this.rollout = { observations: [...rollout.observations], choices: [...rollout.choices], logProbabilities: [...rollout.logProbabilities], rewards: [...rollout.rewards] };
  }
}
