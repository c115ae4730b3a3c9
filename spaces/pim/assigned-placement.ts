/**
 * The `assignment = ilp` mapping: each distinct matrix-vector shape of a workload gets its tiles
 * assigned by the ILP of tile-ilp.ts, once per shape, device and mapping (a module-level cache, so
 * a search that revisits a device pays for each shape once per worker). The result is turned into
 * the same Placement the uniform deal produces, so the timeline and energy model treat both alike.
 *
 * The ILP's makespan is a model of the timeline's cost; to keep the two in agreement the chosen
 * placement is the one with the shorter busy time as the timeline computes it (vector broadcast,
 * row rounds with their tFAW stagger, readouts). The ILP can therefore never make an op slower
 * than the uniform deal, and a solve that ends without an incumbent keeps the uniform placement.
 * Refresh is left out of both: a refresh stalls the banks tRFC every tREFI whatever they compute,
 * so it scales every candidate's busy time alike.
 */
import type { SolveStatus } from '../../src/ilp/index.js';
import type { PimDevice } from './device.js';
import { placeOp, rowsOf, type MvOp, type PimMapping, type Placement, type Placer } from './mapping.js';
import type { GptModel } from './models.js';
import { meetsLowerBound, solveTileProblem, tileIlpSize, type ChannelShare, type TileProblem } from './tile-ilp.js';
import { roundNs, staggerNs } from './timeline.js';
import { tokenSteps } from './workload.js';

/** Splitting blocks multiplies the variables by the segments; beyond this the ILP keeps blocks whole so it stays quick. */
export const SPLIT_VARIABLE_LIMIT = 2_000;

export interface OpAssignment {
  op: MvOp;
  /** The ILP's status ('optimal' within TILE_ILP_RELATIVE_GAP, 'feasible' when the time limit left an incumbent). */
  status: SolveStatus;
  message: string;
  solveTimeSec: number;
  /** Which placement the op runs with: the ILP's, or the uniform one when the ILP found nothing shorter. */
  chosen: 'ilp' | 'uniform';
  uniformBusyNs: number;
  /** Busy time of the ILP's placement, when it returned one. */
  ilpBusyNs?: number;
  placement: Placement;
}

/** Op shapes of one device and mapping; what `placerOf` looks placements up in. */
export type AssignmentTable = ReadonlyMap<string, OpAssignment>;

export function opShapeKey(op: MvOp): string {
  return `${op.groups}x${op.outputs}x${op.inputs}`;
}

/**
 * Busy time of an op as the timeline adds it, refresh aside: the broadcast, the row rounds (or the
 * readouts when they outlast them), in-bank accumulation slots and the last readout burst.
 */
export function placementBusyNs(device: PimDevice, placement: Placement): number {
  let roundsNs = 0;
  let roundColumns = 0;
  for (const [columns, count] of placement.rowRounds) {
    roundsNs += roundNs(device, columns, placement.activeBanksPerChannel) * count;
    roundColumns += columns * count;
  }
  roundsNs += (placement.macsPerBank - roundColumns) * device.tMacNs;
  const broadcastNs = placement.broadcastBytesPerChannel / device.channelBytesPerNs;
  return broadcastNs + Math.max(roundsNs, placement.readoutSlots * device.burstNs) + device.burstNs;
}

function fillsRows(op: MvOp, mapping: PimMapping): boolean {
  return mapping.headConcat || op.groups === 1;
}

function inBankReduction(mapping: PimMapping, uniform: Placement): boolean {
  return mapping.reduction === 'in-bank' && uniform.segments > 1;
}

/** MAC columns one output takes per input segment of its slice. */
export function segmentMacs(uniform: Placement, lanes: number): number[] {
  const { segments, segmentInputs, sliceInputs } = uniform;
  const macs = Array.from({ length: segments }, () => Math.ceil(segmentInputs / lanes));
  macs[segments - 1] = Math.ceil((sliceInputs - (segments - 1) * segmentInputs) / lanes);
  return macs;
}

