/**
 * Seeded synthetic workloads. Each is a RequestSource: the same name, options and seed give the
 * same requests, and reset() replays them. Request i (from 0) arrives at cycle i * intervalCycles
 * of the trace player; addresses are multiples of requestBytes inside
 * [baseAddress, baseAddress + spanBytes).
 *
 * The DRAMGym study's four workloads (Krishnan et al. 2022 via ArchGym's DRAMSys setup: 10,000 reads, one request per
 * 800 MHz cycle, over 1 GiB) use the defaults: 10,000 requests, intervalCycles 1, spanBytes 1 GiB,
 * requestBytes 64, reads only. The study's cloud traces are not published; the rule below is ours.
 *
 * - stream: address_i = base + (i * requestBytes mod span); sequential from base.
 * - random: every address uniform over the span's requestBytes-aligned slots.
 * - cloud-1, cloud-2: a sequence of segments. Each segment is, with probability 1/2, a sequential
 *   run (requestBytes stride from a uniformly random aligned start, wrapping within the span) and
 *   otherwise a series of uniform random jumps; its length in requests is uniform on
 *   1 .. 2 * meanSegmentRequests - 1. So half of the requests, in expectation, belong to
 *   sequential runs and half are random jumps. cloud-1 has meanSegmentRequests 8 (512 B runs,
 *   short scans as in key-value serving), cloud-2 has 64 (4 KiB runs, page-sized scans).
 *   Consecutive requests exactly requestBytes apart make a fraction of about
 *   (1/2) * (1 - 1/meanSegmentRequests) of all steps: 0.44 for cloud-1, 0.49 for cloud-2.
 * - strided: address_i = base + (i * strideBytes mod span).
 * - bank-conflict: every request to one bank (channel, rank, bank group, bank 0 unless given), each
 *   in a row different from the previous one (uniform over the other rows), column 0; needs the
 *   address mapper, so it follows the mapping actually simulated.
 * - rwmix: random addresses with writeFraction 0.5 by default.
 * Any workload takes writeFraction: each request is a write with that probability, drawn from a
 * stream separate from the addresses, so changing the mix leaves the addresses unchanged.
 */
import { Rng } from '../../../src/util/rng.js';
import type { AddressMapper } from '../address/mapper.js';
import { TraceChunk } from './chunk.js';
import { WorkloadError } from './errors.js';
import type { RequestSource } from './source.js';

export type WorkloadName = 'stream' | 'random' | 'cloud-1' | 'cloud-2' | 'strided' | 'bank-conflict' | 'rwmix';

export const WORKLOAD_NAMES: readonly WorkloadName[] = ['stream', 'random', 'cloud-1', 'cloud-2', 'strided', 'bank-conflict', 'rwmix'];

/** The four workloads of the DRAMGym study. */
export const STUDY_WORKLOADS: readonly WorkloadName[] = ['stream', 'random', 'cloud-1', 'cloud-2'];

/** Requests per study trace (Krishnan et al. 2022). */
export const STUDY_REQUESTS = 10_000;

/** Address span of the study's traces: 1 GiB (Krishnan et al. 2022). */
export const STUDY_SPAN_BYTES = 2 ** 30;

export interface WorkloadOptions {
  /** Number of requests; default 10,000 (the study's). */
  requests?: number;
  /** Seed of the generator; default 1. */
  seed?: number;
  /** Lowest address; default 0. Must be a multiple of requestBytes. */
  baseAddress?: number;
  /** Bytes addresses range over; default 1 GiB. Must be a multiple of requestBytes. */
  spanBytes?: number;
  /** Request size and alignment (one burst); default 64. */
  requestBytes?: number;
  /** Trace-player cycles between arrivals; default 1 (one request per cycle, as in the study). */
  intervalCycles?: number;
  /** Probability that a request is a write; default 0 (0.5 for rwmix). */
  writeFraction?: number;
  /** strided only: distance between consecutive requests; default 4096. */
  strideBytes?: number;
  /** cloud-1/cloud-2 only: mean segment length in requests; defaults 8 and 64. */
  meanSegmentRequests?: number;
  /** bank-conflict only: the mapper of the simulated standard and mapping (required). */
  mapper?: AddressMapper;
  /** bank-conflict only: the bank to hammer; default all zeros. */
  bank?: { channel?: number; rank?: number; bankGroup?: number; bank?: number };
}

