/**
 * DRAM traffic of one layer in SCALE-Sim v2's CALC bandwidth mode (estimate_bandwidth_mode=True),
 * computed analytically (no per-address simulation).
 *
 * v2 semantics (scalesim/memory/read_buffer_estimate_bw.py, double_buffered_scratchpad_mem.py,
 * rd_buf_active_frac = 0.5, word size 1 byte): an operand SRAM of S words gathers the *misses* of
 * the operand's demand stream into sets of P = floor(S/100) words; an address hits iff it missed
 * since the last flush. When 50 sets (W = 50*P words) have been gathered since the last flush, the
 * window restarts empty. Every miss is fetched from DRAM exactly once (the final partial sets are
 * fetched by complete_all_prefetches), so DRAM reads = number of misses. If P = 0 (S < 100) no set
 * ever completes and the window never flushes: reads = unique footprint.
 *
 * Demand order (scalesim/compute/systolic_compute_{os,ws,is}.py): folds run `for fc: for fr:`;
 * each fold demands its operand block once per address (skew and null padding add no
 * addresses); padded im2col positions are -1 and never demanded (operand_matrix.py).
 *   os: ifmap = Fc passes over the whole ifmap; filter = for each column fold j, Fr repeats of
 *       the K x n_j filter block.
 *   ws: ifmap = Fc passes over the whole ifmap; filter = each weight once.
 *   is: ifmap = each im2col element once (one pass); filter = Fc passes over the whole filter.
 * Ofmap: DRAM writes = every ofmap write the array makes: M*N for os, M*N*Fr for ws and is
 * (one write per K-fold partial sum).
 *
 * archdse's native mode departs from v2 on the ofmap only: v2 drains every ws/is partial sum to
 * DRAM whatever the ofmap SRAM size, which makes that SRAM useless. Natively the partial sums of
 * one column fold (ws: M x n_j outputs, is: m_j x N outputs, accumulated over the Fr row folds)
 * stay in the ofmap SRAM when they fit in its active half, and only the finished outputs go to
 * DRAM: M*N writes. When they do not fit, v2's M*N*Fr stands. (`partialSumWords` below.)
 *
 * Note: v2's reads are NOT monotone in S (the flush phase moves with S: e.g. os filter blocks just
 * under W can straddle a flush and be re-missed once), so neither is this model; they are bounded
 * by footprint <= reads <= SRAM demand count, and equal the footprint once it is < W.
 *
 * Exactness. The stream of each operand is a sequence of groups, each group `reps` identical
 * passes over a block of `u` distinct addresses, blocks of different groups disjoint. For such a
 * stream the misses follow exactly from the carry c (misses since the last flush) — see
 * `groupMisses` — so the model is EXACT whenever every address is demanded once per pass:
 * all filter streams, and the ifmap of GEMM layers and of convolutions whose windows do not
 * overlap (Fh <= s and Fw <= s). It is also exact for any operand whose unique footprint is < W
 * (no flush can ever happen, so each distinct address misses once).
 * Approximation: for overlapping convolutions the ifmap pass is modelled as its unique footprint
 * U (all im2col re-references inside a pass taken as hits). v2 re-misses a re-reference whose
 * first miss precedes a flush, so the model can only UNDER-estimate, by at most (M*K - U) words
 * per pass (the re-references), and in practice far less: the horizontal re-references are a few
 * K words apart, the vertical ones about s*W*C words apart, against a window W.
 */
import { newSubLayerCompute, subLayerComputeInto } from '../compute/compute.js';
import { convOutputDims, isGemmLayer, lowerLayer } from '../compute/lowering.js';
import type { ArrayShape, Dataflow, Layer } from '../compute/types.js';
import { requirePositiveInteger } from '../checks.js';

/** SRAM capacities in words (= bytes in v2). */
export interface SramWords {
  ifmap: number;
  filter: number;
  ofmap: number;
}

