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
 *     anti-diagonal a to the last cell of anti-diagonal a + h + width - 2;
 *   - row-major operands (ws filter, is ifmap): the fold's K rows, last row first, each row left
 *     to right, so a row straddling a line boundary touches the lower line, then the upper one.
 *     For a conv's is ifmap whose geometry is known (dramTrafficUser), a lane outside the window
 *     hits when any other output using the same pixel holds it in the window (v2 looks addresses
 *     up, and overlapping windows hold each pixel up to Fh*Fw times); otherwise the window
 *     rotates forward to the first copy above it, or round the ring to the earliest one. Without
 *     this, a fold straddling a rotation made the window wrap round the ring on every backward
 *     read (e.g. AlexNet conv2 at is, 64x64, 256 KB: 93 M ifmap reads instead of v2's 5.9 M).
 * Consecutive folds overlap on the ring (the skew), a repeated block (os filter: Fr times; any
 * operand re-read per pass) starts behind a window that has moved on, and backward reads step
 * below it: each makes the window go all the way round, which is where v2's inflated USER reads
 * come from. Rotations do not depend on timing. Prefetch k completes at cycle
 * k*(ceil((S/2)/B) + 1) - 1 whatever the demand cycle, and a row waits for the prefetch it
 * triggered, so the last row ends at max(stall-free, max over rotations k of (completion of k
 * + rows after its trigger)). The ofmap buffer is replayed drain by drain with the writes spread
 * evenly over the rows. Stalls = the larger end minus the stall-free cycles (v2's
 * Fr*Fc*rows-per-fold - 1).
 *
 * Why approximate: (1) a rotation's row is placed in proportion to its position within the fold;
 * (2) hits through duplicate addresses are ignored: overlapping convolution windows hold each
 * pixel up to Fh*Fw times and v2 finds any copy in the window, which can spare it a wrap-around
 * (except for the is ifmap of a conv evaluated through dramTrafficUser, see above; elsewhere, and
 * through subLayerUserInto, which has no conv geometry, the model only assumes, when the ring is
 * at most 10% longer than the active window, that the first fill holds a copy of each); this is
 * its largest error, on overlapping convolutions with few channels or many; (3) null im2col
 * cells are spread evenly over the ring; (4) the ofmap
 * writes are taken as uniform over the rows, while v2 writes them in bursts; (5) for sub-layers
 * with more than FOLD_BUDGET folds the rotation rate of the first FOLD_BUDGET folds (conv is
 * ifmap: of their second half) is extrapolated. DRAM ofmap writes omit v2's padding of partial
 * lines. Cost: O(folds + lines touched + drains) per sub-layer, plus O(Fh*Fw) per conv is ifmap
 * lane read outside the window (up to ~80 ms for VGG-16 conv2_2 at 64x64), no allocation. bench/systolic-fidelity.ts measures the error
 * against reference.ts.
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
  /** Latest end of the last row forced by a prefetch (max-plus bound). */
  bound: 0,
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
  ring.bound = 0;
  ring.density = 1;
}

/** Line holding prefetch entry `entry` (counted without the null lanes of partial folds, scaled by the density). */
function lineOf(entry: number): number {
  return Math.min(ring.lines - 1, Math.floor((entry * ring.density) / ring.lineWords));
}

/** First entry of line x (inverse of `lineOf`). */
function entryOfLine(x: number): number {
  return (x * ring.lineWords) / ring.density;
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
  ring.bound = Math.max(ring.bound, ring.rotations * ring.period - 2 + (ring.rows - 1 - row));
  return offset - turns * ring.prefetch;
}

/** Row of the fold at which the demand reaches `entry` (proportional to its place in [lo, hi]). */
function rowAt(entry: number, lo: number, hi: number, rowStart: number, rowSpan: number): number {
  const fraction = hi > lo ? Math.min(1, Math.max(0, (entry - lo) / (hi - lo + 1))) : 0;
  return rowStart + Math.floor(fraction * rowSpan);
}

/** A fold demanding the entries [lo, hi] in increasing order. */
function sweepForward(lo: number, hi: number, rowStart: number, rowSpan: number): void {
  const last = lineOf(hi);
  let x = lineOf(lo);
  for (;;) {
    const offset = bringIn(x, rowAt(entryOfLine(x), lo, hi, rowStart, rowSpan));
    const covered = ring.active - 1 - offset;
    if (last - x <= covered) return;
    x += covered + 1;
  }
}

/**
 * A fold demanding `rows` rows of `width` entries each, starting at entry `first`, from the last
 * row down, each row left to right, one row per cycle (ws filter, is ifmap). A row that
 * straddles a line boundary touches the lower line and then the upper one, which can rotate
 * the window (and make the rows below wrap it round again).
 */
