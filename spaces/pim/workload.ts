/**
 * The work of one generated token: the steps of every decoder layer in order, as matrix-vector
 * products for the banks, K/V cache appends, attention products the ASIC does itself (when the
 * cache layout does not suit in-bank MACs), and the ASIC's non-linear functions with our op-count
 * model (presets.ts ASIC_OPS).
 */
import type { PimMapping, MvOp } from './mapping.js';
import { headDim, type GptModel } from './models.js';
import { ASIC_OPS } from './presets.js';

export type Step =
  /** ASIC work that must finish before the next step starts (layer norm statistics, softmax). */
  | { type: 'asic'; label: string; ops: number }
  /** A matrix-vector product in the banks; `overlapOps` is elementwise ASIC work on its results (bias, GELU, residual). */
  | { type: 'mv'; label: string; op: MvOp; overlapOps: number }
  /** Appending the new token's K or V: `rows` distinct rows receive `columnsPerRow` column writes each. */
  | { type: 'kv-write'; label: string; rows: number; columnsPerRow: number; bytes: number }
  /** An attention product on the ASIC: the cache is read over the channels (`bytes`) and multiplied there. */
  | { type: 'cache-read'; label: string; bytes: number; rows: number; asicOps: number }
  /** A transfer with no bank computation: `bytes` over one channel or the host link. */
  | { type: 'transfer'; label: string; bytes: number; link: 'channel' | 'host' };

const transcendental = ASIC_OPS.transcendentalOps;
const TOKEN_ID_BYTES = 4;

/** Row, element and column sizes of the device. */
export interface RowGeometry {
  rowBytes: number;
  elementBytes: number;
  columnBytes: number;
}

/** Appending one token's `elements` values either as one contiguous run (row-major) or one per row (column-major). */
function appendStep(label: string, elements: number, rowMajor: boolean, geometry: RowGeometry): Step {
  const { rowBytes, elementBytes, columnBytes } = geometry;
  const bytes = elements * elementBytes;
  if (rowMajor) {
    const rows = Math.ceil(bytes / rowBytes);
    return { type: 'kv-write', label, rows, columnsPerRow: Math.ceil(bytes / rows / columnBytes), bytes };
  }
  return { type: 'kv-write', label, rows: elements, columnsPerRow: 1, bytes };
}

/** Steps of one decode token whose K/V cache holds `context` tokens (the new one included). */
export function tokenSteps(model: GptModel, mapping: PimMapping, context: number, geometry: RowGeometry): Step[] {
  const { rowBytes, elementBytes } = geometry;
  const d = model.dModel;
  const f = model.ffnWidth;
  const h = model.heads;
  const dh = headDim(model);
  const layerNorm = ASIC_OPS.layerNormPerElement * d;
  const kRowMajor = mapping.kvLayout !== 'k-col-v-col';
  const vColumnMajor = mapping.kvLayout !== 'k-row-v-row';
  const steps: Step[] = [
    // A token id crosses the host link as a 32-bit integer (50,257 ids need more than 16 bits).
    { type: 'transfer', label: 'token in (host link)', bytes: TOKEN_ID_BYTES, link: 'host' },
    { type: 'transfer', label: 'embedding rows (token + position)', bytes: 2 * d * elementBytes, link: 'channel' },
    { type: 'asic', label: 'embedding add', ops: d },
  ];
  for (let layer = 0; layer < model.layers; layer++) {
    const qkv: MvOp = mapping.headConcat ? { name: 'qkv', groups: 1, outputs: 3 * d, inputs: d } : { name: 'qkv', groups: 3 * h, outputs: dh, inputs: d };
    steps.push(
      { type: 'asic', label: 'layer norm 1', ops: layerNorm },
      // bias on q, k, v and the 1/sqrt(d_head) scale of q
      { type: 'mv', label: 'qkv', op: qkv, overlapOps: 3 * d + d },
      appendStep('append K', d, kRowMajor, geometry),
      appendStep('append V', d, !vColumnMajor, geometry),
    );
    if (kRowMajor) steps.push({ type: 'mv', label: 'scores q.K', op: { name: 'scores', groups: h, outputs: context, inputs: dh }, overlapOps: 0 });
    else steps.push({ type: 'cache-read', label: 'scores q.K (ASIC)', bytes: context * d * elementBytes, rows: Math.ceil((context * d * elementBytes) / rowBytes), asicOps: 2 * context * d });
    steps.push({ type: 'asic', label: 'softmax', ops: h * context * (ASIC_OPS.softmaxPerElement + transcendental) });
    if (vColumnMajor) steps.push({ type: 'mv', label: 'context p.V', op: { name: 'context', groups: h, outputs: dh, inputs: context }, overlapOps: 0 });
    else steps.push({ type: 'cache-read', label: 'context p.V (ASIC)', bytes: context * d * elementBytes, rows: Math.ceil((context * d * elementBytes) / rowBytes), asicOps: 2 * context * d });
    steps.push(
      // bias and residual add
      { type: 'mv', label: 'attention projection', op: { name: 'projection', groups: 1, outputs: d, inputs: d }, overlapOps: 2 * d },
      { type: 'asic', label: 'layer norm 2', ops: layerNorm },
      // bias and GELU on every hidden unit
      { type: 'mv', label: 'ffn up', op: { name: 'ffn-up', groups: 1, outputs: f, inputs: d }, overlapOps: f * (1 + ASIC_OPS.geluPerElement + transcendental) },
      { type: 'mv', label: 'ffn down', op: { name: 'ffn-down', groups: 1, outputs: d, inputs: f }, overlapOps: 2 * d },
    );
  }
  steps.push(
    { type: 'asic', label: 'final layer norm', ops: layerNorm },
    // the next token is the arg-max of the logits: one compare per logit, as they arrive
    { type: 'mv', label: 'lm head', op: { name: 'lm-head', groups: 1, outputs: model.vocabulary, inputs: d }, overlapOps: model.vocabulary },
    { type: 'transfer', label: 'token out (host link)', bytes: TOKEN_ID_BYTES, link: 'host' },
  );
  return steps;
}
