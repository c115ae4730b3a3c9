/**
 * DDR4 presets: a single-rank x64 channel of eight Micron 8Gb x8 devices (MT40A1G8), 4 bank groups
 * of 4 banks, 65,536 rows x 1,024 columns, 64 B per BL8 burst, 8 GiB per rank.
 *
 * DDR4-2400: organisation and timings of Ramulator 2's DDR4_8Gb_x8 organisation and DDR4_2400R
 * timing presets (JEDEC DDR4-2400R, 16-16-16). DDR4-3200: the JEDEC
 * DDR4-3200AA (22-22-22) bin as Ramulator 2's DDR4_3200AA preset and its JESD79-4 tables give it.
 * Currents: Micron MT40A1G8 datasheet values for the DDR4-2400 bin as transcribed in gem5's
 * `DDR4_2400_8x8` (src/mem/DRAMInterface.py); we did not check them against the PDF.
 */
import type { DramOrganization, DramPowerRail, DramStandard } from './types.js';

const REF = 'Ramulator 2 DDR4_8Gb_x8 organisation and DDR4_2400R timing presets';
const RAMULATOR2 = 'Ramulator 2 src/dram/impl/DDR4.cpp';
const GEM5 = 'gem5 src/mem/DRAMInterface.py DDR4_2400_8x8 ("Micron MT40A1G8", DDR4-2400)';

/** Micron 8Gb x8 on a 64-bit channel; identical for both speed bins. */
const MICRON_8GB_X8_X64: DramOrganization = {
  channels: 1, // REF
  ranks: 1, // REF
  bankGroups: 4, // REF: 4 bank groups (JESD79-4: x4/x8 devices)
  banksPerGroup: 4, // REF: x 4 banks
  rows: 65_536, // REF; Ramulator 2 DDR4_8Gb_x8 rows 1<<16
  columns: 1_024, // REF; Ramulator 2 DDR4_8Gb_x8 columns 1<<10
  deviceWidthBits: 8, // x8 device (MT40A1G8)
  devicesPerRank: 8, // 64-bit bus / x8
  busWidthBits: 64, // REF: 64 B per burst = 64 bit x BL8
  burstLength: 8, // DDR4 is BL8 (JESD79-4)
};

/**
 * VDD currents per device of the Micron MT40A1G8 DDR4-2400 bin, as gem5 transcribes them. The VPP
 * (2.5 V) rail is left out: gem5 lists only IPP0 = IPP3N = 3 mA for it, not the other IPP values.
 */
const MICRON_8GB_X8_VDD_DDR4_2400: DramPowerRail = {
  name: 'VDD',
  voltageV: 1.2, // GEM5 VDD = 1.2V (JESD79-4 VDD 1.2 V)
  idd0mA: 48, // GEM5 IDD0 = 48mA
  idd2nmA: 34, // GEM5 IDD2N = 34mA (inherited from DDR4_2400_16x4)
  idd3nmA: 43, // GEM5 IDD3N = 43mA
  idd4rmA: 135, // GEM5 IDD4R = 135mA
  idd4wmA: 123, // GEM5 IDD4W = 123mA
  idd5mA: 250, // GEM5 IDD5 = 250mA (inherited from DDR4_2400_16x4)
  idd2pmA: 25, // GEM5 IDD2P1 = 25mA (inherited from DDR4_2400_16x4)
  idd3pmA: 37, // GEM5 IDD3P1 = 37mA
  idd6mA: 30, // GEM5 IDD6 = 30mA (inherited from DDR4_2400_16x4)
};

const CURRENT_CAVEATS = [
  'Currents are gem5\'s transcription of the Micron MT40A1G8 DDR4-2400 datasheet, not checked against the PDF here; ' +
    'IDD2N, IDD5 and IDD6 are inherited in gem5 from its 8Gb x4 (MT40A2G4) class, so treat them as approximate.',
  'The VPP (2.5 V) rail is not modelled: its currents (IPP) were not available to us beyond IPP0 = IPP3N = 3 mA.',
];

