/**
 * GPT model shapes: the eight GPT-2 and GPT-3 decoder-only models PIM-GPT evaluates, their
 * parameter counts, and validation of user-supplied shapes.
 *
 * Sources:
 * - [R19] Radford et al., "Language Models are Unsupervised Multitask Learners", 2019, Table 2
 *   (layers and d_model of the four GPT-2 sizes; context 1024, vocabulary 50,257), with the head
 *   counts of OpenAI's released checkpoints (gpt-2 repository, hparams.json: n_head 12, 16, 20, 25).
 * - [B20] Brown et al., "Language Models are Few-Shot Learners", 2020, Table 2.1 (n_layers,
 *   d_model, n_heads, d_head of GPT-3 Small/Medium/Large/XL; context 2048; same tokenizer as
 *   GPT-2, so 50,257 tokens; FFN width 4 * d_model as in GPT-2).
 */

export class ModelShapeError extends Error {
  override name = 'ModelShapeError';
  constructor(
    message: string,
    /** The shape field (or option) at fault. */
    readonly field: string,
  ) {
    super(message);
  }
}

export interface GptModel {
  name: string;
  layers: number;
  dModel: number;
  heads: number;
  /** Hidden width of the feed-forward block (4 * dModel in every model here). */
  ffnWidth: number;
  vocabulary: number;
  /** Longest context the model was trained for (learned position embeddings). */
  maxContext: number;
  /** Where the shape comes from. */
  source: string;
}

const GPT2_VOCAB = 50_257; // [R19] Sec. 2.3: "a vocabulary of 50,257"
const GPT2_CONTEXT = 1_024; // [R19] Sec. 2.3: context size increased "from 512 to 1024 tokens"
const GPT3_CONTEXT = 2_048; // [B20] Sec. 2.1: "context window of n_ctx = 2048 tokens"

function gpt2(name: string, layers: number, dModel: number, heads: number): GptModel {
  return { name, layers, dModel, heads, ffnWidth: 4 * dModel, vocabulary: GPT2_VOCAB, maxContext: GPT2_CONTEXT, source: '[R19] Table 2; heads from the released hparams.json' };
}

function gpt3(name: string, layers: number, dModel: number, heads: number): GptModel {
  return { name, layers, dModel, heads, ffnWidth: 4 * dModel, vocabulary: GPT2_VOCAB, maxContext: GPT3_CONTEXT, source: '[B20] Table 2.1' };
}

export const GPT_MODELS: Readonly<Record<string, GptModel>> = {
  'gpt2-small': gpt2('gpt2-small', 12, 768, 12), // [R19] 117M row: 12 layers, d_model 768
  'gpt2-medium': gpt2('gpt2-medium', 24, 1024, 16), // [R19] 345M row: 24 layers, d_model 1024
  'gpt2-large': gpt2('gpt2-large', 36, 1280, 20), // [R19] 762M row: 36 layers, d_model 1280
  'gpt2-xl': gpt2('gpt2-xl', 48, 1600, 25), // [R19] 1542M row: 48 layers, d_model 1600
  'gpt3-small': gpt3('gpt3-small', 12, 768, 12), // [B20] Table 2.1: 125M, 12, 768, 12, d_head 64
  'gpt3-medium': gpt3('gpt3-medium', 24, 1024, 16), // [B20] Table 2.1: 350M, 24, 1024, 16, d_head 64
  'gpt3-large': gpt3('gpt3-large', 24, 1536, 16), // [B20] Table 2.1: 760M, 24, 1536, 16, d_head 96
  // [B20] Table 2.1 lists 1.3B, 24 layers, d_model 2048, n_heads 24, d_head 128, but 24 x 128 = 3072 is
  // not 2048 and 24 does not divide 2048: we keep d_head 128, hence 16 heads (as GPT-Neo 1.3B, a
  // public re-implementation of this size, has). Parameter counts do not depend on the head count.
  'gpt3-xl': gpt3('gpt3-xl', 24, 2048, 16),
};

export const DEFAULT_MODEL = 'gpt2-xl';

function positiveInteger(value: unknown, field: string, model: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new ModelShapeError(`model ${model}: ${field} must be a positive integer, got ${JSON.stringify(value)}`, field);
  }
  return value;
}

/** Checks a shape; throws ModelShapeError naming the field. */
export function validateModel(model: GptModel): GptModel {
  const name = model.name || '(unnamed)';
  for (const field of ['layers', 'dModel', 'heads', 'ffnWidth', 'vocabulary', 'maxContext'] as const) positiveInteger(model[field], field, name);
  if (model.dModel % model.heads !== 0) {
    throw new ModelShapeError(`model ${name}: heads (${model.heads}) must divide dModel (${model.dModel}) so every head has the same width`, 'heads');
  }
  return model;
}

export function headDim(model: GptModel): number {
  return model.dModel / model.heads;
}

/** The named model, or an error listing the known ones. */
export function gptModel(name: string): GptModel {
  if (!Object.hasOwn(GPT_MODELS, name)) throw new ModelShapeError(`unknown model "${name}"; known models: ${Object.keys(GPT_MODELS).join(', ')}`, 'model');
  return GPT_MODELS[name]!;
}

/** Parameters of one decoder layer: QKV, output projection, two FFN matrices, their biases, two layer norms. */
export function layerParameters(model: GptModel): number {
  const d = model.dModel;
  const f = model.ffnWidth;
  const attention = d * 3 * d + 3 * d + d * d + d;
  const ffn = d * f + f + f * d + d;
  const layerNorms = 2 * 2 * d;
  return attention + ffn + layerNorms;
}

/** Every parameter: layers, token and position embeddings (the LM head shares the token embedding), final layer norm. */
export function totalParameters(model: GptModel): number {
  return model.layers * layerParameters(model) + model.vocabulary * model.dModel + model.maxContext * model.dModel + 2 * model.dModel;
}