export interface DramTraffic {
  /** Words read from DRAM into the ifmap SRAM (whole layer, all sub-layers). */
  ifmapReads: number;
  filterReads: number;
  /** Words written from the ofmap SRAM to DRAM. */
  ofmapWrites: number;
  /** True when ifmapReads is exact v2 (see the module comment); filter and ofmap always are. */
  ifmapExact: boolean;
}

/** One group of a demand stream: `reps` identical passes over `u` distinct addresses. */
export interface StreamGroup {
  u: number;
  reps: number;
}

/** v2's set size P = floor(S/100) words for an SRAM of S words. */
export function setWords(sramWords: number): number {
  return Math.floor(sramWords / 100);
}

/** The active half of a double-buffered ofmap SRAM of S words, where native partial sums stay. */
export function ofmapActiveWords(sramWords: number): number {
  return Math.floor(sramWords / 2);
}

/** v2's flush window W = 50 * floor(S/100) words (active fraction 0.5). */
export function windowWords(sramWords: number): number {
  return 50 * setWords(sramWords);
}

/**
 * Misses of one group (`reps` passes over `u` addresses) under the flush-when-full window W
 * (W = 0: never flushes), given the carry (misses since the last flush) before it. The carry
 * after it is (carry + misses) % W. Exact for groups whose blocks are disjoint and whose passes
 * demand each address once in the same order:
 * - u >= W: every demand misses. (At each later pass the window holds only the previous pass's
 *   last r < W misses, which sit at positions >= u - r >= W - r, but a flush happens after W - r
 *   misses, before they are reached.)
 * - u < W, c + u < W: one pass of u misses, then all hits.
 * - u < W, c + u >= W, reps >= 2: a flush falls after x = W - c misses of the first pass; the
 *   second pass re-misses those x; then c = u < W and every further pass hits.
 */
export function groupMisses(u: number, reps: number, w: number, carry: number): number {
  if (u <= 0 || reps <= 0) return 0;
  if (w <= 0) return u;
  if (u >= w) return u * reps;
  if (carry + u < w || reps === 1) return u;
  return u + (w - carry);
}

/** Misses of a stream of groups (see `groupMisses`) starting from an empty window W. */
export function streamMisses(groups: readonly StreamGroup[], w: number): number {
  let total = 0;
  let carry = 0;
  for (const { u, reps } of groups) {
    const misses = groupMisses(u, reps, w, carry);
    total += misses;
    if (w > 0) carry = (carry + misses) % w;
  }
  return total;
}

/** DRAM words of one sub-layer (one GEMM), per operand. */
export interface SubLayerDram {
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
}

/**
 * DRAM traffic of one M x K x N sub-layer on an array of `c` columns with folds Fr x Fc
 * (compute/subLayerComputeInto), written into `out` (no allocation, no validation). `ifmapFootprint` is
 * `ifmapFootprint(layer)`; wIf and wFi are the `windowWords` of the ifmap and filter SRAMs.
 * `partialSumWords`: 0 for v2's count; natively, the ofmap SRAM's active half in words.
 */
export function subLayerDramInto(
  dataflow: Dataflow,
  m: number,
  n: number,
  k: number,
  c: number,
  fr: number,
  fc: number,
  ifmapFootprint: number,
  wIf: number,
  wFi: number,
  out: SubLayerDram,
  partialSumWords = 0,
): SubLayerDram {
  // ifmap: Fc passes over the whole ifmap (os, ws); each im2col element once (is).
  out.ifmapReads = groupMisses(ifmapFootprint, dataflow === 'is' ? 1 : fc, wIf, 0);
  if (dataflow === 'os') {
    // Filter stream: for each column fold j, Fr passes over its K x n_j block.
    let misses = 0;
    let carry = 0;
    for (let j = 0; j < fc; j++) {
      const g = groupMisses(k * Math.min(c, n - j * c), fr, wFi, carry);
      misses += g;
      if (wFi > 0) carry = (carry + g) % wFi;
    }
    out.filterReads = misses;
    out.ofmapWrites = m * n;
  } else {
    // ws: each weight once; is: Fc passes over the whole filter.
    out.filterReads = dataflow === 'ws' ? k * n : groupMisses(k * n, fc, wFi, 0);
    // Partial sums of the largest column fold: ws M x min(C, N), is min(C, M) x N.
    const partialSums = dataflow === 'ws' ? m * Math.min(c, n) : Math.min(c, m) * n;
    out.ofmapWrites = partialSums <= partialSumWords ? m * n : m * n * fr;
  }
  return out;
}

