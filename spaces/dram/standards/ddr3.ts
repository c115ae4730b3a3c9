/**
 * DDR3-1600 as used by the DRAMGym study (Krishnan et al. 2022, via ArchGym and DRAMSys): a 1 GiB
 * x64 DIMM of eight Micron 1Gb x8 DDR3-1600 devices (MT41J128M8, die rev. G).
 *
 * Every number below is DRAMSys's memspec `MICRON_1Gb_DDR3-1600_8bit_G.json` (tukl-msd/DRAMSys,
 * configs/memspec), field for field.
 */
import type { DramStandard } from './types.js';

const REF = 'DRAMSys memspec MICRON_1Gb_DDR3-1600_8bit_G.json';

export const DDR3_1600: DramStandard = {
  name: 'DDR3-1600',
  family: 'DDR3',
  part: 'Micron MT41J128M8 1Gb x8 DDR3-1600 (die G), 8 devices on a 64-bit DIMM',
  organization: {
    channels: 1, // REF
    ranks: 1, // REF
    bankGroups: 1, // DDR3 has no bank groups (JESD79-3)
    banksPerGroup: 8, // REF: 8 banks
    rows: 16_384, // REF
    columns: 1_024, // REF
    deviceWidthBits: 8, // REF: x8 device
    devicesPerRank: 8, // REF: 64-bit bus / x8 = 8 devices (DRAMSys nbrOfDevices 8)
    busWidthBits: 64, // REF
    burstLength: 8, // REF: BL8
  },
  clockMHz: 800, // REF: 800 MHz clock
  tCKns: 1.25, // DRAMSys tCK 1250e-12 s
  dataRate: 2, // DDR: DRAMSys dataRate 2
  timingCycles: {
    CL: 10, // REF
    WL: 8, // REF
    RCD: 10, // REF
    RP: 10, // REF
    RAS: 28, // REF
    RC: 38, // REF
    RRD_S: 5, // REF: RRD 5 (no bank groups: _S = _L)
    RRD_L: 5, // REF
    CCD_S: 4, // REF: CCD 4
    CCD_L: 4, // REF
    WTR_S: 6, // REF: WTR 6
    WTR_L: 6, // REF
    FAW: 24, // REF
    WR: 12, // REF
    RTP: 6, // REF
    RFC: 88, // REF
    REFI: 6_240, // REF
    XP: 6, // REF
    XS: 96, // REF
    CKE: 3, // REF
    RTRS: 1, // DRAMSys memspec RTRS 1
    burstCycles: 4, // BL8 at double data rate = 8 / 2
  },
  powerRails: [
    {
      name: 'VDD',
      voltageV: 1.5, // REF
      idd0mA: 70, // REF
      idd2nmA: 45, // REF
      idd3nmA: 45, // REF (IDD2N = IDD3N for this part: open and closed standby cost the same)
      idd4rmA: 140, // REF
      idd4wmA: 145, // REF
      idd5mA: 170, // REF
      idd2pmA: 30, // DRAMSys memspec idd2p1 30e-3 A (fast exit; idd2p0 12 mA is slow exit)
      idd3pmA: 35, // DRAMSys memspec idd3p1 35e-3 A
      idd6mA: 8, // REF
    },
  ],
  sources: {
    organization: REF,
    timing: REF,
    currents: `${REF}; Micron 1Gb DDR3 SDRAM datasheet (MT41J128M8) -125 speed grade`,
    caveats: ['RTRS (rank switch, 1 cycle) is DRAMSys\'s value; it matters only with more than one rank.'],
  },
};
