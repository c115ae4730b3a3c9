/**
 * Adam (Kingma and Ba 2015) on Float32Array weights, with the gradient clipped to a global norm
 * first (as PPO implementations do). Kept in JavaScript rather than tf.train so that its moments
 * are plain arrays that go into the agent's snapshot, and a resumed run continues bit for bit.
 */
export interface AdamState {
  step: number;
  m: Float32Array[];
  v: Float32Array[];
}

export const ADAM_BETA1 = 0.9;
export const ADAM_BETA2 = 0.999;
export const ADAM_EPSILON = 1e-8;

export function newAdamState(weights: readonly Float32Array[]): AdamState {
  return { step: 0, m: weights.map((w) => new Float32Array(w.length)), v: weights.map((w) => new Float32Array(w.length)) };
}

/** One descent step on `weights` in place; `maxNorm` <= 0 disables clipping. */
export function adamStep(weights: Float32Array[], gradients: readonly Float32Array[], state: AdamState, learningRate: number, maxNorm: number): void {
  let squared = 0;
  for (const g of gradients) for (let j = 0; j < g.length; j++) squared += g[j] * g[j];
  const norm = Math.sqrt(squared);
  const scale = maxNorm > 0 && norm > maxNorm ? maxNorm / norm : 1;
  state.step++;
  const correction1 = 1 - ADAM_BETA1 ** state.step;
  const correction2 = 1 - ADAM_BETA2 ** state.step;
  for (let k = 0; k < weights.length; k++) {
    const w = weights[k];
    const g = gradients[k];
    const m = state.m[k];
    const v = state.v[k];
    for (let j = 0; j < w.length; j++) {
      const gj = g[j] * scale;
      m[j] = ADAM_BETA1 * m[j] + (1 - ADAM_BETA1) * gj;
      v[j] = ADAM_BETA2 * v[j] + (1 - ADAM_BETA2) * gj * gj;
      w[j] -= (learningRate * (m[j] / correction1)) / (Math.sqrt(v[j] / correction2) + ADAM_EPSILON);
    }
  }
}