/**
 * Input rows (or columns) that `outputs` windows of `filter` at `stride` touch in an input of
 * `size`: one contiguous span when windows overlap or abut, else `filter` rows per window (a 1x1
 * stride-2 convolution reads every other row). Windows are clipped at the input's end, where v2's
 * ceil output size can place a last window partly outside.
 */
export function touchedExtent(size: number, filter: number, stride: number, outputs: number): number {
  if (filter >= stride) return Math.min(size, (outputs - 1) * stride + filter);
  let touched = 0;
  for (let o = 0; o < outputs; o++) touched += Math.max(0, Math.min(filter, size - o * stride));
  return touched;
}

/** Distinct ifmap words one (sub-)layer demands: the touched rows x cols x channels. */
export function ifmapFootprint(layer: Layer): number {
  if (isGemmLayer(layer)) return layer.m * layer.k;
  const { height, width } = convOutputDims(layer);
  const rows = touchedExtent(layer.ifmapH, layer.filterH, layer.stride, height);
  const cols = touchedExtent(layer.ifmapW, layer.filterW, layer.stride, width);
  return rows * cols * (layer.depthwise ? 1 : layer.channels);
}

/** Do the ifmap windows of a layer never overlap (every im2col element a distinct address)? */
function ifmapReuseFree(layer: Layer): boolean {
  return isGemmLayer(layer) || (layer.filterH <= layer.stride && layer.filterW <= layer.stride);
}


/**
 * DRAM reads/writes of one layer in v2's CALC mode (see the module comment); with
 * `partialSumsInOfmap`, archdse's native ofmap writes.
 */
export function dramTrafficCalc(
  layer: Layer,
  array: ArrayShape,
  dataflow: Dataflow,
  sram: SramWords,
  options: { partialSumsInOfmap?: boolean } = {},
): DramTraffic {
  requirePositiveInteger(array.rows, 'array.rows');
  requirePositiveInteger(array.cols, 'array.cols');
  requirePositiveInteger(sram.ifmap, 'sram.ifmap');
  requirePositiveInteger(sram.filter, 'sram.filter');
  requirePositiveInteger(sram.ofmap, 'sram.ofmap');
  const lowered = lowerLayer(layer);
  const { m, n, k } = lowered.gemm;
  const { rows: r, cols: c } = array;
  const wIf = windowWords(sram.ifmap);
  const wFi = windowWords(sram.filter);
  const uIf = ifmapFootprint(layer);
  const reuseFree = ifmapReuseFree(layer);
  // The folds of the compute model (they do not depend on the mode).
  const { fr, fc } = subLayerComputeInto(dataflow, m, n, k, r, c, 'native', newSubLayerCompute());
  const partialSumWords = options.partialSumsInOfmap ? ofmapActiveWords(sram.ofmap) : 0;
  const sub = subLayerDramInto(dataflow, m, n, k, c, fr, fc, uIf, wIf, wFi, { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 }, partialSumWords);
  const count = lowered.count;
  return {
    ifmapReads: sub.ifmapReads * count,
    filterReads: sub.filterReads * count,
    ofmapWrites: sub.ofmapWrites * count,
    ifmapExact: reuseFree || wIf === 0 || uIf < wIf,
  };
}
