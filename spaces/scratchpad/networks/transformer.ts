/**
 * One Transformer encoder block with BERT-base shapes at sequence length 128: Devlin et al.,
 * "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding", NAACL 2019
 * (BERT-base: hidden size 768, 12 attention heads, feed-forward size 3072), block structure of
 * Vaswani et al., "Attention Is All You Need", NeurIPS 2017, with BERT's post-norm residuals.
 *
 * Attention is written per head, so a schedule can finish one head before starting the next:
 * the Q, K and V projections each write twelve 128 x 64 head tensors (the head-major layout of
 * the reshape), and each head has its own scores (Q K^T, scaled), softmax and context (P V)
 * operators. The output projection reads the twelve contexts directly (their concatenation is a
 * view). Int8 throughout; projection and feed-forward weights are weight tensors (biases left
 * out), and each layer norm has its gain and shift (2 x 768) as a weight tensor.
 */
import type { GraphSpec } from '../types.js';
import { GraphBuilder } from './builder.js';

export const TRANSFORMER_SOURCE =
  'Devlin et al., "BERT", NAACL 2019 (BERT-base: d = 768, 12 heads, FFN 3072) and Vaswani et al., "Attention Is All You Need", NeurIPS 2017; one encoder layer at sequence length 128';

export const TRANSFORMER_SHAPE = { sequence: 128, hidden: 768, heads: 12, feedForward: 3072 } as const;

export function transformer(): GraphSpec {
  const { sequence, hidden, heads, feedForward } = TRANSFORMER_SHAPE;
  const headSize = hidden / heads;
  const g = new GraphBuilder();

  /** An operator writing one sequence x width matrix named after it. */
  const matrixOp = (name: string, type: string, inputs: readonly string[], width: number): string => {
    g.tensor(name, sequence * width, 'activation');
    g.operator(name, type, inputs, [name]);
    return name;
  };
  /** A projection of `input` (sequence x inWidth) by an inWidth x outWidth weight. */
  const linear = (name: string, inputs: readonly string[], inWidth: number, outWidth: number): string => {
    const weight = g.tensor(`${name}.weight`, inWidth * outWidth, 'weight');
    return matrixOp(name, 'matmul', [...inputs, weight], outWidth);
  };
  /** A Q, K or V projection writing one tensor per head. */
  const headProjection = (name: string, input: string): string[] => {
    const weight = g.tensor(`${name}.weight`, hidden * hidden, 'weight');
    const outputs = Array.from({ length: heads }, (_, h) => g.tensor(`${name}.head${h}`, sequence * headSize, 'activation'));
    g.operator(name, 'matmul', [input, weight], outputs);
    return outputs;
  };
  const layerNorm = (name: string, input: string): string => {
    const gainAndShift = g.tensor(`${name}.weight`, 2 * hidden, 'weight');
    return matrixOp(name, 'layernorm', [input, gainAndShift], hidden);
  };

  const x = g.tensor('hidden_states', sequence * hidden, 'input');
  const query = headProjection('query', x);
  const key = headProjection('key', x);
  const value = headProjection('value', x);
  const contexts: string[] = [];
  for (let h = 0; h < heads; h++) {
    const scores = matrixOp(`head${h}.scores`, 'matmul', [query[h], key[h]], sequence);
    const probabilities = matrixOp(`head${h}.softmax`, 'softmax', [scores], sequence);
    contexts.push(matrixOp(`head${h}.context`, 'matmul', [probabilities, value[h]], headSize));
  }
  const attention = linear('attention_output', contexts, hidden, hidden);
  const attentionSum = matrixOp('attention_add', 'add', [x, attention], hidden);
  const attentionNormed = layerNorm('attention_norm', attentionSum);
  const up = linear('ffn_up', [attentionNormed], hidden, feedForward);
  const activated = matrixOp('gelu', 'gelu', [up], feedForward);
  const down = linear('ffn_down', [activated], feedForward, hidden);
  const ffnSum = matrixOp('ffn_add', 'add', [attentionNormed, down], hidden);
  layerNorm('output_norm', ffnSum);
  return g.spec({ name: 'transformer', title: 'Transformer encoder block, BERT-base shapes, sequence 128, int8', source: TRANSFORMER_SOURCE });
}