function sweepBackward(first: number, width: number, rows: number, rowStart: number, block = -1, tap0 = 0, kTotal = 0, laneWidth = 0): void {
  if (block >= 0 && geometry.outW > 0) {
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

/** What the is-ifmap copy search needs of an overlapping convolution (per sub-layer). */
export interface ConvGeometry {
  outW: number;
  outH: number;
  filterW: number;
  filterH: number;
  channels: number;
  stride: number;
}

/** The geometry of an overlapping convolution, or null (GEMMs and non-overlapping convolutions). */
export function convGeometryOf(layer: Layer): ConvGeometry | null {
  if (layer.kind !== 'conv' || (layer.filterH <= layer.stride && layer.filterW <= layer.stride)) return null;
  const dims = convOutputDims(layer);
  return { outW: dims.width, outH: dims.height, filterW: layer.filterW, filterH: layer.filterH, channels: layer.depthwise ? 1 : layer.channels, stride: layer.stride };
}

const NO_GEOMETRY: ConvGeometry = { outW: 0, outH: 0, filterW: 0, filterH: 0, channels: 0, stride: 1 };

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
    const oy = Math.floor(mi / g.outW);
    const ox = mi - oy * g.outW;
    // Outputs using pixel (oy*s + fy, ox*s + fx): shifts by whole strides, up to the latest
    // (ly, lx) and back to the earliest (ey, ex).
    const ly = Math.min(Math.floor(fy / g.stride), g.outH - 1 - oy);
    const lx = Math.min(Math.floor(fx / g.stride), g.outW - 1 - ox);
    const ey = Math.min(Math.floor((g.filterH - 1 - fy) / g.stride), oy);
    const ex = Math.min(Math.floor((g.filterW - 1 - fx) / g.stride), ox);
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
 * Rotations and max-plus bound of one read buffer over the folds of a sub-layer (`for fc: for fr:`).
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
  // Conv is ifmap: the first output rows (no earlier copies yet) rotate at their own rate, so
  // its extrapolation takes the steady rate of the second half of the simulated folds.
  const steady = rowMajor && dataflow === 'is' && geometry.outW > 0 && budget < folds;
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
    const lo = entriesBefore(a, qRows, width, lastRow, valid);
    sweepForward(lo, entriesBefore(a + h + width - 1, qRows, width, lastRow, valid) - 1, rowStart, rowsPerFold);
  }
  if (budget < folds) {
    // Extrapolate the rotation rate; the last rotation then falls near the end of the sub-layer.
    ring.rotations = steady
      ? ring.rotations + Math.round(((ring.rotations - halfRotations) * (folds - budget)) / (budget - half))
      : Math.round((ring.rotations * folds) / budget);
    ring.bound = Math.max(ring.bound, ring.rotations * ring.period - 2);
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
 * buffer, written into `out` (no allocation, no validation). `ifmapEntries` is
 * `im2colEntries(layer)` (M*K for a GEMM); `ifmapWindowsOverlap` is Fh > s or Fw > s (conv).
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
  let bound = rows - 1;

  // Prefetch-matrix cells (with null padding) of each operand; entries are the non-null ones.
  const ifCells = dataflow === 'os' ? fr * k * r : dataflow === 'ws' ? fr * m * r : fc * k * c;
  const fiCells = dataflow === 'is' ? fr * n * r : fc * k * c;

  resetRing(ifmapSramWords, ifmapEntries, bandwidthWords, rows);
  ring.density = ifmapEntries / (m * k);
  // Overlapping windows and a ring barely longer than the active window: its first fill already
  // holds a copy of every pixel the last lines hold (measured on ResNet, not derived).
  if (!ifmapWindowsOverlap || ring.lines > 1.1 * ring.active) simulateRing(dataflow, 'ifmap', m, n, k, r, c, fr, fc, rowsPerFold);
  bound = Math.max(bound, ring.bound);
  out.ifmapReads = readWords(ifmapSramWords, bandwidthWords, ifCells, ring.rotations);

  resetRing(filterSramWords, k * n, bandwidthWords, rows);
  simulateRing(dataflow, 'filter', m, n, k, r, c, fr, fc, rowsPerFold);
  bound = Math.max(bound, ring.bound);
  out.filterReads = readWords(filterSramWords, bandwidthWords, fiCells, ring.rotations);

  const writes = dataflow === 'os' ? m * n : m * n * fr;
  out.ofmapWrites = writes;
  bound = Math.max(bound, rows - 1 + Math.round(ofmapStallCycles(writes, rows, ofmapSramWords, bandwidthWords)));

  out.totalCycles = bound;
  out.stallCycles = bound - (rows - 1);
  return out;
}

/**
 * Stall cycles of v2's ofmap write buffer, with the writes spread evenly over the stall-free rows.
 * A drain starts (if none runs) once more than D = floor(So/2) words are held and frees D words at
 * once; it runs ceil(D/B) - 1 cycles; the array stalls only when the buffer fills while it runs.
 * One step per drain; the words left at the end are flushed for free.
 */
function ofmapStallCycles(writes: number, rows: number, sramWords: number, bandwidthWords: number): number {
  const activeWords = Math.ceil(sramWords / 2);
  const drainWords = sramWords - activeWords;
  const drainCycles = Math.ceil(drainWords / bandwidthWords) - 1;
  const rate = writes / Math.max(1, rows);
  if (drainWords === 0 || rate === 0) return 0;
  let written = 0;
  let free = sramWords;
  let stalls = 0;
  for (;;) {
    // No drain running: write until more than D words are held, then start one.
    const untilDrain = Math.max(1, free - activeWords + 1);
    if (written + untilDrain > writes) return stalls;
    written += untilDrain;
    free += drainWords - untilDrain;
    // While it runs: write until it ends or the buffer is full (then wait for its end).
    const duringDrain = drainCycles * rate;
    if (duringDrain <= free) {
      written += duringDrain;
      free -= duringDrain;
      continue;
    }
    // Filling it exactly still waits for the drain, unless lines of B > 1 words leave slack:
    // v2 drains the forced partial line of each drain as a full line (up to B - 1 phantom words).
    if (written + free + (bandwidthWords > 1 ? bandwidthWords - 1 : 0) > writes) return stalls;
    stalls += drainCycles - free / rate;
    written += free;
    free = 0;
  }
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
