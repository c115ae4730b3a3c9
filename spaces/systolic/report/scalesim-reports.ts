/**
 * SCALE-Sim v2's three per-run report files, written from archdse's systolic layer results so that
 * scripts built around SCALE-Sim's output keep working unchanged.
 *
 * Layout source: scalesim/simulator.py `generate_reports()` of scalesim-project/scale-sim-v2 at
 * commit 8cc5e2f66e2ded0edb2f0b855a43f86cd24b5c34 (the v2.0.x layout), cross-checked against the
 * repository's golden outputs test/general/golden_trace_user_ws/*.csv (commit 18975c2). Each line is
 * `str(x)` of every item joined by ", ", with a trailing "," before the newline, header included.
 * Later commits append six PE action counts to DETAILED_ACCESS_REPORT (for the Accelergy energy
 * plugin); we keep the 19-column layout because it is what the released package and the project's
 * own golden files use, and our model does not count per-PE register actions.
 *
 * Number formatting follows Python's `str()` of the value types v2 produces: cycle counts, stall
 * counts and access counts are Python ints ("52447"); utilizations, bandwidths and every start/stop
 * cycle are floats ("100.0", "15.619577859553454", "-3277.0") because v2 takes the cycles from
 * float trace matrices.
 *
 * Columns taken as-is from SystolicLayerResult: LayerID, Total Cycles, Stall Cycles, Overall Util %,
 * Mapping Efficiency %, Compute Util %, and the six SRAM/DRAM access counts. The Avg SRAM BW columns
 * are exact too: v2 defines them as SRAM accesses / Total Cycles.
 *
 * Columns our model has no exact figure for (it does not replay SCALE-Sim's cycle traces), with the
 * value written instead:
 * - SRAM <buffer> Start Cycle: 0.0. v2 gives the first cycle the array touches that SRAM, which is 0
 *   plus the hit latency and the array fill skew (a few to a few dozen cycles).
 * - SRAM <buffer> Stop Cycle: Total Cycles. For OFMAP this is exact (v2's Total Cycles is the cycle
 *   of the last OFMAP write); IFMAP and Filter reads end slightly earlier in v2 (the array drain).
 * - DRAM <buffer> Start/Stop Cycle: 0.0 and Total Cycles - 1, i.e. the transfers are taken to be
 *   spread over the layer's whole run. v2's window starts before cycle 0 (prefetch) and, for OFMAP,
 *   ends after the last compute cycle (drain).
 * - Avg <buffer> DRAM BW: words / (stop - start + 1) with the window above, which is v2's own
 *   formula, so words / Total Cycles. Recomputing it from DETAILED_ACCESS_REPORT gives the same value.
 * A buffer with no accesses gets start = stop = 0.0, as v2 leaves them at their initial 0.
 * A layer of 0 cycles (v2 would divide by zero) gets bandwidths of 0.0.
 */
import { randomUUID } from 'node:crypto';
import { copyFileSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SystolicLayerResult } from '../layer-result.js';

export const COMPUTE_REPORT_HEADER =
  'LayerID, Total Cycles, Stall Cycles, Overall Util %, Mapping Efficiency %, Compute Util %,';

export const BANDWIDTH_REPORT_HEADER =
  'LayerID, Avg IFMAP SRAM BW, Avg FILTER SRAM BW, Avg OFMAP SRAM BW, ' +
  'Avg IFMAP DRAM BW, Avg FILTER DRAM BW, Avg OFMAP DRAM BW,';

export const DETAILED_ACCESS_REPORT_HEADER =
  'LayerID, ' +
  'SRAM IFMAP Start Cycle, SRAM IFMAP Stop Cycle, SRAM IFMAP Reads, ' +
  'SRAM Filter Start Cycle, SRAM Filter Stop Cycle, SRAM Filter Reads, ' +
  'SRAM OFMAP Start Cycle, SRAM OFMAP Stop Cycle, SRAM OFMAP Writes, ' +
  'DRAM IFMAP Start Cycle, DRAM IFMAP Stop Cycle, DRAM IFMAP Reads, ' +
  'DRAM Filter Start Cycle, DRAM Filter Stop Cycle, DRAM Filter Reads, ' +
  'DRAM OFMAP Start Cycle, DRAM OFMAP Stop Cycle, DRAM OFMAP Writes,';

/** File names exactly as v2 writes them into its run directory. */
export const SCALESIM_REPORT_FILE_NAMES = {
  compute: 'COMPUTE_REPORT.csv',
  bandwidth: 'BANDWIDTH_REPORT.csv',
  detailedAccess: 'DETAILED_ACCESS_REPORT.csv',
} as const;

export type ScaleSimReportKind = keyof typeof SCALESIM_REPORT_FILE_NAMES;

/** A report cell: a Python int or a Python float, printed the way `str()` prints it. */
type Cell = { int: number } | { float: number };

