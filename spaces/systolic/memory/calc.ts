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
 * (no flush can ever happen, so each distinct address misses once), and for ws ifmaps whose
 * every re-reference is at least W misses away (each then misses: e.g. ResNet 3x3 at 64 KB).
 * Overlapping convolutions (Fh > s or Fw > s), footprint U >= W. The ifmap stream re-references
 * addresses (im2col: the same pixel and channel under several filter taps), and v2 re-misses a
 * re-reference iff a flush falls between it and the previous demand of its address, i.e. iff W
 * misses completed in between. With `IfmapReuse` (computed once per layer by `ifmapReuse` and
 * passed to `subLayerDramInto`) each pass costs
 *   U (first demands) + sum over re-references of min(1, x * rate / W),
 * x = the demands between the two demands of an address, rate = misses / demands of the pass
 * (solved by fixed-point iteration; for a single class this is the renewal model of a window that
 * flushes every W misses: after a flush every re-reference whose partner precedes it misses for x
 * demands). The re-references are classified once per layer by tap distance d (k distance d*C)
 * and output distance dm to the nearest earlier covering tap; x follows from v2's fold order:
 *   ws: folds are K-slices of R columns, demand (m, lane) on row m + lane: x = (folds between) *
 *       fold demands + (lanes between - dm) rows; passes after the first re-reference the previous
 *       pass (wrap classes: last tap of a pixel to its first tap, at least one fold apart).
 *   os / is: folds cut M (os R outputs, is C outputs); inside a fold the tap-order links are
 *       |d*C - dm| (os) or d*C (is) rows apart; each fold boundary inside a pixel's output range
 *       adds one link ((K - tap span) rows apart) in place of a tap-order link. Passes after the
 *       first are taken as the first (os: a pass is >= U >= W misses long, so nothing survives).
 *       os with C < R (first layers, depthwise, 64-channel layers on 128 rows) keeps the old
 *       footprint-per-pass model: there the anti-diagonal order interleaves the taps of a fold
 *       and the links above are not the stream's (the old model is within 5% on those layers).
 * Without the descriptor (or when U < W) the pass is its footprint U, the old model (exact for U <
 * W; for U >= W it takes every re-reference as a hit and under-counts by up to 45% on v2's ResNet
 * 3x3 layers).
 * Measured against reference.ts (bench/results/systolic-fidelity.md, every layer of the built-in
 * networks, arrays 32..128, SRAMs 64 KB..1 MB, 2026-11-28): CALC total traffic (reads + writes)
 * within 14.6% on every layer (was 44% on overlapping layers), 94.7-100% of the cases per network
 * within 5%. The misses left are overlapping layers whose pass holds only a few flushes, so that
 * the flush phase locks to the fold structure and v2 hits more than the phase average says: the
 * model is then HIGH, ifmap reads by up to ~40-65% (ResNet 14x14x256 3x3 os on 128x128 at 64 KB:
 * +13.4% total; ResNet 3x3 stride-2 ws at 256 KB: +14.6% / +13.9%; AlexNet conv3/conv5 os 128x128
 * 64 KB: +9.7%). On tiny synthetic layers (W of a few hundred words) expect up to ~20% on the
 * total. Bounds always hold: U <= reads per pass <= demands per pass.
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
 * `reuse`: `ifmapReuse(layer)` (computed once per layer; null or omitted = the pre-reuse model,
 * which under-counts overlapping convolutions whose footprint is >= W); `rows`: the array's R
 * (omitted: estimated from Fr). Cost O(re-reference classes) when used, else O(Fc).
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
  reuse?: IfmapReuse | null,
  rows = 0,
): SubLayerDram {
  // ifmap: Fc passes over the whole ifmap (os, ws); each im2col element once (is).
  const r = rows > 0 ? rows : Math.ceil((dataflow === 'os' ? m : k) / fr);
  // os with C < R: the anti-diagonal order interleaves taps within a fold and the link model does
  // not hold; the footprint-per-pass model is kept there (within 5% on the bench's layers).
  if (reuse && reuse.pairs > 0 && wIf > 0 && ifmapFootprint >= wIf && !(dataflow === 'os' && reuse.channels < r)) {
    out.ifmapReads = reuseMisses(reuse, dataflow, m, k, c, r, wIf, dataflow === 'is' ? 1 : fc);
  } else {
    out.ifmapReads = groupMisses(ifmapFootprint, dataflow === 'is' ? 1 : fc, wIf, 0);
  }
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
 * Re-reference structure of an overlapping convolution's im2col ifmap, per sub-layer (computed
 * once per layer by `ifmapReuse`). Each non-null im2col element (m, k) whose ifmap address an
 * earlier filter tap already covers is a re-reference; it is classified by the tap distance d to
 * the nearest earlier covering tap (k distance d*C) and the output distance dm between the two
 * windows. `pairs` re-references in all, in classes (d[i], dm[i], count[i]).
 */