/** Draws the next address; built afresh (from the seed) on every reset. */
type AddressStream = () => number;

/** A workload's settings after defaults and checks. */
export interface ResolvedWorkloadOptions {
  requests: number;
  seed: number;
  baseAddress: number;
  spanBytes: number;
  requestBytes: number;
  intervalCycles: number;
  writeFraction: number;
}

/** A seeded synthetic request stream. */
export class GeneratedSource implements RequestSource {
  delivered = 0;
  private addresses!: AddressStream;
  private writeRng!: Rng;

  constructor(
    readonly name: string,
    readonly options: Readonly<ResolvedWorkloadOptions>,
    private readonly makeStream: (rng: Rng) => AddressStream,
  ) {
    this.reset();
  }

  /** Total requests this source delivers. */
  get requests(): number {
    return this.options.requests;
  }

  read(chunk: TraceChunk): number {
    const { requests, intervalCycles, writeFraction } = this.options;
    const n = Math.min(chunk.capacity, requests - this.delivered);
    const next = this.addresses;
    for (let k = 0; k < n; k++) {
      const i = this.delivered + k;
      chunk.arrivalCycle[k] = i * intervalCycles;
      chunk.address[k] = next();
      chunk.isWrite[k] = writeFraction > 0 && this.writeRng.next() < writeFraction ? 1 : 0;
      chunk.line[k] = i + 1;
    }
    chunk.count = n;
    this.delivered += n;
    return n;
  }

  reset(): void {
    const root = new Rng(this.options.seed);
    this.addresses = this.makeStream(root.fork('addresses'));
    this.writeRng = root.fork('writes');
    this.delivered = 0;
  }

  close(): void {}
}

/** Builds a named workload; unknown names and bad option values are WorkloadErrors. */
export function createWorkload(name: string, options: WorkloadOptions = {}): GeneratedSource {
  if (!(WORKLOAD_NAMES as readonly string[]).includes(name)) {
    throw new WorkloadError(name, undefined, `unknown workload; known workloads: ${WORKLOAD_NAMES.join(', ')}`);
  }
  const workload = name as WorkloadName;
  const o = resolve(workload, options);
  const slots = o.spanBytes / o.requestBytes;
  const label = `${workload} (${o.requests} requests, seed ${o.seed})`;
  const aligned = (slot: number): number => o.baseAddress + slot * o.requestBytes;

  switch (workload) {
    case 'stream': {
      return new GeneratedSource(label, o, () => {
        let slot = 0;
        return () => {
          const address = aligned(slot);
          slot = slot + 1 === slots ? 0 : slot + 1;
          return address;
        };
      });
    }
    case 'random':
    case 'rwmix':
      return new GeneratedSource(label, o, (rng) => () => aligned(rng.int(slots)));
    case 'cloud-1':
    case 'cloud-2': {
      const mean = options.meanSegmentRequests ?? (workload === 'cloud-1' ? 8 : 64);
      requireInteger(workload, 'meanSegmentRequests', mean, 1);
      return new GeneratedSource(label, o, (rng) => {
        let left = 0;
        let sequential = false;
        let slot = 0;
        return () => {
          if (left === 0) {
            sequential = rng.next() < 0.5;
            left = 1 + rng.int(2 * mean - 1);
            slot = rng.int(slots);
          } else {
            slot = sequential ? (slot + 1 === slots ? 0 : slot + 1) : rng.int(slots);
          }
          left--;
          return aligned(slot);
        };
      });
    }
    case 'strided': {
      const stride = options.strideBytes ?? 4096;
      requireInteger(workload, 'strideBytes', stride, 1);
      if (stride % o.requestBytes !== 0) {
        throw new WorkloadError(workload, 'strideBytes', `${stride} must be a multiple of requestBytes (${o.requestBytes})`);
      }
      return new GeneratedSource(label, o, () => {
        let offset = 0;
        return () => {
          const address = o.baseAddress + offset;
          offset = (offset + stride) % o.spanBytes;
          return address;
        };
      });
    }
    case 'bank-conflict': {
      const mapper = options.mapper;
      if (mapper === undefined) {
        throw new WorkloadError(workload, 'mapper', 'required: the AddressMapper of the standard and mapping being simulated');
      }
      const rows = mapper.standard.organization.rows;
      if (rows < 2) throw new WorkloadError(workload, undefined, `needs at least 2 rows per bank, ${mapper.standard.name} has ${rows}`);
      const target = { channel: 0, rank: 0, bankGroup: 0, bank: 0, ...options.bank };
      // Validates the bank coordinates (encode throws a RangeError naming the field).
      try {
        mapper.encode({ ...target, row: 0, column: 0 });
      } catch (error) {
        throw new WorkloadError(workload, 'bank', (error as Error).message);
      }
      // Fields occupy disjoint bits and the row is one contiguous run (only the column is ever
      // split), so an address is the bank's base plus row x the address of row 1.
      const bankBase = mapper.encode({ ...target, row: 0, column: 0 });
      const rowStride = mapper.encode({ row: 1 });
      return new GeneratedSource(label, o, (rng) => {
        let row = rng.int(rows);
        return () => {
          row = (row + 1 + rng.int(rows - 1)) % rows;
          return bankBase + row * rowStride;
        };
      });
    }
  }
}

