/**
 * Address layouts: which bits of a byte address select the channel, rank, bank group, bank, row
 * and column. Widths come from the standard's organisation (log2 of each count), so one mapping
 * name fits every standard.
 *
 * From the least significant bit upward every layout has:
 * 1. the byte offset within one bus beat: log2(busWidthBits / 8) bits (3 for a x64 bus);
 * 2. the low column bits that count beats within one burst: log2(burstLength) bits (3 for BL8),
 *    so that one burst (64 B for x64 BL8) is always contiguous in the address space;
 * 3. the remaining fields in the mapping's order, listed in its name from most to least
 *    significant. "Co" there means the column bits above the burst.
 * Fields whose count is 1 take no bits. A column is reported in device columns (0 to columns - 1),
 * so with the two column parts rejoined an aligned burst starts at a multiple of burstLength.
 *
 * Named mappings (most significant first; Bg is the bank group, placed beside the bank):
 * - RoBaRaCoCh: Ro Ba Bg Ra Co Ch - Ramulator 1/2's RoBaRaCoCh; channels interleave per burst.
 * - RoRaBaChCo: Ro Ra Ba Bg Ch Co - rows outermost, a whole row's columns contiguous.
 * - ChRaBaRoCo: Ch Ra Bg Ba Ro Co - Ramulator 2's ChRaBaRoCo; each bank one contiguous block.
 * - RoBaCo:     Ch Ra Ro Bg Ba Co - the DRAMGym study's row-bank-column (DRAMSys `..._rbc` maps).
 *   For DDR3-1600 (1 channel, 1 rank, 8 banks, 16,384 rows, 1,024 columns, x64): byte bits 0-2,
 *   column bits 3-12, bank bits 13-15, row bits 16-29 (the study's DRAMSys address mapping).
 *   For DDR4-2400: byte 0-2, column 3-12, bank 13-14, bank group 15-16, row 17-32.
 * Any other order can be given as a string of the two-letter tokens Ro, Ra, Bg, Ba, Co, Ch
 * (e.g. "RoCoBgBaRaCh"); every field that has bits must appear exactly once.
 */
import { busBytes } from '../standards/derived.js';
import type { DramStandard } from '../standards/types.js';

/** The fields an address decodes into. */
export type AddressField = 'channel' | 'rank' | 'bankGroup' | 'bank' | 'row' | 'column';

/** One contiguous run of address bits and the field bits it carries. */
export interface BitSegment {
  field: AddressField | 'byte';
  /** Lowest address bit of the run. */
  addressBit: number;
  width: number;
  /** Which bit of the field the run's lowest bit is (column runs split in two). */
  fieldBit: number;
}

export interface AddressLayout {
  /** The mapping's name as given. */
  mappingName: string;
  /** Field order above the burst bits, most significant first. */
  order: AddressField[];
  /** All runs from the least significant bit upward, byte offset first. */
  segments: BitSegment[];
  /** Total address bits: capacity = 2^addressBits bytes. */
  addressBits: number;
  /** Field widths in bits. */
  bits: Record<AddressField, number>;
}

const TOKENS: Record<string, AddressField> = {
  Ro: 'row',
  Ra: 'rank',
  Bg: 'bankGroup',
  Ba: 'bank',
  Co: 'column',
  Ch: 'channel',
};

/** The named mappings and their full field orders, most significant first. */
export const NAMED_MAPPINGS: Readonly<Record<string, readonly AddressField[]>> = {
  RoBaRaCoCh: ['row', 'bank', 'bankGroup', 'rank', 'column', 'channel'],
  RoRaBaChCo: ['row', 'rank', 'bank', 'bankGroup', 'channel', 'column'],
  ChRaBaRoCo: ['channel', 'rank', 'bankGroup', 'bank', 'row', 'column'],
  RoBaCo: ['channel', 'rank', 'row', 'bankGroup', 'bank', 'column'],
};

