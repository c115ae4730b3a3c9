/**
 * Per-layer utilization view of a systolic run for the terminal: where the network's cycles go,
 * how well each layer keeps the PEs busy, and which group of layers leaves them idle.
 *
 * All layers of a run share one array, so network-wide figures can be built from per-layer ones:
 * the network's utilization is the cycle-weighted mean of the layers' utilizations, and a layer's
 * idle PE-cycles are proportional to cycles x (100% - utilization).
 */
import { formatNumber, formatTable } from '../../../src/report/format.js';
import type { SystolicLayerResult } from '../layer-result.js';

/** Terminal width the view is laid out for. */
export const LAYER_VIEW_MAX_WIDTH = 100;

/** Cells of the cycle-share bar for the layer taking the most cycles. */
const BAR_CELLS = 12;
const MIN_NAME_WIDTH = 8;
const MAX_SHAPE_WIDTH = 20;
const COLUMN_GAP = 2;
/** The idle group is grown until it holds at least this share of the network's idle PE-cycles. */
const IDLE_GROUP_TARGET_PCT = 50;
const NAMES_IN_GROUP_LABEL = 3;

export interface LayerUtilizationRow {
  layerId: number;
  name: string;
  /** "M×N×K", followed by " ×S" when the layer is S identical sub-layers. */
  shape: string;
  depthwise: boolean;
  cyclesSharePct: number;
  macsSharePct: number;
  overallUtilPct: number;
  mappingEfficiencyPct: number;
  /** Stall cycles as a share of the layer's own cycles. */
  stallPct: number;
  /** Share of the network's idle PE-cycles spent in this layer. */
  idleSharePct: number;
}

export interface IdleLayerGroup {
  /** Human description, e.g. "depthwise layers" or "the 2 lowest-utilization layers (fc6, fc7)". */
  label: string;
  layerIds: number[];
  cyclesSharePct: number;
  macsSharePct: number;
  /** Utilization of the group's cycles. */
  utilPct: number;
  idleSharePct: number;
}

export interface LayerUtilizationSummary {
  rows: LayerUtilizationRow[];
  totalCycles: number;
  totalMacs: number;
  stallCycles: number;
  overallUtilPct: number;
  /** Where the PEs sit idle most; null when they never do (or there is nothing to show). */
  idleGroup: IdleLayerGroup | null;
}

