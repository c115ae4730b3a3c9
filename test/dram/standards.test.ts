import { describe, expect, it } from 'vitest';
import {
  DDR3_1600,
  DDR4_2400,
  DDR4_3200,
  DRAM_STANDARDS,
  DramStandardError,
  LPDDR4_3200,
  UnknownStandardError,
  banksPerRank,
  bytesPerBurst,
  capacityBytes,
  cyclesToNs,
  dataRateMTps,
  findStandardProblems,
  getStandard,
  peakBandwidthGBps,
  rowBufferBytes,
  standardNames,
  validateStandard,
  type DramStandard,
} from '../../spaces/dram/standards/index.js';

/** A copy of a preset with some fields replaced, for the validation tests. */
function variant(
  base: DramStandard,
  change: { organization?: Partial<DramStandard['organization']>; timingCycles?: Partial<DramStandard['timingCycles']>; tCKns?: number },
): DramStandard {
  return {
    ...base,
    tCKns: change.tCKns ?? base.tCKns,
    organization: { ...base.organization, ...change.organization },
    timingCycles: { ...base.timingCycles, ...change.timingCycles },
  };
}

describe('presets', () => {
  it('offers DDR3-1600, DDR4-2400, DDR4-3200 and LPDDR4-3200, all consistent', () => {
    expect(standardNames()).toEqual(['DDR3-1600', 'DDR4-2400', 'DDR4-3200', 'LPDDR4-3200']);
    for (const standard of DRAM_STANDARDS) {
      expect(findStandardProblems(standard), standard.name).toEqual([]);
      expect(standard.sources.organization.length, standard.name).toBeGreaterThan(0);
      expect(standard.sources.timing.length, standard.name).toBeGreaterThan(0);
      expect(standard.sources.currents.length, standard.name).toBeGreaterThan(0);
    }
  });

  it('DDR3-1600 is the study\'s Micron 1Gb x8 DIMM exactly as DRAMSys gives it', () => {
    const o = DDR3_1600.organization;
    expect([o.channels, o.ranks, banksPerRank(DDR3_1600), o.rows, o.columns, o.burstLength, o.busWidthBits]).toEqual([
      1, 1, 8, 16_384, 1_024, 8, 64,
    ]);
    expect(DDR3_1600.clockMHz).toBe(800);
    const t = DDR3_1600.timingCycles;
    expect({
      CL: t.CL, RCD: t.RCD, RP: t.RP, RAS: t.RAS, RC: t.RC, RRD: t.RRD_S, FAW: t.FAW, WR: t.WR, WTR: t.WTR_S,
      RTP: t.RTP, WL: t.WL, CCD: t.CCD_S, RFC: t.RFC, REFI: t.REFI, XS: t.XS, XP: t.XP, CKE: t.CKE,
    }).toEqual({
      CL: 10, RCD: 10, RP: 10, RAS: 28, RC: 38, RRD: 5, FAW: 24, WR: 12, WTR: 6,
      RTP: 6, WL: 8, CCD: 4, RFC: 88, REFI: 6240, XS: 96, XP: 6, CKE: 3,
    });
    // No bank groups: the _L constraints equal the _S ones.
    expect([t.RRD_L, t.CCD_L, t.WTR_L]).toEqual([5, 4, 6]);
    const [vdd] = DDR3_1600.powerRails;
    expect(DDR3_1600.powerRails).toHaveLength(1);
    expect(vdd).toEqual({
      name: 'VDD', voltageV: 1.5, idd0mA: 70, idd2nmA: 45, idd3nmA: 45, idd4rmA: 140, idd4wmA: 145, idd5mA: 170, idd6mA: 8, idd2pmA: 30, idd3pmA: 35,
    });
  });

  it('DDR4-2400 has Ramulator 2\'s organisation and timings', () => {
    const o = DDR4_2400.organization;
    expect([o.channels, o.ranks, o.bankGroups, o.banksPerGroup, o.rows, o.columns]).toEqual([1, 1, 4, 4, 65_536, 1_024]);
    expect(DDR4_2400.tCKns).toBe(0.833);
    const t = DDR4_2400.timingCycles;
    expect([t.CL, t.RCD, t.RP, t.RAS, t.RC, t.burstCycles, t.WL, t.WR, t.RTP]).toEqual([16, 16, 16, 39, 55, 4, 12, 18, 9]);
    expect([t.CCD_S, t.CCD_L, t.RRD_S, t.RRD_L, t.WTR_S, t.WTR_L, t.FAW, t.RFC, t.REFI]).toEqual([4, 6, 4, 6, 3, 9, 26, 433, 9364]);
  });

  it('states its doubts: DDR4-3200 currents are flagged as reused from the 2400 bin', () => {
    expect(DDR4_3200.sources.caveats.join(' ')).toMatch(/DDR4-2400 bin/);
    expect(DDR4_2400.sources.caveats.join(' ')).toMatch(/350 ns/);
  });

  it('LPDDR4-3200 has per-bank refresh and two supply rails', () => {
    expect(LPDDR4_3200.timingCycles.RFCpb).toBe(224);
    expect(LPDDR4_3200.timingCycles.REFIpb).toBe(780);
    expect(LPDDR4_3200.powerRails.map((r) => [r.name, r.voltageV])).toEqual([['VDD1', 1.8], ['VDD2', 1.1]]);
  });
});

