/**
 * Cycles, stalls and DRAM traffic of one layer in SCALE-Sim v2's USER bandwidth mode (B words per
 * cycle for each of the ifmap, filter and ofmap buffers), approximated at the level of buffer
 * lines and folds instead of addresses. reference.ts simulates the same semantics address by
 * address; its module comment describes them.
 *
 * Model. Each read buffer is a ring of L lines of E = ceil(S/100) prefetch entries (the non-null
 * cells of the operand's prefetch matrix, in v2's order); the active window is nA lines, and a
 * demand for a line outside it rotates the window by nP lines (mod L) until it is inside. Each
 * fold (`for fc: for fr:`) is replayed as the lines it touches, in demand order:
 *   - diagonally unrolled operands (os ifmap and filter, ws ifmap, is filter): the fold whose
 *     block is h rows of the prefetch matrix from row a sweeps forward from the first cell of
 *     anti-diagonal a to the last cell of anti-diagonal a + h + width - 2. For the os and ws
 *     ifmap of a conv whose geometry is known, a line of the fold outside the window is served
 *     through copies, as v2 serves it (`seekCopies`): overlapping windows hold a pixel at up to
 *     Fh*Fw im2col cells, often still in the window when the fold's own line is not (os: a
 *     fold's first lines, left behind by the previous fold's sweep, are held at the end of that
 *     fold; ws: a stride-2 tap fx + 2 repeats tap fx one output over, so whole folds are held in
 *     earlier ones). The line's cells are sampled (its first and last outputs, and the border
 *     outputs in between, whose pixels have fewer copies), each at both ends of its span on the
 *     line, and served in demand order: a sample with no copy in the window rotates it to the
 *     copy with the least forward offset, round the ring if need be. Without this the window
 *     went round the ring at every fold start (MobileNet 3x3 depthwise os at 128x128, 64 KB:
 *     +248% total cycles at B = 1) or rotated through folds v2 never fetched (ResNet 3x3
 *     stride-2 ws: +200%);
 *   - row-major operands (ws filter, is ifmap): the fold's K rows, last row first, each row left
 *     to right, so a row straddling a line boundary touches the lower line, then the upper one.
 *     For a conv's is ifmap whose geometry is known (dramTrafficUser), a lane outside the window
 *     hits when any other output using the same pixel holds it in the window (v2 looks addresses
 *     up, and overlapping windows hold each pixel up to Fh*Fw times); otherwise the window
 *     rotates forward to the first copy above it, or round the ring to the earliest one. Without
 *     this, a fold straddling a rotation made the window wrap round the ring on every backward
 *     read (e.g. AlexNet conv2 at is, 64x64, 256 KB: 93 M ifmap reads instead of v2's 5.9 M).
 *     Lanes whose window falls off the ifmap demand nothing (ResNet-18 Conv3_1a, stride 2 on an
 *     unpadded 56 x 56 ifmap: taking them as demands sent the window round the ring at one
 *     column fold in three, +31% at 32x32, 64 KB).
 * Consecutive folds overlap on the ring (the skew), a repeated block (os filter: Fr times; any
 * operand re-read per pass) starts behind a window that has moved on, and backward reads step
 * below it: each makes the window go all the way round, which is where v2's inflated USER reads
 * come from. Rotations do not depend on timing. Prefetch k completes at cycle
 * k*(ceil((S/2)/B) + 1) - 1 whatever the demand cycle, and the row that triggered it waits for
 * it (`pushWait`). The timeline (`playTimeline`) then plays the rows fold by fold on one clock
 * with those waits and v2's ofmap buffer: each fold writes its outputs on the rows where v2's
 * demand matrix puts them (a plateau of min(a, b) words a row between two ramps), a drain starts
 * when more than half the buffer is held, and a row stalls when the buffer is full while a drain
 * runs. One clock because the two stalls add: a read wait stops the writes but not the drain,
 * which then idles, and the writes after the wait find the buffer as full as before. Stalls =
 * the last row's end minus the stall-free cycles (v2's Fr*Fc*rows-per-fold - 1).
 *
 * Null im2col cells (windows off the ifmap: v2's ceil output size) are not prefetch entries;
 * they are counted exactly per block of the prefetch matrix (`nullMap`), since they concentrate
 * on border outputs or on the taps reaching past the border and an even spread misplaces whole
 * folds by a few lines; for the diagonally unrolled os and ws ifmaps, exactly per anti-diagonal
 * (`diagNulls`), since those cross block boundaries; a ws fold whose last outputs are null at all
 * its columns ends its sweep at its last pixel (1x1 stride-2 convs: +50% -> exact).
 *
 * Why approximate: (1) a rotation's row is that of the line's first entry (its anti-diagonal for
 * diagonally unrolled operands, its K row for row-major ones), not of the demand that missed;
 * (2) copies are searched only for conv ifmaps evaluated through dramTrafficUser (is: lane by
 * lane; os/ws: on sampled cells of each line outside the window); through subLayerUserInto
 * without conv geometry the model only assumes, when the ring is at most 10% longer than the
 * active window, that the first fill holds a copy of each; (3) nulls are spread evenly inside a
 * block of the is ifmap and along an anti-diagonal of the os and ws ifmaps; (4) the timeline runs in continuous time (writes spread evenly along each ramp and
 * plateau, a drain freeing its half at once), and a row's writes meet the buffer after its read
 * wait where v2 stores them before; (5) for sub-layers with more than FOLD_BUDGET folds the
 * rotation rate of the first FOLD_BUDGET folds (conv is ifmap: of their second half) is
 * extrapolated, its last rotation placed on the last row. DRAM ofmap writes omit v2's padding
 * of partial lines. Cost: O(folds + lines touched + drains + rotations) per
 * sub-layer, plus O(Fh*Fw) per conv is ifmap lane read outside the window (up to ~80 ms for
 * VGG-16 conv2_2 at 64x64) and O(samples * Fh*Fw) per os/ws conv ifmap line outside it (up to
 * ~0.3 s for AlexNet conv2 ws at 64x64, 64 KB); no allocation but the growth of the wait list
 * (kept across calls). bench/systolic-fidelity.ts
 * measures the error against reference.ts.
 */
import { convOutputDims, isGemmLayer, lowerLayer } from '../compute/lowering.js';
import type { ArrayShape, Dataflow, Layer } from '../compute/types.js';
import { requirePositiveInteger } from '../checks.js';
import type { SramWords } from './calc.js';

/** USER-mode results of ONE sub-layer (one GEMM). */
export interface SubLayerUser {
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
  stallCycles: number;
  /** v2's stall-free cycles (demand rows - 1) plus stallCycles. */
  totalCycles: number;
}

/** USER-mode results of a whole layer (all sub-layers). */
export interface UserTraffic extends SubLayerUser {
  stallFreeCycles: number;
}

/** Folds simulated per operand before the rotation rate is extrapolated. */
export const FOLD_BUDGET = 2048;

/** Scratch state of one read buffer's ring (module-level, so the model allocates nothing). */
const ring = {
  lines: 0,
  /** Prefetch entries (non-null cells) per line. */
  lineWords: 0,
  active: 0,
  prefetch: 0,
  start: 0,
  rotations: 0,
  /** Cycles between chained prefetch completions. */
  period: 0,
  /** Demand rows of the sub-layer. */
  rows: 0,
  /** Non-null entries per prefetch cell (ifmap: taps of windows falling off the ifmap are null; filter: 1). */
  density: 1,
};

/** Cells of a rows x cols matrix on anti-diagonals before `d` (row + col < d). */
function cellsBefore(d: number, rows: number, cols: number): number {
  return triangle(d, rows) - triangle(d - cols, rows);
}

