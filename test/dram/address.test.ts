import { describe, expect, it } from 'vitest';
import {
  AddressMapper,
  AddressMappingError,
  AddressRangeError,
  DecodedAddress,
  buildLayout,
  createAddressMapper,
  describeLayout,
  mappingNames,
} from '../../spaces/dram/address/index.js';
import { Rng } from '../../src/util/rng.js';
import {
  DDR3_1600,
  DDR4_2400,
  DRAM_STANDARDS,
  capacityBytes,
  validateStandard,
  type DramStandard,
} from '../../spaces/dram/standards/index.js';

/** DDR4-2400 with 2 channels and 2 ranks, so channel and rank bits show in the layouts. */
const DDR4_2CH_2RANK: DramStandard = validateStandard({
  ...DDR4_2400,
  name: 'DDR4-2400 2ch 2rank',
  organization: { ...DDR4_2400.organization, channels: 2, ranks: 2 },
});

describe('layouts', () => {
  it('RoBaCo on DDR3-1600 is the study\'s row-bank-column: byte 0-2, column 3-12, bank 13-15, row 16-29', () => {
    expect(describeLayout(buildLayout('RoBaCo', DDR3_1600))).toBe('byte 0-2, column 3-12, bank 13-15, row 16-29');
    expect(buildLayout('RoBaCo', DDR3_1600).addressBits).toBe(30);
  });

  it('RoBaCo on DDR4-2400 puts the bank group above the bank, 33 bits for 8 GiB', () => {
    expect(describeLayout(buildLayout('RoBaCo', DDR4_2400))).toBe('byte 0-2, column 3-12, bank 13-14, bankGroup 15-16, row 17-32');
  });

  it('keeps each burst contiguous and places the named fields in order', () => {
    const s = DDR4_2CH_2RANK;
    expect(describeLayout(buildLayout('RoBaRaCoCh', s))).toBe(
      'byte 0-2, column 3-5, channel 6, column 7-13, rank 14, bankGroup 15-16, bank 17-18, row 19-34',
    );
    expect(describeLayout(buildLayout('RoRaBaChCo', s))).toBe(
      'byte 0-2, column 3-12, channel 13, bankGroup 14-15, bank 16-17, rank 18, row 19-34',
    );
    expect(describeLayout(buildLayout('ChRaBaRoCo', s))).toBe(
      'byte 0-2, column 3-12, row 13-28, bank 29-30, bankGroup 31-32, rank 33, channel 34',
    );
  });

  it('accepts a custom token order and rejects bad ones, listing the known names', () => {
    expect(describeLayout(buildLayout('RoCoBgBaRaCh', DDR4_2CH_2RANK))).toBe(
      'byte 0-2, column 3-5, channel 6, rank 7, bank 8-9, bankGroup 10-11, column 12-18, row 19-34',
    );
    expect(mappingNames()).toEqual(['RoBaRaCoCh', 'RoRaBaChCo', 'ChRaBaRoCo', 'RoBaCo']);
    expect(() => buildLayout('RoBaXxCo', DDR3_1600)).toThrow(AddressMappingError);
    expect(() => buildLayout('RoBaXxCo', DDR3_1600)).toThrow(/unknown token "Xx" at position 5; known mappings: RoBaRaCoCh, RoRaBaChCo, ChRaBaRoCo, RoBaCo/);
    expect(() => buildLayout('RoRoBaCo', DDR3_1600)).toThrow('token "Ro" appears twice');
    expect(() => buildLayout('RoBaCo'.replace('Ba', 'Ra'), DDR3_1600)).toThrow('it has no Ba token but DDR3-1600 needs 3 bank bit(s)');
    // Fields with no bits may be left out: DDR3 has one channel, one rank and no bank groups.
    expect(describeLayout(buildLayout('RoBaCo', DDR3_1600))).not.toMatch(/channel|rank|bankGroup/);
  });
});