describe('derived figures', () => {
  it('DDR4-2400: 64 B bursts, 19.2 GB/s peak, 8 GiB', () => {
    expect(bytesPerBurst(DDR4_2400)).toBe(64);
    expect(peakBandwidthGBps(DDR4_2400)).toBeCloseTo(19.2, 10);
    expect(capacityBytes(DDR4_2400)).toBe(8 * 2 ** 30);
    expect(rowBufferBytes(DDR4_2400)).toBe(8192);
    expect(dataRateMTps(DDR4_2400)).toBe(2400);
  });

  it('DDR3-1600: 64 B bursts, 12.8 GB/s peak, 1 GiB; DDR4-3200 25.6 GB/s; LPDDR4-3200 x16 6.4 GB/s, 32 B bursts', () => {
    expect(bytesPerBurst(DDR3_1600)).toBe(64);
    expect(peakBandwidthGBps(DDR3_1600)).toBeCloseTo(12.8, 10);
    expect(capacityBytes(DDR3_1600)).toBe(2 ** 30);
    expect(peakBandwidthGBps(DDR4_3200)).toBeCloseTo(25.6, 10);
    expect(peakBandwidthGBps(LPDDR4_3200)).toBeCloseTo(6.4, 10);
    expect(bytesPerBurst(LPDDR4_3200)).toBe(32);
    expect(capacityBytes(LPDDR4_3200)).toBe(2 ** 30);
  });

  it('reproduces the first-principles checks from the DDR4-2400 timings', () => {
    const t = DDR4_2400.timingCycles;
    // Unloaded read latency: row hit / closed-row miss / row conflict = 20 / 36 / 52 cycles.
    expect(t.CL + t.burstCycles).toBe(20);
    expect(t.RCD + t.CL + t.burstCycles).toBe(36);
    expect(t.RP + t.RCD + t.CL + t.burstCycles).toBe(52);
    // Four 64 B activates per tFAW: 11.82 GB/s; one 64 B access per tRC: 1.397 GB/s.
    expect((4 * 64) / cyclesToNs(DDR4_2400, t.FAW)).toBeCloseTo(11.82, 2);
    expect(64 / cyclesToNs(DDR4_2400, t.RC)).toBeCloseTo(1.397, 2);
    // The study's stream: 10,000 x 64 B at DDR3-1600's 12.8 GB/s takes 50 us.
    expect((10_000 * bytesPerBurst(DDR3_1600)) / peakBandwidthGBps(DDR3_1600) / 1000).toBeCloseTo(50, 6);
  });
});

describe('lookup', () => {
  it('finds presets ignoring case, spaces and underscores', () => {
    expect(getStandard('ddr4_2400')).toBe(DDR4_2400);
    expect(getStandard(' DDR3-1600 ')).toBe(DDR3_1600);
    expect(getStandard('lpddr4 3200')).toBe(LPDDR4_3200);
  });

  it('names the known standards when the name is unknown', () => {
    expect(() => getStandard('DDR5-4800')).toThrow(UnknownStandardError);
    expect(() => getStandard('DDR5-4800')).toThrow(
      'unknown DRAM standard "DDR5-4800"; known standards: DDR3-1600, DDR4-2400, DDR4-3200, LPDDR4-3200',
    );
  });
});

describe('validation', () => {
  it('rejects RC < RAS + RP with the numbers', () => {
    const bad = variant(DDR4_2400, { timingCycles: { RC: 50 } });
    expect(() => validateStandard(bad)).toThrow(DramStandardError);
    expect(() => validateStandard(bad)).toThrow('RC = 50 is less than RAS + RP = 39 + 16 = 55');
  });

  it('rejects counts that are not powers of two, since addresses split into bit fields', () => {
    const problems = findStandardProblems(variant(DDR3_1600, { organization: { rows: 12_000, banksPerGroup: 6 } }));
    expect(problems).toContain('organization.banksPerGroup = 6 must be a power of two (1, 2, 4, ...) so addresses split into bit fields');
    expect(problems).toContain('organization.rows = 12000 must be a power of two (1, 2, 4, ...) so addresses split into bit fields');
  });

  it('rejects a bus width that does not match the devices', () => {
    expect(findStandardProblems(variant(DDR3_1600, { organization: { devicesPerRank: 4 } }))).toContain(
      'organization.busWidthBits = 64 must equal deviceWidthBits x devicesPerRank = 8 x 4 = 32',
    );
  });

  it('rejects inconsistent clock, burst and bank-group timings, listing every problem', () => {
    const bad = variant(DDR4_2400, { tCKns: 1.25, timingCycles: { CCD_L: 3, burstCycles: 8, REFI: 400, CL: 0 } });
    const problems = findStandardProblems(bad);
    expect(problems).toEqual(
      expect.arrayContaining([
        'tCKns = 1.25 does not match clockMHz = 1200 (1000 / clockMHz = 0.8333 ns)',
        'CCD_L = 3 is less than CCD_S = 4: same-bank-group spacing cannot be shorter',
        'burstCycles = 8 must be burstLength / dataRate = 8 / 2 = 4',
        'REFI = 400 must exceed RFC = 433: otherwise the device would refresh all the time',
        'timingCycles.CL must be at least 1 cycle',
      ]),
    );
    expect(() => validateStandard(bad)).toThrow(/DRAM standard "DDR4-2400" is inconsistent:\n  - /);
  });

  it('rejects currents that would make command energy negative', () => {
    const bad: DramStandard = { ...DDR3_1600, powerRails: [{ ...DDR3_1600.powerRails[0]!, idd4rmA: 30 }] };
    expect(findStandardProblems(bad)).toContain(
      'powerRails "VDD": idd4rmA = 30 is below idd3nmA = 45, which would make that command\'s energy negative',
    );
  });
});