/** Sum over y = 1..x of min(y, cap) (0 for x <= 0). */
function triangle(x: number, cap: number): number {
  if (x <= 0) return 0;
  if (x <= cap) return (x * (x + 1)) / 2;
  return (cap * (cap + 1)) / 2 + (x - cap) * cap;
}

/** Entries on anti-diagonals before `d` of a rows x cols matrix whose cells (>= lastRow, >= valid) are null. */
function entriesBefore(d: number, rows: number, cols: number, lastRow: number, valid: number): number {
  return cellsBefore(d, rows, cols) - cellsBefore(d - lastRow - valid, rows - lastRow, cols - valid);
}

/**
 * The prefetch waits of the sub-layer's read buffers: v2 chains each buffer's prefetches (the
 * k-th completes at k*period - 1 whatever the demand cycle), and the row that triggered the k-th
 * cannot run before cycle k*period - 2. One run per buffer (ifmap, then filter from
 * `filterFrom`), each in row order, for `playTimeline`, which plays them against the ofmap drains.
 */
const waits = {
  row: new Float64Array(256),
  cycle: new Float64Array(256),
  count: 0,
  /** First wait of the current buffer's run. */
  runStart: 0,
  filterFrom: 0,
};

/**
 * Record that `row` cannot run before `cycle`. A wait placed before the run's last (rows are
 * estimated per line) is moved onto that row, later by as many rows, as it would delay it.
 */
function pushWait(row: number, cycle: number): void {
  const last = waits.count - 1;
  if (last >= waits.runStart && row <= waits.row[last]) {
    waits.cycle[last] = Math.max(waits.cycle[last], cycle + waits.row[last] - row);
    return;
  }
  if (waits.count === waits.row.length) {
    const row2 = new Float64Array(waits.count * 2);
    const cycle2 = new Float64Array(waits.count * 2);
    row2.set(waits.row);
    cycle2.set(waits.cycle);
    waits.row = row2;
    waits.cycle = cycle2;
  }
  waits.row[waits.count] = row;
  waits.cycle[waits.count++] = cycle;
}

function resetRing(sramWords: number, entries: number, bandwidthWords: number, rows: number): void {
  const lineWords = Math.ceil(sramWords / 100);
  const activeWords = Math.ceil(sramWords / 2);
  ring.lines = Math.floor(entries / lineWords) + 1;
  ring.lineWords = lineWords;
  ring.active = Math.min(ring.lines, Math.ceil(activeWords / lineWords));
  ring.prefetch = Math.min(ring.lines - ring.active, Math.ceil((sramWords - activeWords) / lineWords));
  ring.start = 0;
  ring.rotations = 0;
  ring.period = Math.ceil((sramWords - activeWords) / bandwidthWords) + 1;
  ring.rows = rows;
  waits.runStart = waits.count;
  ring.density = 1;
  nullMap.on = false;
  diagNulls.on = false;
  stack.copies = false;
}

/**
 * Where the null im2col cells of a conv ifmap lie (windows falling off the ifmap: v2's ceil output
 * size leaves the last output rows and columns partly outside). They are not prefetch entries, so
 * they shift every later cell back in the ring; they concentrate on the border outputs (os and is
 * blocks of outputs) or on the taps that reach past the border (ws blocks of im2col columns), so
 * an even spread misplaces whole folds by a few lines, which is enough to put a fold's first lines
 * behind the window and send it round the ring (ResNet 3x3 stride-2 ws). Counted exactly per
 * block of the prefetch matrix (os/ws ifmap: R outputs or columns, is ifmap: C outputs), evenly
 * within a block (the os and ws ifmaps then refine it per anti-diagonal: `diagNulls`). Set by
 * subLayerUserInto for the ifmap ring when `geometry.nulls`.
 */
const nullMap = {
  on: false,
  /** Blocks cut the outputs (os, is) rather than the im2col columns (ws). */
  byOutput: true,
  /** Outputs or columns per block. */
  span: 0,
  /** Cells per block (the last block: lastCells) and block count. */
  blockCells: 0,
  lastCells: 0,
  blocks: 0,
  /** Outputs (M) or im2col columns (K) in all. */
  length: 0,
};

/** Valid im2col cells of the first `count` outputs (all columns) of the current geometry. */
function validBeforeOutput(count: number): number {
  const g = geometry;
  const oy = Math.floor(count / g.outW);
  const ox = count - oy * g.outW;
  const full = g.rowTaps[oy] * g.colTaps[g.outW];
  const part = oy < g.outH ? (g.rowTaps[oy + 1] - g.rowTaps[oy]) * g.colTaps[ox] : 0;
  return (full + part) * g.channels;
}

/** Valid im2col cells of the first `count` im2col columns (all outputs) of the current geometry. */
function validBeforeColumn(count: number): number {
  const g = geometry;
  const tap = Math.floor(count / g.channels);
  const ch = count - tap * g.channels;
  const within = tap < g.tapOutputs.length - 1 ? ch * (g.tapOutputs[tap + 1] - g.tapOutputs[tap]) : 0;
  return g.tapOutputs[tap] * g.channels + within;
}

/** The last output with a pixel at some im2col column of [k0, k1) (current geometry). */
function lastValidOutput(k0: number, k1: number): number {
  const g = geometry;
  let last = 0;
  for (let t = Math.floor(k0 / g.channels), t1 = Math.floor((k1 - 1) / g.channels); t <= t1; t++) {
    if (g.tapOutputs[t + 1] === g.tapOutputs[t]) continue;
    const fy = Math.floor(t / g.filterW);
    const fx = t - fy * g.filterW;
    // Output rows (columns) whose window reaches filter row fy (column fx) inside the ifmap.
    let ys = g.outH;
    while (ys > 0 && g.rowTaps[ys] - g.rowTaps[ys - 1] <= fy) ys--;
    let xs = g.outW;
    while (xs > 0 && g.colTaps[xs] - g.colTaps[xs - 1] <= fx) xs--;
    if (ys > 0 && xs > 0) last = Math.max(last, (ys - 1) * g.outW + xs - 1);
    if (last === g.outW * g.outH - 1) break;
  }
  return last;
}

/** Prefetch entries before block b. */
function validBeforeBlock(b: number): number {
  const count = Math.min(b * nullMap.span, nullMap.length);
  return nullMap.byOutput ? validBeforeOutput(count) : validBeforeColumn(count);
}

/** Prefetch entry of cell-entry `e` (cells counted without the null lanes of partial folds). */
function toEntry(e: number): number {
  if (diagNulls.on) return diagToEntry(e);
  if (!nullMap.on) return e * ring.density;
  const b = Math.min(nullMap.blocks - 1, Math.max(0, Math.floor(e / nullMap.blockCells)));
  const cells = b === nullMap.blocks - 1 ? nullMap.lastCells : nullMap.blockCells;
  const lo = validBeforeBlock(b);
  const u = Math.min(cells, e - b * nullMap.blockCells);
  return lo + (u * (validBeforeBlock(b + 1) - lo)) / cells;
}

/** Inverse of `toEntry`. */
function fromEntry(t: number): number {
  if (diagNulls.on) return diagFromEntry(t);
  if (!nullMap.on) return t / ring.density;
  let lo = 0;
  let hi = nullMap.blocks - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validBeforeBlock(mid) <= t) lo = mid;
    else hi = mid - 1;
  }
  const cells = lo === nullMap.blocks - 1 ? nullMap.lastCells : nullMap.blockCells;
  const v0 = validBeforeBlock(lo);
  const v1 = validBeforeBlock(lo + 1);
  return lo * nullMap.blockCells + (v1 > v0 ? ((t - v0) * cells) / (v1 - v0) : 0);
}

