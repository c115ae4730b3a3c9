/**
 * Requests waiting for their response, in order of completion cycle (ties: lower sequence number
 * first), in a ring of typed arrays. Requests complete almost in the order they are added (a
 * READ completes CL + burst after its command, a WRITE WL + burst after, and commands issue in
 * time order), so a newcomer is put in place by a short walk back from the tail, usually none,
 * and the first to complete is always at the head.
 */
export class CompletionQueue {
  private done = new Float64Array(256);
  private seqs = new Float64Array(256);
  private mask = 255;
  private head = 0;
  size = 0;

  private grow(): void {
    const capacity = this.done.length;
    const done = new Float64Array(capacity * 2);
    const seqs = new Float64Array(capacity * 2);
    for (let i = 0; i < this.size; i++) {
      const from = (this.head + i) & this.mask;
      done[i] = this.done[from];
      seqs[i] = this.seqs[from];
    }
    this.done = done;
    this.seqs = seqs;
    this.mask = capacity * 2 - 1;
    this.head = 0;
  }

  /** Adds request `seq`, which completes at cycle `done`. */
  push(seq: number, done: number): void {
    if (this.size === this.done.length) this.grow();
    const last = (this.head + this.size - 1) & this.mask;
    if (this.size === 0 || this.done[last] < done) {
      // The usual case: it completes after every waiting request.
      const at = (last + 1) & this.mask;
      this.done[at] = done;
      this.seqs[at] = seq;
      this.size++;
    } else this.insert(seq, done);
  }

  /** Puts a request that does not complete last in its place. */
  private insert(seq: number, done: number): void {
    const mask = this.mask;
    const doneOf = this.done;
    const seqOf = this.seqs;
    // Entries that complete after the newcomer (or at the same cycle with a higher sequence
    // number) move up one place.
    let i = this.size++;
    for (; i > 0; i--) {
      const before = (this.head + i - 1) & mask;
      const d = doneOf[before];
      if (d < done || (d === done && seqOf[before] < seq)) break;
      const at = (this.head + i) & mask;
      doneOf[at] = d;
      seqOf[at] = seqOf[before];
    }
    const at = (this.head + i) & mask;
    doneOf[at] = done;
    seqOf[at] = seq;
  }

  /** The sequence number that completes first. */
  peek(): number {
    return this.seqs[this.head];
  }

  /** Its completion cycle. */
  peekDone(): number {
    return this.done[this.head];
  }

  /** Takes the first to complete out; returns its sequence number. */
  pop(): number {
    const seq = this.seqs[this.head];
    this.head = (this.head + 1) & this.mask;
    this.size--;
    return seq;
  }
}
