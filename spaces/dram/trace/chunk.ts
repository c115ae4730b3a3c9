/**
 * A batch of requests in parallel typed arrays, filled by a RequestSource and reused across reads,
 * so the controller pulls requests lazily with no per-request objects.
 */
export class TraceChunk {
  /** Requests currently held, at indices 0 to count - 1. */
  count = 0;
  /**
   * When each request is offered, in trace-player cycles (DRAMSys STL clock; the request ordinal
   * for formats without clocks). A request enters the controller at this cycle or, under
   * backpressure, as soon after as there is room; requests are offered in trace order.
   */
  readonly arrivalCycle: Float64Array;
  /** 1 for a write, 0 for a read. */
  readonly isWrite: Uint8Array;
  /** Byte address, a whole number below 2^53. */
  readonly address: Float64Array;
  /** 1-based source line (files) or request ordinal (generators), for error messages. */
  readonly line: Float64Array;

  constructor(readonly capacity = 4096) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`chunk capacity must be a whole number of at least 1, got ${capacity}`);
    this.arrivalCycle = new Float64Array(capacity);
    this.isWrite = new Uint8Array(capacity);
    this.address = new Float64Array(capacity);
    this.line = new Float64Array(capacity);
  }
}
