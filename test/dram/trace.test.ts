import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAddressMapper, DecodedAddress } from '../../spaces/dram/address/index.js';
import { DDR3_1600, DDR4_2400 } from '../../spaces/dram/standards/index.js';
import {
  STUDY_WORKLOADS,
  TraceChunk,
  TraceError,
  WORKLOAD_NAMES,
  WorkloadError,
  collectRequests,
  createWorkload,
  detectTraceFormat,
  openRamulatorTrace,
  openStlTrace,
  openTrace,
  writeRamulatorTrace,
  writeStlTrace,
  type RequestSource,
} from '../../spaces/dram/trace/index.js';

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dram-trace-test-'));
});
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, text, 'latin1');
  return p;
}

function all(source: RequestSource, chunkCapacity = 4096) {
  const t = collectRequests(source, chunkCapacity);
  return {
    arrival: Array.from(t.arrivalCycle.subarray(0, t.count)),
    isWrite: Array.from(t.isWrite.subarray(0, t.count)),
    address: Array.from(t.address.subarray(0, t.count)),
    line: Array.from(t.line.subarray(0, t.count)),
  };
}

describe('DRAMSys STL reader', () => {
  it('reads requests, skipping comments and blank lines, with LF or CRLF and DRAMSys\'s optional forms', () => {
    const p = file(
      'mixed.stl',
      '# a comment\n' +
        '0:\tread\t0x0\n' +
        '\n' +
        '1:\twrite\t0x40\r\n' +
        '  7: read 0XfF00\n' + // spaces, upper-case prefix and digits
        '9\tread\t1000\n' + // no colon, no 0x (DRAMSys parses base 16 either way)
        '10:\twrite\t0x80\t0x0102\n' + // storage-mode data field, ignored
        '12:\tread\t0x200000000', // above 2^32, last line without newline
    );
    expect(all(openStlTrace(p))).toEqual({
      arrival: [0, 1, 7, 9, 10, 12],
      isWrite: [0, 1, 0, 0, 1, 0],
      address: [0, 0x40, 0xff00, 0x1000, 0x80, 2 ** 33],
      line: [2, 4, 5, 6, 7, 8],
    });
  });

  it.each([
    ['12:\tfetch\t0x40', 'the command is neither "read" nor "write"'],
    ['12:\tread\t', 'missing or non-hexadecimal address'],
    ['12:\tread\t0x40 junk', 'unexpected text after the address'],
    ['read\t0x40', 'the line does not start with a clock'],
    ['12:\t(32)\tread\t0x40', 'per-request data lengths "(<bytes>)" are not supported'],
    ['12:\treadx\t0x40', 'the command is neither "read" nor "write"'],
    ['12:\tread\t0x40000000000000', 'the address exceeds 2^53 bytes'],
  ])('reports %j with file and line', (bad, reason) => {
    const p = file('bad.stl', `0:\tread\t0x0\n# comment\n${bad}\n13:\tread\t0x80\n`);
    let error: unknown;
    try {
      all(openStlTrace(p));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TraceError);
    const traceError = error as TraceError;
    expect(traceError.file).toBe(p);
    expect(traceError.line).toBe(3);
    expect(traceError.message).toContain(`${p} line 3: ${reason}`);
    expect(traceError.message).toContain(JSON.stringify(bad));
  });

  it('reports a zero-length trace and a trace of only comments instead of simulating nothing', () => {
    const empty = file('empty.stl', '');
    expect(() => all(openStlTrace(empty))).toThrow(`${empty}: empty trace: the file has no bytes, so there is nothing to simulate`);
    const comments = file('comments.stl', '# nothing\n\n# here\n');
    expect(() => all(openStlTrace(comments))).toThrow(`${comments}: empty trace: no requests in 3 line(s)`);
  });

  it('reports a trace that ends before the expected request count', () => {
    const p = file('short.stl', '0:\tread\t0x0\n1:\tread\t0x40\n');
    expect(() => all(openStlTrace(p, { expectedRequests: 3 }))).toThrow(
      `${p} line 2: trace ends early: 2 request(s) read, 3 expected`,
    );
    expect(all(openStlTrace(p, { expectedRequests: 2 })).address).toEqual([0, 0x40]);
  });

  it('reports an address beyond the device with file and line', () => {
    const p = file('far.stl', '0:\tread\t0x0\n1:\tread\t0x40000000\n');
    expect(() => all(openStlTrace(p, { capacityBytes: 2 ** 30 }))).toThrow(
      `${p} line 2: address 0x40000000 is beyond the device, whose capacity is 1073741824 bytes (addresses 0x0 to 0x3fffffff)`,
    );
  });

  it('streams across buffer and chunk boundaries with the same result as one big read', () => {
    const lines: string[] = [];
    for (let i = 0; i < 2000; i++) {
      if (i % 97 === 0) lines.push('# comment line to vary the lengths');
      lines.push(`${i * 3}:\t${i % 5 === 0 ? 'write' : 'read'}\t0x${(i * 0x1040 + (i % 7) * 0x123456789).toString(16)}${i % 3 === 0 ? '\r' : ''}`);
    }
    const p = file('long.stl', lines.join('\n') + '\n');
    const reference = all(openStlTrace(p));
    expect(reference.address).toHaveLength(2000);
    expect(reference.arrival[1999]).toBe(1999 * 3);
    for (const bufferBytes of [64, 100, 333, 4096]) {
      for (const chunkCapacity of [1, 7, 1000]) {
        expect(all(openStlTrace(p, { bufferBytes }), chunkCapacity), `buffer ${bufferBytes}, chunk ${chunkCapacity}`).toEqual(reference);
      }
    }
  });

  it('rejects a line longer than the read buffer', () => {
    const p = file('wide.stl', `0:\tread\t0x${'0'.repeat(200)}1\n`);
    expect(() => all(openStlTrace(p, { bufferBytes: 64 }))).toThrow(`${p} line 1: line longer than 64 bytes`);
  });

  it('replays from the start after reset() and lets the controller pull lazily', () => {
    const p = file('reset.stl', '0:\tread\t0x0\n1:\tread\t0x40\n2:\twrite\t0x80\n');
    const reader = openStlTrace(p);
    const chunk = new TraceChunk(2);
    expect(reader.read(chunk)).toBe(2);
    expect(reader.delivered).toBe(2);
    expect(reader.read(chunk)).toBe(1);
    expect(chunk.address[0]).toBe(0x80);
    expect(reader.read(chunk)).toBe(0);
    expect(reader.read(chunk)).toBe(0); // stays ended
    reader.reset();
    expect(reader.read(chunk)).toBe(2);
    expect(Array.from(chunk.address.subarray(0, 2))).toEqual([0, 0x40]);
    reader.close();
    reader.close();
  });

  it('reports a missing file as a TraceError', () => {
    expect(() => openStlTrace(path.join(dir, 'missing.stl'))).toThrow(/missing\.stl: cannot open trace/);
  });
});