/**
 * Exact places of the null im2col cells of a diagonally unrolled conv ifmap (os: blocks of K taps
 * x R outputs, ws: blocks of M outputs x R im2col columns), in v2's anti-diagonal order. The
 * block-level null map spreads a block's nulls evenly over its cells, but the anti-diagonals
 * cross block boundaries: a block's last rows (ws: the last output row, null at every column of a
 * 1x1 stride-2 conv) come after the next block's first cells, so the next fold's first line came
 * out one line early, behind the window, and the window went round the ring (ResNet-50 conv4_1a
 * ws at 32x32, 64 KB: +15%). Here the non-null cells before an anti-diagonal are counted column by
 * column from per-column block sums (`colBlocks`); within an anti-diagonal they are spread evenly.
 * Set by simulateRing for the os and ws ifmap when `geometry.nulls`.
 */
const diagNulls = {
  on: false,
  /** ws (rows are outputs, columns im2col columns) rather than os (rows are taps, columns outputs). */
  ws: false,
  /** Per column c, non-null cells of blocks 0 .. b - 1: colBlocks[c * (blocks + 1) + b]. */
  colBlocks: new Float64Array(64),
  blocks: 0,
  /** validBeforeDiag by anti-diagonal, filled as asked (-1: not yet). */
  memo: new Float64Array(64),
};

/** Non-null cells of the current geometry among the first `count` outputs (row-major) for tap (fy, fx). */
function validOutputsBefore(count: number, fy: number, fx: number): number {
  const g = geometry;
  const ys = tapReach(g.rowTaps, g.outH, fy);
  const xs = tapReach(g.colTaps, g.outW, fx);
  const rows = Math.floor(count / g.outW);
  const rest = count - rows * g.outW;
  return Math.min(rows, ys) * xs + (rows < ys ? Math.min(rest, xs) : 0);
}

/** Outputs along one axis whose window reaches filter index f inside the ifmap (a prefix of the outputs). */
function tapReach(prefix: Float64Array, outputs: number, f: number): number {
  let o = outputs;
  while (o > 0 && prefix[o] - prefix[o - 1] <= f) o--;
  return o;
}

/** Non-null taps among the first `count` im2col columns of output mi (current geometry). */
function validTapsBefore(count: number, mi: number): number {
  const g = geometry;
  const oy = Math.floor(mi / g.outW);
  const ox = mi - oy * g.outW;
  const ry = g.rowTaps[oy + 1] - g.rowTaps[oy];
  const rx = g.colTaps[ox + 1] - g.colTaps[ox];
  const perRow = g.filterW * g.channels;
  const fy = Math.floor(count / perRow);
  const rest = count - fy * perRow;
  const cols = Math.floor(rest / g.channels);
  const partial = fy < ry ? Math.min(cols, rx) * g.channels + (cols < rx ? rest - cols * g.channels : 0) : 0;
  return Math.min(fy, ry) * rx * g.channels + partial;
}

/** Non-null cells among stacked rows [0, y) of column c of the diagonal ifmap matrix. */
function validInColumn(c: number, y: number): number {
  const h = stack.h;
  const b = Math.min(diagNulls.blocks, Math.floor(y / h));
  let valid = diagNulls.colBlocks[c * (diagNulls.blocks + 1) + b];
  const rest = y - b * h;
  if (rest > 0 && b < diagNulls.blocks) {
    if (diagNulls.ws) {
      const ki = b * stack.width + c;
      if (ki < stack.k) {
        const tap = Math.floor(ki / geometry.channels);
        valid += validOutputsBefore(rest, Math.floor(tap / geometry.filterW), tap % geometry.filterW);
      }
    } else {
      const mi = b * stack.width + c;
      if (mi < stack.m) valid += validTapsBefore(rest, mi);
    }
  }
  return valid;
}

/** Non-null cells on anti-diagonals before d of the stacked matrix (its last block has `valid` lanes). */
function validBeforeDiag(d: number): number {
  const known = diagNulls.memo[d];
  if (known >= 0) return known;
  let total = 0;
  for (let c = 0, top = Math.min(stack.width - 1, d - 1); c <= top; c++) {
    const rows = c < stack.valid ? stack.qRows : stack.lastRow;
    total += validInColumn(c, Math.min(rows, d - c));
  }
  diagNulls.memo[d] = total;
  return total;
}

/** Fill the per-column block sums of the current geometry for the diagonal null mapping. */
function setDiagNulls(ws: boolean): void {
  const blocks = stack.qRows / stack.h;
  const need = stack.width * (blocks + 1);
  if (diagNulls.colBlocks.length < need) diagNulls.colBlocks = new Float64Array(need);
  const diagonals = stack.qRows + stack.width + 1;
  if (diagNulls.memo.length < diagonals) diagNulls.memo = new Float64Array(diagonals);
  diagNulls.memo.fill(-1, 0, diagonals);
  diagNulls.on = true;
  diagNulls.ws = ws;
  diagNulls.blocks = blocks;
  const g = geometry;
  for (let c = 0; c < stack.width; c++) {
    let sum = 0;
    diagNulls.colBlocks[c * (blocks + 1)] = 0;
    for (let b = 0; b < blocks; b++) {
      const i = b * stack.width + c;
      if (ws && i < stack.k) {
        const tap = Math.floor(i / g.channels);
        sum += g.tapOutputs[tap + 1] - g.tapOutputs[tap];
      } else if (!ws && i < stack.m) {
        sum += validTapsBefore(stack.k, i);
      }
      diagNulls.colBlocks[c * (blocks + 1) + b + 1] = sum;
    }
  }
}

/** Prefetch entry of cell-entry e: the non-null cells before its anti-diagonal, plus its share of that diagonal's. */
function diagToEntry(e: number): number {
  const d = diagOfEntry(e);
  const lo = entriesBefore(d, stack.qRows, stack.width, stack.lastRow, stack.valid);
  const hi = entriesBefore(d + 1, stack.qRows, stack.width, stack.lastRow, stack.valid);
  const v0 = validBeforeDiag(d);
  return hi > lo ? v0 + ((validBeforeDiag(d + 1) - v0) * Math.min(1, (e - lo) / (hi - lo))) : v0;
}

/** Inverse of `diagToEntry`. */
function diagFromEntry(t: number): number {
  let lo = 0;
  let hi = stack.qRows + stack.width - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (validBeforeDiag(mid) <= t) lo = mid;
    else hi = mid - 1;
  }
  const v0 = validBeforeDiag(lo);
  const v1 = validBeforeDiag(lo + 1);
  const e0 = entriesBefore(lo, stack.qRows, stack.width, stack.lastRow, stack.valid);
  const e1 = entriesBefore(lo + 1, stack.qRows, stack.width, stack.lastRow, stack.valid);
  return e0 + (v1 > v0 ? ((t - v0) * (e1 - e0)) / (v1 - v0) : 0);
}

/** Line holding prefetch cell-entry `entry` (counted without the null lanes of partial folds, less the null im2col cells). */
function lineOf(entry: number): number {
  return Math.min(ring.lines - 1, Math.floor(toEntry(entry) / ring.lineWords));
}

/** First cell-entry of line x (inverse of `lineOf`). */
function entryOfLine(x: number): number {
  return fromEntry(x * ring.lineWords);
}

/** Make line x active, rotating (and wrapping) as v2 does; returns x's offset in the window. */
function bringIn(x: number, row: number): number {
  const L = ring.lines;
  const offset = (((x - ring.start) % L) + L) % L;
  if (offset < ring.active) return offset;
  // Each rotation lowers x's offset by nP <= nA, so the first offset below nA is reached
  // without passing 0 (a wrap-around is just a large starting offset).
  const turns = Math.floor((offset - ring.active) / ring.prefetch) + 1;
  ring.start = (ring.start + turns * ring.prefetch) % L;
  ring.rotations += turns;
  pushWait(row, ring.rotations * ring.period - 2);
  return offset - turns * ring.prefetch;
}

