/**
 * Address-level reference simulation of SCALE-Sim v2's memory system, for checks and benchmarks
 * (the analytic models in calc.ts and user.ts are measured against it). Slow by design: it walks
 * every SRAM demand of a sub-layer, one address at a time, on typed arrays.
 *
 * What it reproduces (our reading of v2; word size 1, active fraction 0.5, one sub-layer per
 * simulation, depthwise layers as `channels` identical 1-channel sub-layers):
 *
 * Demand (compute/systolic_compute_{os,ws,is}.py). Folds run `for fc: for fr:`; every fold is
 * a fixed number of demand rows (os: T + R + C - 2, ws and is: 2R + C + T - 2), one row per
 * cycle, each row R or C lanes wide. Skewed operands put element (t, lane) on row t + lane
 * (plus the fold's null prefix); ws filters and is ifmaps are loaded unskewed, last K row
 * first. Null lanes (padding of partial folds, im2col windows that fall off the ifmap) demand
 * nothing. Ifmap addresses are v2's im2col addresses (operand_matrix.py):
 * ((oy*s + fy)*W + ox*s + fx)*C + ch, with k = (fy*Fw + fx)*C + ch; a GEMM is the conv
 * H = M, W = K, Fh = 1, Fw = K, C = 1. Filter (k, n) is n*K + k (any injective code will do:
 * only address equality matters).
 *
 * CALC mode (read_buffer_estimate_bw.py): per operand, the misses of a window that gathers
 * missed addresses in sets of floor(S/100) and restarts empty after 50 sets. DRAM reads =
 * misses; DRAM writes = every ofmap write.
 *
 * USER mode (read_buffer.py, write_buffer.py, double_buffered_scratchpad_mem.py), bandwidth B
 * words per cycle for each of the three buffers:
 * - Each read buffer knows the operand's prefetch matrix (the operand's blocks in fold order,
 *   os ifmap/filter, ws ifmap and is filter unrolled along anti-diagonals, the others row by
 *   row). Its non-null entries are cut into lines of E = ceil(S/100) entries; the active buffer
 *   is nA = ceil(ceil(S/2)/E) consecutive lines, the prefetch buffer the next nP = ceil(
 *   floor(S/2)/E) (both capped by the line count L).
 * - A demanded address hits iff some active line holds it. On a miss the window rotates by nP
 *   lines, modulo L (wrap-around: a stream that returns to an earlier block it no longer holds
 *   is served by rotating all the way round), until it hits. Each rotation is one prefetch of
 *   ceil(floor(S/2)/B) lines of B words: that many words count as DRAM reads (null padding
 *   included), and the prefetches are chained: prefetch k completes at cycle
 *   k*(ceil(floor(S/2)/B) + 1) - 1, whatever the demand cycle. The first fill reads
 *   min(ceil(ceil(S/2)/B), ceil(prefetch entries/B))*B words before cycle 0.
 * - A demand row at cycle c that triggered prefetches stalls by (completion of its last
 *   prefetch) - c - 1 (v2's arithmetic; it may be negative, and then the other operands
 *   decide); rows without a miss do not stall.
 * - The ofmap buffer (So words) stores writes in lines of B; when more than floor(So/2) words
 *   are held and no drain is running, it drains ceil(floor(So/2)/B) lines, one line per cycle
 *   (each drain counts its lines' words, padding of partial lines included except on the last
 *   line). A write stalls only when the buffer is full while a drain runs: until that drain
 *   ends. At the end every remaining line is drained (counted, no cycles).
 * - Each row stalls by the largest of the three; row i runs at cycle i + (stalls so far); the
 *   layer's total cycles are the last row's ofmap service cycle (the stall-free count is the
 *   number of rows - 1, as v2 prints it).
 *
 * Rotations depend only on the demand and prefetch orders, never on timing, so one address walk
 * (`walkSubLayer`) serves every bandwidth; `replayUser` then turns it into cycles per B.
 *
 * Versions: v2's read buffer changed over time (later versions add SRAM bank conflicts and count
 * a positive stall twice); this follows the version without banks, whose totals match the
 * empirical max(stall-free, traffic / B) noted for v2 in the project's references.
 */
