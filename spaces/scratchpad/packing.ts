/**
 * Laying out residency intervals whose sizes already fit at every step: the offset allocator run
 * with a few priorities, the first that places every block winning. Largest-first (TensorFlow
 * Lite's) packs most graphs; the others rescue layouts it fragments: longest-lived first (the
 * blocks that constrain the most steps settle low), largest area (size x lifetime) first, and
 * earliest start first (a first-fit sweep in time).
 */
import { LARGEST_FIRST, allocateGreedyBySize, type TimedBlock } from './offset-allocator.js';

const lifetime = (b: TimedBlock): number => b.lastStep - b.firstStep + 1;

const PRIORITIES: readonly ((x: TimedBlock, y: TimedBlock) => number)[] = [
  LARGEST_FIRST,
  (x, y) => lifetime(y) - lifetime(x) || LARGEST_FIRST(x, y),
  (x, y) => y.sizeBytes * lifetime(y) - x.sizeBytes * lifetime(x) || LARGEST_FIRST(x, y),
  (x, y) => x.firstStep - y.firstStep || LARGEST_FIRST(x, y),
];

/** Offsets for every block within the budget, or undefined when no priority packs them all. */
export function packBlocks(blocks: readonly TimedBlock[], budgetBytes: number, steps: number): number[] | undefined {
  for (const priority of PRIORITIES) {
    const result = allocateGreedyBySize(blocks, budgetBytes, steps, priority);
    if (result.failures.length === 0) return result.offsetsBytes.map((offset) => offset!);
  }
  return undefined;
}