export function mappingNames(): string[] {
  return Object.keys(NAMED_MAPPINGS);
}

/** A mapping name that is neither named nor a valid token string. */
export class AddressMappingError extends Error {
  constructor(
    readonly mappingName: string,
    reason: string,
  ) {
    super(
      `address mapping "${mappingName}": ${reason}; known mappings: ${mappingNames().join(', ')}, ` +
        'or a custom order of the tokens Ro, Ra, Bg, Ba, Co, Ch (most significant first)',
    );
    this.name = 'AddressMappingError';
  }
}

const log2 = (n: number): number => Math.round(Math.log2(n));

/** The field order a mapping name stands for: a named mapping, or a custom token string. */
export function parseMappingOrder(mappingName: string): AddressField[] {
  const named = NAMED_MAPPINGS[mappingName];
  if (named !== undefined) return [...named];
  if (mappingName.length === 0 || mappingName.length % 2 !== 0) {
    throw new AddressMappingError(mappingName, 'not a known name, and not a sequence of two-letter tokens');
  }
  const order: AddressField[] = [];
  for (let i = 0; i < mappingName.length; i += 2) {
    const token = mappingName.slice(i, i + 2);
    const field = TOKENS[token];
    if (field === undefined) throw new AddressMappingError(mappingName, `unknown token "${token}" at position ${i + 1}`);
    if (order.includes(field)) throw new AddressMappingError(mappingName, `token "${token}" appears twice`);
    order.push(field);
  }
  return order;
}

/** Lays out the mapping's fields over the standard's address bits. */
export function buildLayout(mappingName: string, standard: DramStandard): AddressLayout {
  const order = parseMappingOrder(mappingName);
  const o = standard.organization;
  const burstBits = log2(o.burstLength);
  const bits: Record<AddressField, number> = {
    channel: log2(o.channels),
    rank: log2(o.ranks),
    bankGroup: log2(o.bankGroups),
    bank: log2(o.banksPerGroup),
    row: log2(o.rows),
    column: log2(o.columns),
  };
  for (const field of Object.keys(bits) as AddressField[]) {
    if (bits[field] > 0 && !order.includes(field)) {
      const token = Object.keys(TOKENS).find((k) => TOKENS[k] === field);
      throw new AddressMappingError(
        mappingName,
        `it has no ${token} token but ${standard.name} needs ${bits[field]} ${field} bit(s)`,
      );
    }
    if (bits[field] > 30) {
      throw new AddressMappingError(mappingName, `${field} needs ${bits[field]} bits; at most 30 are supported`);
    }
  }

  const segments: BitSegment[] = [];
  let next = 0;
  const push = (field: BitSegment['field'], width: number, fieldBit: number): void => {
    if (width > 0) segments.push({ field, addressBit: next, width, fieldBit });
    next += width;
  };
  push('byte', log2(busBytes(standard)), 0);
  push('column', Math.min(burstBits, bits.column), 0);
  for (let i = order.length - 1; i >= 0; i--) {
    const field = order[i]!;
    if (field === 'column') push('column', Math.max(0, bits.column - burstBits), burstBits);
    else push(field, bits[field], 0);
  }
  return { mappingName, order, segments, addressBits: next, bits };
}

/**
 * The layout as readable bit ranges, least significant first, e.g.
 * "byte 0-2, column 3-12, bank 13-15, row 16-29" (adjacent runs of one field are merged).
 */
export function describeLayout(layout: AddressLayout): string {
  const merged: { field: string; from: number; to: number }[] = [];
  for (const s of layout.segments) {
    const last = merged[merged.length - 1];
    if (last !== undefined && last.field === s.field && last.to === s.addressBit - 1) last.to = s.addressBit + s.width - 1;
    else merged.push({ field: s.field, from: s.addressBit, to: s.addressBit + s.width - 1 });
  }
  return merged.map((m) => `${m.field} ${m.from === m.to ? m.from : `${m.from}-${m.to}`}`).join(', ');
}