export interface IfmapReuse {
  /** Non-null im2col elements of one sub-layer (SRAM demands of one ifmap pass). */
  demands: number;
  /** Distinct addresses (= ifmapFootprint). */
  footprint: number;
  /** Channels of one sub-layer (1 for depthwise). */
  channels: number;
  /** Total re-references (demands - footprint). */
  pairs: number;
  d: Float64Array;
  dm: Float64Array;
  count: Float64Array;
  /**
   * Wrap-around classes (ws passes after the first): each address's first demand of a pass
   * against its last demand of the previous pass, tap distance taps - last + first, output
   * distance dm. Counts sum to `footprint`.
   */
  wd: Float64Array;
  wdm: Float64Array;
  wcount: Float64Array;
}

/**
 * The re-reference classes of a layer's ifmap (see `IfmapReuse`), or null when no address is
 * demanded twice (GEMMs, Fh <= s and Fw <= s). O(taps * outputs) once per layer.
 */
export function ifmapReuse(layer: Layer): IfmapReuse | null {
  if (ifmapReuseFree(layer)) return null;
  if (isGemmLayer(layer)) return null;
  const { height: ho, width: wo } = convOutputDims(layer);
  const h = layer.ifmapH;
  const w = layer.ifmapW;
  const s = layer.stride;
  const ch = layer.depthwise ? 1 : layer.channels;
  const lastTap = new Int32Array(h * w).fill(-1);
  const lastM = new Int32Array(h * w);
  // The first covering tap of each pixel (taps in order, outputs in order), for the pass wrap.
  const firstTap = new Int32Array(h * w).fill(-1);
  const firstM = new Int32Array(h * w);
  const classes = new Map<number, number>();
  let demands = 0;
  let unique = 0;
  const taps = layer.filterH * layer.filterW;
  const key = (d: number, dm: number): number => d * 4_194_304 + dm;
  for (let t = 0; t < taps; t++) {
    const fy = Math.floor(t / layer.filterW);
    const fx = t % layer.filterW;
    for (let oy = 0; oy < ho; oy++) {
      const y = oy * s + fy;
      if (y >= h) break;
      for (let ox = 0; ox < wo; ox++) {
        const x = ox * s + fx;
        if (x >= w) break;
        const p = y * w + x;
        const mi = oy * wo + ox;
        demands++;
        if (lastTap[p] < 0) {
          unique++;
          firstTap[p] = t;
          firstM[p] = mi;
        } else {
          const kk = key(t - lastTap[p], lastM[p] - mi);
          classes.set(kk, (classes.get(kk) ?? 0) + 1);
        }
        lastTap[p] = t;
        lastM[p] = mi;
      }
    }
  }
  const wraps = new Map<number, number>();
  for (let p = 0; p < h * w; p++) {
    if (firstTap[p] < 0) continue;
    const kk = key(taps - lastTap[p] + firstTap[p], Math.abs(lastM[p] - firstM[p]));
    wraps.set(kk, (wraps.get(kk) ?? 0) + 1);
  }
  const nw = wraps.size;
  const n = classes.size;
  const out: IfmapReuse = {
    demands: demands * ch,
    footprint: unique * ch,
    channels: ch,
    pairs: (demands - unique) * ch,
    d: new Float64Array(n),
    dm: new Float64Array(n),
    count: new Float64Array(n),
    wd: new Float64Array(nw),
    wdm: new Float64Array(nw),
    wcount: new Float64Array(nw),
  };
  let j = 0;
  for (const [kk, cnt] of wraps) {
    out.wd[j] = Math.floor(kk / 4_194_304);
    out.wdm[j] = kk - out.wd[j] * 4_194_304;
    out.wcount[j] = cnt * ch;
    j++;
  }
  ensureClassCapacity(2 * (n + nw) + 2);
  let i = 0;
  for (const [kk, cnt] of classes) {
    out.d[i] = Math.floor(kk / 4_194_304);
    out.dm[i] = kk - out.d[i] * 4_194_304;
    out.count[i] = cnt * ch;
    i++;
  }
  return out;
}

