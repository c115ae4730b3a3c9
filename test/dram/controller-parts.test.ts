import { describe, expect, it } from 'vitest';
import { CompletionQueue } from '../../spaces/dram/controller/completions.js';
import { LatencySamples, select } from '../../spaces/dram/controller/latency.js';
import { Rng } from '../../src/util/rng.js';

describe('DRAM controller parts', () => {
  it('select finds the value sorting puts at k, on duplicates, runs and fractions', () => {
    const rng = new Rng(11);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + rng.int(trial < 1000 ? 40 : 2000);
      const span = [1, 2, 5, 100, 1e6][trial % 5];
      const values = Float64Array.from({ length: n }, (_, i) =>
        trial % 7 === 0 ? i : trial % 11 === 0 ? n - i : rng.int(span) + (trial % 13 === 0 ? 0.5 : 0),
      );
      const sorted = values.slice().sort();
      const k = rng.int(n);
      expect(select(values.slice(), k)).toBe(sorted[k]);
    }
  });

  it('latency p99 is the nearest-rank quantile of all samples', () => {
    const samples = new LatencySamples();
    const all: number[] = [];
    for (let i = 0; i < 1000; i++) {
      const v = (i * 7919) % 1009;
      samples.add(v);
      all.push(v);
    }
    all.sort((a, b) => a - b);
    expect(samples.summary()).toEqual({ count: 1000, mean: all.reduce((s, v) => s + v, 0) / 1000, p99: all[989], max: all[999] });
    expect(new LatencySamples().summary()).toEqual({ count: 0, mean: 0, p99: 0, max: 0 });
  });

  it('the completion queue answers by completion cycle, then by sequence number, whatever the order of arrival', () => {
    const rng = new Rng(5);
    const queue = new CompletionQueue();
    const entries: [number, number][] = [];
    for (let seq = 0; seq < 3000; seq++) {
      // Mostly ascending, as commands make them, with some out of order and some ties.
      const done = seq % 5 === 0 ? rng.int(4000) : seq + rng.int(40);
      const id = seq % 7 === 0 ? 5000 - seq : seq;
      entries.push([done, id]);
      queue.push(id, done);
    }
    entries.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    const popped: number[] = [];
    while (queue.size > 0) {
      expect(queue.peekDone()).toBe(entries[popped.length][0]);
      popped.push(queue.pop());
    }
    expect(popped).toEqual(entries.map((e) => e[1]));
  });
});