import { convOutputDims, isGemmLayer, lowerLayer } from '../compute/lowering.js';
import type { ArrayShape, Dataflow, Layer } from '../compute/types.js';
import { requirePositiveInteger } from '../checks.js';
import type { SramWords } from './calc.js';

/** One sub-layer as the reference sees it: the GEMM plus the conv geometry of its im2col. */
export interface SubLayerShape {
  m: number;
  n: number;
  k: number;
  ifmapH: number;
  ifmapW: number;
  filterH: number;
  filterW: number;
  channels: number;
  stride: number;
  /** Output width (v2's ceil formula). */
  outW: number;
}

/** The sub-layer shape of a layer and how many identical sub-layers it runs (depthwise: channels). */
export function subLayerShape(layer: Layer): { shape: SubLayerShape; count: number } {
  const lowered = lowerLayer(layer);
  const { m, n, k } = lowered.gemm;
  if (isGemmLayer(layer)) {
    return { shape: { m, n, k, ifmapH: m, ifmapW: k, filterH: 1, filterW: k, channels: 1, stride: 1, outW: 1 }, count: 1 };
  }
  const channels = layer.depthwise ? 1 : layer.channels;
  const shape: SubLayerShape = {
    m,
    n,
    k,
    ifmapH: layer.ifmapH,
    ifmapW: layer.ifmapW,
    filterH: layer.filterH,
    filterW: layer.filterW,
    channels,
    stride: layer.stride,
    outW: convOutputDims(layer).width,
  };
  return { shape, count: lowered.count };
}

/** A GEMM as a sub-layer shape (ifmap address of (m, k) = m*K + k). */
export function gemmShape(m: number, n: number, k: number): SubLayerShape {
  return { m, n, k, ifmapH: m, ifmapW: k, filterH: 1, filterW: k, channels: 1, stride: 1, outW: 1 };
}

/** im2col address tables: address(m, k) = mBase[m] + kOffset[k] when the element is inside the ifmap. */
export class Im2col {
  readonly mBase: Int32Array;
  readonly mRow: Int32Array;
  readonly mCol: Int32Array;
  readonly kOffset: Int32Array;
  readonly kRow: Int32Array;
  readonly kCol: Int32Array;
  readonly height: number;
  readonly width: number;
  /** Size of the ifmap address space (H*W*C). */
  readonly words: number;

  constructor(s: SubLayerShape) {
    this.height = s.ifmapH;
    this.width = s.ifmapW;
    this.words = s.ifmapH * s.ifmapW * s.channels;
    this.mBase = new Int32Array(s.m);
    this.mRow = new Int32Array(s.m);
    this.mCol = new Int32Array(s.m);
    for (let mi = 0; mi < s.m; mi++) {
      const row = Math.floor(mi / s.outW) * s.stride;
      const col = (mi % s.outW) * s.stride;
      this.mRow[mi] = row;
      this.mCol[mi] = col;
      this.mBase[mi] = (row * s.ifmapW + col) * s.channels;
    }
    this.kOffset = new Int32Array(s.k);
    this.kRow = new Int32Array(s.k);
    this.kCol = new Int32Array(s.k);
    const perRow = s.filterW * s.channels;
    for (let ki = 0; ki < s.k; ki++) {
      const fy = Math.floor(ki / perRow);
      const fx = Math.floor((ki % perRow) / s.channels);
      const ch = ki % s.channels;
      this.kRow[ki] = fy;
      this.kCol[ki] = fx;
      this.kOffset[ki] = (fy * s.ifmapW + fx) * s.channels + ch;
    }
  }

  /** v2's im2col address of (m, k), or -1 where the window falls off the ifmap. */
  address(mi: number, ki: number): number {
    if (this.mRow[mi] + this.kRow[ki] >= this.height || this.mCol[mi] + this.kCol[ki] >= this.width) return -1;
    return this.mBase[mi] + this.kOffset[ki];
  }
}

/** Receives a sub-layer's demand, row by row (one row = one cycle of the stall-free schedule). */
export interface DemandSink {
  ifmap(address: number): void;
  filter(address: number): void;
  /** End of a demand row that wrote `ofmapWrites` ofmap words. */
  endRow(ofmapWrites: number): void;
}