/** Scratch of the re-reference solver: (demand distance, count) per class; grown by `ifmapReuse`. */
let classX = new Float64Array(64);
let classC = new Float64Array(64);
let classes = 0;

function ensureClassCapacity(n: number): void {
  if (classX.length >= n) return;
  classX = new Float64Array(n);
  classC = new Float64Array(n);
}

function pushClass(x: number, c: number): void {
  if (c <= 0) return;
  if (classes === classX.length) {
    const x2 = new Float64Array(classes * 2);
    const c2 = new Float64Array(classes * 2);
    x2.set(classX);
    c2.set(classC);
    classX = x2;
    classC = c2;
  }
  classX[classes] = x < 0 ? -x : x;
  classC[classes] = c;
  classes++;
}

/**
 * Misses of a pass of `demands` demands: `base` always-missing demands plus the pushed classes,
 * each re-reference missing with probability min(1, x * rate / W), rate = misses / demands. The
 * fixed point rate = f(rate) (f concave, piecewise linear) is found by Newton steps from rate = 1,
 * which converge monotonically onto it (a few steps: one per change of the saturated set).
 */
function solvePass(base: number, demands: number, w: number): number {
  let rate = 1;
  for (let it = 0; it < 32; it++) {
    let saturated = 0;
    let slope = 0;
    for (let i = 0; i < classes; i++) {
      const a = classX[i] / w;
      if (a * rate >= 1) saturated += classC[i];
      else slope += classC[i] * a;
    }
    const denominator = demands - slope;
    const next = denominator > 0 ? Math.min(1, (base + saturated) / denominator) : 1;
    if (Math.abs(next - rate) <= 1e-12) {
      rate = next;
      break;
    }
    rate = next;
  }
  let misses = base;
  for (let i = 0; i < classes; i++) {
    const p = (classX[i] * rate) / w;
    misses += classC[i] * (p < 1 ? p : 1);
  }
  classes = 0;
  return misses;
}

/**
 * Expected fold boundaries between two demands `dist` apart on an axis of `span` cut into folds
 * of `width`: dist / width far from the ends, at most (folds - 1) boundaries each crossed by
 * `dist` of the span - dist possible first positions.
 */
function foldsBetween(dist: number, span: number, width: number): number {
  const folds = Math.ceil(span / width);
  const positions = Math.max(1, span - dist);
  return Math.min(dist / width, ((folds - 1) * Math.min(dist, positions)) / positions);
}

/**
 * Push a ws re-reference class: `count` pairs `dk` im2col columns and `dm` outputs apart (the later
 * demand at k + dk, m - dm). ws folds are K-slices of R columns, demand (m, lane) on row m + lane:
 * x = (folds between) * fold demands + (dk - folds * lanes - dm) rows; the fold count takes the two
 * integers around its expectation, weighted so the mean is kept. A wrap pair (next pass) is at
 * least one fold apart.
 */
function pushWsClass(count: number, dk: number, dm: number, m: number, k: number, rows: number, perK: number, wrap: boolean): void {
  const lanes = Math.min(rows, k);
  const perRow = (perK / m) * lanes;
  let e = foldsBetween(dk, k, lanes);
  if (wrap && e < 1) e = 1;
  const q = Math.floor(e);
  const frac = e - q;
  pushClass(q * lanes * perK + (dk - q * lanes - dm) * perRow, count * (1 - frac));
  pushClass((q + 1) * lanes * perK + (dk - (q + 1) * lanes - dm) * perRow, count * frac);
}

/**
 * Misses of the ifmap stream of an overlapping convolution whose footprint is >= W (see the
 * module comment). `passes` ifmap passes (os/ws Fc, is 1).
 */
