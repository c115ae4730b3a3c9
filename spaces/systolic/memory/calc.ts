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
 *       and the links above are not the stream's (the old model is within 5% on those layers),
 *       unless K >= R and the flush walk below applies (a fold then still runs tap by tap, give
 *       or take R columns: ResNet-18 64-channel 3x3 stride-2 on 128 rows, 10.7% -> 3.8%).
 * Few flushes per pass: the flush walk. When a pass holds only a few flushes (renewal estimate
 * under 8 W per pass for ws, 16 W for os/is), the flush phase does not average out: the flushes
 * fall at the same folds pass after pass, and whether a re-reference misses depends on whether a
 * flush lies between it and its partner, which for a given tap pair is always or never (ResNet
 * 3x3 stride-2 ws: the tap repeating tap 0 one output row lower always misses, the one repeating
 * it one column further never does; the renewal model gave both the average and was 40-60% high
 * on ifmap reads). There the model walks the stream instead (`wsPassesMisses`, `osPassesMisses`):
 * stretches in v2's order (ws: folds, K-slices of R columns; os: output blocks of R, inside each
 * tap by tap, as a fold runs in k order; is likewise with blocks of C outputs when a tap's C
 * channels span at least R columns), each holding its share of the per-tap first demands and
 * re-reference classes of `IfmapReuse` (tap t, tap distance d, output distance dm: a known
 * demand distance x behind). Walking them in order with the flush positions found so far, a
 * stretch's re-references of distance x miss where they lie less than x after a flush; the
 * stretch's misses (taken as spread evenly over it, in parts of at most W/8 so that a chain of
 * flushes, each made by the misses the last one caused, is followed) place its own flushes.
 * Passes after the first take the wrap classes in place of the first demands, and repeat once a
 * pass starts with the carry of the one before. The walk costs O(stretches x classes per tap)
 * per pass, so it is bounded (ws: WALK_SEGMENTS folds per pass; os and is: OS_WALK_SEGMENTS
 * stretches, their results memoized per layer; WALK_PASSES passes walked, parts of at least a
 * pass / WALK_PARTS); beyond that the renewal model stands. os/is folds that lie further from the
 * last flush than any re-reference reaches, and complete no window, are not walked tap by tap:
 * they miss exactly their first demands.
 * Without the descriptor (or when U < W) the pass is its footprint U, the old model (exact for U <
 * W; for U >= W it takes every re-reference as a hit and under-counts by up to 45% on v2's ResNet
 * 3x3 layers).
 * The walk's own check: a pass demands all U >= W pixels and a hit needs its address missed since
 * the last flush, so a pass misses at least U - (its starting carry); a walk that falls below has
 * lost the flush phase (U within a hair of W, one flush per pass whose exact place is beyond its
 * resolution) and the renewal model stands. ws layers with U < 1.2 W keep the renewal model too.
 * Measured against reference.ts (bench/results/systolic-fidelity.md, every layer of the built-in
 * networks, arrays 32..128, SRAMs 64 KB..1 MB, 2026-11-28): CALC total traffic (reads + writes)
 * within 5% on every grid and extra-coverage case (at most 4.5%: AlexNet conv1 ws at 32x32, 256 KB);
 * the renewal model alone was up to 15.6% off (ResNet 3x3 layers with a few flushes per pass), and
 * before the os/is walk went past 96 stretches AlexNet conv1 os at 64x64, 64 KB (49 folds x 121
 * taps) and VGG-16 conv2_2 os at 64x64, 256 KB (196 x 9) were 5.7% off. Beyond the bench's grid
 * (the same configs without its demand budget, CALC only, every overlapping conv layer, measured
 * before that widening), 12 of 1,593 cases outside VGG-16 were over 5% (up to 21% on ResNet 3x3
 * stride-2 layers on 32x32 arrays) and 16 of 270 VGG-16 cases (large os layers on 32-128 arrays at
 * 64-256 KB, up to 20%); AlexNet conv1 os on 32x32 stays over the walk's bound (7.7% low).
 * On tiny synthetic layers (W of a few hundred words) expect up to ~20% on the total. Bounds
 * always hold: U <= reads per pass <= demands per pass.
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
 * (compute/subLayerComputeInto), written into `out` (no validation; allocates only to memoize a
 * new flush walk on `reuse`, see `cachedOsWalk`). `ifmapFootprint` is
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
  // os with C < R: the anti-diagonal order interleaves taps within a fold and the renewal link
  // model does not hold; the footprint-per-pass model is kept there (within 5% on the bench's
  // layers), except where the flush walk applies (K >= R: a fold still runs tap by tap, give or
  // take R columns; and few flushes per pass).
  const interleaved = dataflow === 'os' && reuse !== null && reuse !== undefined && reuse.channels < r;
  if (reuse && reuse.pairs > 0 && wIf > 0 && ifmapFootprint >= wIf && (!interleaved || k >= r)) {
    out.ifmapReads = reuseMisses(reuse, dataflow, m, k, c, r, wIf, dataflow === 'is' ? 1 : fc, interleaved ? ifmapFootprint : -1);
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
  /** Output width (v2's ceil formula). */
  outW: number;
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
  /** Filter taps (Fh*Fw) and, per tap, its non-null demands and first demands (footprint) of a pass, times the channels. */
  taps: number;
  tapDemands: Float64Array;
  tapFirst: Float64Array;
  /** Per tap, its first demands over PROFILE_BINS equal ranges of the outputs (one channel; t * PROFILE_BINS + bin). */
  tapFirstBins: Float64Array;
  /** The re-reference classes per tap (for `wsPassesMisses`): the later demand's tap t, tap distance d, output distance dm, count. */
  tt: Float64Array;
  td: Float64Array;
  tdm: Float64Array;
  tcount: Float64Array;
  /** Wrap classes per tap: first tap of the pass, last tap of the previous pass, first output - last output, count. */
  wfirst: Float64Array;
  wlast: Float64Array;
  wout: Float64Array;
  wtcount: Float64Array;
  /** Tap t's classes are [tapClassStart[t], tapClassStart[t + 1]) of tt..tcount; its wrap classes likewise in wfirst..wtcount. */
  tapClassStart: Int32Array;
  tapWrapStart: Int32Array;
  /** Results of the os/is flush walk by (fold width, W, passes) (`cachedOsWalk`). */
  walks: Map<number, number>;
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
  const taps = layer.filterH * layer.filterW;
  const tapDemands = new Float64Array(taps);
  const tapFirst = new Float64Array(taps);
  const mTotal = ho * wo;
  const tapFirstBins = new Float64Array(taps * PROFILE_BINS);
  const tapClasses = new Map<number, number>();
  const key3 = (a: number, b: number, c: number): number => (a * 256 + b) * 8_388_608 + c + 4_194_304;
  let demands = 0;
  let unique = 0;
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
        tapDemands[t]++;
        if (lastTap[p] < 0) {
          unique++;
          tapFirst[t]++;
          tapFirstBins[t * PROFILE_BINS + Math.floor((mi * PROFILE_BINS) / mTotal)]++;
          firstTap[p] = t;
          firstM[p] = mi;
        } else {
          const kk = key(t - lastTap[p], lastM[p] - mi);
          classes.set(kk, (classes.get(kk) ?? 0) + 1);
          const k3 = key3(t, t - lastTap[p], lastM[p] - mi);
          tapClasses.set(k3, (tapClasses.get(k3) ?? 0) + 1);
        }
        lastTap[p] = t;
        lastM[p] = mi;
      }
    }
  }
  const wraps = new Map<number, number>();
  const tapWraps = new Map<number, number>();
  for (let p = 0; p < h * w; p++) {
    if (firstTap[p] < 0) continue;
    const kk = key(taps - lastTap[p] + firstTap[p], Math.abs(lastM[p] - firstM[p]));
    wraps.set(kk, (wraps.get(kk) ?? 0) + 1);
    const k3 = key3(firstTap[p], lastTap[p], firstM[p] - lastM[p]);
    tapWraps.set(k3, (tapWraps.get(k3) ?? 0) + 1);
  }
  const unpack = (map: Map<number, number>, a: Float64Array, b: Float64Array, c: Float64Array, n: Float64Array): void => {
    let i = 0;
    for (const [kk, cnt] of map) {
      const ab = Math.floor(kk / 8_388_608);
      a[i] = Math.floor(ab / 256);
      b[i] = ab % 256;
      c[i] = kk - ab * 8_388_608 - 4_194_304;
      n[i] = cnt * ch;
      i++;
    }
  };
  const nw = wraps.size;
  const n = classes.size;
  const out: IfmapReuse = {
    demands: demands * ch,
    footprint: unique * ch,
    channels: ch,
    outW: wo,
    pairs: (demands - unique) * ch,
    d: new Float64Array(n),
    dm: new Float64Array(n),
    count: new Float64Array(n),
    wd: new Float64Array(nw),
    wdm: new Float64Array(nw),
    wcount: new Float64Array(nw),
    taps,
    tapDemands: tapDemands.map((x) => x * ch),
    tapFirst: tapFirst.map((x) => x * ch),
    tapFirstBins,
    tt: new Float64Array(tapClasses.size),
    td: new Float64Array(tapClasses.size),
    tdm: new Float64Array(tapClasses.size),
    tcount: new Float64Array(tapClasses.size),
    wfirst: new Float64Array(tapWraps.size),
    wlast: new Float64Array(tapWraps.size),
    wout: new Float64Array(tapWraps.size),
    wtcount: new Float64Array(tapWraps.size),
    tapClassStart: new Int32Array(taps + 1),
    tapWrapStart: new Int32Array(taps + 1),
    walks: new Map(),
  };
  // Keyed by the tap first, so each tap's classes are one run (tapClassStart, tapWrapStart).
  unpack(new Map([...tapClasses].sort((x, y) => x[0] - y[0])), out.tt, out.td, out.tdm, out.tcount);
  unpack(new Map([...tapWraps].sort((x, y) => x[0] - y[0])), out.wfirst, out.wlast, out.wout, out.wtcount);
  for (let i = 0, t = 0; t <= taps; t++) {
    while (i < out.tt.length && out.tt[i] < t) i++;
    out.tapClassStart[t] = i;
  }
  for (let i = 0, t = 0; t <= taps; t++) {
    while (i < out.wfirst.length && out.wfirst[i] < t) i++;
    out.tapWrapStart[t] = i;
  }
  unpackClasses(wraps, ch, out.wd, out.wdm, out.wcount);
  ensureClassCapacity(2 * (n + nw) + 2);
  unpackClasses(classes, ch, out.d, out.dm, out.count);
  return out;
}