/** Demand rows of one fold: os T + R + C - 2, ws and is 2R + C + T - 2 (v2's demand matrices). */
export function rowsPerFold(dataflow: Dataflow, s: SubLayerShape, r: number, c: number): number {
  const t = dataflow === 'os' ? s.k : dataflow === 'ws' ? s.m : s.n;
  return dataflow === 'os' ? t + r + c - 2 : 2 * r + c + t - 2;
}

/** Folds (Fr, Fc) of a sub-layer. */
export function foldsOf(dataflow: Dataflow, s: SubLayerShape, r: number, c: number): { fr: number; fc: number } {
  const sr = dataflow === 'os' ? s.m : s.k;
  const sc = dataflow === 'is' ? s.m : s.n;
  return { fr: Math.ceil(sr / r), fc: Math.ceil(sc / c) };
}

/** Number of integers in [lo, hi] (0 when empty). */
function span(lo: number, hi: number): number {
  return hi >= lo ? hi - lo + 1 : 0;
}

/** Walk v2's demand matrices of one sub-layer in order, fold by fold, row by row, lane by lane. */
export function walkDemand(dataflow: Dataflow, s: SubLayerShape, r: number, c: number, sink: DemandSink): void {
  const im = new Im2col(s);
  const { fr: frCount, fc: fcCount } = foldsOf(dataflow, s, r, c);
  const rows = rowsPerFold(dataflow, s, r, c);
  for (let fc = 0; fc < fcCount; fc++) {
    for (let fr = 0; fr < frCount; fr++) {
      if (dataflow === 'os') walkOsFold(s, im, r, c, fr, fc, rows, sink);
      else if (dataflow === 'ws') walkWsFold(s, im, r, c, fr, fc, rows, sink);
      else walkIsFold(s, im, r, c, fr, fc, rows, sink);
    }
  }
}

// os: ifmap (t, lane) = im2col(fr*R + lane, t) and filter (t, lane) = (k = t, n = fc*C + lane),
// both on row t + lane; ofmap rows of the fold leave bottom row first after T - 1 null rows.
function walkOsFold(s: SubLayerShape, im: Im2col, r: number, c: number, fr: number, fc: number, rows: number, sink: DemandSink): void {
  const t = s.k;
  const mRows = Math.min(r, s.m - fr * r);
  const nCols = Math.min(c, s.n - fc * c);
  for (let q = 0; q < rows; q++) {
    const lo = Math.max(0, q - t + 1);
    for (let lane = lo, hi = Math.min(mRows - 1, q); lane <= hi; lane++) {
      const a = im.address(fr * r + lane, q - lane);
      if (a >= 0) sink.ifmap(a);
    }
    for (let lane = lo, hi = Math.min(nCols - 1, q); lane <= hi; lane++) sink.filter((fc * c + lane) * t + q - lane);
    const base = q - t + 1;
    sink.endRow(span(Math.max(0, base - (r - 1)), Math.min(nCols - 1, base - (r - mRows))));
  }
}

// ws: ifmap (m, lane) = im2col(m, fr*R + lane) on row R + m + lane; filter row q < R holds K row
// fr*R + R - 1 - q (unskewed); ofmap row m of the fold, lane n, on row 2R - 1 + m + lane.
function walkWsFold(s: SubLayerShape, im: Im2col, r: number, c: number, fr: number, fc: number, rows: number, sink: DemandSink): void {
  const t = s.m;
  const kRows = Math.min(r, s.k - fr * r);
  const nCols = Math.min(c, s.n - fc * c);
  for (let q = 0; q < rows; q++) {
    for (let lane = Math.max(0, q - r - t + 1), hi = Math.min(kRows - 1, q - r); lane <= hi; lane++) {
      const a = im.address(q - r - lane, fr * r + lane);
      if (a >= 0) sink.ifmap(a);
    }
    if (q < r && r - 1 - q < kRows) {
      const ki = fr * r + r - 1 - q;
      for (let lane = 0; lane < nCols; lane++) sink.filter((fc * c + lane) * s.k + ki);
    }
    const base = q - 2 * r + 1;
    sink.endRow(span(Math.max(0, base - t + 1), Math.min(nCols - 1, base)));
  }
}

