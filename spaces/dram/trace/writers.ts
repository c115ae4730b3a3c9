/**
 * Writes any RequestSource as a DRAMSys STL or Ramulator LD/ST trace file, streaming chunk by
 * chunk, so generated workloads can be replayed in DRAMSys or Ramulator. Ramulator's format has no
 * clocks, so writing it drops the arrival cycles (Ramulator offers one request per cycle).
 */
import * as fs from 'node:fs';
import { TraceChunk } from './chunk.js';
import type { TraceFormat } from './file-reader.js';
import type { RequestSource } from './source.js';

export interface TraceWriteResult {
  path: string;
  format: TraceFormat;
  requests: number;
  bytes: number;
}

/** Writes all of `source` (from its current position) to `path`; closes the source afterwards. */
export function writeTrace(path: string, source: RequestSource, format: TraceFormat): TraceWriteResult {
  const chunk = new TraceChunk(8192);
  const fd = fs.openSync(path, 'w');
  let requests = 0;
  let bytes = 0;
  try {
    for (let n = source.read(chunk); n > 0; n = source.read(chunk)) {
      const text = format === 'stl' ? formatStl(chunk, n) : formatRamulator(chunk, n);
      bytes += fs.writeSync(fd, text);
      requests += n;
    }
  } finally {
    fs.closeSync(fd);
    source.close();
  }
  return { path, format, requests, bytes };
}

/** DRAMSys STL: `<clock>:<TAB>read|write<TAB>0x<hex address>`. Clocks are rounded down to whole cycles. */
function formatStl(chunk: TraceChunk, n: number): string {
  const lines: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) {
    lines[i] =
      `${Math.floor(chunk.arrivalCycle[i]!)}:\t${chunk.isWrite[i] ? 'write' : 'read'}\t0x${chunk.address[i]!.toString(16)}\n`;
  }
  return lines.join('');
}

/** Ramulator: `LD 0x<hex address>` or `ST 0x<hex address>`. */
function formatRamulator(chunk: TraceChunk, n: number): string {
  const lines: string[] = new Array<string>(n);
  for (let i = 0; i < n; i++) lines[i] = `${chunk.isWrite[i] ? 'ST' : 'LD'} 0x${chunk.address[i]!.toString(16)}\n`;
  return lines.join('');
}

export function writeStlTrace(path: string, source: RequestSource): TraceWriteResult {
  return writeTrace(path, source, 'stl');
}

export function writeRamulatorTrace(path: string, source: RequestSource): TraceWriteResult {
  return writeTrace(path, source, 'ramulator');
}