/** Writes each (tap distance, output distance) class of `keyed` (packed as d * 4,194,304 + dm) and its count per channel times `channels`. */
function unpackClasses(keyed: Map<number, number>, channels: number, d: Float64Array, dm: Float64Array, count: Float64Array): void {
  let i = 0;
  for (const [kk, cnt] of keyed) {
    d[i] = Math.floor(kk / 4_194_304);
    dm[i] = kk - d[i] * 4_194_304;
    count[i] = cnt * channels;
    i++;
  }
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
function reuseMisses(re: IfmapReuse, dataflow: Dataflow, m: number, k: number, cols: number, rows: number, w: number, passes: number, footprintOnly = -1): number {
  const cch = re.channels;
  const perK = re.demands / k; // non-null demands per im2col column
  const perM = re.demands / m; // non-null demands per output
  if (dataflow !== 'ws') {
    const renewal = osIsPassMisses(re, dataflow, m, k, cols, rows, w, perK, perM);
    // is: one pass of output blocks of C, each K-slice of R columns read last column first, so a
    // block still runs tap by tap when a tap's C channels span at least R columns.
    const width = dataflow === 'os' ? rows : cols;
    const stretches = Math.ceil(m / width) * re.taps;
    if (renewal < OS_WALK_FLUSHES * w && (dataflow === 'os' || cch >= rows) && stretches <= OS_WALK_SEGMENTS && (stretches <= WALK_SEGMENTS || cch >= width || width >= re.outW)) {
      const walked = cachedOsWalk(re, m, width, w, passes, perM, k);
      if (walked >= 0) return Math.round(walked);
    }
    // os with C < R outside the walk: the footprint per pass.
    if (footprintOnly >= 0) return groupMisses(footprintOnly, passes, w, 0);
    return Math.round(renewal * passes);
  }

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
  if (total < WS_WALK_FLUSHES * w * passes && re.footprint >= WS_WALK_MIN_FOOTPRINT * w && Math.ceil(k / lanes) <= WALK_SEGMENTS) {
    const walked = wsPassesMisses(re, m, k, rows, w, passes);
    if (walked >= 0) return Math.round(walked);
  }
  return Math.round(total);
}

/** ws layers whose renewal estimate is under this many windows W per pass take `wsPassesMisses` (few flushes per pass). */
const WS_WALK_FLUSHES = 8;
/**
 * ws layers whose footprint is within this factor of W keep the renewal model: a pass then holds
 * one flush, near its end, and where exactly it falls (a few hundred demands either way) decides
 * whether the next pass flushes early and re-misses a fold's worth (VGG-16 conv5 at 64x64,
 * 256 KB: the walk is 6-8% off there, the renewal model 3%).
 */
const WS_WALK_MIN_FOOTPRINT = 1.2;
/** The same for os layers (whose walk goes tap by tap, so it stays right with more flushes). */
const OS_WALK_FLUSHES = 16;

/**
 * Cost bounds of the flush walks: stretches walked per pass (folds, or folds x taps), passes
 * walked before the last one is repeated, and parts per pass (`walkFold` parts are at least
 * a pass / WALK_PARTS long). Beyond WALK_SEGMENTS the renewal model stands.
 */
const WALK_SEGMENTS = 96;
/**
 * The os/is walk's bound: its stretches are a tap of a fold each, so a layer of many output
 * folds and taps holds thousands (AlexNet conv1, 11 x 11 taps: 49 folds x 121 taps at 64 rows;
 * VGG-16 conv2_2: 196 x 9), where the averaged models were 5.7% off. A walk of 8,192 stretches
 * costs up to a few milliseconds, so its result is kept per layer (`cachedOsWalk`). Beyond
 * WALK_SEGMENTS, an os layer with C < R is walked only when a fold spans an output row (R >= Wo):
 * narrower folds put every vertical re-reference across a fold boundary, which the walk's
 * uniform split between tap-order and fold-boundary links (`keep`) misplaces (tiny synthetic
 * layers, 16 or 38 outputs wide on 8 rows: 60-130% high, as the renewal model).
 */
const OS_WALK_SEGMENTS = 8192;
const WALK_PASSES = 4;
const WALK_PARTS = 64;
let partDemands = 0;

/** Scratch of `wsPassesMisses`: flush positions so far, and the fold's groups (count, demand distance). */
let flushAt = new Float64Array(64);
let flushCount = 0;
let groupC = new Float64Array(64);
let groupX = new Float64Array(64);
/** 1 for groups whose re-references lie along the stretch's profile (wrap classes: where the first demands were), else 0. */
let groupP = new Float64Array(64);
let groups = 0;
let tapPrefix = new Float64Array(16);

function pushGroup(c: number, x: number, profiled = false): void {
  if (c <= 0) return;
  if (groups === groupC.length) {
    const c2 = new Float64Array(groups * 2);
    const x2 = new Float64Array(groups * 2);
    const p2 = new Float64Array(groups * 2);
    c2.set(groupC);
    x2.set(groupX);
    p2.set(groupP);
    groupC = c2;
    groupX = x2;
    groupP = p2;
  }
  groupC[groups] = c;
  groupX[groups] = x;
  groupP[groups] = profiled ? 1 : 0;
  groups++;
}

function pushFlush(f: number): void {
  if (flushCount === flushAt.length) {
    const f2 = new Float64Array(flushCount * 2);
    f2.set(flushAt);
    flushAt = f2;
  }
  flushAt[flushCount++] = f;
}

/** Share of [a, b) that lies less than x after some flush (a re-reference there, x demands after its partner, misses). */
function flushedShare(a: number, b: number, x: number): number {
  // The last flush at or before a (binary search; flushes are increasing): of those before a,
  // only it can reach furthest into [a, b).
  let lo = 0;
  let hi = flushCount;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (flushAt[mid] <= a) lo = mid + 1;
    else hi = mid;
  }
  let covered = 0;
  let end = a;
  for (let i = Math.max(0, lo - 1); i < flushCount && flushAt[i] < b && end < b; i++) {
    const from = Math.max(end, flushAt[i]);
    const to = Math.min(b, flushAt[i] + x);
    if (to > from) {
      covered += to - from;
      end = to;
    }
  }
  return covered / (b - a);
}

