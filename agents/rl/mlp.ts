/**
 * Small multilayer perceptrons for the RL agents: two hidden layers (tanh or ReLU) and a linear
 * output. A stack holds G independent networks (one per agent in multi-agent RL, the twin critics
 * of SAC) that see the same input and share no weights; their outputs come stacked as [G, B, O].
 * tanh learned better on the discrete test problem of test/agents (HV ratio over 10 seeds at 512
 * evaluations: marl 0.93 vs 0.88, sac 0.89 vs 0.86, ppo 0.88 vs 0.89), but the wasm backend
 * computes it without SIMD and it doubles the agents' time; hence the choice.
 *
 * The weights live in plain Float32Arrays between calls and become tensors only inside a forward or
 * gradient computation. That keeps the agents' state JSON-serializable for snapshots, independent
 * of the tfjs backend, and free of leaked tensors.
 */
import type { Tensor, Tensor2D, Tensor3D } from '@tensorflow/tfjs';
import type { Rng } from '../../src/util/rng.js';
import type { Tf } from './tf-backend.js';

export interface MlpShape {
  /** Independent networks in the stack. */
  groups: number;
  inputs: number;
  hidden: number;
  outputs: number;
  activation: Activation;
}

export const ACTIVATIONS = ['tanh', 'relu'] as const;
export type Activation = (typeof ACTIVATIONS)[number];

/** Weight tensors in order: W1 [G,I,H], b1 [G,1,H], W2 [G,H,H], b2 [G,1,H], W3 [G,H,O], b3 [G,1,O]. */
export function weightShapes(shape: MlpShape): number[][] {
  const { groups: g, inputs: i, hidden: h, outputs: o } = shape;
  return [
    [g, i, h],
    [g, 1, h],
    [g, h, h],
    [g, 1, h],
    [g, h, o],
    [g, 1, o],
  ];
}

const sizeOf = (dims: readonly number[]) => dims.reduce((a, b) => a * b, 1);

/**
 * Glorot-uniform weights (Glorot and Bengio 2010), zero biases, drawn from the agent's seeded
 * generator so that a seed fixes the network. The output layer is scaled by `outputScale`: policy
 * heads start near uniform with a small scale (0.01, as in the PPO implementations of Andrychowicz
 * et al. 2021), critics with 1.
 */
export function initialWeights(shape: MlpShape, rng: Rng, outputScale: number): Float32Array[] {
  const fans: [number, number][] = [
    [shape.inputs, shape.hidden],
    [shape.hidden, shape.hidden],
    [shape.hidden, shape.outputs],
  ];
  return weightShapes(shape).map((dims, k) => {
    const values = new Float32Array(sizeOf(dims));
    if (k % 2 === 1) return values; // biases
    const [fanIn, fanOut] = fans[k / 2];
    const limit = Math.sqrt(6 / (fanIn + fanOut)) * (k === 4 ? outputScale : 1);
    for (let j = 0; j < values.length; j++) values[j] = rng.uniform(-limit, limit);
    return values;
  });
}

/** Element count of each weight tensor of one network of the stack (W1, b1, W2, b2, W3, b3). */
function perNetworkSizes(shape: MlpShape): number[] {
  return weightShapes(shape).map((dims) => sizeOf(dims.slice(1)));
}

/**
 * The weights as tensors, network by network: [W1, b1, W2, b2, W3, b3] of network 0, then of
 * network 1, ... (2-D each). Separate 2-D products per network rather than one batched 3-D product:
 * the wasm backend runs a batched product over more than one matrix without XNNPACK, 5-10 times
 * slower than the same products one by one.
 */
export function toTensors(tf: Tf, shape: MlpShape, weights: readonly Float32Array[]): Tensor[] {
  const sizes = perNetworkSizes(shape);
  const dims = weightShapes(shape).map((d) => d.slice(1));
  const tensors: Tensor[] = [];
  for (let g = 0; g < shape.groups; g++) {
    for (let k = 0; k < sizes.length; k++) tensors.push(tf.tensor(weights[k].subarray(g * sizes[k], (g + 1) * sizes[k]), dims[k]));
  }
  return tensors;
}

/** Gradients in toTensors order, gathered back into the stacked layout of the weights. */
export function stackedGradients(shape: MlpShape, gradients: readonly Float32Array[]): Float32Array[] {
  const sizes = perNetworkSizes(shape);
  const stacked = sizes.map((size) => new Float32Array(size * shape.groups));
  for (let g = 0; g < shape.groups; g++) for (let k = 0; k < sizes.length; k++) stacked[k].set(gradients[g * sizes.length + k], g * sizes[k]);
  return stacked;
}

/** Outputs [G,B,O] of every network of the stack for the same inputs [B,I]; call inside tf.tidy. */
export function forward(tf: Tf, w: readonly Tensor[], x: Tensor2D, activation: Activation): Tensor3D {
  const outputs: Tensor2D[] = [];
  const act = (t: Tensor) => (activation === 'tanh' ? tf.tanh(t) : tf.relu(t)) as Tensor2D;
  for (let g = 0; g * 6 < w.length; g++) {
    const [w1, b1, w2, b2, w3, b3] = w.slice(g * 6, g * 6 + 6) as Tensor2D[];
    const h1 = act(tf.add(tf.matMul(x, w1), b1));
    const h2 = act(tf.add(tf.matMul(h1, w2), b2));
    outputs.push(tf.add(tf.matMul(h2, w3), b3) as Tensor2D);
  }
  return tf.stack(outputs) as Tensor3D;
}