// is: ifmap row q < R holds K row fr*R + R - 1 - q across C ofmap pixels (unskewed); filter
// (n, lane) = (k = fr*R + lane, n) on row R + n + lane; ofmap row n, lane m, on row 2R - 1 + n + lane.
function walkIsFold(s: SubLayerShape, im: Im2col, r: number, c: number, fr: number, fc: number, rows: number, sink: DemandSink): void {
  const t = s.n;
  const kRows = Math.min(r, s.k - fr * r);
  const mCols = Math.min(c, s.m - fc * c);
  for (let q = 0; q < rows; q++) {
    if (q < r && r - 1 - q < kRows) {
      const ki = fr * r + r - 1 - q;
      for (let lane = 0; lane < mCols; lane++) {
        const a = im.address(fc * c + lane, ki);
        if (a >= 0) sink.ifmap(a);
      }
    }
    for (let lane = Math.max(0, q - r - t + 1), hi = Math.min(kRows - 1, q - r); lane <= hi; lane++) {
      sink.filter((q - r - lane) * s.k + fr * r + lane);
    }
    const base = q - 2 * r + 1;
    sink.endRow(span(Math.max(0, base - t + 1), Math.min(mCols - 1, base)));
  }
}

/** A prefetch stream: its non-null addresses in order and its length with nulls. */
export interface PrefetchStream {
  addresses: Int32Array;
  lengthWithNulls: number;
}

/**
 * v2's prefetch matrix of an operand, flattened: the operand's fold blocks stacked, read along
 * anti-diagonals (os ifmap and filter, ws ifmap, is filter) or row by row (ws filter, is ifmap).
 */
export function prefetchStream(dataflow: Dataflow, operand: 'ifmap' | 'filter', s: SubLayerShape, r: number, c: number): PrefetchStream {
  const im = new Im2col(s);
  const { fr: frCount, fc: fcCount } = foldsOf(dataflow, s, r, c);
  let rows: number;
  let cols: number;
  let cell: (row: number, col: number) => number;
  let diagonal = true;
  if (dataflow === 'os' && operand === 'ifmap') {
    [rows, cols] = [frCount * s.k, r];
    cell = (row, col) => {
      const mi = Math.floor(row / s.k) * r + col;
      return mi < s.m ? im.address(mi, row % s.k) : -1;
    };
  } else if (dataflow === 'os') {
    [rows, cols] = [fcCount * s.k, c];
    cell = (row, col) => {
      const ni = Math.floor(row / s.k) * c + col;
      return ni < s.n ? ni * s.k + (row % s.k) : -1;
    };
  } else if (dataflow === 'ws' && operand === 'ifmap') {
    [rows, cols] = [frCount * s.m, r];
    cell = (row, col) => {
      const ki = Math.floor(row / s.m) * r + col;
      return ki < s.k ? im.address(row % s.m, ki) : -1;
    };
  } else if (dataflow === 'ws') {
    [rows, cols, diagonal] = [fcCount * s.k, c, false];
    cell = (row, col) => {
      const ni = Math.floor(row / s.k) * c + col;
      return ni < s.n ? ni * s.k + (row % s.k) : -1;
    };
  } else if (operand === 'ifmap') {
    [rows, cols, diagonal] = [fcCount * s.k, c, false];
    cell = (row, col) => {
      const mi = Math.floor(row / s.k) * c + col;
      return mi < s.m ? im.address(mi, row % s.k) : -1;
    };
  } else {
    [rows, cols] = [frCount * s.n, r];
    cell = (row, col) => {
      const ki = Math.floor(row / s.n) * r + col;
      return ki < s.k ? (row % s.n) * s.k + ki : -1;
    };
  }
  const out = new Int32Array(rows * cols);
  let used = 0;
  const push = (a: number): void => {
    if (a >= 0) out[used++] = a;
  };
  if (diagonal) {
    for (let d = 0; d < rows + cols - 1; d++) {
      for (let col = Math.max(0, d - rows + 1), hi = Math.min(d, cols - 1); col <= hi; col++) push(cell(d - col, col));
    }
  } else {
    for (let row = 0; row < rows; row++) for (let col = 0; col < cols; col++) push(cell(row, col));
  }
  return { addresses: out.slice(0, used), lengthWithNulls: rows * cols };
}