/**
 * Misses of a stretch [a, b) of the stream (a fold, or a tap of one) holding `base` always-missing
 * demands and the pushed groups, spread evenly over it, given the flushes so far and the carry
 * (misses since the last flush); records the flushes it causes. Walked in parts of at most W/8
 * demands: a flush makes the re-references within x after it miss, and when x is about the
 * distance W misses take, those misses cause the next flush (a chain that a coarser walk breaks).
 */
function walkFold(a: number, b: number, base: number, carry: number, w: number): number {
  const parts = Math.max(1, Math.min(64, Math.ceil((b - a) / Math.max(w / 8, partDemands))));
  const len = (b - a) / parts;
  let total = 0;
  for (let part = 0; part < parts; part++) {
    const pa = a + part * len;
    const pb = pa + len;
    const u0 = part / parts;
    const u1 = (part + 1) / parts;
    const partBase = base * profileMass(u0, u1);
    // The part's misses under the flushes so far; if they complete the window, the first flush
    // falls where they do (they precede it), and the misses it causes follow it: spread evenly
    // over the rest of the part, they place any further flush.
    const mass = profileMass(u0, u1);
    let misses = partMisses(pa, pb, partBase, parts, mass);
    if (!profileOn) {
      // Misses spread evenly over the part: a few fixed-point rounds place its flushes (os/is
      // stretches are a tap of a fold, whose re-references and first demands are spread evenly).
      const committed = flushCount;
      for (let round = 0; round < 3; round++) {
        if (round > 0) misses = partMisses(pa, pb, partBase, parts, mass);
        flushCount = committed;
        for (let j = 1; j * w - carry <= misses; j++) pushFlush(pa + ((j * w - carry) / misses) * len);
        if (flushCount === committed) break;
      }
    } else if (carry + misses >= w) {
      const first = pa + flushPoint(w - carry, partBase + profiledMisses, misses - partBase - profiledMisses, u0, u1) * len;
      pushFlush(first);
      misses = partMisses(pa, pb, partBase, parts, mass);
      const after = misses - (w - carry);
      const committed = flushCount;
      for (let j = 1; j * w <= after; j++) pushFlush(first + ((j * w) / after) * (pb - first));
      if (flushCount > committed) misses = partMisses(pa, pb, partBase, parts, mass);
    }
    total += misses;
    carry = (carry + misses) % w;
  }
  groups = 0;
  profileOn = false;
  return total;
}

