/** A min-heap of sequence numbers keyed by completion cycle (ties: lower sequence first). */
export class CompletionHeap {
  private seqs: number[] = [];
  constructor(private readonly doneOf: (seq: number) => number) {}

  get size(): number {
    return this.seqs.length;
  }

  private less(a: number, b: number): boolean {
    const da = this.doneOf(a);
    const db = this.doneOf(b);
    return da < db || (da === db && a < b);
  }

  push(seq: number): void {
    const h = this.seqs;
    h.push(seq);
    let i = h.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i], h[parent])) break;
      [h[i], h[parent]] = [h[parent], h[i]];
      i = parent;
    }
  }

  peek(): number {
    return this.seqs[0];
  }

  pop(): number {
    const h = this.seqs;
    const top = h[0];
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l], h[m])) m = l;
        if (r < h.length && this.less(h[r], h[m])) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m], h[i]];
        i = m;
      }
    }
    return top;
  }
}