function resolve(workload: WorkloadName, options: WorkloadOptions): ResolvedWorkloadOptions {
  const o: ResolvedWorkloadOptions = {
    requests: options.requests ?? STUDY_REQUESTS,
    seed: options.seed ?? 1,
    baseAddress: options.baseAddress ?? 0,
    spanBytes: options.spanBytes ?? STUDY_SPAN_BYTES,
    requestBytes: options.requestBytes ?? 64,
    intervalCycles: options.intervalCycles ?? 1,
    writeFraction: options.writeFraction ?? (workload === 'rwmix' ? 0.5 : 0),
  };
  requireInteger(workload, 'requests', o.requests, 1);
  if (!Number.isFinite(o.seed)) throw new WorkloadError(workload, 'seed', `${o.seed} must be a finite number`);
  requireInteger(workload, 'requestBytes', o.requestBytes, 1);
  requireInteger(workload, 'spanBytes', o.spanBytes, o.requestBytes);
  requireInteger(workload, 'baseAddress', o.baseAddress, 0);
  if (o.spanBytes % o.requestBytes !== 0) {
    throw new WorkloadError(workload, 'spanBytes', `${o.spanBytes} must be a multiple of requestBytes (${o.requestBytes})`);
  }
  if (o.baseAddress % o.requestBytes !== 0) {
    throw new WorkloadError(workload, 'baseAddress', `${o.baseAddress} must be a multiple of requestBytes (${o.requestBytes})`);
  }
  if (!Number.isSafeInteger(o.baseAddress + o.spanBytes)) {
    throw new WorkloadError(workload, 'spanBytes', 'baseAddress + spanBytes must stay below 2^53');
  }
  if (!(o.intervalCycles >= 0) || !Number.isFinite(o.intervalCycles)) {
    throw new WorkloadError(workload, 'intervalCycles', `${o.intervalCycles} must be a finite number of cycles, at least 0`);
  }
  if (!(o.writeFraction >= 0 && o.writeFraction <= 1)) {
    throw new WorkloadError(workload, 'writeFraction', `${o.writeFraction} must be between 0 and 1`);
  }
  return o;
}

function requireInteger(workload: string, option: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new WorkloadError(workload, option, `${value} must be a whole number of at least ${min}`);
  }
}
