/**
 * A workload ready for the controller: a trace file or a generator, read once, every address
 * checked and decoded (bank, row) with the chosen mapping, arrival clocks converted from the trace
 * player's clock to the memory clock. Bad input fails here, before any simulation, with the file
 * and line.
 *
 * Clock conversion: a request stamped with player cycle c arrives at memory cycle
 * ceil(c * memoryClockMHz / playerClockMHz) (the first memory cycle at or after its time).
 */
import { AddressMapper, AddressRangeError, DecodedAddress } from './address/index.js';
import type { FeedRequest, RequestFeed } from './controller/index.js';
import type { DramStandard } from './standards/index.js';
import { TraceChunk, TraceError, createWorkload, openTrace, WORKLOAD_NAMES, type RequestSource } from './trace/index.js';

export interface WorkloadSpec {
  /** A trace file path (STL or Ramulator format, detected) or a generator name. */
  trace: string;
  /** Requests and seed of a generator (ignored for files). */
  requests?: number;
  seed?: number;
  /** Trace-player clock; default: the memory clock. */
  playerClockMHz?: number;
}

/** The decoded requests of a workload, replayable as often as needed. */
export class DecodedWorkload {
  constructor(
    readonly name: string,
    readonly count: number,
    readonly arrivalCycle: Float64Array,
    readonly isWrite: Uint8Array,
    readonly bank: Int32Array,
    readonly row: Int32Array,
  ) {}

  /** Whether any request is a write (some knobs only matter then: see canonical.ts). */
  hasWrites(): boolean {
    for (let i = 0; i < this.count; i++) if (this.isWrite[i] === 1) return true;
    return false;
  }

  /** A fresh feed over all requests, in trace order. */
  feed(): RequestFeed {
    return new DecodedFeed(this);
  }
}

/** A feed over a decoded workload; its position is a field, read once per request. */
class DecodedFeed implements RequestFeed {
  /** Index of the next request to offer. */
  private position = 0;
  private readonly count: number;
  private readonly arrivalCycle: Float64Array;
  private readonly isWrite: Uint8Array;
  private readonly bank: Int32Array;
  private readonly row: Int32Array;

  constructor(workload: DecodedWorkload) {
    this.count = workload.count;
    this.arrivalCycle = workload.arrivalCycle;
    this.isWrite = workload.isWrite;
    this.bank = workload.bank;
    this.row = workload.row;
  }

  next(out: FeedRequest): boolean {
    const i = this.position;
    if (i >= this.count) return false;
    out.arrivalCycle = this.arrivalCycle[i];
    out.isWrite = this.isWrite[i] === 1;
    out.bank = this.bank[i];
    out.row = this.row[i];
    this.position = i + 1;
    return true;
  }
}

/** A feed over requests given as objects (hand-made cases in tests and benchmarks). */
export function arrayFeed(requests: readonly FeedRequest[]): RequestFeed {
  let i = 0;
  return {
    next(out: FeedRequest): boolean {
      if (i >= requests.length) return false;
      Object.assign(out, requests[i++]);
      return true;
    },
  };
}

function isGenerator(trace: string): boolean {
  return (WORKLOAD_NAMES as readonly string[]).includes(trace);
}

function openSource(spec: WorkloadSpec, mapper: AddressMapper): RequestSource {
  if (isGenerator(spec.trace)) {
    return createWorkload(spec.trace, { requests: spec.requests, seed: spec.seed, spanBytes: Math.min(mapper.capacityBytes, 2 ** 30), mapper });
  }
  return openTrace(spec.trace, undefined, { capacityBytes: mapper.capacityBytes });
}

/** Reads, checks and decodes a whole workload. */
export function loadWorkload(spec: WorkloadSpec, standard: DramStandard, mapper: AddressMapper): DecodedWorkload {
  const playerClockMHz = spec.playerClockMHz ?? standard.clockMHz;
  if (!(playerClockMHz > 0) || !Number.isFinite(playerClockMHz)) throw new RangeError(`playerClockMHz must be a positive number, got ${playerClockMHz}`);
  const ratio = standard.clockMHz / playerClockMHz;
  const source = openSource(spec, mapper);
  const chunk = new TraceChunk(4096);
  let capacity = 4096;
  let arrival = new Float64Array(capacity);
  let isWrite = new Uint8Array(capacity);
  let bank = new Int32Array(capacity);
  let row = new Int32Array(capacity);
  let count = 0;
  const decoded = new DecodedAddress();
  try {
    for (let n = source.read(chunk); n > 0; n = source.read(chunk)) {
      if (count + n > capacity) {
        while (count + n > capacity) capacity *= 2;
        arrival = grow(arrival, new Float64Array(capacity));
        isWrite = grow(isWrite, new Uint8Array(capacity));
        bank = grow(bank, new Int32Array(capacity));
        row = grow(row, new Int32Array(capacity));
      }
      for (let k = 0; k < n; k++) {
        try {
          mapper.decode(chunk.address[k], decoded);
        } catch (error) {
          if (error instanceof AddressRangeError) throw new TraceError(error.message, source.name, chunk.line[k]);
          throw error;
        }
        // 1e-9 absorbs floating-point error in exact ratios (e.g. 800 / 800 * c).
        arrival[count] = Math.ceil(chunk.arrivalCycle[k] * ratio - 1e-9);
        isWrite[count] = chunk.isWrite[k];
        bank[count] = decoded.flatBank;
        row[count] = decoded.row;
        count++;
      }
    }
  } finally {
    source.close();
  }
  return new DecodedWorkload(source.name, count, arrival, isWrite, bank, row);
}

function grow<T extends Float64Array | Uint8Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
