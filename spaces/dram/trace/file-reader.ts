/**
 * Streaming trace-file readers for DRAMSys STL and Ramulator LD/ST traces.
 *
 * The file is read with fs.readSync into one reusable buffer (1 MiB by default) and parsed byte by
 * byte, writing straight into a TraceChunk's typed arrays: no strings, regular expressions or
 * objects per line, and never more than one buffer of the file in memory. Lines may end in LF or
 * CRLF; a last line without a newline is read too. A line longer than the buffer is an error.
 *
 * DRAMSys STL (as DRAMSys's StlPlayer reads it), one request per line:
 *   `<clock>:<TAB>read|write<TAB>0x<hex address>[<TAB><hex data>]`
 * The clock is in trace-player cycles (absolute). Spaces may stand for tabs, the colon and the
 * `0x` prefix are optional, and a trailing data field (DRAMSys storage mode) is accepted and
 * ignored. Lines that are blank or start with `#` are skipped. DRAMSys's optional per-request
 * length `(<bytes>)` before the command is rejected with a clear message: every request here is
 * one burst. Clocks may go backwards; the player offers requests in file order, each at its clock
 * or as soon after as it can.
 *
 * Ramulator (Ramulator 2's LoadStoreTrace), one request per line: `LD <address>` or
 * `ST <address>`, the address hexadecimal with `0x` or decimal. Blank lines and `#` comments are
 * skipped (an extension; Ramulator itself has none). There are no clocks: request i (from 0) gets
 * arrival cycle i, since Ramulator's front end offers at most one request per cycle and retries
 * while the controller refuses it.
 */
import * as fs from 'node:fs';
import { TraceChunk } from './chunk.js';
import { TraceError } from './errors.js';
import type { RequestSource } from './source.js';

export type TraceFormat = 'stl' | 'ramulator';

export interface TraceReaderOptions {
  /** Bytes read per system call, and the longest line allowed; default 1 MiB. */
  bufferBytes?: number;
  /** When set, an address at or above this (the device capacity) is an error naming file and line. */
  capacityBytes?: number;
  /** When set, a trace that ends with fewer requests is an error ("ends early"). */
  expectedRequests?: number;
}

const LF = 10;
const CR = 13;
const TAB = 9;
const SPACE = 32;
const HASH = 35;
const COLON = 58;
const ZERO = 48;
const NINE = 57;
const LOWER_X = 120;
const UPPER_X = 88;
const OPEN_PAREN = 40;
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/** Value of a hex digit byte, or -1. */
const HEX_VALUE = new Int8Array(256).fill(-1);
for (let c = 0; c < 10; c++) HEX_VALUE[ZERO + c] = c;
for (let c = 0; c < 6; c++) {
  HEX_VALUE[97 + c] = 10 + c;
  HEX_VALUE[65 + c] = 10 + c;
}

/** Reads an STL or Ramulator trace file lazily, chunk by chunk. */
export class TraceFileReader implements RequestSource {
  readonly name: string;
  delivered = 0;
  private fd: number | undefined;
  private readonly buffer: Buffer;
  /** Parse position and end of valid bytes in the buffer. */
  private pos = 0;
  private end = 0;
  /** Index just past the last LF in [pos, end): lines before it are complete. */
  private completeEnd = 0;
  private eof = false;
  private lineNumber = 0;
  private fileBytes = 0;
  private readonly capacityBytes: number;
  private readonly expectedRequests: number | undefined;
  /** Set by the line parser: whether the last line held a request. */
  private wroteRequest = false;

  constructor(
    readonly path: string,
    readonly format: TraceFormat,
    options: TraceReaderOptions = {},
  ) {
    this.name = path;
    const bufferBytes = options.bufferBytes ?? 1 << 20;
    if (!Number.isInteger(bufferBytes) || bufferBytes < 64) throw new RangeError(`bufferBytes must be a whole number of at least 64, got ${bufferBytes}`);
    this.buffer = Buffer.allocUnsafe(bufferBytes + 1); // +1: room for a newline after an unterminated last line
    this.capacityBytes = options.capacityBytes ?? Infinity;
    this.expectedRequests = options.expectedRequests;
    try {
      this.fd = fs.openSync(path, 'r');
    } catch (error) {
      throw new TraceError(`cannot open trace: ${(error as Error).message}`, path);
    }
  }