/**
 * Where a stretch's first demands lie (ws: a fold runs its outputs in order, and a later tap's
 * first demands are the pixels no earlier tap reached, at the bottom rows and right columns, so
 * at the end of its folds): PROFILE_BINS weights over the stretch, summing to 1; off, evenly.
 * Set by `wsPassesMisses` for its next `walkFold`.
 */
const PROFILE_BINS = 16;
const profile = new Float64Array(PROFILE_BINS);
let profileOn = false;

/** Share of the stretch's first demands in [u0, u1) of it. */
function profileMass(u0: number, u1: number): number {
  if (!profileOn) return u1 - u0;
  let mass = 0;
  for (let i = Math.floor(u0 * PROFILE_BINS); i < PROFILE_BINS && i < u1 * PROFILE_BINS; i++) {
    const lo = Math.max(u0, i / PROFILE_BINS);
    const hi = Math.min(u1, (i + 1) / PROFILE_BINS);
    if (hi > lo) mass += profile[i] * (hi - lo) * PROFILE_BINS;
  }
  return mass;
}

/** Fraction of part [u0, u1) at which `need` misses are reached: `base` of them along the profile, `rest` evenly. */
function flushPoint(need: number, base: number, rest: number, u0: number, u1: number): number {
  const mass = profileMass(u0, u1);
  const steps = 16;
  let done = 0;
  for (let i = 0; i < steps; i++) {
    const lo = u0 + ((u1 - u0) * i) / steps;
    const hi = u0 + ((u1 - u0) * (i + 1)) / steps;
    const step = (mass > 0 ? (base * profileMass(lo, hi)) / mass : base / steps) + rest / steps;
    if (done + step >= need) return (i + (step > 0 ? (need - done) / step : 0)) / steps;
    done += step;
  }
  return 1;
}

