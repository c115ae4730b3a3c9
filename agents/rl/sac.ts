/**
 * Single-agent soft actor-critic for discrete actions (Haarnoja et al. 2018; the discrete form of
 * Christodoulou 2019), adapted to the one-step design episodes of the DRAM study.
 *
 * - Actor: one network over the joint action, a factored categorical head per parameter.
 * - Critics: twin networks Q1, Q2 over [policy input, one-hot joint action] that predict the reward;
 *   the minimum of the two is used (clipped double Q, Fujimoto et al. 2018). Episodes are one step,
 *   so the critic target is the reward itself: no bootstrapping, hence no target networks.
 * - Actor loss per head h, with the other heads held at the sampled action a:
 *   sum over values v of pi_h(v) (alpha_h log pi_h(v) - Qmin(s, a with a_h = v)), an exact
 *   expectation over each head (every alternative value is scored by the critics).
 * - Temperatures alpha_h per head, tuned so each head's entropy tracks
 *   targetEntropyRatio * log(values of h) (automatic entropy adjustment, Haarnoja et al. 2018).
 * - Off-policy: every told design goes into a replay buffer, with the reward it got when told;
 *   `gradientSteps` minibatch updates per told design.
 */
import type { Tensor, Tensor2D } from '@tensorflow/tfjs';
import type { AgentContext, AgentFactory, AgentOptionSpec } from '../../src/agent/types.js';
import { adamStep, newAdamState, type AdamState } from './adam.js';
import { RlAgent, rlCommonOptionSpecs, rlCommonSettings, unsupportedByRl, type AskedBatch, type RlBaseSnapshot } from './base.js';
import { decodeArray, encodeArray } from './codec.js';
import { download } from './tf-backend.js';
import { forward, initialWeights, stackedGradients, toTensors, weightShapes, type MlpShape } from './mlp.js';

const sacOptionSpecs: readonly AgentOptionSpec[] = [
  { name: 'bufferSize', type: 'integer', description: 'replay buffer capacity in designs (oldest dropped first)', default: 100000, min: 1 },
  { name: 'minibatch', type: 'integer', description: 'designs per gradient step', default: 64, min: 1 },
  { name: 'gradientSteps', type: 'number', description: 'gradient steps per told design (0.25: 16 steps per 64 designs)', default: 0.25, min: 0 },
  {
    name: 'actorMinibatch',
    type: 'integer',
    description: 'designs of each minibatch used for the actor step (each costs one critic evaluation per value of every parameter)',
    default: 16,
    min: 1,
  },
  { name: 'targetEntropyRatio', type: 'number', description: "each head's target entropy as a fraction of its maximum, log(values)", default: 0.3, min: 0, max: 1 },
  { name: 'initialTemperature', type: 'number', description: 'initial entropy temperature alpha of every head', default: 0.1, min: 0 },
  { name: 'maxGradientNorm', type: 'number', description: 'global gradient-norm clip before each Adam step (0: none)', default: 1, min: 0 },
];

const POLICY_OUTPUT_SCALE = 0.01;
const CRITIC_OUTPUT_SCALE = 1;

interface SacSnapshot extends RlBaseSnapshot {
  version: 1;
  agent: 'sac';
  actor: string[];
  critics: string[];
  logTemperature: string;
  adam: { actor: SerializedAdam; critics: SerializedAdam; temperature: SerializedAdam };
  /** Steps owed but not yet taken (fractional gradientSteps). */
  stepCredit: number;
  buffer: { size: number; next: number; observations: string; choices: string; rewards: string };
}

interface SerializedAdam {
  step: number;
  m: string[];
  v: string[];
}

function serializeAdam(state: AdamState): SerializedAdam {
  return { step: state.step, m: state.m.map(encodeArray), v: state.v.map(encodeArray) };
}

export class SacAgent extends RlAgent {
  private readonly actorShape: MlpShape;
  private readonly criticShape: MlpShape;
  private actor: Float32Array[];
  private critics: Float32Array[];
  private logTemperature: Float32Array;
  private actorAdam: AdamState;
  private criticAdam: AdamState;
  private temperatureAdam: AdamState;
  private readonly bufferSize: number;
  private readonly minibatch: number;
  private readonly actorMinibatch: number;
  private readonly gradientSteps: number;
  private readonly targetEntropy: number[];
  private readonly maxGradientNorm: number;
  private stepCredit = 0;
  // Replay buffer, a ring of bufferSize designs.
  private bufferCount = 0;
  private bufferNext = 0;
  private bufferObservations: Float32Array;
  private bufferChoices: Int32Array;
  private bufferRewards: Float64Array;