  read(chunk: TraceChunk): number {
    const buf = this.buffer;
    const capacity = chunk.capacity;
    let n = 0;
    while (n < capacity) {
      if (this.pos >= this.completeEnd) {
        if (!this.refill()) break;
        continue;
      }
      this.lineNumber++;
      this.pos =
        this.format === 'stl' ? this.parseStlLine(buf, this.pos, chunk, n) : this.parseRamulatorLine(buf, this.pos, chunk, n);
      if (this.wroteRequest) {
        const address = chunk.address[n]!;
        if (address >= this.capacityBytes) {
          throw new TraceError(
            `address 0x${address.toString(16)} is beyond the device, whose capacity is ${this.capacityBytes} bytes ` +
              `(addresses 0x0 to 0x${(this.capacityBytes - 1).toString(16)})`,
            this.path,
            this.lineNumber,
          );
        }
        chunk.line[n] = this.lineNumber;
        if (this.format === 'ramulator') chunk.arrivalCycle[n] = this.delivered + n;
        n++;
      }
    }
    chunk.count = n;
    this.delivered += n;
    if (n === 0) this.checkEnd();
    return n;
  }

  reset(): void {
    if (this.fd === undefined) this.fd = fs.openSync(this.path, 'r');
    this.pos = this.end = this.completeEnd = 0;
    this.eof = false;
    this.lineNumber = 0;
    this.fileBytes = 0;
    this.delivered = 0;
  }

  close(): void {
    if (this.fd !== undefined) {
      fs.closeSync(this.fd);
      this.fd = undefined;
    }
  }

  /** Moves the unparsed tail to the front and reads more; false when nothing is left to parse. */
  private refill(): boolean {
    if (this.eof) return false;
    const buf = this.buffer;
    const bufferBytes = buf.length - 1;
    const tail = this.end - this.pos;
    if (tail > 0 && this.pos > 0) buf.copy(buf, 0, this.pos, this.end);
    this.pos = 0;
    this.end = tail;
    this.completeEnd = 0;
    if (this.end >= bufferBytes) {
      throw new TraceError(`line longer than ${bufferBytes} bytes (no line break found); is this a trace file?`, this.path, this.lineNumber + 1);
    }
    if (this.fd === undefined) throw new TraceError('trace read after close()', this.path);
    // Explicit file position, so reset() can start over without reopening.
    const got = fs.readSync(this.fd, buf, this.end, bufferBytes - this.end, this.fileBytes);
    this.fileBytes += got;
    this.end += got;
    if (got === 0) {
      this.eof = true;
      if (this.end === 0) return false;
      // An unterminated last line: give it the newline the parsers expect.
      if (buf[this.end - 1] !== LF) buf[this.end++] = LF;
    }
    const lastLf = buf.lastIndexOf(LF, this.end - 1);
    this.completeEnd = lastLf < 0 ? 0 : lastLf + 1;
    return true;
  }

  private checkEnd(): void {
    if (this.delivered === 0) {
      throw new TraceError(
        this.fileBytes === 0
          ? 'empty trace: the file has no bytes, so there is nothing to simulate'
          : `empty trace: no requests in ${this.lineNumber} line(s) (only blank lines and comments)`,
        this.path,
      );
    }
    if (this.expectedRequests !== undefined && this.delivered < this.expectedRequests) {
      throw new TraceError(
        `trace ends early: ${this.delivered} request(s) read, ${this.expectedRequests} expected`,
        this.path,
        this.lineNumber,
      );
    }
  }

  private malformed(buf: Buffer, lineStart: number, reason: string, expected: string): never {
    let lineEnd = buf.indexOf(LF, lineStart);
    if (lineEnd < 0 || lineEnd > this.end) lineEnd = this.end;
    if (lineEnd > lineStart && buf[lineEnd - 1] === CR) lineEnd--;
    let text = buf.toString('latin1', lineStart, Math.min(lineEnd, lineStart + 120));
    if (lineEnd - lineStart > 120) text += '...';
    throw new TraceError(`${reason}; expected ${expected}, got ${JSON.stringify(text)}`, this.path, this.lineNumber);
  }