const int = (value: number): Cell => ({ int: value });
const float = (value: number): Cell => ({ float: value });

/**
 * Python's `str(float)`: the shortest round-tripping digits (as JavaScript's), but always with a
 * fractional part in positional form ("100.0"), and in exponent form below 1e-4 or from 1e16 on
 * with a signed, at least two-digit exponent ("1e-05", "1.5e+16").
 */
export function pythonFloatString(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  const sign = value < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(value).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const exponentSign = exponent < 0 ? '-' : '+';
    return `${sign}${digits[0]}${fraction}e${exponentSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  return sign + positionalDigits(digits, exponent);
}

/** Places the decimal point in a digit string d.ddd x 10^exponent, keeping at least one digit after it. */
function positionalDigits(digits: string, exponent: number): string {
  if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
  const integerPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fractionPart = digits.slice(exponent + 1);
  return `${integerPart}.${fractionPart || '0'}`;
}

/** Python's `str(int)`. A fraction here would mean a count that is not a count, so it is refused. */
function pythonIntString(value: number): string {
  if (!Number.isInteger(value)) {
    throw new RangeError(`SCALE-Sim report: expected an integer count, got ${value}`);
  }
  return BigInt(value).toString();
}

function formatCell(cell: Cell): string {
  return 'int' in cell ? pythonIntString(cell.int) : pythonFloatString(cell.float);
}

/** One v2 report line: "<LayerID>, <item>, <item>,". */
function reportLine(layerId: number, cells: readonly Cell[]): string {
  return [pythonIntString(layerId), ...cells.map(formatCell)].join(', ') + ',';
}

function reportText(header: string, lines: readonly string[]): string {
  return [header, ...lines].map((line) => `${line}\n`).join('');
}

/** Words per cycle over a window of `cycles`; 0 for an empty window instead of v2's division error. */
function perCycle(words: number, cycles: number): number {
  return cycles > 0 ? words / cycles : 0;
}

interface AccessWindow {
  start: number;
  stop: number;
}

/** SRAM window: cycle 0 up to Total Cycles (see the module comment), empty when never accessed. */
function sramWindow(accesses: number, layer: SystolicLayerResult): AccessWindow {
  return accesses > 0 ? { start: 0, stop: layer.totalCycles } : { start: 0, stop: 0 };
}

/** DRAM window: the whole layer run, cycles 0 .. Total Cycles - 1, empty when never accessed. */
function dramWindow(accesses: number, layer: SystolicLayerResult): AccessWindow {
  return accesses > 0 && layer.totalCycles > 0 ? { start: 0, stop: layer.totalCycles - 1 } : { start: 0, stop: 0 };
}

/** v2's average DRAM bandwidth: accesses over the inclusive DRAM window. */
function dramBandwidth(accesses: number, layer: SystolicLayerResult): number {
  const window = dramWindow(accesses, layer);
  return perCycle(accesses, window.stop - window.start + 1);
}

function computeCells(layer: SystolicLayerResult): Cell[] {
  return [
    int(layer.totalCycles),
    int(layer.stallCycles),
    float(layer.overallUtilPct),
    float(layer.mappingEfficiencyPct),
    float(layer.computeUtilPct),
  ];
}

function bandwidthCells(layer: SystolicLayerResult): Cell[] {
  return [
    float(perCycle(layer.sramIfmapReads, layer.totalCycles)),
    float(perCycle(layer.sramFilterReads, layer.totalCycles)),
    float(perCycle(layer.sramOfmapWrites, layer.totalCycles)),
    float(dramBandwidth(layer.dramIfmapReads, layer)),
    float(dramBandwidth(layer.dramFilterReads, layer)),
    float(dramBandwidth(layer.dramOfmapWrites, layer)),
  ];
}

function windowCells(window: AccessWindow, accesses: number): Cell[] {
  return [float(window.start), float(window.stop), int(accesses)];
}

function detailedAccessCells(layer: SystolicLayerResult): Cell[] {
  return [
    ...windowCells(sramWindow(layer.sramIfmapReads, layer), layer.sramIfmapReads),
    ...windowCells(sramWindow(layer.sramFilterReads, layer), layer.sramFilterReads),
    ...windowCells(sramWindow(layer.sramOfmapWrites, layer), layer.sramOfmapWrites),
    ...windowCells(dramWindow(layer.dramIfmapReads, layer), layer.dramIfmapReads),
    ...windowCells(dramWindow(layer.dramFilterReads, layer), layer.dramFilterReads),
    ...windowCells(dramWindow(layer.dramOfmapWrites, layer), layer.dramOfmapWrites),
  ];
}

/** The text of v2's COMPUTE_REPORT.csv. */
export function formatComputeReport(results: readonly SystolicLayerResult[]): string {
  return reportText(COMPUTE_REPORT_HEADER, results.map((layer) => reportLine(layer.layerId, computeCells(layer))));
}

/** The text of v2's BANDWIDTH_REPORT.csv (words per cycle). */
export function formatBandwidthReport(results: readonly SystolicLayerResult[]): string {
  return reportText(BANDWIDTH_REPORT_HEADER, results.map((layer) => reportLine(layer.layerId, bandwidthCells(layer))));
}

/** The text of v2's DETAILED_ACCESS_REPORT.csv. */
export function formatDetailedAccessReport(results: readonly SystolicLayerResult[]): string {
  return reportText(
    DETAILED_ACCESS_REPORT_HEADER,
    results.map((layer) => reportLine(layer.layerId, detailedAccessCells(layer))),
  );
}

/** All three report texts, keyed like SCALESIM_REPORT_FILE_NAMES. */
export function formatScaleSimReports(results: readonly SystolicLayerResult[]): Record<ScaleSimReportKind, string> {
  return {
    compute: formatComputeReport(results),
    bandwidth: formatBandwidthReport(results),
    detailedAccess: formatDetailedAccessReport(results),
  };
}

/** The file operations the writer needs; injectable so tests can make any step fail. */
export interface ReportFileSystem {
  mkdirSync(dir: string, options: { recursive: true }): unknown;
  writeFileSync(file: string, text: string): void;
  copyFileSync(from: string, to: string): void;
  renameSync(from: string, to: string): void;
  rmSync(file: string, options: { force: true }): void;
}

const nodeFileSystem: ReportFileSystem = { mkdirSync, writeFileSync, copyFileSync, renameSync, rmSync };

interface StagedReport {
  target: string;
  temp: string;
  /** Copy of the file being replaced, to put back if a later file cannot be installed. */
  backup?: string;
  installed: boolean;
}

const REPORT_KINDS = Object.keys(SCALESIM_REPORT_FILE_NAMES) as ScaleSimReportKind[];

/** Hidden sibling name in the same directory, so that rename stays on one file system. */
function siblingName(target: string, tag: string, runId: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.${runId}.${tag}`);
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Runs a clean-up step whose own failure must not hide the error being handled. */
function bestEffort(step: () => void): void {
  try {
    step();
  } catch {
    // The original failure is what the caller needs to see.
  }
}

