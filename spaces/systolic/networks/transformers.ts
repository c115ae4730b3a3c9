/**
 * Transformer GEMM workloads, batch 1. Each GEMM multiplies an m x k activation matrix by a
 * k x n weight (or key/value) matrix. Attention is listed per head (one GEMM per head), with
 * the full score matrix computed densely (no causal-mask savings). Softmax, layer norm, GELU,
 * bias adds and residual adds perform no array MACs and are omitted.
 */
import { gemm, type GemmLayer } from './types.js';

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

/**
 * One BERT-base encoder layer, Devlin et al. 2019: hidden 768, 12 heads of 64, FFN 3072,
 * sequence length 512 (BERT's maximum). Q, K, V and output projections, 12 x (Q K^T, P V),
 * FFN up and down: 30 GEMMs, 4.03 G MACs.
 */
export function bertBaseEncoderLayer(seq = 512): GemmLayer[] {
  const d = 768;
  const heads = 12;
  const dh = d / heads;
  const ffn = 3072;
  return [
    gemm('q_proj', seq, d, d),
    gemm('k_proj', seq, d, d),
    gemm('v_proj', seq, d, d),
    ...range(heads).map((h) => gemm(`head${h}_qk`, seq, seq, dh)),
    ...range(heads).map((h) => gemm(`head${h}_pv`, seq, dh, seq)),
    gemm('out_proj', seq, d, d),
    gemm('ffn_up', seq, ffn, d),
    gemm('ffn_down', seq, d, ffn),
  ];
}

/**
 * GPT-2 small, Radford et al. 2019: 12 decoder blocks, hidden 768, 12 heads of 64, MLP 3072,
 * vocabulary 50257, context window 1024. Per block: fused QKV projection (c_attn, 768 -> 2304),
 * 12 x (Q K^T, P V), attention output projection (c_proj), MLP up (c_fc) and down (c_proj);
 * then the tied-embedding LM head (768 -> 50257).
 *
 * `tokens` new tokens are processed against `context` keys/values (context includes them).
 * Prefill: tokens = context = prompt length; logits are computed for the last token only (all
 * generation needs). Decode: tokens = 1, context = positions attended (KV cache + new token).
 */
export function gpt2Small(tokens: number, context: number): GemmLayer[] {
  const d = 768;
  const heads = 12;
  const dh = d / heads;
  const mlp = 3072;
  const vocab = 50257;
  const layers: GemmLayer[] = [];
  for (const b of range(12)) {
    const t = `h${b}`;
    layers.push(gemm(`${t}_qkv`, tokens, 3 * d, d));
    for (const h of range(heads)) layers.push(gemm(`${t}_head${h}_qk`, tokens, context, dh));
    for (const h of range(heads)) layers.push(gemm(`${t}_head${h}_pv`, tokens, dh, context));
    layers.push(gemm(`${t}_attn_proj`, tokens, d, d));
    layers.push(gemm(`${t}_mlp_up`, tokens, mlp, d));
    layers.push(gemm(`${t}_mlp_down`, tokens, d, mlp));
  }
  layers.push(gemm('lm_head', 1, vocab, d));
  return layers;
}