/** The ILP instance of an op: one channel group's slice (the busiest: slices differ only in the last one's length). */
export function tileProblemOf(op: MvOp, device: PimDevice, mapping: PimMapping, uniform: Placement): TileProblem {
  const fillRows = fillsRows(op, mapping);
  const groups = fillRows ? op.groups : 1;
  const inBank = inBankReduction(mapping, uniform);
  const problem: TileProblem = {
    groups,
    blocksPerGroup: Math.ceil(op.outputs / device.banksPerChannel),
    segmentMacs: segmentMacs(uniform, device.macLanesPerBank),
    channels: device.channels / uniform.columnGroups,
    macsPerRow: device.macsPerRow,
    roundFixedNs: staggerNs(device, uniform.activeBanksPerChannel) + device.tRcdNs + device.tRpNs,
    macNs: device.tMacNs,
    broadcastNsPerGroup: groups > 1 ? (uniform.sliceInputs * device.part.elementBytes) / device.channelBytesPerNs : 0,
    runningSumBlocksPerChannel: inBank ? Math.floor((device.bufferElements - uniform.segmentInputs) / device.banksPerChannel) : undefined,
    allowSplit: true,
  };
  if (tileIlpSize(problem) > SPLIT_VARIABLE_LIMIT) problem.allowSplit = false;
  return problem;
}

interface ChannelStats {
  columns: number;
  /** Row blocks touched: one running sum per output of each. */
  blocks: number;
  partialSums: number;
  groupsHeld: number;
  /** (group, segment) pairs the channel's buffer must load. */
  segmentLoads: number;
  accumulationSlots: number;
  splitTiles: number;
}

function channelStats(share: ChannelShare, macs: readonly number[]): ChannelStats {
  const S = macs.length;
  const macsPerOutput = macs.reduce((a, b) => a + b, 0);
  const stats: ChannelStats = { columns: 0, blocks: 0, partialSums: 0, groupsHeld: 0, segmentLoads: 0, accumulationSlots: 0, splitTiles: 0 };
  share.wholeBlocks.forEach((whole, j) => {
    const tiles = share.splitTiles[j]!;
    const tileCount = tiles.reduce((a, b) => a + b, 0);
    stats.columns += whole * macsPerOutput + tiles.reduce((sum, n, s) => sum + n * macs[s]!, 0);
    stats.blocks += whole + tileCount;
    stats.partialSums += whole * S + tileCount;
    if (whole + tileCount > 0) stats.groupsHeld++;
    stats.segmentLoads += whole > 0 ? S : tiles.filter((n) => n > 0).length;
    stats.accumulationSlots += whole * (S - 1);
    stats.splitTiles += tileCount;
  });
  return stats;
}

/** The Placement of an ILP solution: the uniform one with the busiest channel's figures replaced. */
export function placementFromShares(op: MvOp, device: PimDevice, mapping: PimMapping, uniform: Placement, shares: readonly ChannelShare[]): Placement {
  const macs = segmentMacs(uniform, device.macLanesPerBank);
  const stats = shares.map((share) => channelStats(share, macs));
  const most = (pick: (s: ChannelStats) => number): number => Math.max(...stats.map(pick));
  const inBank = inBankReduction(mapping, uniform);
  const segmentsPerLoad = Math.max(1, Math.floor(device.bufferElements / uniform.segmentInputs));
  const piecesPerLoad = inBank ? 1 : segmentsPerLoad;
  const burstsPerSlot = Math.ceil((device.banksPerChannel * device.part.elementBytes) / device.part.columnBytes);
  const fillRows = fillsRows(op, mapping);
  // A head run alone repeats its solution for every head, each in passes and rows of its own.
  const heads = fillRows ? 1 : op.groups;
  const maxColumns = most((s) => s.columns);
  const passesPerHead = Math.max(1, most((s) => Math.ceil(s.segmentLoads / piecesPerLoad)));
  let rowRounds: Array<[number, number]>;
  let passes: number;
  if (fillRows) {
    rowRounds = rowsOf(maxColumns, device.macsPerRow);
    passes = passesPerHead;
  } else {
    passes = heads * passesPerHead;
    rowRounds = rowsOf(Math.ceil((heads * maxColumns) / passes), device.macsPerRow).map(([cols, count]) => [cols, count * passes]);
  }
  const activationsPerBank = rowRounds.reduce((sum, [, count]) => sum + count, 0);
  const readoutsPerBank = heads * (inBank ? most((s) => s.blocks) : most((s) => s.partialSums));
  const splitBlocks = shares.length > 0 ? shares.reduce((sum, share) => sum + share.splitTiles.reduce((t, row) => t + row.reduce((a, b) => a + b, 0), 0), 0) / uniform.segments : 0;
  // In-bank reduction returns one partial sum per channel an output touches; a split block's outputs touch one per segment.
  const extraPartialSums = inBank ? heads * device.banksPerChannel * splitBlocks * (uniform.segments - 1) * uniform.columnGroups : 0;
  return {
    ...uniform,
    outputsPerBank: heads * most((s) => s.blocks),
    unitsPerBank: heads * most((s) => s.partialSums),
    macsPerBank: heads * maxColumns + (inBank ? heads * most((s) => s.accumulationSlots) : 0),
    activationsPerBank,
    rowRounds,
    passes,
    readoutSlots: readoutsPerBank * burstsPerSlot,
    broadcastBytesPerChannel: fillRows && op.groups > 1 ? most((s) => s.groupsHeld) * uniform.sliceInputs * device.part.elementBytes : uniform.broadcastBytesPerChannel,
    totalActivations: activationsPerBank * uniform.activeBanksPerChannel * device.channels,
    asicAdds: uniform.asicAdds + extraPartialSums,
  };
}