describe('Ramulator LD/ST reader', () => {
  it('reads LD/ST with hex or decimal addresses; arrival is the request ordinal', () => {
    const p = file('a.trace', 'LD 0x40\r\nST 0x80\n\n# skip\nLD 4096\nST\t0x1FF00  \n');
    expect(all(openRamulatorTrace(p), 3)).toEqual({
      arrival: [0, 1, 2, 3],
      isWrite: [0, 1, 0, 1],
      address: [0x40, 0x80, 4096, 0x1ff00],
      line: [1, 2, 5, 6],
    });
  });

  it.each([
    ['LOAD 0x40', 'the request type is neither LD nor ST'],
    ['LD 0x', 'no hexadecimal digits after 0x'],
    ['LD', 'no space after LD/ST'],
    ['ST 0x40 R', 'unexpected text after the address'],
  ])('reports %j with file and line', (bad, reason) => {
    const p = file('bad.trace', `LD 0x0\n${bad}\n`);
    expect(() => all(openRamulatorTrace(p))).toThrow(`${p} line 2: ${reason}`);
  });

  it('reports an empty trace', () => {
    const p = file('empty.trace', '\n\n');
    expect(() => all(openRamulatorTrace(p))).toThrow(`${p}: empty trace: no requests in 2 line(s)`);
  });
});

