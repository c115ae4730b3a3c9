/**
 * A min-heap of sequence numbers keyed by completion cycle (ties: lower sequence first). The keys
 * live beside the sequence numbers in typed arrays, so comparing needs no lookup.
 */
export class CompletionHeap {
  private done = new Float64Array(256);
  private seqs = new Float64Array(256);
  size = 0;

  private less(i: number, j: number): boolean {
    const di = this.done[i];
    const dj = this.done[j];
    return di < dj || (di === dj && this.seqs[i] < this.seqs[j]);
  }

  private swap(i: number, j: number): void {
    const d = this.done[i];
    this.done[i] = this.done[j];
    this.done[j] = d;
    const s = this.seqs[i];
    this.seqs[i] = this.seqs[j];
    this.seqs[j] = s;
  }

  private grow(): void {
    const done = new Float64Array(this.done.length * 2);
    const seqs = new Float64Array(this.seqs.length * 2);
    done.set(this.done);
    seqs.set(this.seqs);
    this.done = done;
    this.seqs = seqs;
  }

  /** Adds request `seq`, which completes at cycle `done`. */
  push(seq: number, done: number): void {
    if (this.size === this.done.length) this.grow();
    let i = this.size++;
    this.done[i] = done;
    this.seqs[i] = seq;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** The sequence number that completes first. */
  peek(): number {
    return this.seqs[0];
  }

  /** Its completion cycle. */
  peekDone(): number {
    return this.done[0];
  }

  pop(): number {
    const top = this.seqs[0];
    const last = --this.size;
    if (last > 0) {
      this.done[0] = this.done[last];
      this.seqs[0] = this.seqs[last];
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < last && this.less(l, m)) m = l;
        if (r < last && this.less(r, m)) m = r;
        if (m === i) break;
        this.swap(i, m);
        i = m;
      }
    }
    return top;
  }
}
