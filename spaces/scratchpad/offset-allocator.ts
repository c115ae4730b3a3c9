/**
 * TensorFlow Lite's greedy-by-size offset allocator (its arena planner's default): blocks with a
 * lifetime in steps are taken largest first (ties: earlier start, then lower key) and each gets
 * the lowest offset at which it shares no address with an already placed block whose lifetime
 * overlaps its own. A block that would end above the budget is left unplaced and reported with
 * the step where it failed, so a caller can make room there.
 */

export interface TimedBlock {
  readonly sizeBytes: number;
  /** Resident from firstStep to lastStep inclusive. */
  readonly firstStep: number;
  readonly lastStep: number;
  /** Final tie-break, so equal blocks are always taken in the same order (the tensor index). */
  readonly key: number;
}

export interface BlockFailure {
  /** Index of the block in the input list. */
  readonly block: number;
  /**
   * The first step of the block's lifetime where its bytes plus the bytes already placed exceed
   * the budget; undefined when no step does: the bytes would fit at every step, but no single
   * offset is free over the whole lifetime (fragmentation).
   */
  readonly overBudgetStep: number | undefined;
}

export interface GreedyBySizeResult {
  /** Offset of each block in input order; undefined for failed blocks. */
  readonly offsetsBytes: readonly (number | undefined)[];
  /** Failed blocks in the order the allocator met them (largest first). */
  readonly failures: readonly BlockFailure[];
}

/** TensorFlow Lite's priority: largest first, then earlier start, then lower key. */
export const LARGEST_FIRST = (x: TimedBlock, y: TimedBlock): number => y.sizeBytes - x.sizeBytes || x.firstStep - y.firstStep || x.key - y.key;

/**
 * Places blocks in the order `priority` gives (default: TensorFlow Lite's, largest first), each
 * at the lowest offset free over its whole lifetime.
 */
export function allocateGreedyBySize(
  blocks: readonly TimedBlock[],
  budgetBytes: number,
  steps: number,
  priority: (x: TimedBlock, y: TimedBlock) => number = LARGEST_FIRST,
): GreedyBySizeResult {
  const byPriority = blocks.map((_, index) => index).sort((a, b) => priority(blocks[a], blocks[b]) || a - b);
  const offsetsBytes = new Array<number | undefined>(blocks.length).fill(undefined);
  const failures: BlockFailure[] = [];
  // Placed blocks by ascending offset, so each new block walks up the address space without sorting.
  const placedByOffset: number[] = [];
  const placedBytesPerStep = new Array<number>(steps).fill(0);

  for (const index of byPriority) {
    const block = blocks[index];
    // The candidate offset moves past every time-overlapping block it would touch; the first
    // such block starting at or above candidate + size leaves a gap large enough.
    let offset = 0;
    for (const other of placedByOffset) {
      const b = blocks[other];
      if (b.firstStep > block.lastStep || block.firstStep > b.lastStep) continue;
      const start = offsetsBytes[other]!;
      if (start >= offset + block.sizeBytes) break;
      offset = Math.max(offset, start + b.sizeBytes);
    }
    if (offset + block.sizeBytes <= budgetBytes) {
      offsetsBytes[index] = offset;
      placedByOffset.splice(insertionPoint(placedByOffset, offsetsBytes, offset), 0, index);
      for (let step = block.firstStep; step <= block.lastStep; step++) placedBytesPerStep[step] += block.sizeBytes;
    } else {
      failures.push({ block: index, overBudgetStep: overBudgetStep(block, placedBytesPerStep, budgetBytes) });
    }
  }
  return { offsetsBytes, failures };
}

function overBudgetStep(block: TimedBlock, placedBytesPerStep: readonly number[], budgetBytes: number): number | undefined {
  for (let step = block.firstStep; step <= block.lastStep; step++) {
    if (placedBytesPerStep[step] + block.sizeBytes > budgetBytes) return step;
  }
  return undefined;
}

/** Where a block at `offset` goes in a list sorted by offset (after equal offsets, keeping placement order). */
function insertionPoint(sorted: readonly number[], offsetsBytes: readonly (number | undefined)[], offset: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (offsetsBytes[sorted[middle]]! <= offset) low = middle + 1;
    else high = middle;
  }
  return low;
}