function cacheKey(op: MvOp, device: PimDevice, mapping: PimMapping): string {
  const { channels, banksPerChannel, macLanesPerBank, rowBytes, globalBufferBytes, tMacNs, activationsPerFaw } = device;
  const { split, headConcat, tileElements, reduction } = mapping;
  return JSON.stringify([opShapeKey(op), channels, banksPerChannel, macLanesPerBank, rowBytes, globalBufferBytes, tMacNs, activationsPerFaw, split, headConcat, tileElements, reduction]);
}

const solvedAssignments = new Map<string, Promise<OpAssignment>>();

async function solveAssignment(op: MvOp, device: PimDevice, mapping: PimMapping): Promise<OpAssignment> {
  const uniform = placeOp(op, device, mapping);
  const uniformBusyNs = placementBusyNs(device, uniform);
  const problem = tileProblemOf(op, device, mapping, uniform);
  const heads = fillsRows(op, mapping) ? 1 : op.groups;
  const macsPerOutput = problem.segmentMacs.reduce((a, b) => a + b, 0);
  const heldGroups = uniform.broadcastBytesPerChannel / (uniform.sliceInputs * device.part.elementBytes);
  if (meetsLowerBound(problem, (uniform.outputsPerBank / heads) * macsPerOutput, heldGroups)) {
    return { op, status: 'optimal', message: 'the uniform deal meets the lower bound (average load, fewest heads per channel): no solve needed', solveTimeSec: 0, uniformBusyNs, chosen: 'uniform', placement: uniform };
  }
  const solution = await solveTileProblem(problem);
  const base = { op, status: solution.status, message: solution.message, solveTimeSec: solution.solveTimeSec, uniformBusyNs };
  if (!solution.shares) return { ...base, chosen: 'uniform', placement: uniform };
  const placement = placementFromShares(op, device, mapping, uniform, solution.shares);
  const ilpBusyNs = placementBusyNs(device, placement);
  return ilpBusyNs < uniformBusyNs ? { ...base, chosen: 'ilp', ilpBusyNs, placement } : { ...base, chosen: 'uniform', ilpBusyNs, placement: uniform };
}

/** The ILP assignment of one op on a device and mapping, solved once and cached. */
export function assignOp(op: MvOp, device: PimDevice, mapping: PimMapping): Promise<OpAssignment> {
  const key = cacheKey(op, device, mapping);
  let pending = solvedAssignments.get(key);
  if (!pending) {
    pending = solveAssignment(op, device, mapping);
    solvedAssignments.set(key, pending);
    // A failed solve (an infeasible placement) is not cached, so the error is raised again with its parameter.
    pending.catch(() => solvedAssignments.delete(key));
  }
  return pending;
}

/** ILP assignments of every distinct matrix-vector shape the tokens of `contexts` run. */
export async function assignTiles(model: GptModel, device: PimDevice, mapping: PimMapping, contexts: readonly number[]): Promise<AssignmentTable> {
  const geometry = { rowBytes: device.rowBytes, elementBytes: device.part.elementBytes, columnBytes: device.part.columnBytes };
  const table = new Map<string, OpAssignment>();
  for (const context of contexts) {
    for (const step of tokenSteps(model, mapping, context, geometry)) {
      if (step.type !== 'mv' || table.has(opShapeKey(step.op))) continue;
      table.set(opShapeKey(step.op), await assignOp(step.op, device, mapping));
    }
  }
  return table;
}

/** Placements for the timeline: the uniform deal, or the table's ILP assignment when the mapping asks for it. */
export function placerOf(device: PimDevice, mapping: PimMapping, table?: AssignmentTable): Placer {
  if (mapping.assignment !== 'ilp') return (op) => placeOp(op, device, mapping);
  return (op) => {
    const assigned = table?.get(opShapeKey(op));
    if (!assigned) throw new Error(`assignment=ilp: op ${op.name} (${opShapeKey(op)}) has no solved tile assignment; run assignTiles for the workload first`);
    return assigned.placement;
  };
}