/** Misses of the profiled groups in the last `partMisses`. */
let profiledMisses = 0;

/**
 * Misses of part [pa, pb) of a stretch cut in `parts`: its `base` share plus its share of each
 * pushed group (1/parts, or the profile's `mass` for profiled groups) that lies within x after a
 * flush.
 */
function partMisses(pa: number, pb: number, base: number, parts: number, mass: number): number {
  let misses = base;
  profiledMisses = 0;
  for (let g = 0; g < groups; g++) {
    const m = groupC[g] * (groupP[g] > 0 ? mass : 1 / parts) * flushedShare(pa, pb, groupX[g]);
    misses += m;
    if (groupP[g] > 0) profiledMisses += m;
  }
  return misses;
}


/**
 * The total misses of `passes` identical passes, from walks of the first few. A pass demands all
 * U >= W pixels, and a hit needs its address missed since the last flush, so a pass misses at
 * least U - (its starting carry): a walk below that has lost the flush phase (U within a hair of W:
 * where the one flush per pass falls is beyond its resolution), and the renewal model stands (-1).
 * Once a pass repeats the previous one (misses and starting carry), or after WALK_PASSES walked
 * passes, the remaining passes are taken as the last one walked.
 */
class WalkedPasses {
  total = 0;
  private previous = -1;
  private previousCarry = -1;