  constructor(context: AgentContext) {
    super(context, rlCommonSettings(context.options), 'single');
    const o = context.options;
    this.bufferSize = o.bufferSize as number;
    this.minibatch = o.minibatch as number;
    this.actorMinibatch = o.actorMinibatch as number;
    this.gradientSteps = o.gradientSteps as number;
    this.maxGradientNorm = o.maxGradientNorm as number;
    this.targetEntropy = this.layout.heads.map((h) => (o.targetEntropyRatio as number) * Math.log(h.values.length));
    this.actorShape = { groups: 1, inputs: this.inputs, hidden: this.common.hidden, outputs: this.heads.width, activation: this.common.activation };
    this.criticShape = { groups: 2, inputs: this.inputs + this.layout.totalChoices, hidden: this.common.hidden, outputs: 1, activation: this.common.activation };
    this.actor = initialWeights(this.actorShape, this.rng.fork('actor'), POLICY_OUTPUT_SCALE);
    this.critics = initialWeights(this.criticShape, this.rng.fork('critics'), CRITIC_OUTPUT_SCALE);
    this.logTemperature = new Float32Array(this.layout.heads.length).fill(Math.log(o.initialTemperature as number));
    this.actorAdam = newAdamState(this.actor);
    this.criticAdam = newAdamState(this.critics);
    this.temperatureAdam = newAdamState([this.logTemperature]);
    // Grown on demand up to bufferSize, so a short run does not hold a 100,000-design buffer.
    this.bufferObservations = new Float32Array(0);
    this.bufferChoices = new Int32Array(0);
    this.bufferRewards = new Float64Array(0);
  }

  protected policyLogProbabilities(observations: Float32Array, batch: number): { logp: Float32Array; stride: number } {
    const { tf } = this;
    const [logp] = download(tf, () => {
      const out = forward(tf, toTensors(tf, this.actorShape, this.actor), tf.tensor2d(observations, [batch, this.inputs]), this.common.activation);
      return [this.heads.logProbabilities(tf, out)];
    });
    return { logp, stride: this.heads.width };
  }

  private ensureCapacity(extra: number): void {
    const needed = Math.min(this.bufferSize, this.bufferCount + extra);
    if (needed <= this.bufferRewards.length) return;
    const capacity = Math.min(this.bufferSize, Math.max(needed, 2 * this.bufferRewards.length, 256));
    const grow = <T extends Float32Array | Int32Array | Float64Array>(old: T, width: number, make: (n: number) => T): T => {
      const next = make(capacity * width);
      next.set(old);
      return next;
    };
    this.bufferObservations = grow(this.bufferObservations, this.inputs, (n) => new Float32Array(n));
    this.bufferChoices = grow(this.bufferChoices, this.layout.heads.length, (n) => new Int32Array(n));
    this.bufferRewards = grow(this.bufferRewards, 1, (n) => new Float64Array(n));
  }

  protected learn(batch: AskedBatch, rewards: number[]): void {
    const heads = this.layout.heads.length;
    this.ensureCapacity(rewards.length);
    for (let b = 0; b < rewards.length; b++) {
      const slot = this.bufferNext;
      this.bufferObservations.set(batch.observations.subarray(b * this.inputs, (b + 1) * this.inputs), slot * this.inputs);
      this.bufferChoices.set(batch.choices.subarray(b * heads, (b + 1) * heads), slot * heads);
      this.bufferRewards[slot] = rewards[b];
      this.bufferNext = (slot + 1) % this.bufferSize;
      this.bufferCount = Math.min(this.bufferCount + 1, this.bufferSize);
    }
    this.stepCredit += this.gradientSteps * rewards.length;
    while (this.stepCredit >= 1) {
      this.stepCredit -= 1;
      this.gradientStep();
    }
  }

  /** Joint one-hot actions [rows, C] of the given choices (row-major [rows, heads]). */
  private jointOneHot(choices: Int32Array, rows: number): Float32Array {
    const C = this.layout.totalChoices;
    const heads = this.layout.heads.length;
    const out = new Float32Array(rows * C);
    for (let r = 0; r < rows; r++) for (let h = 0; h < heads; h++) out[r * C + this.layout.offsets[h] + choices[r * heads + h]] = 1;
    return out;
  }

  /** Critic inputs [rows, I + C] for observations [rows, I] and joint one-hots [rows, C]. */
  private criticInputs(observations: Float32Array, oneHot: Float32Array, rows: number): Tensor2D {
    const { tf } = this;
    const I = this.inputs;
    const C = this.layout.totalChoices;
    const joined = new Float32Array(rows * (I + C));
    for (let r = 0; r < rows; r++) {
      joined.set(observations.subarray(r * I, (r + 1) * I), r * (I + C));
      joined.set(oneHot.subarray(r * C, (r + 1) * C), r * (I + C) + I);
    }
    return tf.tensor2d(joined, [rows, I + C]);
  }