/** v2's CALC-mode window over one operand: misses gathered in sets of floor(S/100), flushed after 50 sets. */
export class CalcWindow {
  private readonly stamp: Int32Array;
  private epoch = 1;
  private inSet = 0;
  private sets = 0;
  misses = 0;

  constructor(
    addressWords: number,
    private readonly setWords: number,
  ) {
    this.stamp = new Int32Array(addressWords);
  }

  demand(address: number): void {
    if (this.stamp[address] === this.epoch) return;
    this.stamp[address] = this.epoch;
    this.misses++;
    if (this.setWords > 0 && ++this.inSet === this.setWords) {
      this.inSet = 0;
      if (++this.sets === 50) {
        this.sets = 0;
        this.epoch++;
      }
    }
  }
}

/** DRAM reads of v2's CALC window over a whole stream of addresses (S = SRAM words). */
export function calcWindowReads(stream: ArrayLike<number>, sramWords: number): number {
  let words = 0;
  for (let i = 0; i < stream.length; i++) words = Math.max(words, stream[i] + 1);
  const window = new CalcWindow(words, Math.floor(sramWords / 100));
  for (let i = 0; i < stream.length; i++) window.demand(stream[i]);
  return window.misses;
}

/**
 * v2's USER-mode read buffer over one operand, without timing: which demands rotate the
 * active/prefetch window. Keeps, per address, how many active lines hold it.
 */
export class UserWindow {
  private readonly held: Int32Array;
  private readonly lineWords: number;
  private readonly lines: number;
  readonly activeLines: number;
  readonly prefetchLines: number;
  private start = 0;
  /** Rotations (prefetches after the first fill) so far. */
  rotations = 0;

  constructor(
    private readonly stream: PrefetchStream,
    addressWords: number,
    sramWords: number,
  ) {
    this.held = new Int32Array(addressWords);
    this.lineWords = Math.ceil(sramWords / 100);
    const v = stream.addresses.length;
    this.lines = Math.floor(v / this.lineWords) + 1;
    const active = Math.ceil(sramWords / 2);
    this.activeLines = Math.min(this.lines, Math.ceil(active / this.lineWords));
    this.prefetchLines = Math.min(this.lines - this.activeLines, Math.ceil((sramWords - active) / this.lineWords));
    for (let line = 0; line < this.activeLines; line++) this.addLine(line, 1);
  }

  private addLine(line: number, delta: number): void {
    const a = this.stream.addresses;
    const end = Math.min((line + 1) * this.lineWords, a.length);
    for (let e = line * this.lineWords; e < end; e++) this.held[a[e]] += delta;
  }

  /** Serve one demand; returns how many rotations it took. */
  demand(address: number): number {
    let rotated = 0;
    while (this.held[address] === 0) {
      if (this.prefetchLines === 0) throw new Error(`address ${address} is not in the prefetch stream`);
      for (let j = 0; j < this.prefetchLines; j++) {
        this.addLine((this.start + j) % this.lines, -1);
        this.addLine((this.start + this.activeLines + j) % this.lines, 1);
      }
      this.start = (this.start + this.prefetchLines) % this.lines;
      rotated++;
    }
    this.rotations += rotated;
    return rotated;
  }
}

/** Rows at which an operand's window rotated, and the rotation count after each such row. */
export interface RotationLog {
  rows: number[];
  rotationsAfter: number[];
}

/** Everything the timing replay needs from one address walk of a sub-layer. */
export interface SubLayerWalk {
  dataflow: Dataflow;
  /** Demand rows (= v2's stall-free cycles + 1). */
  rows: number;
  /** Ofmap words written on each row. */
  ofmapPerRow: Uint16Array;
  ofmapWrites: number;
  /** CALC-mode DRAM reads (window misses); 0 when the walk did not run the CALC windows. */
  calcIfmapReads: number;
  calcFilterReads: number;
  /** USER-mode window rotations; empty when the walk did not run the USER windows. */
  ifmap: RotationLog & { prefetchLength: number };
  filter: RotationLog & { prefetchLength: number };
  /** SRAM demands (non-null) per operand. */
  ifmapDemands: number;
  filterDemands: number;
}

class WalkSink implements DemandSink {
  row = 0;
  ifmapDemands = 0;
  filterDemands = 0;
  ofmapWrites = 0;
  private ifRowRot = 0;
  private fiRowRot = 0;
  readonly ifLog: RotationLog = { rows: [], rotationsAfter: [] };
  readonly fiLog: RotationLog = { rows: [], rotationsAfter: [] };