  constructor(
    private readonly passes: number,
    private readonly footprint: number,
  ) {}

  /** Adds walked pass p; returns the final total (or -1) when walking can stop, else null. */
  add(passMisses: number, startCarry: number, p: number): number | null {
    if (passMisses + 0.5 < this.footprint - startCarry) return -1;
    this.total += passMisses;
    if ((Math.abs(passMisses - this.previous) < 0.5 && Math.abs(startCarry - this.previousCarry) < 0.5) || p + 1 >= WALK_PASSES) {
      return this.total + passMisses * (this.passes - 1 - p);
    }
    this.previous = passMisses;
    this.previousCarry = startCarry;
    return null;
  }
}

/**
 * `osPassesMisses`, memoized on the layer's descriptor: it depends only on the fold width, W and
 * the passes, which a sweep repeats design after design (8 array sides x 9 SRAM sizes at most per
 * dataflow), so each walk runs once. The memo is bounded (cleared past WALK_MEMO entries).
 */
function cachedOsWalk(re: IfmapReuse, m: number, width: number, w: number, passes: number, perM: number, k: number): number {
  if (width >= 65_536 || w >= 8_388_608 || passes >= 65_536) return osPassesMisses(re, m, width, w, passes, perM, k);
  const key = (width * 8_388_608 + w) * 65_536 + passes;
  const hit = re.walks.get(key);
  if (hit !== undefined) return hit;
  const walked = osPassesMisses(re, m, width, w, passes, perM, k);
  if (re.walks.size >= WALK_MEMO) re.walks.clear();
  re.walks.set(key, walked);
  return walked;
}

const WALK_MEMO = 4096;

/**
 * os ifmap misses by the deterministic walk of `wsPassesMisses`, fold by fold (folds are blocks
 * of R outputs, each holding its share of the pass's demands, first demands and tap-order
 * re-references; the cross links of `osIsPassMisses` come at the fold boundaries). Passes after
 * the first replace the first demands by the wrap classes: each pixel's first demand against its
 * last one in the previous pass, a pass less the taps between them before (the pixels demanded
 * after the last flush of a pass are still held at the next one's start).
 */