/**
 * Row at which the fold demands `entry` (clamped to its entries [lo, hi]): a diagonally unrolled
 * operand demands anti-diagonal d of its block on row d of the fold (os), or R + d (ws ifmap, is
 * filter: after the R rows that load the stationary operand). Placing it in proportion to its
 * place in the fold instead put an os rotation up to a hundred rows late on a 64-deep fold of
 * 318 rows (the anti-diagonals hold 1 .. min(K, R) entries), which decided whether a drain was
 * running when the row waited (ResNet-50 1x1 at 128x128: -20% at B = 1).
 */
function rowAt(entry: number, lo: number, hi: number, rowStart: number, firstDiag: number, rowOffset: number): number {
  return rowStart + rowOffset + diagOfEntry(Math.min(hi, Math.max(lo, entry))) - firstDiag;
}

/** A fold demanding the entries [lo, hi] in increasing order: anti-diagonals from `firstDiag` of the stacked matrix, the first on row rowStart + rowOffset. */
function sweepForward(lo: number, hi: number, rowStart: number, firstDiag: number, rowOffset: number): void {
  const last = lineOf(hi);
  let x = lineOf(lo);
  for (;;) {
    if (stack.copies && !meetsWindow(x, x)) {
      // A conv ifmap line outside the window: v2 is served by any copy of each pixel it demands.
      seekCopies(x, rowAt(entryOfLine(x), lo, hi, rowStart, firstDiag, rowOffset));
      if (x >= last) return;
      x++;
      continue;
    }
    const offset = bringIn(x, rowAt(entryOfLine(x), lo, hi, rowStart, firstDiag, rowOffset));
    const covered = ring.active - 1 - offset;
    if (last - x <= covered) return;
    x += covered + 1;
  }
}

/**
 * The stacked prefetch matrix of a diagonally unrolled conv ifmap (os: blocks of K rows x R
 * outputs, ws: blocks of M rows x R im2col columns) and the fold being swept, for the copy search
 * of `seekCopies`. Set by simulateRing; `copies` is false elsewhere.
 */
const stack = {
  copies: false,
  /** ws (blocks cut the im2col columns) rather than os (blocks cut the outputs). */
  ws: false,
  /** Rows per block (os K, ws M), lanes per block (R), stacked rows, last block's first row and lanes. */
  h: 0,
  width: 0,
  qRows: 0,
  lastRow: 0,
  valid: 0,
  /** Block of the fold being swept. */
  block: 0,
  m: 0,
  k: 0,
};

/** Cell-entry of stacked cell (row, col) of the diagonally unrolled matrix (its place on its anti-diagonal taken as col - first col). */
function stackEntry(row: number, col: number): number {
  const d = row + col;
  return entriesBefore(d, stack.qRows, stack.width, stack.lastRow, stack.valid) + col - Math.max(0, d - stack.qRows + 1);
}

/** Line of im2col cell (mi, ki) in the stacked ifmap matrix. */
function im2colLine(mi: number, ki: number): number {
  const w = stack.width;
  if (stack.ws) {
    const b = Math.floor(ki / w);
    return lineOf(stackEntry(b * stack.h + mi, ki - b * w));
  }
  const b = Math.floor(mi / w);
  return lineOf(stackEntry(b * stack.h + ki, mi - b * w));
}