describe('decoding', () => {
  it('decodes the study layout field by field', () => {
    const mapper = createAddressMapper(DDR3_1600, 'RoBaCo');
    const address = 12_345 * 2 ** 16 + 5 * 2 ** 13 + 777 * 2 ** 3 + 6;
    const out = new DecodedAddress();
    expect(mapper.decode(address, out)).toBe(out);
    expect({ ...out }).toEqual({ channel: 0, rank: 0, bankGroup: 0, bank: 5, row: 12_345, column: 777, flatBank: 5 });
  });

  it('decodes bits above 2^32 exactly', () => {
    const mapper = createAddressMapper(DDR4_2400, 'RoBaCo');
    const last = capacityBytes(DDR4_2400) - 1; // 2^33 - 1
    const out = mapper.decode(last);
    expect([out.row, out.bankGroup, out.bank, out.column]).toEqual([65_535, 3, 3, 1_023]);
    expect(out.flatBank).toBe(15);
    const high = mapper.decode(2 ** 32 + 64);
    expect([high.row, high.column]).toEqual([2 ** 15, 8]);
  });

  it('numbers banks across channels and ranks in flatBank', () => {
    const mapper = createAddressMapper(DDR4_2CH_2RANK, 'RoBaRaCoCh');
    const address = mapper.encode({ channel: 1, rank: 1, bankGroup: 2, bank: 3, row: 9, column: 40 });
    const out = mapper.decode(address);
    expect(out.flatBank).toBe(((1 * 2 + 1) * 4 + 2) * 4 + 3);
  });

  it('round-trips decode and encode for every standard and mapping', () => {
    const rng = new Rng(11);
    const out = new DecodedAddress();
    for (const standard of [...DRAM_STANDARDS, DDR4_2CH_2RANK]) {
      for (const name of mappingNames()) {
        const mapper = new AddressMapper(standard, name);
        const beat = standard.organization.busWidthBits / 8;
        for (let i = 0; i < 150; i++) {
          const address = rng.int(mapper.capacityBytes);
          mapper.decode(address, out);
          expect(mapper.encode(out, address % beat), `${standard.name} ${name} ${address}`).toBe(address);
          const fields = {
            channel: rng.int(standard.organization.channels),
            rank: rng.int(standard.organization.ranks),
            bankGroup: rng.int(standard.organization.bankGroups),
            bank: rng.int(standard.organization.banksPerGroup),
            row: rng.int(standard.organization.rows),
            column: rng.int(standard.organization.columns),
          };
          const decoded = mapper.decode(mapper.encode(fields));
          expect({ ...decoded, flatBank: undefined }, `${standard.name} ${name}`).toEqual({ ...fields, flatBank: undefined });
        }
      }
    }
  });

  it('maps each address to a distinct location (the layout is a bijection)', () => {
    const mapper = createAddressMapper(DDR3_1600, 'RoBaRaCoCh');
    const seen = new Set<string>();
    const out = new DecodedAddress();
    for (let address = 0; address < 2 ** 20; address += 8 * 37) {
      mapper.decode(address, out);
      const key = `${out.bank}/${out.row}/${out.column}`;
      expect(seen.has(key)).toBe(false);
      seen.add(key);
    }
  });

  it('rejects an address beyond the device, naming it and the capacity', () => {
    const mapper = createAddressMapper(DDR3_1600, 'RoBaCo');
    expect(() => mapper.decode(2 ** 30)).toThrow(AddressRangeError);
    expect(() => mapper.decode(2 ** 30)).toThrow(
      'address 0x40000000 is beyond the device: DDR3-1600 holds 1 GiB (1073741824 bytes), so addresses run from 0x0 to 0x3fffffff',
    );
    expect(() => mapper.decode(-64)).toThrow(/address -64 is not a whole non-negative number of bytes/);
    expect(() => mapper.decode(1.5)).toThrow(AddressRangeError);
    expect(mapper.contains(2 ** 30 - 1)).toBe(true);
    expect(mapper.contains(2 ** 30)).toBe(false);
  });

  it('rejects out-of-range fields when encoding', () => {
    const mapper = createAddressMapper(DDR3_1600, 'RoBaCo');
    expect(() => mapper.encode({ bank: 8 })).toThrow('bank 8 is out of range for DDR3-1600: expected 0 to 7');
    expect(() => mapper.encode({ row: 0 }, 8)).toThrow('byte offset 8 is out of range: expected 0 to 7');
  });
});