describe('format detection and writers', () => {
  it('detects the format from the first request line', () => {
    expect(detectTraceFormat(file('d1', '# c\n5:\tread\t0x0\n'))).toBe('stl');
    expect(detectTraceFormat(file('d2', '\nST 0x0\n'))).toBe('ramulator');
    const odd = file('d3', 'hello\n');
    expect(() => detectTraceFormat(odd)).toThrow(`${odd} line 1: cannot tell the trace format`);
    expect(() => detectTraceFormat(file('d4', ''))).toThrow(/empty trace/);
  });

  it('writes generated traces that read back identically (STL) or with ordinal arrivals (Ramulator)', () => {
    const options = { requests: 5000, seed: 3, writeFraction: 0.3, intervalCycles: 2, spanBytes: 2 ** 33 };
    const generated = all(createWorkload('cloud-1', options));
    const stl = path.join(dir, 'cloud.stl');
    const written = writeStlTrace(stl, createWorkload('cloud-1', options));
    expect(written.requests).toBe(5000);
    expect(written.bytes).toBe(fs.statSync(stl).size);
    expect(fs.readFileSync(stl, 'latin1').split('\n')[1]).toMatch(/^2:\t(read|write)\t0x[0-9a-f]+$/);
    const back = all(openTrace(stl));
    expect(back.address).toEqual(generated.address);
    expect(back.isWrite).toEqual(generated.isWrite);
    expect(back.arrival).toEqual(generated.arrival);

    const ram = path.join(dir, 'cloud.trace');
    writeRamulatorTrace(ram, createWorkload('cloud-1', options));
    expect(fs.readFileSync(ram, 'latin1').split('\n')[0]).toMatch(/^(LD|ST) 0x[0-9a-f]+$/);
    const fromRamulator = all(openTrace(ram));
    expect(fromRamulator.address).toEqual(generated.address);
    expect(fromRamulator.isWrite).toEqual(generated.isWrite);
    expect(fromRamulator.arrival).toEqual(generated.arrival.map((_, i) => i));
  });
});