export const DDR4_2400: DramStandard = {
  name: 'DDR4-2400',
  family: 'DDR4',
  part: 'Micron MT40A1G8 8Gb x8 DDR4-2400 (JEDEC 2400R, 16-16-16), 8 devices, 1 rank',
  organization: MICRON_8GB_X8_X64,
  clockMHz: 1200, // DDR4-2400: 2400 MT/s at double data rate
  tCKns: 0.833, // REF: tCK 0.833 ns
  dataRate: 2,
  timingCycles: {
    CL: 16, // REF
    WL: 12, // REF: CWL 12
    RCD: 16, // REF
    RP: 16, // REF
    RAS: 39, // REF
    RC: 55, // REF
    RRD_S: 4, // REF
    RRD_L: 6, // REF
    CCD_S: 4, // REF
    CCD_L: 6, // REF
    WTR_S: 3, // REF
    WTR_L: 9, // REF
    FAW: 26, // REF
    WR: 18, // REF
    RTP: 9, // REF
    RFC: 433, // REF (= 360 ns as Ramulator 2 tabulates tRFC1 for 8 Gb; see caveats)
    REFI: 9_364, // REF (= 7.8 us / 0.833 ns)
    XP: 8, // JESD79-4 tXP = max(4 nCK, 6 ns) -> 8; DRAMSys MICRON_4Gb_DDR4-2400_8bit_A XP 8
    XS: 445, // JESD79-4 tXS = tRFC1 + 10 ns = 433 + 12 cycles
    CKE: 6, // JESD79-4 tCKE = max(3 nCK, 5 ns) -> 6; DRAMSys MICRON_4Gb_DDR4-2400_8bit_A CKE 6
    RTRS: 1, // DRAMSys DDR4 memspecs RTRS 1
    burstCycles: 4, // REF: BL 4 (burst cycles) = BL8 / 2
  },
  powerRails: [MICRON_8GB_X8_VDD_DDR4_2400],
  sources: {
    organization: `${REF}; ${RAMULATOR2} org preset DDR4_8Gb_x8`,
    timing: `${REF} (matches ${RAMULATOR2} DDR4_2400R); XP/XS/CKE from JESD79-4 formulas`,
    currents: GEM5,
    caveats: [
      'RFC 433 cycles is 360 ns (Ramulator 2); JESD79-4 lists tRFC1 = 350 ns for 8 Gb (420 cycles). We use 433 as given.',
      'XS is derived (tRFC + 10 ns) from the RFC above, not read from a datasheet.',
      ...CURRENT_CAVEATS,
    ],
  },
};

export const DDR4_3200: DramStandard = {
  name: 'DDR4-3200',
  family: 'DDR4',
  part: 'Micron MT40A1G8 8Gb x8 organisation at JEDEC DDR4-3200AA (22-22-22), 8 devices, 1 rank',
  organization: MICRON_8GB_X8_X64,
  clockMHz: 1600, // DDR4-3200: 3200 MT/s at double data rate
  tCKns: 0.625, // RAMULATOR2 DDR4_3200AA tCK_ps 625
  dataRate: 2,
  timingCycles: {
    CL: 22, // RAMULATOR2 DDR4_3200AA nCL
    WL: 16, // RAMULATOR2 DDR4_3200AA nCWL
    RCD: 22, // RAMULATOR2 DDR4_3200AA nRCD
    RP: 22, // RAMULATOR2 DDR4_3200AA nRP
    RAS: 52, // RAMULATOR2 DDR4_3200AA nRAS
    RC: 74, // RAMULATOR2 DDR4_3200AA nRC
    RRD_S: 4, // RAMULATOR2 nRRDS table (JESD79-4), x8 at 3200
    RRD_L: 8, // RAMULATOR2 nRRDL table (JESD79-4), x8 at 3200
    CCD_S: 4, // RAMULATOR2 DDR4_3200AA nCCDS
    CCD_L: 8, // RAMULATOR2 DDR4_3200AA nCCDL
    WTR_S: 4, // RAMULATOR2 DDR4_3200AA nWTRS
    WTR_L: 12, // RAMULATOR2 DDR4_3200AA nWTRL
    FAW: 34, // RAMULATOR2 nFAW table (JESD79-4), x8 (1 KB page) at 3200
    WR: 24, // RAMULATOR2 DDR4_3200AA nWR
    RTP: 12, // RAMULATOR2 DDR4_3200AA nRTP
    RFC: 576, // RAMULATOR2 tRFC1 8 Gb 360 ns / 0.625 ns (same convention as DDR4-2400 above)
    REFI: 12_480, // RAMULATOR2 tREFI 7.8 us / 0.625 ns
    XP: 10, // JESD79-4 tXP = max(4 nCK, 6 ns) -> ceil(9.6)
    XS: 592, // JESD79-4 tXS = tRFC1 + 10 ns = 576 + 16 cycles
    CKE: 8, // JESD79-4 tCKE = max(3 nCK, 5 ns) -> 8
    RTRS: 1, // DRAMSys DDR4 memspecs RTRS 1
    burstCycles: 4, // BL8 / 2
  },
  powerRails: [MICRON_8GB_X8_VDD_DDR4_2400],
  sources: {
    organization: `${RAMULATOR2} org preset DDR4_8Gb_x8 (as DDR4-2400 above)`,
    timing: `${RAMULATOR2} timing preset DDR4_3200AA and its JESD79-4 tables; XP/XS/CKE from JESD79-4 formulas`,
    currents: `${GEM5}, reused for 3200`,
    caveats: [
      'Currents are the DDR4-2400 bin\'s: we had no verified Micron MT40A1G8 -062E (3200) IDD table. Micron\'s IDD4R/IDD4W ' +
        'and IDD0 rise with data rate, so read/write/activate energy is likely underestimated for this preset.',
      'RFC 576 cycles is 360 ns (Ramulator 2); JESD79-4 lists 350 ns for 8 Gb (560 cycles).',
      ...CURRENT_CAVEATS,
    ],
  },
};