  constructor(
    readonly ofmapPerRow: Uint16Array,
    readonly ifCalc: CalcWindow | null,
    readonly fiCalc: CalcWindow | null,
    private readonly ifUser: UserWindow | null,
    private readonly fiUser: UserWindow | null,
  ) {}

  ifmap(address: number): void {
    this.ifmapDemands++;
    if (this.ifCalc) this.ifCalc.demand(address);
    if (this.ifUser) this.ifRowRot += this.ifUser.demand(address);
  }

  filter(address: number): void {
    this.filterDemands++;
    if (this.fiCalc) this.fiCalc.demand(address);
    if (this.fiUser) this.fiRowRot += this.fiUser.demand(address);
  }

  endRow(ofmapWrites: number): void {
    if (this.ifRowRot > 0 && this.ifUser) {
      this.ifLog.rows.push(this.row);
      this.ifLog.rotationsAfter.push(this.ifUser.rotations);
      this.ifRowRot = 0;
    }
    if (this.fiRowRot > 0 && this.fiUser) {
      this.fiLog.rows.push(this.row);
      this.fiLog.rotationsAfter.push(this.fiUser.rotations);
      this.fiRowRot = 0;
    }
    this.ofmapPerRow[this.row++] = ofmapWrites;
    this.ofmapWrites += ofmapWrites;
  }
}

/** Which windows a walk runs. */
export interface WalkModes {
  calc: boolean;
  user: boolean;
}

/** One address walk of a sub-layer through v2's CALC windows and/or USER windows. */
export function walkSubLayer(
  dataflow: Dataflow,
  s: SubLayerShape,
  array: ArrayShape,
  sram: SramWords,
  modes: WalkModes = { calc: true, user: true },
): SubLayerWalk {
  const { rows: r, cols: c } = array;
  const { fr, fc } = foldsOf(dataflow, s, r, c);
  const rows = fr * fc * rowsPerFold(dataflow, s, r, c);
  const ifWords = s.ifmapH * s.ifmapW * s.channels;
  const fiWords = s.k * s.n;
  const ifPrefetch = modes.user ? prefetchStream(dataflow, 'ifmap', s, r, c) : null;
  const fiPrefetch = modes.user ? prefetchStream(dataflow, 'filter', s, r, c) : null;
  const sink = new WalkSink(
    new Uint16Array(rows),
    modes.calc ? new CalcWindow(ifWords, Math.floor(sram.ifmap / 100)) : null,
    modes.calc ? new CalcWindow(fiWords, Math.floor(sram.filter / 100)) : null,
    ifPrefetch ? new UserWindow(ifPrefetch, ifWords, sram.ifmap) : null,
    fiPrefetch ? new UserWindow(fiPrefetch, fiWords, sram.filter) : null,
  );
  walkDemand(dataflow, s, r, c, sink);
  return {
    dataflow,
    rows,
    ofmapPerRow: sink.ofmapPerRow,
    ofmapWrites: sink.ofmapWrites,
    calcIfmapReads: sink.ifCalc?.misses ?? 0,
    calcFilterReads: sink.fiCalc?.misses ?? 0,
    ifmap: { ...sink.ifLog, prefetchLength: ifPrefetch?.lengthWithNulls ?? 0 },
    filter: { ...sink.fiLog, prefetchLength: fiPrefetch?.lengthWithNulls ?? 0 },
    ifmapDemands: sink.ifmapDemands,
    filterDemands: sink.filterDemands,
  };
}

/** v2's ofmap write buffer (So words, B words per cycle to DRAM). */
export class OfmapWriteBuffer {
  private free: number;
  private readonly activeWords: number;
  private readonly drainLines: number;
  /** Valid words of the current (unfinished) line. */
  private lineFill = 0;
  /** Lines handed to the drain so far (full and forced partial). */
  private lines = 0;
  /** Forced partial lines, as (index, valid words), in order. */
  private readonly partialIndex: number[] = [];
  private readonly partialWords: number[] = [];
  private partialCursor = 0;
  private drainStart = 0;
  private drainEnd = 0;
  /** Words written to DRAM (v2's count: padding of partial lines counts except on a drain's last line). */
  dramWrites = 0;

