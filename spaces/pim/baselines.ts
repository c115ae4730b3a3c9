/**
 * Roofline baselines: the time a GPU or CPU needs at least, max(bytes / bandwidth, flops / peak),
 * for the same tokens. A decode token reads every layer weight, the LM head and its K/V cache once
 * and does 2 flops per weight and per cache element; a prefill pass is one batched pass over the
 * prompt (weights read once, 2 flops per weight per token), which is how a GPU or CPU runs it.
 */
import { headDim, type GptModel } from './models.js';
import type { RooflineBaseline } from './presets.js';

/** Weights a token multiplies: the decoder layers' matrices and the LM head (the embeddings are a row look-up). */
export function matrixWeights(model: GptModel): number {
  const d = model.dModel;
  return model.layers * (3 * d * d + d * d + 2 * d * model.ffnWidth) + model.vocabulary * d;
}

/** K and V elements attention reads at a context of `context` tokens, over all layers. */
export function cacheElements(model: GptModel, context: number): number {
  return model.layers * 2 * context * model.heads * headDim(model);
}

export function rooflineNs(baseline: RooflineBaseline, bytes: number, flops: number): number {
  return Math.max(bytes / baseline.bandwidthGBps, flops / (baseline.peakGflops));
}

/** Roofline time of decoding one token with `context` cache entries. */
export function decodeRooflineNs(model: GptModel, baseline: RooflineBaseline, context: number): number {
  const elements = matrixWeights(model) + cacheElements(model, context);
  return rooflineNs(baseline, elements * baseline.elementBytes, 2 * elements);
}

/** Roofline time of a batched prefill of `promptTokens` tokens. */
export function prefillRooflineNs(model: GptModel, baseline: RooflineBaseline, promptTokens: number): number {
  const weights = matrixWeights(model);
  let attentionElements = 0;
  for (let t = 1; t <= promptTokens; t++) attentionElements += cacheElements(model, t);
  const bytes = (weights + cacheElements(model, promptTokens)) * baseline.elementBytes;
  return rooflineNs(baseline, bytes, 2 * (weights * promptTokens + attentionElements));
}
