/**
 * The ILP that assigns the tiles of one matrix-vector product to the channels that share its input
 * slice, minimizing the op's makespan (the longest vector broadcast plus the busiest bank's row
 * rounds, as the timeline adds them).
 *
 * Why tiles are row blocks of `banksPerChannel` outputs by one input segment: all banks of a channel
 * multiply by the same global-buffer segment at once, so a channel can only give each of its banks
 * one output of the same segment at a time. A tile keeps every bank of its channel busy for the
 * segment's MAC columns, and a channel's banks all carry the same load: the channel's load is each
 * of its banks' load. The uniform deal keeps each row block whole on one channel; the ILP may also
 * split a block, sending its input segments to different channels (each of which then returns a
 * partial sum of it).
 *
 * Row blocks are interchangeable (heads have the same shape), so the variables count blocks per
 * channel rather than name them: whole blocks, split-block tiles per segment, and, for several
 * heads, how many heads a channel holds (each held head's inputs are broadcast to it). Because a
 * bank's row-round time only grows with its MAC columns, the busiest channel's columns set the
 * rounds: makespan = broadcast + ceil(Lmax / macsPerRow) x (fixed round time) + Lmax x tMAC.
 * `realizeShares` then lays the counted blocks out head by head.
 */
import { LinearModel, solve, type LinearTerm, type SolveStatus } from '../../src/ilp/index.js';

export interface TileProblem {
  /** Groups (attention heads) sharing the channels; 1 for a single matrix or a head run alone. */
  groups: number;
  /** Row blocks of `banksPerChannel` outputs in one group (the last may be partial). */
  blocksPerGroup: number;
  /** MAC columns one output takes for each input segment (the last segment may be shorter). */
  segmentMacs: number[];
  /** Channels sharing the input slice. */
  channels: number;
  macsPerRow: number;
  /** Fixed part of one row round (activation stagger under tFAW, tRCD, tRP); exact while tRCD + tMAC covers tRAS and tRC - tRP. */
  roundFixedNs: number;
  macNs: number;
  /** Broadcast time of one group's input slice over a channel; 0 when every channel gets the slice anyway. */
  broadcastNsPerGroup: number;
  /** In-bank reduction: the row blocks whose running sums fit the global buffer beside a segment (undefined: no limit). */
  runningSumBlocksPerChannel?: number;
  /** Whether blocks may be split across channels by segment. */
  allowSplit: boolean;
}

/** What one channel holds: whole blocks per group, and split-block tiles per group and segment. */
export interface ChannelShare {
  wholeBlocks: number[];
  splitTiles: number[][];
}

export interface TileSolution {
  status: SolveStatus;
  message: string;
  solveTimeSec: number;
  /** Present with a verified point (status optimal or feasible). */
  shares?: ChannelShare[];
  objectiveNs?: number;
}

export const TILE_ILP_TIME_LIMIT_SEC = 5;
/** A solution this close to the proven bound counts as optimal: 0.1% of an op is less than one row round of it. */
export const TILE_ILP_RELATIVE_GAP = 1e-3;

export function tileIlpSize(problem: TileProblem): number {
  return problem.channels * (2 + (problem.allowSplit ? problem.segmentMacs.length : 0));
}

/**
 * The least makespan any assignment can reach, when the given loads reach it: the busiest channel
 * at the average load and, for several heads, no channel holding more heads than an even deal.
 */
export function meetsLowerBound(problem: TileProblem, busiestColumns: number, mostHeldGroups: number): boolean {
  const macsPerOutput = problem.segmentMacs.reduce((a, b) => a + b, 0);
  const leastColumns = Math.ceil((problem.groups * problem.blocksPerGroup * macsPerOutput) / problem.channels);
  const leastHeads = problem.broadcastNsPerGroup > 0 ? Math.ceil(problem.groups / problem.channels) : mostHeldGroups;
  return busiestColumns <= leastColumns && mostHeldGroups <= leastHeads;
}