/** Anti-diagonal holding cell-entry e (the last d with entriesBefore(d) <= e). */
function diagOfEntry(e: number): number {
  let lo = 0;
  let hi = stack.qRows + stack.width - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (entriesBefore(mid, stack.qRows, stack.width, stack.lastRow, stack.valid) <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Scratch of `seekCopies`: the copy lines of one im2col cell. */
let copyLines = new Float64Array(64);

/**
 * Copy search for line x of the fold being swept, outside the window. Overlapping windows hold
 * each pixel at up to Fh*Fw im2col cells, scattered over the stacked matrix: os, a later output
 * at an earlier tap sits dm - C*dt anti-diagonals on, or R - K + dm - C*dt across a fold boundary,
 * so a fold's first lines, which the previous fold's sweep has left behind the window, are mostly
 * held at the end of that fold; ws, a tap repeating an earlier tap at a shifted output (stride-2
 * taps fx and fx + 2, ...) is held in that tap's blocks, often still in the window. v2 looks
 * addresses up, so a demand hits when any copy is in the window; otherwise the window rotates
 * until one is: the copy with the least forward offset, which may be round the ring. Without
 * this, a fold start behind the window sent it round the ring (mobilenet 3x3 depthwise at os:
 * +248% at B = 1), and ws folds served by copies rotated through their own lines (+200%).
 * The line's cells of this fold are sampled (`sampleLine`) and served in demand order; the
 * window is then where the last sample left it, and the caller goes on to line x + 1.
 */
function seekCopies(x: number, row: number): void {
  const e0 = entryOfLine(x);
  const e1 = entryOfLine(x + 1) - 1;
  const b = stack.block;
  const base = b * stack.h;
  const h = stack.h;
  const lanes = base === stack.lastRow ? stack.valid : stack.width;
  const dF = Math.max(diagOfEntry(e0), base) - base;
  const dL = Math.min(diagOfEntry(Math.max(e0, e1)), base + h + lanes - 2) - base;
  if (dF > dL) return; // no cell of this fold on the line
  const n = sampleLine(x, b, dF, dL, lanes);
  // The samples in demand order: each is served by the window as it stands when demanded.
  for (let i = 0; i < n; i++) {
    const copies = cellCopyLines(sampleM[i], sampleK[i]);
    // v2 rotates until some copy is in: the one with the least forward offset.
    let nearest = Infinity;
    let target = 0;
    for (let j = 0; j < copies; j++) {
      const line = copyLines[j];
      const offset = (((line - ring.start) % ring.lines) + ring.lines) % ring.lines;
      if (offset < nearest) {
        nearest = offset;
        target = line;
      }
    }
    if (nearest >= ring.active) bringIn(target, row);
  }
}

/** Sample cells (im2col (m, k)) of `sampleLine`. */
const SAMPLES = 48;
const sampleM = new Float64Array(SAMPLES);
const sampleK = new Float64Array(SAMPLES);
const sampleOrder = new Float64Array(SAMPLES);
let samples = 0;

/** Add the fold's cells at output mi on the line, on its first and last anti-diagonals that hold one, when they are pixels on line x. */
function addSample(x: number, b: number, mi: number, dF: number, dL: number, lanes: number): void {
  // ws: cell (row m, col lane) on anti-diagonal m + lane; os: cell (row k, col lane = mi - b*R) on k + lane.
  const fixed = stack.ws ? mi : mi - b * stack.width;
  const limit = stack.ws ? lanes - 1 : stack.h - 1;
  const lo = Math.max(0, dF - fixed);
  const hi = Math.min(limit, dL - fixed);
  if (lo > hi) return;
  for (let end = 0; end < 2; end++) {
    const other = end === 0 ? lo : hi;
    if (end === 1 && hi === lo) break;
    const ki = stack.ws ? b * stack.width + other : other;
    if (samples >= SAMPLES || mi >= stack.m || ki >= stack.k || !insideIfmap(mi, ki) || im2colLine(mi, ki) !== x) continue;
    // Keep the samples in demand order: by anti-diagonal (the fold's row), then by lane.
    const lane = stack.ws ? other : fixed;
    const order = (fixed + other) * stack.width + lane;
    let i = samples++;
    while (i > 0 && sampleOrder[i - 1] > order) {
      sampleM[i] = sampleM[i - 1];
      sampleK[i] = sampleK[i - 1];
      sampleOrder[i] = sampleOrder[i - 1];
      i--;
    }
    sampleM[i] = mi;
    sampleK[i] = ki;
    sampleOrder[i] = order;
  }
}

/**
 * Sample the fold's cells on line x (anti-diagonals dF..dL of block b, relative to the block):
 * the outputs at both ends of the line, and every border output in between (within a filter
 * reach of the ifmap's edge), whose pixels have fewer copies, or none on one side: an interior
 * cell's copies shift with it along the line, so the ends stand for the interior.
 */
function sampleLine(x: number, b: number, dF: number, dL: number, lanes: number): number {
  samples = 0;
  const g = geometry;
  // Output range of the line's cells.
  let mA: number;
  let mB: number;
  if (stack.ws) {
    mA = Math.max(0, dF - (lanes - 1));
    mB = Math.min(stack.h - 1, dL);
  } else {
    mA = b * stack.width + Math.max(0, dF - (stack.h - 1));
    mB = b * stack.width + Math.min(lanes - 1, dL);
  }
  mB = Math.min(mB, stack.m - 1);
  if (mA > mB) return 0;
  const reachX = Math.ceil(g.filterW / g.stride);
  const reachY = Math.ceil(g.filterH / g.stride);
  // The first and last outputs: next to a fold boundary (os), their copies at neighbouring
  // outputs lie on one side only.
  for (let i = 0; i <= reachX && mA + i <= mB; i++) addSample(x, b, mA + i, dF, dL, lanes);
  for (let i = 0; i <= reachX && mB - i > mA + reachX; i++) addSample(x, b, mB - i, dF, dL, lanes);
  const oyA = Math.floor(mA / g.outW);
  const oyB = Math.floor(mB / g.outW);
  for (let oy = oyA; oy <= oyB && samples < SAMPLES; oy++) {
    const xa = oy === oyA ? mA - oy * g.outW : 0;
    const xb = oy === oyB ? mB - oy * g.outW : g.outW - 1;
    if (oy < reachY || oy >= g.outH - reachY) {
      addSample(x, b, oy * g.outW + xa, dF, dL, lanes);
      addSample(x, b, oy * g.outW + ((xa + xb) >> 1), dF, dL, lanes);
      addSample(x, b, oy * g.outW + xb, dF, dL, lanes);
    }
    for (let ox = xa; ox <= Math.min(xb, reachX - 1); ox++) addSample(x, b, oy * g.outW + ox, dF, dL, lanes);
    for (let ox = Math.max(xa, g.outW - reachX, reachX); ox <= xb; ox++) addSample(x, b, oy * g.outW + ox, dF, dL, lanes);
  }
  return samples;
}

/** Whether im2col cell (mi, ki) of the current geometry is a pixel (not a null cell off the ifmap). */
function insideIfmap(mi: number, ki: number): boolean {
  const g = geometry;
  const perRow = g.filterW * g.channels;
  const fy = Math.floor(ki / perRow);
  const fx = Math.floor((ki % perRow) / g.channels);
  const oy = Math.floor(mi / g.outW);
  const ox = mi - oy * g.outW;
  return fy < g.rowTaps[oy + 1] - g.rowTaps[oy] && fx < g.colTaps[ox + 1] - g.colTaps[ox];
}

/** Scratch result of copyShiftsOf (reused: it runs per lane in hot loops). */
const shifts = { oy: 0, ox: 0, ly: 0, lx: 0, ey: 0, ex: 0 };

/**
 * The other outputs that use the pixel under tap (fy, fx) of output mi: shifts by whole strides,
 * up to the latest (ly, lx) and back to the earliest (ey, ex), within the output plane.
 */
function copyShiftsOf(mi: number, fy: number, fx: number): void {
  const g = geometry;
  const oy = Math.floor(mi / g.outW);
  const ox = mi - oy * g.outW;
  shifts.oy = oy;
  shifts.ox = ox;
  shifts.ly = Math.min(Math.floor(fy / g.stride), g.outH - 1 - oy);
  shifts.lx = Math.min(Math.floor(fx / g.stride), g.outW - 1 - ox);
  shifts.ey = Math.min(Math.floor((g.filterH - 1 - fy) / g.stride), oy);
  shifts.ex = Math.min(Math.floor((g.filterW - 1 - fx) / g.stride), ox);
}

/** Lines of every im2col cell holding the pixel of cell (mi, ki) (itself included) into copyLines; returns their count. */
function cellCopyLines(mi: number, ki: number): number {
  const g = geometry;
  const perRow = g.filterW * g.channels;
  const fy = Math.floor(ki / perRow);
  const fx = Math.floor((ki % perRow) / g.channels);
  const ch = ki % g.channels;
  copyShiftsOf(mi, fy, fx);
  const { ly, lx, ey, ex } = shifts;
  const need = (ly + ey + 1) * (lx + ex + 1);
  if (copyLines.length < need) copyLines = new Float64Array(need);
  let n = 0;
  for (let dy = ly; dy >= -ey; dy--)
    for (let dx = lx; dx >= -ex; dx--) {
      const k2 = (fy - dy * g.stride) * perRow + (fx - dx * g.stride) * g.channels + ch;
      copyLines[n++] = im2colLine(mi + dy * g.outW + dx, k2);
    }
  return n;
}

/**
 * A fold demanding `rows` rows of `width` entries each, starting at entry `first`, from the last
 * row down, each row left to right, one row per cycle (ws filter, is ifmap). A row that
 * straddles a line boundary touches the lower line and then the upper one, which can rotate
 * the window (and make the rows below wrap it round again).
 */
function sweepBackward(first: number, width: number, rows: number, rowStart: number, block = -1, tap0 = 0, kTotal = 0, laneWidth = 0): void {
  if (block >= 0 && geometry.overlap) {
    // Conv is ifmap: each row, lane by lane, accepting a copy of the pixel at another output.
    for (let i = rows - 1; i >= 0; i--) {
      const row = rowStart + rows - 1 - i;
      const rowFirst = first + i * width;
      demandConvRow(rowFirst, row, block, tap0 + i, width, kTotal, laneWidth);
    }
    return;
  }
  let i = rows - 1;
  while (i >= 0) {
    const row = rowStart + rows - 1 - i;
    const rowFirst = first + i * width;
    const startLine = lineOf(rowFirst);
    const endLine = lineOf(rowFirst + width - 1);
    bringIn(startLine, row);
    if (endLine !== startLine) bringIn(endLine, row);
    // Rows i-1 .. below lie wholly in startLine until the first that starts below it.
    const below = Math.ceil((entryOfLine(startLine) - first) / width) - 1;
    if (endLine !== startLine && i - 1 >= Math.max(0, below + 1)) bringIn(startLine, row + 1);
    i = Math.min(i - 1, below);
  }
}

/** What the is-ifmap copy search and the null map need of a convolution (per sub-layer). */
export interface ConvGeometry {
  outW: number;
  outH: number;
  filterW: number;
  filterH: number;
  channels: number;
  stride: number;
  /** Fh > s or Fw > s: windows overlap, so the im2col holds each pixel several times. */
  overlap: boolean;
  /** Some windows fall off the ifmap (null im2col cells). */
  nulls: boolean;
  /** Prefix sums over output rows (outH + 1) of the filter rows inside the ifmap, and over output columns (outW + 1) of the filter columns. */
  rowTaps: Float64Array;
  colTaps: Float64Array;
  /** Prefix sums over taps (Fh*Fw + 1) of the outputs whose window has that tap inside the ifmap. */
  tapOutputs: Float64Array;
}

/**
 * The geometry of a convolution whose windows overlap or fall off the ifmap, or null (GEMMs and
 * other convolutions, whose im2col is a plain matrix of distinct addresses).
 */
export function convGeometryOf(layer: Layer): ConvGeometry | null {
  if (layer.kind !== 'conv') return null;
  const dims = convOutputDims(layer);
  const s = layer.stride;
  const overlap = layer.filterH > s || layer.filterW > s;
  const inside = (size: number, filter: number, o: number): number => Math.max(0, Math.min(filter, size - o * s));
  const nulls = (dims.height - 1) * s + layer.filterH > layer.ifmapH || (dims.width - 1) * s + layer.filterW > layer.ifmapW;
  if (!overlap && !nulls) return null;
  const rowTaps = new Float64Array(dims.height + 1);
  for (let o = 0; o < dims.height; o++) rowTaps[o + 1] = rowTaps[o] + inside(layer.ifmapH, layer.filterH, o);
  const colTaps = new Float64Array(dims.width + 1);
  for (let o = 0; o < dims.width; o++) colTaps[o + 1] = colTaps[o] + inside(layer.ifmapW, layer.filterW, o);
  const taps = layer.filterH * layer.filterW;
  const tapOutputs = new Float64Array(taps + 1);
  for (let t = 0; t < taps; t++) {
    const fy = Math.floor(t / layer.filterW);
    const fx = t % layer.filterW;
    const ys = Math.max(0, Math.min(dims.height, Math.ceil((layer.ifmapH - fy) / s)));
    const xs = Math.max(0, Math.min(dims.width, Math.ceil((layer.ifmapW - fx) / s)));
    tapOutputs[t + 1] = tapOutputs[t] + ys * xs;
  }
  return {
    outW: dims.width,
    outH: dims.height,
    filterW: layer.filterW,
    filterH: layer.filterH,
    channels: layer.depthwise ? 1 : layer.channels,
    stride: s,
    overlap,
    nulls,
    rowTaps,
    colTaps,
    tapOutputs,
  };
}

const NO_GEOMETRY: ConvGeometry = {
  outW: 0,
  outH: 0,
  filterW: 0,
  filterH: 0,
  channels: 0,
  stride: 1,
  overlap: false,
  nulls: false,
  rowTaps: new Float64Array(1),
  colTaps: new Float64Array(1),
  tapOutputs: new Float64Array(1),
};

/** Geometry of the sub-layer subLayerUserInto is evaluating (outW 0: unknown); set by each call. */
let geometry: ConvGeometry = NO_GEOMETRY;

/** Whether lines [lo, hi] (no wrap) meet the active window (which may wrap round the ring). */
function meetsWindow(lo: number, hi: number): boolean {
  const end = ring.start + ring.active;
  if (hi >= ring.start && lo < end) return true;
  return end > ring.lines && lo < end - ring.lines;
}

/** Prefetch entry of im2col cell (output mi, tap) in the is ifmap stream (blocks of `laneWidth` outputs). */
function isEntry(mi: number, tap: number, kTotal: number, laneWidth: number, m: number): number {
  const b = Math.floor(mi / laneWidth);
  const lanes = Math.min(laneWidth, m - b * laneWidth);
  return b * kTotal * laneWidth + tap * lanes + (mi - b * laneWidth);
}

/**
 * One row (tap `tap` across `lanes` outputs of block `block`) of a conv is ifmap fold, entries
 * [rowFirst, rowFirst + lanes). Overlapping windows hold each pixel at several outputs; as v2
 * does, a lane hits when any copy of its pixel (at any output from its earliest to its latest)
 * is in the window; else the window rotates forward to the first copy above it, or round the
 * ring to the earliest copy when all lie below it.
 */
function demandConvRow(rowFirst: number, row: number, block: number, tap: number, lanes: number, kTotal: number, laneWidth: number): void {
  const first = lineOf(rowFirst);
  const last = lineOf(rowFirst + lanes - 1);
  if (meetsWindow(first, first) && meetsWindow(last, last)) return;
  const g = geometry;
  const m = g.outW * g.outH;
  const perRow = g.filterW * g.channels;
  const fy = Math.floor(tap / perRow);
  const fx = Math.floor((tap % perRow) / g.channels);
  const ch = tap % g.channels;
  for (let lane = 0; lane < lanes; lane++) {
    const own = lineOf(rowFirst + lane);
    if (meetsWindow(own, own)) continue;
    const mi = block * laneWidth + lane;
    // A window off the ifmap (v2's ceil output size) demands nothing there.
    if (g.nulls && !insideIfmap(mi, tap)) continue;
    copyShiftsOf(mi, fy, fx);
    const { oy, ox, ly, lx, ey, ex } = shifts;
    // v2 rotates forward until the first copy above the window is in, or round to the earliest.
    let ahead = Infinity;
    let earliest = Infinity;
    let held = false;
    for (let dy = ly; dy >= -ey && !held; dy--)
      for (let dx = lx; dx >= -ex; dx--) {
        const tap2 = (fy - dy * g.stride) * perRow + (fx - dx * g.stride) * g.channels + ch;
        const line = lineOf(isEntry(mi + dy * g.outW + dx, tap2, kTotal, laneWidth, m));
        if (meetsWindow(line, line)) {
          held = true;
          break;
        }
        if (line < earliest) earliest = line;
        if (line >= ring.start + ring.active && line < ahead) ahead = line;
      }
    if (!held) bringIn(ahead < Infinity ? ahead : earliest, row);
  }
}

/**
 * Rotations and prefetch waits (`pushWait`) of one read buffer over the folds of a sub-layer (`for fc: for fr:`).
 * Diagonally unrolled operands: fold (fc, fr) is h rows of the prefetch matrix from row a.
 * Row-major operands (ws filter, is ifmap): the fold is kRows rows of block j, read last row first.
 */
function simulateRing(
  dataflow: Dataflow,
  operand: 'ifmap' | 'filter',
  m: number,
  n: number,
  k: number,
  r: number,
  c: number,
  fr: number,
  fc: number,
  rowsPerFold: number,
): void {
  if (ring.prefetch === 0) return;
  const rowMajor = (dataflow === 'ws' && operand === 'filter') || (dataflow === 'is' && operand === 'ifmap');
  const osFilter = dataflow === 'os' && operand === 'filter';
  // Block height (= T) and width: os ifmap K x R per row fold, os filter K x C per column fold,
  // ws ifmap M x R per row fold, is filter N x R per row fold, ws filter and is ifmap K x C per column fold.
  const h = rowMajor ? k : dataflow === 'os' ? k : dataflow === 'ws' ? m : n;
  const width = rowMajor || osFilter ? c : r;
  const blocks = rowMajor || osFilter ? fc : fr;
  const sliced = rowMajor || osFilter ? (dataflow === 'is' ? m : n) : dataflow === 'os' ? m : k;
  const qRows = blocks * h;
  // The last block has only `valid` lanes; its null cells (rows >= lastRow, cols >= valid) are
  // not entries.
  const lastRow = (blocks - 1) * h;
  const valid = sliced - (blocks - 1) * width;
  const folds = fr * fc;
  const budget = Math.min(folds, FOLD_BUDGET);
  stack.copies = operand === 'ifmap' && !rowMajor && geometry.overlap;
  stack.ws = dataflow === 'ws';
  stack.h = h;
  stack.width = width;
  stack.qRows = qRows;
  stack.lastRow = lastRow;
  stack.valid = valid;
  stack.m = m;
  stack.k = k;
  if (operand === 'ifmap' && !rowMajor && nullMap.on) setDiagNulls(dataflow === 'ws');
  // Conv is ifmap: the first output rows (no earlier copies yet) rotate at their own rate, so
  // its extrapolation takes the steady rate of the second half of the simulated folds.
  const steady = rowMajor && dataflow === 'is' && geometry.overlap && budget < folds;
  const half = budget >> 1;
  let halfRotations = 0;
  for (let i = 0; i < budget; i++) {
    if (i === half) halfRotations = ring.rotations;
    const j = Math.floor(i / fr);
    const f = i % fr;
    const rowStart = i * rowsPerFold;
    if (rowMajor) {
      const lanes = j === blocks - 1 ? sliced - j * width : width;
      if (dataflow === 'is') sweepBackward(j * k * width + f * r * lanes, lanes, Math.min(r, k - f * r), rowStart, j, f * r, k, width);
      else sweepBackward(j * k * width + f * r * lanes, lanes, Math.min(r, k - f * r), rowStart);
      continue;
    }
    const a = (osFilter ? j : f) * h;
    stack.block = osFilter ? j : f;
    const lo = entriesBefore(a, qRows, width, lastRow, valid);
    // ws ifmap with null cells: the fold's last outputs can be null at every column it holds
    // (the last output row of a stride-2 conv), so its sweep ends on an earlier anti-diagonal.
    const tail = nullMap.on && dataflow === 'ws' && operand === 'ifmap' ? h - 1 - lastValidOutput(f * width, Math.min(k, (f + 1) * width)) : 0;
    sweepForward(lo, entriesBefore(a + h + width - 1 - tail, qRows, width, lastRow, valid) - 1, rowStart, a, dataflow === 'os' ? 0 : r);
  }
  if (budget < folds) {
    // Extrapolate the rotation rate; the last rotation then falls near the end of the sub-layer.
    ring.rotations = steady
      ? ring.rotations + Math.round(((ring.rotations - halfRotations) * (folds - budget)) / (budget - half))
      : Math.round((ring.rotations * folds) / budget);
    pushWait(ring.rows - 1, ring.rotations * ring.period - 2);
  }
}

/** Words of the first fill of a read buffer plus `rotations` prefetches. */
function readWords(sramWords: number, bandwidthWords: number, cells: number, rotations: number): number {
  const activeWords = Math.ceil(sramWords / 2);
  const firstLines = Math.min(Math.ceil(activeWords / bandwidthWords), Math.ceil(cells / bandwidthWords));
  return firstLines * bandwidthWords + rotations * Math.ceil((sramWords - activeWords) / bandwidthWords) * bandwidthWords;
}

/**
 * USER-mode model of one M x K x N sub-layer on an R x C array with folds Fr x Fc (as
 * compute/subLayerComputeInto gives them), SRAMs of the given words and B words/cycle per
 * buffer, written into `out` (no validation; allocates only to grow its wait list). `ifmapEntries` is
 * `im2colEntries(layer)` (M*K for a GEMM); `ifmapWindowsOverlap` is Fh > s or Fw > s (conv);
 * `convGeometry` is `convGeometryOf(layer)` (when given, its own `overlap` stands for the flag:
 * it is also given for non-overlapping convs with null cells, for the null map).
 * Stall cycles are relative to v2's stall-free schedule of Fr*Fc*(rows per fold) - 1 cycles
 * (os: T + R + C - 2 rows per fold, ws and is: 2R + C + T - 2), i.e. compute's `scalesim`
 * cycles; totalCycles = that schedule + stallCycles.
 */
export function subLayerUserInto(
  dataflow: Dataflow,
  m: number,
  n: number,
  k: number,
  r: number,
  c: number,
  fr: number,
  fc: number,
  ifmapEntries: number,
  ifmapWindowsOverlap: boolean,
  ifmapSramWords: number,
  filterSramWords: number,
  ofmapSramWords: number,
  bandwidthWords: number,
  out: SubLayerUser,
  convGeometry: ConvGeometry | null = null,
): SubLayerUser {
  // Set on every call, so no other call's geometry can leak into this one.
  geometry = convGeometry ?? NO_GEOMETRY;
  const t = dataflow === 'os' ? k : dataflow === 'ws' ? m : n;
  const rowsPerFold = dataflow === 'os' ? t + r + c - 2 : 2 * r + c + t - 2;
  const rows = fr * fc * rowsPerFold;

  // Prefetch-matrix cells (with null padding) of each operand; entries are the non-null ones.
  const ifCells = dataflow === 'os' ? fr * k * r : dataflow === 'ws' ? fr * m * r : fc * k * c;
  const fiCells = dataflow === 'is' ? fr * n * r : fc * k * c;

  waits.count = 0;
  resetRing(ifmapSramWords, ifmapEntries, bandwidthWords, rows);
  ring.density = ifmapEntries / (m * k);
  if (geometry.nulls) {
    // Blocks of the ifmap prefetch matrix: os R outputs (K x R), ws R columns (M x R), is C outputs (K x C).
    nullMap.on = true;
    nullMap.byOutput = dataflow !== 'ws';
    nullMap.span = dataflow === 'is' ? c : r;
    nullMap.length = dataflow === 'ws' ? k : m;
    nullMap.blocks = dataflow === 'is' ? fc : fr;
    const h = dataflow === 'ws' ? m : k;
    nullMap.blockCells = h * nullMap.span;
    nullMap.lastCells = h * (nullMap.length - (nullMap.blocks - 1) * nullMap.span);
  }
  const overlap = convGeometry ? convGeometry.overlap : ifmapWindowsOverlap;
  // Overlapping windows and a ring barely longer than the active window: its first fill already
  // holds a copy of every pixel the last lines hold (measured on ResNet, not derived).
  if (!overlap || ring.lines > 1.1 * ring.active) simulateRing(dataflow, 'ifmap', m, n, k, r, c, fr, fc, rowsPerFold);
  out.ifmapReads = readWords(ifmapSramWords, bandwidthWords, ifCells, ring.rotations);

  waits.filterFrom = waits.count;
  resetRing(filterSramWords, k * n, bandwidthWords, rows);
  simulateRing(dataflow, 'filter', m, n, k, r, c, fr, fc, rowsPerFold);
  out.filterReads = readWords(filterSramWords, bandwidthWords, fiCells, ring.rotations);

  const writes = dataflow === 'os' ? m * n : m * n * fr;
  out.ofmapWrites = writes;
  const total = Math.max(rows - 1, Math.round(playTimeline(dataflow, m, n, k, r, c, fr, fc, rowsPerFold, writes, ofmapSramWords, bandwidthWords)));
  out.totalCycles = total;
  out.stallCycles = total - (rows - 1);
  return out;
}

/**
 * v2's ofmap write buffer (So words, B words per cycle) and the array's clock, played row by row
 * in continuous time. A drain starts (if none runs) once more than D = floor(So/2) words are held
 * and frees D words at once; it runs ceil(D/B) - 1 cycles; the array stalls when the buffer fills
 * while it runs, until it ends. The words left at the end are flushed for free.
 */
const tl = {
  /** Cycle at the start of the current row, and that row (fractional within a write stretch). */
  t: 0,
  row: 0,
  free: 0,
  drainEnd: -1,
  written: 0,
  writes: 0,
  active: 0,
  drainWords: 0,
  drainCycles: 0,
  /** v2 drains the forced partial line of each drain as a full line: up to B - 1 words of slack at the end. */
  slack: 0,
  /** Next wait of the ifmap run and of the filter run. */
  nextIfmap: 0,
  nextFilter: 0,
};

/** Run `n` rows writing `rate` words each, from tl's state; stalls only for a full buffer. */
function runRows(n: number, rate: number): void {
  while (n > 0) {
    if (rate <= 0) {
      tl.t += n;
      return;
    }
    if (tl.t >= tl.drainEnd) {
      // No drain running: write until more than D words are held, then start one.
      const untilDrain = Math.max(1, tl.free - tl.active + 1);
      const rowsToDrain = untilDrain / rate;
      if (rowsToDrain > n) {
        tl.free -= n * rate;
        tl.written += n * rate;
        tl.t += n;
        return;
      }
      tl.t += rowsToDrain;
      n -= rowsToDrain;
      tl.written += untilDrain;
      tl.free += tl.drainWords - untilDrain;
      tl.drainEnd = tl.t + tl.drainCycles;
      continue;
    }
    // A drain runs: write until it ends or the buffer is full.
    const step = Math.min(n, tl.drainEnd - tl.t, tl.free / rate);
    tl.t += step;
    n -= step;
    tl.free -= step * rate;
    tl.written += step * rate;
    if (tl.t < tl.drainEnd && tl.free <= 1e-6) {
      // Full: the row that filled it waits for the drain (even the last), unless the slack
      // takes all the writes left.
      if (tl.written + tl.slack > tl.writes + 1e-6) {
        tl.t += n;
        tl.written += n * rate;
        return;
      }
      tl.t = tl.drainEnd;
      tl.free = 0;
    }
  }
}

/** Run the rows up to `target` writing `rate` words each, honouring the read buffers' waits on the way. */
function runTo(target: number, rate: number): void {
  for (;;) {
    const i = tl.nextIfmap < waits.filterFrom ? waits.row[tl.nextIfmap] : Infinity;
    const f = tl.nextFilter < waits.count ? waits.row[tl.nextFilter] : Infinity;
    const next = Math.min(i, f);
    if (next >= target) break;
    if (next > tl.row) runRows(next - tl.row, rate);
    tl.row = Math.max(tl.row, next);
    const cycle = i <= f ? waits.cycle[tl.nextIfmap++] : waits.cycle[tl.nextFilter++];
    if (cycle > tl.t) tl.t = cycle;
  }
  if (target > tl.row) runRows(target - tl.row, rate);
  tl.row = Math.max(tl.row, target);
}

/**
 * Writes of one fold, as v2's demand matrices place them: `a` x `b` outputs leave on a + b - 1
 * consecutive rows from fold row `first`, min(a, b) per row on the plateau, 1 .. min(a, b) - 1
 * on the ramps at either end (os: a = the fold's outputs, b its columns, first row K - 1 +
 * R - a; ws and is: a = T, b the fold's columns, first row 2R - 1).
 */
function runFold(foldStart: number, rowsPerFold: number, first: number, a: number, b: number): void {
  const peak = Math.min(a, b);
  const ramp = peak - 1;
  const plateau = a + b - 1 - 2 * ramp;
  runTo(foldStart + first, 0);
  runTo(foldStart + first + ramp, peak / 2);
  runTo(foldStart + first + ramp + plateau, peak);
  runTo(foldStart + first + 2 * ramp + plateau, peak / 2);
  runTo(foldStart + rowsPerFold, 0);
}

/**
 * Folds beyond which the timeline plays whole column folds at their average write rate: with
 * that many folds each writes little against the ofmap buffer's half (a 4 x 4 array writes at
 * most 16 words a fold), and playing each of millions of folds (GPT-2's lm_head on 4 x 4: 2.4 M)
 * would cost a fraction of a second.
 */
const TIMELINE_FOLDS = 65_536;

/**
 * Last cycle of the sub-layer: the folds in v2's order (`for fc: for fr:`), each row at one cycle
 * unless the ofmap buffer is full during a drain or a read buffer waits for its prefetch. The two
 * are played on one clock because they add up: a read wait stops the writes, so the drain
 * running then finishes early and idles, and the writes after it find the buffer as full as
 * before (v2 adds them; taking the larger of the two separately was 20-26% short on 1x1 convs
 * and attention GEMMs at B = 1). Writes follow each fold's own pattern, not the average rate:
 * a ws fold of 128 columns writes 128 words a row against 16 for the 16-column fold after it,
 * which at B = 64 stalls where the average (64.2) does not (MobileNetV2 expand layers: 25%).
 */
function playTimeline(dataflow: Dataflow, m: number, n: number, k: number, r: number, c: number, fr: number, fc: number, rowsPerFold: number, writes: number, sramWords: number, bandwidthWords: number): number {
  tl.t = 0;
  tl.row = 0;
  tl.free = sramWords;
  tl.drainEnd = -1;
  tl.written = 0;
  tl.writes = writes;
  tl.active = Math.ceil(sramWords / 2);
  tl.drainWords = sramWords - tl.active;
  tl.drainCycles = Math.ceil(tl.drainWords / bandwidthWords) - 1;
  tl.slack = bandwidthWords > 1 ? bandwidthWords - 1 : 0;
  tl.nextIfmap = 0;
  tl.nextFilter = waits.filterFrom;
  const t = dataflow === 'os' ? k : dataflow === 'ws' ? m : n;
  const across = dataflow === 'is' ? m : n;
  const coarse = fr * fc > TIMELINE_FOLDS;
  for (let j = 0; j < fc; j++) {
    const cols = Math.min(c, across - j * c);
    if (coarse) {
      // Many small folds: each column fold's writes at their average rate.
      const writesOfColumn = dataflow === 'os' ? m * cols : t * cols * fr;
      runTo((j + 1) * fr * rowsPerFold, writesOfColumn / (fr * rowsPerFold));
      continue;
    }
    for (let i = 0; i < fr; i++) {
      const foldStart = (j * fr + i) * rowsPerFold;
      if (dataflow === 'os') {
        const outputs = Math.min(r, m - i * r);
        runFold(foldStart, rowsPerFold, t - 1 + r - outputs, outputs, cols);
      } else runFold(foldStart, rowsPerFold, 2 * r - 1, t, cols);
    }
  }
  return tl.t - 1;
}

/** Taps of the windows along one axis that fall inside the ifmap (v2's ceil output size). */
function axisTaps(input: number, filter: number, stride: number, outputs: number): number {
  let taps = 0;
  for (let o = 0; o < outputs; o++) taps += Math.max(0, Math.min(filter, input - o * stride));
  return taps;
}

/** Non-null im2col entries of one sub-layer: M*K minus the taps of windows that fall off the ifmap. */
export function im2colEntries(layer: Layer): number {
  if (isGemmLayer(layer)) return layer.m * layer.k;
  const { height, width } = convOutputDims(layer);
  const channels = layer.depthwise ? 1 : layer.channels;
  return axisTaps(layer.ifmapH, layer.filterH, layer.stride, height) * axisTaps(layer.ifmapW, layer.filterW, layer.stride, width) * channels;
}

/** A fresh object for `subLayerUserInto` to fill. */
export function newSubLayerUser(): SubLayerUser {
  return { ifmapReads: 0, filterReads: 0, ofmapWrites: 0, stallCycles: 0, totalCycles: 0 };
}

/** USER-mode cycles and DRAM traffic of one layer (depthwise: `channels` sub-layers, each run as its own layer). */
export function dramTrafficUser(layer: Layer, array: ArrayShape, dataflow: Dataflow, sram: SramWords, bandwidthWords: number): UserTraffic {
  requirePositiveInteger(array.rows, 'array.rows');
  requirePositiveInteger(array.cols, 'array.cols');
  requirePositiveInteger(sram.ifmap, 'sram.ifmap');
  requirePositiveInteger(sram.filter, 'sram.filter');
  requirePositiveInteger(sram.ofmap, 'sram.ofmap');
  requirePositiveInteger(bandwidthWords, 'bandwidthWords');
  const { gemm, count } = lowerLayer(layer);
  const { m, n, k } = gemm;
  const { rows: r, cols: c } = array;
  const fr = Math.ceil((dataflow === 'os' ? m : k) / r);
  const fc = Math.ceil((dataflow === 'is' ? m : n) / c);
  const convGeometry = convGeometryOf(layer);
  const sub = subLayerUserInto(dataflow, m, n, k, r, c, fr, fc, im2colEntries(layer), convGeometry !== null, sram.ifmap, sram.filter, sram.ofmap, bandwidthWords, newSubLayerUser(), convGeometry);
  const stallFree = sub.totalCycles - sub.stallCycles;
  return {
    ifmapReads: sub.ifmapReads * count,
    filterReads: sub.filterReads * count,
    ofmapWrites: sub.ofmapWrites * count,
    stallCycles: sub.stallCycles * count,
    totalCycles: sub.totalCycles * count,
    stallFreeCycles: stallFree * count,
  };
}
