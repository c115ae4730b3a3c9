/**
 * Mapping of a matrix-vector product onto the banks: how the matrix is split across channels and
 * banks, whether attention heads share DRAM rows and global-buffer loads, where the K and V caches
 * put each token, the tile width, and where partial sums are added.
 *
 * The execution rules the placement follows (AiM's all-bank MAC, [L22] in presets.ts):
 * - every bank of a channel multiplies its open row by the same global-buffer segment at once, so
 *   banks of one channel split the outputs of a matrix and only channels can split its inputs;
 * - a MAC command multiplies `macLanesPerBank` consecutive row elements by as many buffer elements
 *   and adds the products into the bank's accumulator; a dot product of w inputs takes
 *   ceil(w / lanes) commands and leaves one partial sum, read out in one burst that carries the
 *   results of every bank of the channel;
 * - the global buffer holds the input segments of one pass; a new pass reloads it.
 */
import { PimInfeasibleError, type PimDevice } from './device.js';

export const MATRIX_SPLITS = ['rows', 'columns', '2d'] as const;
export type MatrixSplit = (typeof MATRIX_SPLITS)[number];
/** K row-major & V column-major (both products in the banks); V row-major or K column-major send that product to the ASIC. */
export const KV_LAYOUTS = ['k-row-v-col', 'k-row-v-row', 'k-col-v-col'] as const;
export type KvLayout = (typeof KV_LAYOUTS)[number];
export const REDUCTIONS = ['asic', 'in-bank'] as const;
export type Reduction = (typeof REDUCTIONS)[number];
/** How tiles go to banks: the even deal of the split (uniform), or an ILP per op shape (tile-ilp.ts). */
export const ASSIGNMENTS = ['uniform', 'ilp'] as const;
export type Assignment = (typeof ASSIGNMENTS)[number];

export interface PimMapping {
  split: MatrixSplit;
  /** Heads share rows and buffer loads (on), or each head has rows and loads of its own (off). */
  headConcat: boolean;
  kvLayout: KvLayout;
  /** Widest input segment one partial sum covers, in elements. */
  tileElements: number;
  reduction: Reduction;
  /** Absent means uniform. */
  assignment?: Assignment;
}

/** One matrix-vector product, or `groups` independent ones of the same shape (attention heads). */
export interface MvOp {
  name: string;
  groups: number;
  /** Outputs (matrix rows) per group. */
  outputs: number;
  /** Inputs (dot-product length) per group. */
  inputs: number;
}

/** What one bank does for an op (all banks run in lockstep; the busiest bank sets the pace). */
export interface Placement {
  /** Channel groups the inputs are split over (1 for rows, all channels for columns). */
  columnGroups: number;
  /** Inputs each channel group sees. */
  sliceInputs: number;
  /** Inputs of one partial sum. */
  segmentInputs: number;
  segments: number;
  outputsPerBank: number;
  /** Partial sums one bank produces. */
  unitsPerBank: number;
  /** MAC commands per bank, extra accumulation slots of in-bank reduction included. */
  macsPerBank: number;
  activationsPerBank: number;
  /** Full and partial rows of the busiest bank, for the round timing: [columns of the row, count]. */
  rowRounds: Array<[number, number]>;
  passes: number;
  activeBanksPerChannel: number;
  /** Readout slots per channel (one burst per slot returns every bank's partial sum). */
  readoutSlots: number;
  broadcastBytesPerChannel: number;
  /** Useful MAC commands summed over all banks (energy). */
  totalMacs: number;
  totalActivations: number;
  /** Additions the ASIC does to combine partial sums. */
  asicAdds: number;
}

/** The placement the timeline uses for an op (the uniform deal, or a solved assignment). */
export type Placer = (op: MvOp) => Placement;

export function largestDivisorAtMost(n: number, limit: number): number {
  for (let d = Math.max(1, Math.min(n, limit)); d >= 1; d--) if (n % d === 0) return d;
  return 1;
}