  private gradientStep(): void {
    const { tf } = this;
    const n = Math.min(this.minibatch, this.bufferCount);
    if (n === 0) return;
    const I = this.inputs;
    const heads = this.layout.heads.length;
    const C = this.layout.totalChoices;
    const observations = new Float32Array(n * I);
    const choices = new Int32Array(n * heads);
    const rewards = new Float32Array(n);
    for (let b = 0; b < n; b++) {
      const slot = this.rng.int(this.bufferCount);
      observations.set(this.bufferObservations.subarray(slot * I, (slot + 1) * I), b * I);
      choices.set(this.bufferChoices.subarray(slot * heads, (slot + 1) * heads), b * heads);
      rewards[b] = this.bufferRewards[slot];
    }

    this.criticStep(observations, choices, rewards, n);
    const a = Math.min(this.actorMinibatch, n);
    const logp = this.actorStep(observations.subarray(0, a * I), choices.subarray(0, a * heads), a);
    this.temperatureStep(logp, a);
  }

  /** Regresses Q1 and Q2 on the reward. */
  private criticStep(observations: Float32Array, choices: Int32Array, rewards: Float32Array, n: number): void {
    const { tf } = this;
    const gradients = download(tf, () => {
      const x = this.criticInputs(observations, this.jointOneHot(choices, n), n);
      const target = tf.tensor3d(rewards, [1, n, 1]);
      const loss = (...w: Tensor[]) => tf.sum(tf.mean(tf.square(tf.sub(forward(tf, w, x, this.common.activation), target)), [1, 2]));
      return tf.grads(loss)(toTensors(tf, this.criticShape, this.critics));
    });
    adamStep(this.critics, stackedGradients(this.criticShape, gradients), this.criticAdam, this.common.learningRate, this.maxGradientNorm);
  }

  /**
   * Qmin of every alternative value of every head, the other heads held at the sampled action:
   * [n, C], entry (b, offset of h + v) for value v of head h.
   */
  private counterfactualQ(observations: Float32Array, choices: Int32Array, n: number): Float32Array {
    const { tf } = this;
    const I = this.inputs;
    const heads = this.layout.heads.length;
    const C = this.layout.totalChoices;
    const counterfactual = new Int32Array(n * C * heads);
    const repeated = new Float32Array(n * C * I);
    for (let b = 0; b < n; b++) {
      for (let h = 0; h < heads; h++) {
        for (let v = 0; v < this.layout.heads[h].values.length; v++) {
          const row = b * C + this.layout.offsets[h] + v;
          counterfactual.set(choices.subarray(b * heads, (b + 1) * heads), row * heads);
          counterfactual[row * heads + h] = v;
          repeated.set(observations.subarray(b * I, (b + 1) * I), row * I);
        }
      }
    }
    return download(tf, () => {
      const q = forward(tf, toTensors(tf, this.criticShape, this.critics), this.criticInputs(repeated, this.jointOneHot(counterfactual, n * C), n * C), this.common.activation);
      return [tf.min(q, 0)];
    })[0];
  }

  /** Per head, descends the expectation over its values of alpha log pi - Qmin; returns the pre-step log-probabilities [n, C]. */
  private actorStep(observations: Float32Array, choices: Int32Array, n: number): Float32Array {
    const { tf } = this;
    const heads = this.layout.heads.length;
    const C = this.layout.totalChoices;
    const qMin = this.counterfactualQ(observations, choices, n);
    const temperature = new Float32Array(C);
    for (let h = 0; h < heads; h++) temperature.fill(Math.exp(this.logTemperature[h]), this.layout.offsets[h], this.layout.offsets[h] + this.layout.heads[h].values.length);
    const downloaded = download(tf, () => {
      const x = tf.tensor2d(observations, [n, this.inputs]);
      const q = tf.tensor3d(qMin, [1, n, C]);
      const alpha = tf.tensor3d(temperature, [1, 1, C]);
      const loss = (...w: Tensor[]) => {
        const lp = this.heads.logProbabilities(tf, forward(tf, w, x, this.common.activation));
        return tf.div(tf.sum(tf.mul(tf.exp(lp), tf.sub(tf.mul(alpha, lp), q))), n);
      };
      const weights = toTensors(tf, this.actorShape, this.actor);
      return [...tf.grads(loss)(weights), this.heads.logProbabilities(tf, forward(tf, weights, x, this.common.activation))];
    });
    const logp = downloaded.pop()!;
    const gradients = downloaded;
    adamStep(this.actor, stackedGradients(this.actorShape, gradients), this.actorAdam, this.common.learningRate, this.maxGradientNorm);
    return logp;
  }

