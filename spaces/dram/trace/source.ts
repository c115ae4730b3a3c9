/** The one interface every request stream (trace file reader or generator) offers the controller. */
import { TraceChunk } from './chunk.js';

export interface RequestSource {
  /** File path or generator description, used in messages. */
  readonly name: string;
  /** Requests delivered since the start (or the last reset). */
  readonly delivered: number;
  /**
   * Fills `chunk` from index 0 with up to `chunk.capacity` next requests, sets `chunk.count` and
   * returns it. 0 means the stream has ended. Throws on bad input (a TraceError naming the file and
   * line) and when a stream ends with no requests at all or fewer than it was asked to expect.
   */
  read(chunk: TraceChunk): number;
  /** Starts over from the first request (generators replay the same seeded stream). */
  reset(): void;
  /** Releases any file handle; safe to call more than once. */
  close(): void;
}

/** All requests of a source in plain typed arrays; for tests, writers and small traces only. */
export interface CollectedTrace {
  arrivalCycle: Float64Array;
  isWrite: Uint8Array;
  address: Float64Array;
  line: Float64Array;
  count: number;
}

/** Reads a source to its end into typed arrays (grown by doubling), then closes it. */
export function collectRequests(source: RequestSource, chunkCapacity = 4096): CollectedTrace {
  const chunk = new TraceChunk(chunkCapacity);
  let out: CollectedTrace = {
    arrivalCycle: new Float64Array(chunkCapacity),
    isWrite: new Uint8Array(chunkCapacity),
    address: new Float64Array(chunkCapacity),
    line: new Float64Array(chunkCapacity),
    count: 0,
  };
  try {
    for (let n = source.read(chunk); n > 0; n = source.read(chunk)) {
      if (out.count + n > out.address.length) out = grow(out, Math.max(out.address.length * 2, out.count + n));
      out.arrivalCycle.set(chunk.arrivalCycle.subarray(0, n), out.count);
      out.isWrite.set(chunk.isWrite.subarray(0, n), out.count);
      out.address.set(chunk.address.subarray(0, n), out.count);
      out.line.set(chunk.line.subarray(0, n), out.count);
      out.count += n;
    }
  } finally {
    source.close();
  }
  return out;
}

function grow(t: CollectedTrace, size: number): CollectedTrace {
  const next: CollectedTrace = {
    arrivalCycle: new Float64Array(size),
    isWrite: new Uint8Array(size),
    address: new Float64Array(size),
    line: new Float64Array(size),
    count: t.count,
  };
  next.arrivalCycle.set(t.arrivalCycle.subarray(0, t.count));
  next.isWrite.set(t.isWrite.subarray(0, t.count));
  next.address.set(t.address.subarray(0, t.count));
  next.line.set(t.line.subarray(0, t.count));
  return next;
}