  /**
   * Parses one STL line starting at `p` into slot `n` of `chunk`; returns the position after its
   * LF. Every line before completeEnd ends with LF, so scanning needs no bounds checks beyond it.
   */
  private parseStlLine(buf: Buffer, start: number, chunk: TraceChunk, n: number): number {
    const expected = '"<clock>:<TAB>read|write<TAB>0x<hex address>"';
    let p = start;
    let c = buf[p]!;
    while (c === SPACE || c === TAB) c = buf[++p]!;
    if (c === LF || c === HASH || (c === CR && buf[p + 1] === LF)) {
      this.wroteRequest = false;
      return c === HASH ? buf.indexOf(LF, p) + 1 : c === LF ? p + 1 : p + 2;
    }
    // Clock: decimal digits, then an optional colon.
    let clock = 0;
    const clockStart = p;
    while (c >= ZERO && c <= NINE) {
      clock = clock * 10 + (c - ZERO);
      c = buf[++p]!;
    }
    if (p === clockStart) this.malformed(buf, start, 'the line does not start with a clock (a whole number of cycles)', expected);
    if (clock > MAX_EXACT) this.malformed(buf, start, 'the clock exceeds 2^53 cycles', expected);
    if (c === COLON) c = buf[++p]!;
    if (c !== TAB && c !== SPACE) this.malformed(buf, start, 'no tab or space after the clock', expected);
    while (c === SPACE || c === TAB) c = buf[++p]!;
    if (c === OPEN_PAREN) {
      this.malformed(buf, start, 'per-request data lengths "(<bytes>)" are not supported: every request is one burst', expected);
    }
    // Command: "read" or "write".
    let isWrite: number;
    if (c === 114 && buf[p + 1] === 101 && buf[p + 2] === 97 && buf[p + 3] === 100) {
      isWrite = 0; // "read"
      p += 4;
    } else if (c === 119 && buf[p + 1] === 114 && buf[p + 2] === 105 && buf[p + 3] === 116 && buf[p + 4] === 101) {
      isWrite = 1; // "write"
      p += 5;
    } else {
      this.malformed(buf, start, 'the command is neither "read" nor "write"', expected);
    }
    c = buf[p]!;
    if (c !== TAB && c !== SPACE) this.malformed(buf, start, 'the command is neither "read" nor "write"', expected);
    while (c === SPACE || c === TAB) c = buf[++p]!;
    // Address: hexadecimal, "0x" optional (DRAMSys parses it with base 16 either way).
    if (c === ZERO && (buf[p + 1] === LOWER_X || buf[p + 1] === UPPER_X)) p += 2;
    const addressStart = p;
    let address = 0;
    let digit = HEX_VALUE[buf[p]!]!;
    while (digit >= 0) {
      address = address * 16 + digit;
      digit = HEX_VALUE[buf[++p]!]!;
    }
    if (p === addressStart) this.malformed(buf, start, 'missing or non-hexadecimal address', expected);
    if (address > MAX_EXACT) this.malformed(buf, start, 'the address exceeds 2^53 bytes', expected);
    c = buf[p]!;
    // Optional data field (storage mode), then the end of the line.
    if (c === TAB || c === SPACE) {
      while (c === SPACE || c === TAB) c = buf[++p]!;
      if (c === ZERO && (buf[p + 1] === LOWER_X || buf[p + 1] === UPPER_X)) {
        p += 2;
        while (HEX_VALUE[buf[p]!]! >= 0) p++;
        c = buf[p]!;
        while (c === SPACE || c === TAB) c = buf[++p]!;
      }
    }
    if (c === CR) c = buf[++p]!;
    if (c !== LF) this.malformed(buf, start, 'unexpected text after the address', expected);
    chunk.arrivalCycle[n] = clock;
    chunk.isWrite[n] = isWrite;
    chunk.address[n] = address;
    this.wroteRequest = true;
    return p + 1;
  }