function osPassesMisses(re: IfmapReuse, m: number, rows: number, w: number, passes: number, perM: number, k: number): number {
  const cch = re.channels;
  const taps = re.taps;
  const width = Math.min(rows, m);
  const folds = Math.ceil(m / width);
  const perRow = (perM / k) * width;
  const pass = re.demands;
  partDemands = pass / WALK_PARTS;
  let crossLinks = 0;
  for (let i = 0; folds > 1 && i < re.wcount.length; i++) crossLinks += re.wcount[i] * foldsBetween(re.wdm[i], m, width);
  const keep = re.pairs > 0 ? Math.max(0, 1 - crossLinks / re.pairs) : 0;
  // How far back any re-reference of a pass reaches (its demand distance): the first pass's
  // tap-order and fold-boundary links, later passes' wrap links too.
  let reachFirst = 0;
  let reachLater = 0;
  for (let i = 0; i < re.tt.length; i++) reachFirst = Math.max(reachFirst, (re.td[i] * cch - re.tdm[i]) * perRow);
  for (let i = 0; i < re.wfirst.length; i++) {
    const span = (re.wlast[i] - re.wfirst[i]) * cch - re.wout[i];
    reachFirst = Math.max(reachFirst, (taps * cch - span) * perRow);
    reachLater = Math.max(reachLater, pass - span * perRow);
  }
  reachLater = Math.max(reachLater, reachFirst);
  flushCount = 0;
  let carry = 0;
  const walked = new WalkedPasses(passes, re.footprint);
  for (let p = 0; p < passes; p++) {
    const startCarry = carry;
    let passMisses = 0;
    for (let f = 0; f < folds; f++) {
      const share = (Math.min(m, (f + 1) * width) - f * width) / m;
      let a = p * pass + (pass * f * width) / m;
      // A fold further from the last flush than any re-reference reaches only misses its first
      // demands; unless they complete a window, its taps need no walking (most folds: a pass
      // that takes the walk holds few flushes).
      const firstDemands = p === 0 ? re.footprint * share : 0;
      const sinceFlush = flushCount > 0 ? a - flushAt[flushCount - 1] : Infinity;
      if (sinceFlush >= (p === 0 ? reachFirst : reachLater) && carry + firstDemands < w) {
        passMisses += firstDemands;
        carry += firstDemands;
        continue;
      }
      // Inside a fold the demands run in k order: tap by tap.
      for (let t = 0; t < taps; t++) {
        const b = a + re.tapDemands[t] * share;
        if (b <= a) continue;
        groups = 0;
        for (let i = re.tapClassStart[t]; i < re.tapClassStart[t + 1]; i++) pushGroup(re.tcount[i] * keep * share, (re.td[i] * cch - re.tdm[i]) * perRow);
        for (let i = re.tapWrapStart[t]; i < re.tapWrapStart[t + 1]; i++) {
          const span = (re.wlast[i] - re.wfirst[i]) * cch - re.wout[i];
          // A fold boundary inside the pixel's outputs links its last tap before it to its first after it.
          if (f > 0) pushGroup((re.wtcount[i] * foldsBetween(Math.abs(re.wout[i]), m, width)) / (folds - 1), (taps * cch - span) * perRow);
          // Each pass after the first: the first demand against the last one of the previous pass.
          if (p > 0) pushGroup(re.wtcount[i] * share, pass - span * perRow);
        }
        const misses = walkFold(a, b, p === 0 ? re.tapFirst[t] * share : 0, carry, w);
        passMisses += misses;
        carry = (carry + misses) % w;
        a = b;
      }
    }
    const done = walked.add(passMisses, startCarry, p);
    if (done !== null) return done;
  }
  return walked.total;
}

/**
 * ws ifmap misses by a deterministic walk of the flushes, fold by fold (used when a pass holds
 * few flushes, where the renewal model's flush phase average fails: the flushes then fall at
 * the same folds pass after pass, and whether a re-reference misses depends on whether its
 * partner's fold lies before or after them; e.g. ResNet 3x3 stride-2 ws: the tap that repeats
 * tap 0 a row lower always misses, the one that repeats it a column further never does, and the
 * renewal model gave both the average: +48% ifmap reads).
 * A ws pass runs the im2col columns in order, fold by fold (R columns each); every fold holds the
 * demands of its columns, spread evenly over its rows. Per tap the layer's re-references (by tap
 * distance d and output distance dm: the partner is column k - d*C at output m + dm, so at a known
 * demand distance x before) and first demands are known (`IfmapReuse` per-tap classes). Walking
 * the folds in order with the flush positions found so far, a fold's re-references of distance x
 * miss where they lie within x after a flush; the fold's misses place its own flushes (misses
 * taken as spread evenly over the fold, a few fixed-point rounds). Passes after the first replace
 * the first demands by the wrap classes (last demand in the previous pass); once a pass starts
 * with the carry of the one before and misses as much, the rest repeat it.
 */