/** A depthwise layer lowers to one single-output-column GEMM per channel. */
export function isDepthwiseLayer(layer: Pick<SystolicLayerResult, 'subLayers' | 'n'>): boolean {
  return layer.subLayers > 1 && layer.n === 1;
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function sharePct(part: number, whole: number): number {
  return whole > 0 ? (100 * part) / whole : 0;
}

function layerShape(layer: SystolicLayerResult): string {
  const gemm = `${layer.m}×${layer.n}×${layer.k}`;
  return layer.subLayers > 1 ? `${gemm} ×${layer.subLayers}` : gemm;
}

/** Idle PE-cycles in units of "array-cycles x %": comparable across layers of one run. */
function idleWeight(layer: SystolicLayerResult): number {
  return layer.totalCycles * Math.max(0, 100 - layer.overallUtilPct);
}

/** Cycle-weighted utilization of a set of layers run on the same array. */
function weightedUtilPct(layers: readonly SystolicLayerResult[]): number {
  return sharePct(sum(layers.map((l) => (l.totalCycles * l.overallUtilPct) / 100)), sum(layers.map((l) => l.totalCycles)));
}

interface NetworkTotals {
  cycles: number;
  macs: number;
  idle: number;
}

function networkTotals(results: readonly SystolicLayerResult[]): NetworkTotals {
  return {
    cycles: sum(results.map((l) => l.totalCycles)),
    macs: sum(results.map((l) => l.macs)),
    idle: sum(results.map(idleWeight)),
  };
}

function utilizationRow(layer: SystolicLayerResult, totals: NetworkTotals): LayerUtilizationRow {
  return {
    layerId: layer.layerId,
    name: layer.name,
    shape: layerShape(layer),
    depthwise: isDepthwiseLayer(layer),
    cyclesSharePct: sharePct(layer.totalCycles, totals.cycles),
    macsSharePct: sharePct(layer.macs, totals.macs),
    overallUtilPct: layer.overallUtilPct,
    mappingEfficiencyPct: layer.mappingEfficiencyPct,
    stallPct: sharePct(layer.stallCycles, layer.totalCycles),
    idleSharePct: sharePct(idleWeight(layer), totals.idle),
  };
}

function describeGroup(label: string, layers: readonly SystolicLayerResult[], totals: NetworkTotals): IdleLayerGroup {
  return {
    label,
    layerIds: layers.map((l) => l.layerId),
    cyclesSharePct: sharePct(sum(layers.map((l) => l.totalCycles)), totals.cycles),
    macsSharePct: sharePct(sum(layers.map((l) => l.macs)), totals.macs),
    utilPct: weightedUtilPct(layers),
    idleSharePct: sharePct(sum(layers.map(idleWeight)), totals.idle),
  };
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function namesList(layers: readonly SystolicLayerResult[]): string {
  const shown = layers.slice(0, NAMES_IN_GROUP_LABEL).map((l) => l.name);
  const more = layers.length - shown.length;
  return more > 0 ? `${shown.join(', ')} +${more} more` : shown.join(', ');
}

/**
 * The fewest lowest-utilization layers that together hold most of the idle PE-cycles: layers are
 * taken from the lowest utilization up (the longer one first on ties) until they reach
 * IDLE_GROUP_TARGET_PCT of the network's idle PE-cycles.
 */
function lowestUtilizationGroup(results: readonly SystolicLayerResult[], totals: NetworkTotals): IdleLayerGroup {
  const byUtil = [...results].sort((a, b) => a.overallUtilPct - b.overallUtilPct || b.totalCycles - a.totalCycles);
  const members: SystolicLayerResult[] = [];
  for (const layer of byUtil) {
    members.push(layer);
    if (sharePct(sum(members.map(idleWeight)), totals.idle) >= IDLE_GROUP_TARGET_PCT) break;
  }
  const ordered = members.sort((a, b) => a.layerId - b.layerId);
  const label =
    ordered.length === 1
      ? `the lowest-utilization layer (${namesList(ordered)})`
      : `the ${ordered.length} lowest-utilization layers (${namesList(ordered)})`;
  return describeGroup(label, ordered, totals);
}

/**
 * Names where PEs sit idle: the depthwise layers when the network has any and they hold at least
 * as much idle time as the lowest-utilization group, else that group.
 */
function idleLayerGroup(results: readonly SystolicLayerResult[], totals: NetworkTotals): IdleLayerGroup | null {
  if (results.length === 0 || totals.idle <= 0) return null;
  const lowest = lowestUtilizationGroup(results, totals);
  const depthwise = results.filter(isDepthwiseLayer);
  if (depthwise.length === 0) return lowest;
  const depthwiseGroup = describeGroup(
    depthwise.length === results.length ? 'depthwise layers (all of them)' : `depthwise layers (${plural(depthwise.length, 'layer')})`,
    depthwise,
    totals,
  );
  return depthwiseGroup.idleSharePct >= lowest.idleSharePct ? depthwiseGroup : lowest;
}

/** The figures behind the view, for callers that want them rather than text. */
export function summarizeLayerUtilization(results: readonly SystolicLayerResult[]): LayerUtilizationSummary {
  const totals = networkTotals(results);
  return {
    rows: results.map((layer) => utilizationRow(layer, totals)),
    totalCycles: totals.cycles,
    totalMacs: totals.macs,
    stallCycles: sum(results.map((l) => l.stallCycles)),
    overallUtilPct: weightedUtilPct(results),
    idleGroup: idleLayerGroup(results, totals),
  };
}

/** A bar of `cells` width, in eighth blocks, with `fraction` of it filled. */
export function shareBar(fraction: number, cells = BAR_CELLS): string {
  const eighths = Math.round(Math.min(1, Math.max(0, fraction)) * cells * 8);
  const partial = eighths % 8 === 0 ? '' : ' ▏▎▍▌▋▊▉'[eighths % 8];
  return ('█'.repeat(Math.floor(eighths / 8)) + partial).padEnd(cells);
}

function pct(value: number): string {
  return `${value.toFixed(1)}%`;
}

function truncate(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

const HEADER = ['#', 'Layer', 'M×N×K ×sub', 'Cycles', 'MACs', 'Util', 'Map eff', 'Stall'];
const NAME_COLUMN = 1;

function tableCells(row: LayerUtilizationRow, largestCyclesShare: number): string[] {
  const bar = shareBar(largestCyclesShare > 0 ? row.cyclesSharePct / largestCyclesShare : 0);
  return [
    String(row.layerId),
    row.name,
    truncate(row.shape, MAX_SHAPE_WIDTH),
    `${pct(row.cyclesSharePct).padStart(6)} ${bar}`,
    pct(row.macsSharePct),
    pct(row.overallUtilPct),
    pct(row.mappingEfficiencyPct),
    pct(row.stallPct),
  ];
}

/** Shortens layer names so that the whole table fits LAYER_VIEW_MAX_WIDTH. */
function fitNames(cells: string[][]): string[][] {
  const columnWidth = (i: number) => Math.max(HEADER[i].length, ...cells.map((r) => r[i].length));
  const otherWidths = sum(HEADER.map((_, i) => (i === NAME_COLUMN ? 0 : columnWidth(i))));
  const nameWidth = Math.max(MIN_NAME_WIDTH, LAYER_VIEW_MAX_WIDTH - otherWidths - COLUMN_GAP * (HEADER.length - 1));
  return cells.map((r) => r.map((cell, i) => (i === NAME_COLUMN ? truncate(cell, nameWidth) : cell)));
}

/** Greedy word wrap, continuation lines indented, for footer sentences. */
function wrap(text: string, width = LAYER_VIEW_MAX_WIDTH, indent = '  '): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const candidate = line === '' ? word : `${line} ${word}`;
    if (candidate.length > width && line !== '') {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = candidate;
    }
  }
  return [...lines, line];
}

function networkLine(summary: LayerUtilizationSummary): string {
  return (
    `Network: ${plural(summary.rows.length, 'layer')}, ${formatNumber(summary.totalCycles)} cycles, ` +
    `${formatNumber(summary.totalMacs)} MACs, overall util ${pct(summary.overallUtilPct)}, ` +
    `stalls ${pct(sharePct(summary.stallCycles, summary.totalCycles))} of cycles.`
  );
}

function idleLine(group: IdleLayerGroup | null): string {
  if (group === null) return 'PEs never sit idle: every layer keeps the whole array busy.';
  return (
    `PEs sit idle mostly in ${group.label}: ${pct(group.cyclesSharePct)} of cycles for ` +
    `${pct(group.macsSharePct)} of MACs (util ${pct(group.utilPct)}; ${pct(group.idleSharePct)} of idle PE-cycles).`
  );
}

/**
 * The per-layer table (share of cycles with a bar scaled to the longest layer, share of MACs,
 * utilization, mapping efficiency, stall share) and a footer naming where PEs sit idle, at most
 * LAYER_VIEW_MAX_WIDTH columns wide.
 */
export function layerView(results: readonly SystolicLayerResult[]): string {
  if (results.length === 0) return 'No layers to show.';
  const summary = summarizeLayerUtilization(results);
  const largestCyclesShare = Math.max(...summary.rows.map((r) => r.cyclesSharePct));
  const table = formatTable(HEADER, fitNames(summary.rows.map((row) => tableCells(row, largestCyclesShare))));
  const footer = [networkLine(summary), idleLine(summary.idleGroup)].flatMap((sentence) => wrap(sentence));
  return [table, '', ...footer].join('\n');
}