function reuseMisses(re: IfmapReuse, dataflow: Dataflow, m: number, k: number, cols: number, rows: number, w: number, passes: number): number {
  const cch = re.channels;
  const perK = re.demands / k; // non-null demands per im2col column
  const perM = re.demands / m; // non-null demands per output
  if (dataflow !== 'ws') return Math.round(osIsPassMisses(re, dataflow, m, k, cols, rows, w, perK, perM) * passes);
  // ws passes restart at fold 0: the last fold's unused lanes separate a wrap pair too.
  const lanes = Math.min(rows, k);
  const pad = Math.ceil(k / lanes) * lanes - k;
  for (let i = 0; i < re.count.length; i++) pushWsClass(re.count[i], re.d[i] * cch, re.dm[i], m, k, rows, perK, false);
  let total = solvePass(re.footprint, re.demands, w);
  if (passes > 1) {
    for (let i = 0; i < re.count.length; i++) pushWsClass(re.count[i], re.d[i] * cch, re.dm[i], m, k, rows, perK, false);
    for (let i = 0; i < re.wcount.length; i++) pushWsClass(re.wcount[i], re.wd[i] * cch + pad, -re.wdm[i], m, k, rows, perK, true);
    total += solvePass(0, re.demands, w) * (passes - 1);
  }
  return Math.round(total);
}

/**
 * One os or is ifmap pass. Their folds cut M (os: R outputs, is: C outputs), and within a fold
 * the demands run in k order, so an address's demands come fold by fold, each fold's in tap
 * order: the tap-order links stay `dk` columns apart (os: |dk - dm| rows of the anti-diagonal
 * order, is: dk rows), and each fold boundary inside an address's output range adds one link from
 * its last tap in the earlier fold to its first tap in the later one, (K - tap span) rows apart
 * (+ the output range on os): the wrap classes, `e` boundaries each. The cross links replace as
 * many tap-order links (all classes scaled down alike).
 */
function osIsPassMisses(re: IfmapReuse, dataflow: Dataflow, m: number, k: number, cols: number, rows: number, w: number, perK: number, perM: number): number {
  const cch = re.channels;
  const width = dataflow === 'os' ? rows : cols;
  const perRow = (dataflow === 'os' ? perM / k : perK / m) * Math.min(width, m);
  let crossLinks = 0;
  if (m > width) {
    for (let i = 0; i < re.wcount.length; i++) {
      const dist = re.wdm[i];
      const links = re.wcount[i] * foldsBetween(dist, m, width);
      crossLinks += links;
      pushClass((re.wd[i] * cch + (dataflow === 'os' ? dist : 0)) * perRow, links);
    }
  }
  const keep = re.pairs > 0 ? Math.max(0, 1 - crossLinks / re.pairs) : 0;
  for (let i = 0; i < re.count.length; i++) {
    const dk = re.d[i] * cch;
    pushClass((dataflow === 'os' ? dk - re.dm[i] : dk) * perRow, re.count[i] * keep);
  }
  return solvePass(re.footprint, re.demands, w);
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


const reuseCache = new Map<string, IfmapReuse | null>();

/** `ifmapReuse`, memoized on the layer's geometry (a few hundred entries at most in practice). */
const reuseByLayer = new WeakMap<Layer, { key: string; reuse: IfmapReuse | null }>();

function cachedIfmapReuse(layer: Layer): IfmapReuse | null {
  if (ifmapReuseFree(layer) || isGemmLayer(layer)) return null;
  const hit = reuseByLayer.get(layer);
  const key = `${layer.ifmapH},${layer.ifmapW},${layer.filterH},${layer.filterW},${layer.depthwise ? 1 : layer.channels},${layer.stride}`;
  if (hit && hit.key === key) return hit.reuse;
  let re = reuseCache.get(key);
  if (re === undefined) {
    if (reuseCache.size >= 4096) reuseCache.clear();
    re = ifmapReuse(layer);
    reuseCache.set(key, re);
  }
  reuseByLayer.set(layer, { key, reuse: re });
  return re;
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
  options: { partialSumsInOfmap?: boolean; legacyIfmap?: boolean } = {},
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
  const reuse = options.legacyIfmap ? null : cachedIfmapReuse(layer);
  const sub = subLayerDramInto(dataflow, m, n, k, c, fr, fc, uIf, wIf, wFi, { ifmapReads: 0, filterReads: 0, ofmapWrites: 0 }, partialSumWords, reuse, r);
  const count = lowered.count;
  return {
    ifmapReads: sub.ifmapReads * count,
    filterReads: sub.filterReads * count,
    ofmapWrites: sub.ofmapWrites * count,
    ifmapExact: reuseFree || wIf === 0 || uIf < wIf,
  };
}