  constructor(
    private readonly sramWords: number,
    private readonly bandwidthWords: number,
  ) {
    this.free = sramWords;
    this.activeWords = Math.ceil(sramWords / 2);
    this.drainLines = Math.ceil((sramWords - this.activeWords) / bandwidthWords);
  }

  private store(count: number): void {
    this.free -= count;
    const total = this.lineFill + count;
    this.lines += Math.floor(total / this.bandwidthWords);
    this.lineFill = total % this.bandwidthWords;
  }

  private closePartialLine(): void {
    if (this.lineFill === 0) return;
    this.partialIndex.push(this.lines);
    this.partialWords.push(this.lineFill);
    this.lines++;
    this.lineFill = 0;
  }

  private validWords(line: number): number {
    while (this.partialCursor < this.partialIndex.length && this.partialIndex[this.partialCursor] < line) this.partialCursor++;
    const p = this.partialCursor;
    return p < this.partialIndex.length && this.partialIndex[p] === line ? this.partialWords[p] : this.bandwidthWords;
  }

  /** Drain the next lines starting at `cycle`; returns the cycle of its last line. */
  private drain(cycle: number): number {
    const n = Math.min(this.drainLines, this.lines - this.drainStart);
    if (n <= 0) return this.drainEnd;
    const words = (n - 1) * this.bandwidthWords + this.validWords(this.drainStart + n - 1);
    this.dramWrites += words;
    this.free += words;
    this.drainStart += n;
    return cycle + n - 1;
  }

  /** Serve one row's `count` writes arriving at `cycle`; returns the row's service cycle. */
  serviceRow(cycle: number, count: number): number {
    let current = cycle;
    while (count > 0) {
      if (current < this.drainEnd) {
        const take = this.free > 0 ? Math.min(count, this.free) : 1;
        this.store(take);
        count -= take;
        if (this.free <= 0) current = this.drainEnd;
      } else {
        const take = Math.min(count, Math.max(1, this.free - this.activeWords + 1));
        this.store(take);
        count -= take;
        if (this.free < this.activeWords) {
          this.closePartialLine();
          this.drainEnd = this.drain(current);
        }
      }
    }
    return current;
  }

  /** Drain everything left (end of the layer). */
  flush(): void {
    this.closePartialLine();
    while (this.drainStart < this.lines) this.drain(0);
  }
}

/** USER-mode result of one sub-layer (or, from `referenceUser`, a whole layer). */
export interface UserResult {
  totalCycles: number;
  stallCycles: number;
  ifmapReads: number;
  filterReads: number;
  ofmapWrites: number;
}

/** Cycles between chained prefetch completions, and words per prefetch, of a read buffer. */
function prefetchTiming(sramWords: number, bandwidthWords: number): { period: number; words: number } {
  const lines = Math.ceil((sramWords - Math.ceil(sramWords / 2)) / bandwidthWords);
  return { period: lines + 1, words: lines * bandwidthWords };
}

/** Words of the first fill of a read buffer. */
function firstFillWords(sramWords: number, bandwidthWords: number, prefetchLength: number): number {
  const lines = Math.min(Math.ceil(Math.ceil(sramWords / 2) / bandwidthWords), Math.ceil(prefetchLength / bandwidthWords));
  return lines * bandwidthWords;
}