function backUpExisting(fs: ReportFileSystem, staged: StagedReport, runId: string): void {
  const backup = siblingName(staged.target, 'bak', runId);
  try {
    fs.copyFileSync(staged.target, backup);
    staged.backup = backup;
  } catch (error) {
    // A copy that failed midway may have left part of a backup behind.
    bestEffort(() => fs.rmSync(backup, { force: true }));
    if (!isMissingFile(error)) throw error;
  }
}

/** Undoes a failed run: restores replaced files, drops new ones and every temp and backup. */
function rollBack(fs: ReportFileSystem, stagedReports: readonly StagedReport[]): void {
  for (const staged of stagedReports) {
    const { backup, target, temp } = staged;
    if (staged.installed) {
      bestEffort(() => (backup ? fs.renameSync(backup, target) : fs.rmSync(target, { force: true })));
    }
    bestEffort(() => fs.rmSync(temp, { force: true }));
    if (backup) bestEffort(() => fs.rmSync(backup, { force: true }));
  }
}

/**
 * Writes COMPUTE_REPORT.csv, BANDWIDTH_REPORT.csv and DETAILED_ACCESS_REPORT.csv into `dir`
 * (created if needed) as one unit: all three texts go to temp files in `dir` first, then replace
 * the targets by rename. If any step fails, the previous files (or their absence) are restored,
 * the temps are removed, and the error is rethrown, so no half-written or mixed set remains.
 * Returns the three paths in that order.
 */
export function writeScaleSimReports(
  dir: string,
  results: readonly SystolicLayerResult[],
  fileSystem: ReportFileSystem = nodeFileSystem,
): string[] {
  const texts = formatScaleSimReports(results);
  fileSystem.mkdirSync(dir, { recursive: true });
  const runId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const staged = REPORT_KINDS.map((kind): StagedReport => {
    const target = path.join(dir, SCALESIM_REPORT_FILE_NAMES[kind]);
    return { target, temp: siblingName(target, 'tmp', runId), installed: false };
  });
  try {
    REPORT_KINDS.forEach((kind, index) => fileSystem.writeFileSync(staged[index].temp, texts[kind]));
    for (const report of staged) backUpExisting(fileSystem, report, runId);
    for (const report of staged) {
      fileSystem.renameSync(report.temp, report.target);
      report.installed = true;
    }
  } catch (error) {
    rollBack(fileSystem, staged);
    throw error;
  }
  for (const { backup } of staged) {
    if (backup) bestEffort(() => fileSystem.rmSync(backup, { force: true }));
  }
  return staged.map((report) => report.target);
}