export async function solveTileProblem(problem: TileProblem, timeLimitSec = TILE_ILP_TIME_LIMIT_SEC): Promise<TileSolution> {
  const { groups, blocksPerGroup, segmentMacs, channels: C, macsPerRow } = problem;
  const S = segmentMacs.length;
  const split = problem.allowSplit && S > 1;
  const blocks = groups * blocksPerGroup;
  const macsPerOutput = segmentMacs.reduce((a, b) => a + b, 0);
  const totalColumns = blocks * macsPerOutput;
  const model = new LinearModel('tile assignment');
  const whole = Array.from({ length: C }, (_, c) => model.integer(`whole c${c}`, 0, blocks));
  const splitBlocks = split ? model.integer('split blocks', 0, blocks) : undefined;
  const tiles = split ? segmentMacs.map((_, s) => Array.from({ length: C }, (_, c) => model.integer(`tile s${s} c${c}`, 0, blocks))) : [];
  // The busiest channel carries at least the average, rounded up to whole columns and rows: bounds
  // the LP relaxation does not see and that spare the branch and bound most of its work.
  const leastColumns = Math.ceil(totalColumns / C);
  const maxColumns = model.integer('busiest columns', leastColumns, totalColumns);
  const rounds = model.integer('busiest rounds', Math.ceil(leastColumns / macsPerRow), Math.ceil(totalColumns / macsPerRow));
  const columnTerms = (c: number): LinearTerm[] => [[macsPerOutput, whole[c]!], ...segmentMacs.flatMap((macs, s) => (split ? [[macs, tiles[s]![c]!] as const] : []))];
  const blockTerms = (c: number): LinearTerm[] => [[1, whole[c]!], ...tiles.map((row) => [1, row[c]!] as const)];
  model.constrain('every block placed', [...whole.map((x) => [1, x] as const), ...(splitBlocks ? [[1, splitBlocks] as const] : [])], '=', blocks);
  if (splitBlocks) tiles.forEach((row, s) => model.constrain(`every tile of segment s${s} placed`, [...row.map((x) => [1, x] as const), [-1, splitBlocks]], '=', 0));
  for (let c = 0; c < C; c++) {
    model.constrain(`busiest covers c${c}`, [[1, maxColumns], ...columnTerms(c).map(([a, x]) => [-a, x] as const)], '>=', 0);
    // Channels are interchangeable: ordering them by load removes equivalent solutions.
    if (c + 1 < C) model.constrain(`load order c${c}`, [...columnTerms(c), ...columnTerms(c + 1).map(([a, x]) => [-a, x] as const)], '>=', 0);
    if (problem.runningSumBlocksPerChannel !== undefined) model.constrain(`running sums of c${c}`, blockTerms(c), '<=', problem.runningSumBlocksPerChannel);
  }
  model.constrain('rows hold the busiest columns', [[macsPerRow, rounds], [-1, maxColumns]], '>=', 0);
  const objective: LinearTerm[] = [
    [problem.roundFixedNs, rounds],
    [problem.macNs, maxColumns],
  ];
  if (groups > 1 && problem.broadcastNsPerGroup > 0) {
    const broadcastNs = model.continuous('broadcast makespan', 0, groups * problem.broadcastNsPerGroup);
    for (let c = 0; c < C; c++) {
      const heads = model.integer(`heads on c${c}`, 0, groups);
      model.constrain(`heads cover blocks of c${c}`, [[blocksPerGroup, heads], ...blockTerms(c).map(([a, x]) => [-a, x] as const)], '>=', 0);
      model.constrain(`broadcast of c${c}`, [[1, broadcastNs], [-problem.broadcastNsPerGroup, heads]], '>=', 0);
    }
    objective.push([1, broadcastNs]);
  }
  model.minimize(objective);
  const result = await solve(model, { timeLimitSec, mipRelativeGap: TILE_ILP_RELATIVE_GAP });
  const base = { status: result.status, message: result.message, solveTimeSec: result.solveTimeSec };
  const values = result.values;
  if (!values) return base;
  const counts = {
    whole: whole.map((x) => values[x.index]!),
    tiles: segmentMacs.map((_, s) => (split ? tiles[s]!.map((x) => values[x.index]!) : whole.map(() => 0))),
  };
  return { ...base, shares: realizeShares(problem, counts), objectiveNs: result.objective };
}

/**
 * Lays counted blocks out head by head: each channel takes the next run of whole blocks, then the
 * split blocks (the last ones) have their segment tiles dealt to channels in order. A run may
 * straddle a head boundary, so a channel can hold one head more than ceil(blocks / blocksPerGroup);
 * the placement is built from this layout, not from the ILP's counts.
 */
export function realizeShares(problem: TileProblem, counts: { whole: readonly number[]; tiles: readonly (readonly number[])[] }): ChannelShare[] {
  const { groups, blocksPerGroup: N, channels: C } = problem;
  const S = problem.segmentMacs.length;
  const shares: ChannelShare[] = Array.from({ length: C }, () => ({ wholeBlocks: Array(groups).fill(0), splitTiles: Array.from({ length: groups }, () => Array(S).fill(0)) }));
  let next = 0;
  counts.whole.forEach((count, c) => {
    for (let b = 0; b < count; b++, next++) shares[c]!.wholeBlocks[Math.floor(next / N)]++;
  });
  const firstSplit = next;
  counts.tiles.forEach((row, s) => {
    let block = firstSplit;
    row.forEach((count, c) => {
      for (let t = 0; t < count; t++, block++) shares[c]!.splitTiles[Math.floor(block / N)]![s]++;
    });
  });
  return shares;
}
