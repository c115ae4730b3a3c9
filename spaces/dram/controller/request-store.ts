/** Requests between acceptance and response, in a ring indexed by sequence number. */
export class RequestStore {
  mask: number;
  arrival: Float64Array;
  done: Float64Array;
  bank: Int32Array;
  row: Int32Array;
  isWrite: Uint8Array;
  flags: Uint8Array;
  delivered: Uint8Array;

  constructor(capacity: number) {
    this.mask = capacity - 1;
    this.arrival = new Float64Array(capacity);
    this.done = new Float64Array(capacity);
    this.bank = new Int32Array(capacity);
    this.row = new Int32Array(capacity);
    this.isWrite = new Uint8Array(capacity);
    this.flags = new Uint8Array(capacity);
    this.delivered = new Uint8Array(capacity);
  }

  get capacity(): number {
    return this.mask + 1;
  }

  /** Doubles the ring, keeping the live sequence numbers [from, to). */
  grow(from: number, to: number): void {
    const old = this.capacity;
    const bigger = new RequestStore(old * 2);
    for (let seq = from; seq < to; seq++) {
      const a = seq & this.mask;
      const b = seq & bigger.mask;
      bigger.arrival[b] = this.arrival[a];
      bigger.done[b] = this.done[a];
      bigger.bank[b] = this.bank[a];
      bigger.row[b] = this.row[a];
      bigger.isWrite[b] = this.isWrite[a];
      bigger.flags[b] = this.flags[a];
      bigger.delivered[b] = this.delivered[a];
    }
    Object.assign(this, bigger);
  }
}