/** Turn a walk (with USER windows) into v2's USER-mode cycles and DRAM counts at B words/cycle. */
export function replayUser(walk: SubLayerWalk, sram: SramWords, bandwidthWords: number): UserResult {
  const ifT = prefetchTiming(sram.ifmap, bandwidthWords);
  const fiT = prefetchTiming(sram.filter, bandwidthWords);
  const ofmap = new OfmapWriteBuffer(sram.ofmap, bandwidthWords);
  let stalls = 0;
  let total = 0;
  let ip = 0;
  let fp = 0;
  const { ifmap: il, filter: fl } = walk;
  for (let i = 0; i < walk.rows; i++) {
    const cycle = i + stalls;
    let stall = 0;
    if (ip < il.rows.length && il.rows[ip] === i) stall = Math.max(stall, il.rotationsAfter[ip++] * ifT.period - 1 - cycle - 1);
    if (fp < fl.rows.length && fl.rows[fp] === i) stall = Math.max(stall, fl.rotationsAfter[fp++] * fiT.period - 1 - cycle - 1);
    const served = ofmap.serviceRow(cycle, walk.ofmapPerRow[i]);
    stall = Math.max(stall, served - cycle);
    stalls += stall;
    total = served;
  }
  ofmap.flush();
  const ifRot = il.rotationsAfter.length ? il.rotationsAfter[il.rotationsAfter.length - 1] : 0;
  const fiRot = fl.rotationsAfter.length ? fl.rotationsAfter[fl.rotationsAfter.length - 1] : 0;
  return {
    totalCycles: total,
    stallCycles: stalls,
    ifmapReads: firstFillWords(sram.ifmap, bandwidthWords, il.prefetchLength) + ifRot * ifT.words,
    filterReads: firstFillWords(sram.filter, bandwidthWords, fl.prefetchLength) + fiRot * fiT.words,
    ofmapWrites: ofmap.dramWrites,
  };
}

function validateRun(array: ArrayShape, sram: SramWords): void {
  requirePositiveInteger(array.rows, 'array.rows');
  requirePositiveInteger(array.cols, 'array.cols');
  requirePositiveInteger(sram.ifmap, 'sram.ifmap');
  requirePositiveInteger(sram.filter, 'sram.filter');
  requirePositiveInteger(sram.ofmap, 'sram.ofmap');
}

/** CALC-mode DRAM traffic of a whole layer, by address-level simulation. */
export function referenceCalc(layer: Layer, array: ArrayShape, dataflow: Dataflow, sram: SramWords): { ifmapReads: number; filterReads: number; ofmapWrites: number } {
  validateRun(array, sram);
  const { shape, count } = subLayerShape(layer);
  const walk = walkSubLayer(dataflow, shape, array, sram, { calc: true, user: false });
  return { ifmapReads: walk.calcIfmapReads * count, filterReads: walk.calcFilterReads * count, ofmapWrites: walk.ofmapWrites * count };
}

/** USER-mode cycles and DRAM traffic of a whole layer at each bandwidth, by address-level simulation. */
export function referenceUser(layer: Layer, array: ArrayShape, dataflow: Dataflow, sram: SramWords, bandwidthsWords: readonly number[]): UserResult[] {
  validateRun(array, sram);
  for (const b of bandwidthsWords) requirePositiveInteger(b, 'bandwidth');
  const { shape, count } = subLayerShape(layer);
  const walk = walkSubLayer(dataflow, shape, array, sram, { calc: false, user: true });
  return bandwidthsWords.map((b) => scaleResult(replayUser(walk, sram, b), count));
}

/** A sub-layer's result repeated `count` times (depthwise: v2 runs each channel as its own layer). */
export function scaleResult(r: UserResult, count: number): UserResult {
  return {
    totalCycles: r.totalCycles * count,
    stallCycles: r.stallCycles * count,
    ifmapReads: r.ifmapReads * count,
    filterReads: r.filterReads * count,
    ofmapWrites: r.ofmapWrites * count,
  };
}

/** Non-null demand streams of a sub-layer, per operand, in v2's order (for small checks). */
export function demandStreams(dataflow: Dataflow, s: SubLayerShape, array: ArrayShape): { ifmap: Int32Array; filter: Int32Array; ofmapWrites: number } {
  const ifmap: number[] = [];
  const filter: number[] = [];
  let ofmapWrites = 0;
  walkDemand(dataflow, s, array.rows, array.cols, {
    ifmap: (a) => ifmap.push(a),
    filter: (a) => filter.push(a),
    endRow: (w) => (ofmapWrites += w),
  });
  return { ifmap: Int32Array.from(ifmap), filter: Int32Array.from(filter), ofmapWrites };
}

/** Demand streams of an M x K x N GEMM (ifmap (m, k) -> m*K + k, filter (k, n) -> n*K + k). */
export function gemmDemandStreams(m: number, n: number, k: number, r: number, c: number, dataflow: Dataflow): { ifmap: Int32Array; filter: Int32Array } {
  const { ifmap, filter } = demandStreams(dataflow, gemmShape(m, n, k), { rows: r, cols: c });
  return { ifmap, filter };
}