  /** d/d(log alpha_h) of E[-alpha_h (log pi_h + target_h)] = alpha_h (H_h - target_h). */
  private temperatureStep(logp: Float32Array, n: number): void {
    const heads = this.layout.heads.length;
    const C = this.layout.totalChoices;
    const gradient = new Float32Array(heads);
    for (let h = 0; h < heads; h++) {
      let entropy = 0;
      const start = this.layout.offsets[h];
      const count = this.layout.heads[h].values.length;
      for (let b = 0; b < n; b++) for (let c = start; c < start + count; c++) entropy -= Math.exp(logp[b * C + c]) * logp[b * C + c];
      gradient[h] = Math.exp(this.logTemperature[h]) * (entropy / n - this.targetEntropy[h]);
    }
    adamStep([this.logTemperature], [gradient], this.temperatureAdam, this.common.learningRate, 0);
  }

  override runInfo(): Record<string, string | number> {
    return { ...super.runInfo(), meanTemperature: Number((this.logTemperature.reduce((s, x) => s + Math.exp(x), 0) / this.logTemperature.length).toPrecision(4)) };
  }

  snapshot(): SacSnapshot {
    const used = (a: Float32Array | Int32Array | Float64Array, width: number) => encodeArray(a.subarray(0, this.bufferCount * width));
    return {
      version: 1,
      agent: 'sac',
      ...this.baseSnapshot(),
      actor: this.actor.map(encodeArray),
      critics: this.critics.map(encodeArray),
      logTemperature: encodeArray(this.logTemperature),
      adam: { actor: serializeAdam(this.actorAdam), critics: serializeAdam(this.criticAdam), temperature: serializeAdam(this.temperatureAdam) },
      stepCredit: this.stepCredit,
      buffer: {
        size: this.bufferCount,
        next: this.bufferNext,
        observations: used(this.bufferObservations, this.inputs),
        choices: used(this.bufferChoices, this.layout.heads.length),
        rewards: used(this.bufferRewards, 1),
      },
    };
  }

  restore(state: unknown): void {
    const where = 'sac snapshot';
    const s = state as Partial<SacSnapshot> | null;
    if (!s || s.version !== 1 || s.agent !== 'sac') throw new Error(`${where}: expected version 1 of a sac snapshot`);
    this.restoreBase(s, where);
    const sizes = (shape: MlpShape) => weightShapes(shape).map((dims) => dims.reduce((a, b) => a * b, 1));
    const decodeList = (list: unknown, lengths: number[], what: string) => {
      if (!Array.isArray(list) || list.length !== lengths.length) throw new Error(`${where}: ${what} must hold ${lengths.length} arrays (the network shape changed?)`);
      return list.map((text, k) => decodeArray(Float32Array, text, `${where}: ${what}[${k}]`, lengths[k]));
    };
    const decodeAdam = (a: SerializedAdam | undefined, lengths: number[], what: string): AdamState => {
      if (!a || !Number.isInteger(a.step)) throw new Error(`${where}: ${what} must be { step, m, v }`);
      return { step: a.step, m: decodeList(a.m, lengths, `${what}.m`), v: decodeList(a.v, lengths, `${what}.v`) };
    };
    const actorSizes = sizes(this.actorShape);
    const criticSizes = sizes(this.criticShape);
    const heads = this.layout.heads.length;
    this.actor = decodeList(s.actor, actorSizes, 'actor');
    this.critics = decodeList(s.critics, criticSizes, 'critics');
    this.logTemperature = decodeArray(Float32Array, s.logTemperature, `${where}: logTemperature`, heads);
    if (!s.adam) throw new Error(`${where}: adam is missing`);
    this.actorAdam = decodeAdam(s.adam.actor, actorSizes, 'adam.actor');
    this.criticAdam = decodeAdam(s.adam.critics, criticSizes, 'adam.critics');
    this.temperatureAdam = decodeAdam(s.adam.temperature, [heads], 'adam.temperature');
    if (typeof s.stepCredit !== 'number') throw new Error(`${where}: stepCredit must be a number`);
    this.stepCredit = s.stepCredit;
    const b = s.buffer;
    if (!b || !Number.isInteger(b.size) || !Number.isInteger(b.next) || b.size < 0 || b.size > this.bufferSize) throw new Error(`${where}: buffer must be { size <= bufferSize, next, ... }`);
    this.bufferCount = b.size;
    this.bufferNext = b.next;
    this.bufferObservations = decodeArray(Float32Array, b.observations, `${where}: buffer.observations`, b.size * this.inputs);
    this.bufferChoices = decodeArray(Int32Array, b.choices, `${where}: buffer.choices`, b.size * heads);
    this.bufferRewards = decodeArray(Float64Array, b.rewards, `${where}: buffer.rewards`, b.size);
  }
}

export const sacAgent: AgentFactory = {
  name: 'sac',
  description: 'Single-agent discrete soft actor-critic (twin critics, automatic temperatures) on a multi-objective reward (TensorFlow.js).',
  options: [...rlCommonOptionSpecs, ...sacOptionSpecs],
  unsupported: unsupportedByRl,
  create: (context) => new SacAgent(context),
};