export function rowsOf(columns: number, macsPerRow: number): Array<[number, number]> {
  const full = Math.floor(columns / macsPerRow);
  const rest = columns - full * macsPerRow;
  const rounds: Array<[number, number]> = [];
  if (full > 0) rounds.push([macsPerRow, full]);
  if (rest > 0) rounds.push([rest, 1]);
  return rounds;
}

/**
 * With heads concatenated, outputs go to channels in group-major order (each channel gets a run of
 * ceil(g * m / channels) outputs, so it holds few heads and needs only their inputs), and within a
 * channel each head's outputs are dealt over all banks, so every bank works on the same head at
 * the same time, as all-bank MACs on one buffer segment require. Returns the busiest bank's output
 * count and the most heads one channel holds.
 */
function concatenatedSpread(g: number, m: number, channels: number, banksPerChannel: number): { outputsPerBank: number; groupsPerChannel: number } {
  const total = g * m;
  const perChannel = Math.ceil(total / channels);
  let outputsPerBank = 0;
  let groupsPerChannel = 0;
  for (let start = 0; start < total; start += perChannel) {
    const end = Math.min(total, start + perChannel);
    let bank = 0;
    let groups = 0;
    for (let group = Math.floor(start / m); group * m < end; group++) {
      const portion = Math.min(end, (group + 1) * m) - Math.max(start, group * m);
      bank += Math.ceil(portion / banksPerChannel);
      groups++;
    }
    outputsPerBank = Math.max(outputsPerBank, bank);
    groupsPerChannel = Math.max(groupsPerChannel, groups);
  }
  return { outputsPerBank, groupsPerChannel };
}