function wsPassesMisses(re: IfmapReuse, m: number, k: number, rows: number, w: number, passes: number): number {
  const cch = re.channels;
  const taps = re.taps;
  if (tapPrefix.length < taps + 1) tapPrefix = new Float64Array(taps + 1);
  for (let t = 0; t < taps; t++) tapPrefix[t + 1] = tapPrefix[t] + re.tapDemands[t];
  const columnPos = (kk: number): number => {
    const t = Math.min(taps, Math.floor(kk / cch));
    return t >= taps ? tapPrefix[taps] : tapPrefix[t] + ((kk - t * cch) * re.tapDemands[t]) / cch;
  };
  const lanes = Math.min(rows, k);
  const folds = Math.ceil(k / lanes);
  const pass = re.demands;
  partDemands = pass / WALK_PARTS;
  // Position in the pass of the demand of column kk at output mi.
  const pos = (kk: number, mi: number): number => {
    const f = Math.floor(kk / lanes);
    const start = columnPos(f * lanes);
    const cols = Math.min(lanes, k - f * lanes);
    const perRow = (columnPos(f * lanes + cols) - start) / (m + cols - 1);
    return start + (mi + kk - f * lanes) * perRow;
  };
  flushCount = 0;
  let carry = 0;
  const walked = new WalkedPasses(passes, re.footprint);
  const mid = m / 2;
  for (let p = 0; p < passes; p++) {
    const startCarry = carry;
    let passMisses = 0;
    for (let f = 0; f < folds; f++) {
      const k0 = f * lanes;
      const k1 = Math.min(k, k0 + lanes);
      const a = p * pass + columnPos(k0);
      const b = p * pass + columnPos(k1);
      if (b <= a) continue;
      groups = 0;
      let base = 0;
      profile.fill(0);
      const t0 = Math.floor(k0 / cch);
      const t1 = Math.min(taps - 1, Math.floor((k1 - 1) / cch));
      for (let t = t0; t <= t1; t++) {
        const c0 = Math.max(0, k0 - t * cch);
        const c1 = Math.min(cch, k1 - t * cch);
        if (c1 <= c0) continue;
        const share = (c1 - c0) / cch;
        if (p === 0) base += re.tapFirst[t] * share;
        // Pass 0's first demands, later passes' wrap re-references: where the tap first reaches a pixel.
        for (let i = 0; i < PROFILE_BINS; i++) profile[i] += re.tapFirstBins[t * PROFILE_BINS + i] * share;
        for (let i = re.tapClassStart[t]; i < re.tapClassStart[t + 1]; i++) {
          const kp0 = (t - re.td[i]) * cch;
          // Split the channels where the partner columns cross a fold boundary.
          for (let ca = c0; ca < c1; ) {
            const next = Math.min(c1, (Math.floor((kp0 + ca) / lanes) + 1) * lanes - kp0);
            const cm = (ca + next) / 2;
            const x = pos(t * cch + cm, mid) - pos(kp0 + cm, mid + re.tdm[i]);
            pushGroup((re.tcount[i] * (next - ca)) / cch, x);
            ca = next;
          }
        }
        if (p > 0) {
          for (let i = re.tapWrapStart[t]; i < re.tapWrapStart[t + 1]; i++) {
            const kp0 = re.wlast[i] * cch;
            for (let ca = c0; ca < c1; ) {
              const next = Math.min(c1, (Math.floor((kp0 + ca) / lanes) + 1) * lanes - kp0);
              const cm = (ca + next) / 2;
              const x = pass + pos(t * cch + cm, mid) - pos(kp0 + cm, mid - re.wout[i]);
              pushGroup((re.wtcount[i] * (next - ca)) / cch, x, true);
              ca = next;
            }
          }
        }
      }
      let weight = 0;
      for (let i = 0; i < PROFILE_BINS; i++) weight += profile[i];
      if (weight > 0) for (let i = 0; i < PROFILE_BINS; i++) profile[i] /= weight;
      profileOn = weight > 0;
      const misses = walkFold(a, b, base, carry, w);
      passMisses += misses;
      carry = (carry + misses) % w;
    }
    const done = walked.add(passMisses, startCarry, p);
    if (done !== null) return done;
  }
  return walked.total;
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