  /** Parses one Ramulator `LD|ST <address>` line; see parseStlLine. */
  private parseRamulatorLine(buf: Buffer, start: number, chunk: TraceChunk, n: number): number {
    const expected = '"LD 0x<hex address>" or "ST 0x<hex address>"';
    let p = start;
    let c = buf[p]!;
    while (c === SPACE || c === TAB) c = buf[++p]!;
    if (c === LF || c === HASH || (c === CR && buf[p + 1] === LF)) {
      this.wroteRequest = false;
      return c === HASH ? buf.indexOf(LF, p) + 1 : c === LF ? p + 1 : p + 2;
    }
    let isWrite: number;
    if (c === 76 && buf[p + 1] === 68) isWrite = 0; // "LD"
    else if (c === 83 && buf[p + 1] === 84) isWrite = 1; // "ST"
    else this.malformed(buf, start, 'the request type is neither LD nor ST', expected);
    p += 2;
    c = buf[p]!;
    if (c !== TAB && c !== SPACE) this.malformed(buf, start, 'no space after LD/ST', expected);
    while (c === SPACE || c === TAB) c = buf[++p]!;
    let address = 0;
    const addressStart = p;
    if (c === ZERO && (buf[p + 1] === LOWER_X || buf[p + 1] === UPPER_X)) {
      p += 2;
      const digitsStart = p;
      let digit = HEX_VALUE[buf[p]!]!;
      while (digit >= 0) {
        address = address * 16 + digit;
        digit = HEX_VALUE[buf[++p]!]!;
      }
      if (p === digitsStart) this.malformed(buf, start, 'no hexadecimal digits after 0x', expected);
    } else {
      while (c >= ZERO && c <= NINE) {
        address = address * 10 + (c - ZERO);
        c = buf[++p]!;
      }
      if (p === addressStart) this.malformed(buf, start, 'missing address', expected);
    }
    if (address > MAX_EXACT) this.malformed(buf, start, 'the address exceeds 2^53 bytes', expected);
    c = buf[p]!;
    while (c === SPACE || c === TAB) c = buf[++p]!;
    if (c === CR) c = buf[++p]!;
    if (c !== LF) this.malformed(buf, start, 'unexpected text after the address', expected);
    chunk.isWrite[n] = isWrite;
    chunk.address[n] = address;
    this.wroteRequest = true;
    return p + 1;
  }
}

/** Opens a DRAMSys STL trace. */
export function openStlTrace(path: string, options?: TraceReaderOptions): TraceFileReader {
  return new TraceFileReader(path, 'stl', options);
}

/** Opens a Ramulator LD/ST trace. */
export function openRamulatorTrace(path: string, options?: TraceReaderOptions): TraceFileReader {
  return new TraceFileReader(path, 'ramulator', options);
}

/**
 * Tells the format from the first request line (a digit starts STL, LD/ST starts Ramulator),
 * reading at most the first 64 KiB. An empty or unrecognisable file is a TraceError.
 */
export function detectTraceFormat(path: string): TraceFormat {
  let text: string;
  let fd: number | undefined;
  try {
    fd = fs.openSync(path, 'r');
    const head = Buffer.alloc(1 << 16);
    const got = fs.readSync(fd, head, 0, head.length, 0);
    text = head.toString('latin1', 0, got);
  } catch (error) {
    throw new TraceError(`cannot open trace: ${(error as Error).message}`, path);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (/^\d/.test(line)) return 'stl';
    if (/^(LD|ST)\s/.test(line)) return 'ramulator';
    throw new TraceError(
      `cannot tell the trace format: expected a DRAMSys STL line "<clock>:<TAB>read|write<TAB>0x<address>" ` +
        `or a Ramulator line "LD|ST 0x<address>", got ${JSON.stringify(line.slice(0, 120))}`,
      path,
      i + 1,
    );
  }
  throw new TraceError('empty trace: no request lines found', path);
}

/** Opens a trace in the given format, or the detected one. */
export function openTrace(path: string, format?: TraceFormat, options?: TraceReaderOptions): TraceFileReader {
  return new TraceFileReader(path, format ?? detectTraceFormat(path), options);
}