/** Places an op; throws PimInfeasibleError when the mapping overflows the global buffer. */
export function placeOp(op: MvOp, device: PimDevice, mapping: PimMapping): Placement {
  const { channels: C, banksPerChannel: Bc, bufferElements: G, macLanesPerBank: lanes, macsPerRow } = device;
  const T = mapping.tileElements;
  if (T * device.part.elementBytes > device.globalBufferBytes) {
    throw new PimInfeasibleError(`tileElements ${T} (${T * device.part.elementBytes} B) overflows the global buffer (globalBufferBytes ${device.globalBufferBytes})`, 'tileElements');
  }
  const g = op.groups;
  const m = op.outputs;
  const k = op.inputs;
  const columnGroups = mapping.split === 'rows' ? 1 : mapping.split === 'columns' ? C : largestDivisorAtMost(C, Math.ceil(k / Math.min(T, G)));
  const sliceInputs = Math.ceil(k / columnGroups);
  const segmentInputs = Math.min(sliceInputs, T, G);
  const segments = Math.ceil(sliceInputs / segmentInputs);
  const channelsSharing = C / columnGroups;
  const fillRows = mapping.headConcat || g === 1;
  const spread = fillRows ? concatenatedSpread(g, m, channelsSharing, Bc) : { outputsPerBank: g * Math.ceil(m / (channelsSharing * Bc)), groupsPerChannel: g };
  const outputsPerBank = spread.outputsPerBank;
  const unitsPerBank = outputsPerBank * segments;
  // The last segment of a slice may be shorter than the others; it takes fewer MAC commands.
  const macsOfSlice = (slice: number): number => {
    const full = Math.floor(slice / segmentInputs);
    const rest = slice - full * segmentInputs;
    return full * Math.ceil(segmentInputs / lanes) + (rest > 0 ? Math.ceil(rest / lanes) : 0);
  };
  const macsPerOutput = macsOfSlice(sliceInputs);
  const lastSlice = k - (columnGroups - 1) * sliceInputs;
  const macsPerOutputAllGroups = (columnGroups - 1) * macsPerOutput + macsOfSlice(Math.max(0, lastSlice));
  const segmentsPerLoad = Math.max(1, Math.floor(G / segmentInputs));
  const outputsPerChannel = outputsPerBank * Bc;

  const inBank = mapping.reduction === 'in-bank' && segments > 1;
  if (inBank && segmentInputs + outputsPerChannel > G) {
    throw new PimInfeasibleError(
      `reduction=in-bank keeps ${outputsPerChannel} running sums of ${op.name} in the global buffer beside a ${segmentInputs}-element segment: ` +
        `${(segmentInputs + outputsPerChannel) * device.part.elementBytes} B overflows globalBufferBytes ${device.globalBufferBytes} (use smaller tileElements or reduction=asic)`,
      'globalBufferBytes',
    );
  }
  // In-bank reduction leaves the buffer room for one segment beside the running sums.
  const piecesPerLoad = inBank ? 1 : segmentsPerLoad;
  const passes = fillRows ? Math.ceil((spread.groupsPerChannel * segments) / piecesPerLoad) : g * Math.ceil(segments / piecesPerLoad);

  const macColumns = outputsPerBank * macsPerOutput;
  let rowRounds: Array<[number, number]>;
  if (fillRows) {
    // Rows stay open across buffer loads, so a bank's data fills its rows end to end.
    rowRounds = rowsOf(macColumns, macsPerRow);
  } else {
    // Each head starts a row of its own and is computed in passes of its own.
    const perPass = rowsOf(Math.ceil(macColumns / passes), macsPerRow);
    rowRounds = perPass.map(([cols, count]) => [cols, count * passes]);
  }
  const activationsPerBank = rowRounds.reduce((sum, [, count]) => sum + count, 0);
  const extraSlots = inBank ? outputsPerBank * (segments - 1) : 0;
  const readoutsPerBank = inBank ? outputsPerBank : unitsPerBank;
  const burstsPerSlot = Math.ceil((Bc * device.part.elementBytes) / device.part.columnBytes);
  const activeBanksPerChannel = Math.min(Bc, Math.ceil((g * m) / channelsSharing));
  const activeBanks = activeBanksPerChannel * C;
  const partialSumsPerOutput = (inBank ? 1 : segments) * columnGroups;
  return {
    columnGroups,
    sliceInputs,
    segmentInputs,
    segments,
    outputsPerBank,
    unitsPerBank,
    macsPerBank: macColumns + extraSlots,
    activationsPerBank,
    rowRounds,
    passes,
    activeBanksPerChannel,
    readoutSlots: readoutsPerBank * burstsPerSlot,
    broadcastBytesPerChannel: spread.groupsPerChannel * sliceInputs * device.part.elementBytes,
    totalMacs: g * m * macsPerOutputAllGroups + (inBank ? g * m * columnGroups * (segments - 1) : 0),
    totalActivations: activationsPerBank * activeBanks,
    asicAdds: g * m * (partialSumsPerOutput - 1),
  };
}

/** The mapping a point describes, checked. */
export function pimMapping(values: { split: unknown; headConcat: unknown; kvLayout: unknown; tileElements: unknown; reduction: unknown; assignment?: unknown }): PimMapping {
  const oneOf = <T extends string>(value: unknown, allowed: readonly T[], name: string): T => {
    if (!allowed.includes(value as T)) throw new PimInfeasibleError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, name);
    return value as T;
  };
  const tile = values.tileElements;
  if (typeof tile !== 'number' || !Number.isInteger(tile) || tile < 1) throw new PimInfeasibleError(`tileElements must be a positive integer, got ${JSON.stringify(tile)}`, 'tileElements');
  if (typeof values.headConcat !== 'boolean') throw new PimInfeasibleError(`headConcat must be true or false, got ${JSON.stringify(values.headConcat)}`, 'headConcat');
  return {
    split: oneOf(values.split, MATRIX_SPLITS, 'split'),
    headConcat: values.headConcat,
    kvLayout: oneOf(values.kvLayout, KV_LAYOUTS, 'kvLayout'),
    tileElements: tile,
    reduction: oneOf(values.reduction, REDUCTIONS, 'reduction'),
    assignment: values.assignment === undefined ? 'uniform' : oneOf(values.assignment, ASSIGNMENTS, 'assignment'),
  };
}