describe('generators', () => {
  it('use the study\'s defaults: 10,000 reads, one per cycle, within 1 GiB', () => {
    expect(STUDY_WORKLOADS).toEqual(['stream', 'random', 'cloud-1', 'cloud-2']);
    for (const name of STUDY_WORKLOADS) {
      const t = all(createWorkload(name));
      expect(t.address, name).toHaveLength(10_000);
      expect(t.isWrite.every((w) => w === 0), name).toBe(true);
      expect(t.arrival[9_999], name).toBe(9_999);
      expect(t.address.every((a) => a >= 0 && a < 2 ** 30 && a % 64 === 0), name).toBe(true);
    }
  });

  it('are deterministic per seed, differ between seeds, and replay after reset()', () => {
    for (const name of WORKLOAD_NAMES) {
      const options = { requests: 3000, seed: 42, mapper: createAddressMapper(DDR4_2400, 'RoBaRaCoCh'), writeFraction: 0.2 };
      const a = all(createWorkload(name, options));
      expect(all(createWorkload(name, options)), name).toEqual(a);
      const source = createWorkload(name, options);
      source.read(new TraceChunk(100));
      source.reset();
      expect(all(source), name).toEqual(a);
      if (name !== 'stream' && name !== 'strided') {
        expect(all(createWorkload(name, { ...options, seed: 43 })).address, name).not.toEqual(a.address);
      }
    }
  });

  it('stream is sequential with a 64 B stride from 0, wrapping at the span', () => {
    const t = all(createWorkload('stream', { requests: 20, spanBytes: 1024 }));
    expect(t.address).toEqual(Array.from({ length: 20 }, (_, i) => (i * 64) % 1024));
  });

  it('random is uniform over the span (mean, and every bank about equally often)', () => {
    const n = 40_000;
    const t = all(createWorkload('random', { requests: n, seed: 5 }));
    const mean = t.address.reduce((s, a) => s + a, 0) / n;
    // Uniform on [0, 1 GiB): mean 512 MiB, standard error 2^30 / sqrt(12 n) = 1.5 MiB.
    expect(Math.abs(mean - 2 ** 29)).toBeLessThan(6 * 2 ** 20);
    const mapper = createAddressMapper(DDR3_1600, 'RoBaCo');
    const counts = new Array<number>(8).fill(0);
    const out = new DecodedAddress();
    for (const a of t.address) counts[mapper.decode(a, out).bank]!++;
    for (const c of counts) expect(Math.abs(c - n / 8)).toBeLessThan(300); // sd about 66
  });

  it('cloud-1 and cloud-2 are about half sequential runs, half random jumps', () => {
    for (const [name, mean] of [['cloud-1', 8], ['cloud-2', 64]] as const) {
      const n = 200_000;
      const t = all(createWorkload(name, { requests: n, seed: 9 }));
      let sequentialSteps = 0;
      for (let i = 1; i < n; i++) if (t.address[i] === t.address[i - 1]! + 64) sequentialSteps++;
      // Documented: (1/2) * (1 - 1/meanSegmentRequests) of steps are +64 B.
      expect(sequentialSteps / (n - 1), name).toBeCloseTo(0.5 * (1 - 1 / mean), 1);
      expect(Math.abs(sequentialSteps / (n - 1) - 0.5 * (1 - 1 / mean)), name).toBeLessThan(0.03);
    }
  });

  it('strided steps by strideBytes within the span', () => {
    const t = all(createWorkload('strided', { requests: 6, strideBytes: 4096, spanBytes: 16_384, baseAddress: 128 }));
    expect(t.address).toEqual([128, 4224, 8320, 12416, 128, 4224]);
  });

  it('bank-conflict hits one bank, in a new row every time', () => {
    const mapper = createAddressMapper(DDR4_2400, 'RoBaRaCoCh');
    const t = all(createWorkload('bank-conflict', { requests: 5000, seed: 2, mapper, bank: { bankGroup: 2, bank: 1 } }));
    const out = new DecodedAddress();
    let previousRow = -1;
    const rows = new Set<number>();
    for (const a of t.address) {
      mapper.decode(a, out);
      expect([out.bankGroup, out.bank, out.column]).toEqual([2, 1, 0]);
      expect(out.row).not.toBe(previousRow);
      previousRow = out.row;
      rows.add(out.row);
    }
    expect(rows.size).toBeGreaterThan(4500);
  });

  it('read/write mixes: writeFraction sets the share of writes and leaves addresses unchanged', () => {
    const mix = all(createWorkload('rwmix', { requests: 20_000, seed: 4 }));
    const writes = mix.isWrite.reduce((s, w) => s + w, 0) / 20_000;
    expect(Math.abs(writes - 0.5)).toBeLessThan(0.02);
    const readsOnly = all(createWorkload('rwmix', { requests: 20_000, seed: 4, writeFraction: 0 }));
    expect(readsOnly.address).toEqual(mix.address);
    const stream30 = all(createWorkload('stream', { requests: 20_000, writeFraction: 0.3 }));
    expect(Math.abs(stream30.isWrite.reduce((s, w) => s + w, 0) / 20_000 - 0.3)).toBeLessThan(0.02);
  });

  it('reject unknown names and bad knob values clearly', () => {
    expect(() => createWorkload('zipf')).toThrow(WorkloadError);
    expect(() => createWorkload('zipf')).toThrow(
      'workload "zipf": unknown workload; known workloads: stream, random, cloud-1, cloud-2, strided, bank-conflict, rwmix',
    );
    expect(() => createWorkload('random', { writeFraction: 1.5 })).toThrow('workload "random", option writeFraction: 1.5 must be between 0 and 1');
    expect(() => createWorkload('stream', { requests: 0 })).toThrow('option requests: 0 must be a whole number of at least 1');
    expect(() => createWorkload('stream', { spanBytes: 100 })).toThrow('option spanBytes: 100 must be a multiple of requestBytes (64)');
    expect(() => createWorkload('strided', { strideBytes: 100 })).toThrow('option strideBytes: 100 must be a multiple of requestBytes (64)');
    expect(() => createWorkload('bank-conflict')).toThrow('option mapper: required');
    const mapper = createAddressMapper(DDR3_1600, 'RoBaCo');
    expect(() => createWorkload('bank-conflict', { mapper, bank: { bank: 9 } })).toThrow(
      'workload "bank-conflict", option bank: bank 9 is out of range for DDR3-1600: expected 0 to 7',
    );
  });
});
