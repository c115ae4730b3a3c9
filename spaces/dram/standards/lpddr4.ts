/**
 * LPDDR4-3200: one 16-bit channel of a JEDEC 8Gb LPDDR4 die, 8 banks, 65,536 rows x 1,024 columns,
 * BL16 (32 B per burst), 1 GiB, exactly as DRAMSys's memspec `JEDEC_8Gb_LPDDR4-3200_16bit.json`
 * (tukl-msd/DRAMSys, configs/memspec) gives it. LPDDR4 has no bank groups, per-bank refresh
 * (RFCpb, REFIpb) and separate per-bank and all-bank precharge times (RP = RPpb, RPab).
 */
import type { DramStandard } from './types.js';

const DRAMSYS = 'DRAMSys configs/memspec/JEDEC_8Gb_LPDDR4-3200_16bit.json';

export const LPDDR4_3200: DramStandard = {
  name: 'LPDDR4-3200',
  family: 'LPDDR4',
  part: 'JEDEC 8Gb LPDDR4-3200 x16 channel (JESD209-4 values as DRAMSys ships them)',
  organization: {
    channels: 1, // DRAMSys nbrOfChannels 1
    ranks: 1, // DRAMSys nbrOfRanks 1
    bankGroups: 1, // DRAMSys nbrOfBankGroups 1
    banksPerGroup: 8, // DRAMSys nbrOfBanks 8
    rows: 65_536, // DRAMSys nbrOfRows
    columns: 1_024, // DRAMSys nbrOfColumns
    deviceWidthBits: 16, // DRAMSys width 16
    devicesPerRank: 1, // DRAMSys nbrOfDevices 1
    busWidthBits: 16, // one x16 channel
    burstLength: 16, // DRAMSys burstLength 16
  },
  clockMHz: 1600, // 1 / tCK
  tCKns: 0.625, // DRAMSys tCK 625e-12 s
  dataRate: 2, // DRAMSys dataRate 2
  timingCycles: {
    CL: 28, // DRAMSys RL 28
    WL: 14, // DRAMSys WL 14
    RCD: 29, // DRAMSys RCD
    RP: 29, // DRAMSys RPpb (per-bank precharge)
    RPab: 34, // DRAMSys RPab
    RAS: 68, // DRAMSys RAS
    RC: 97, // DRAMSys RCpb (RCab is 102)
    RRD_S: 16, // DRAMSys RRD (no bank groups: _S = _L)
    RRD_L: 16, // DRAMSys RRD
    CCD_S: 8, // DRAMSys CCD
    CCD_L: 8, // DRAMSys CCD
    WTR_S: 16, // DRAMSys WTR
    WTR_L: 16, // DRAMSys WTR
    FAW: 64, // DRAMSys FAW
    WR: 29, // DRAMSys WR
    RTP: 12, // DRAMSys RTP
    RFC: 448, // DRAMSys RFCab
    RFCpb: 224, // DRAMSys RFCpb
    REFI: 6_246, // DRAMSys REFI
    REFIpb: 780, // DRAMSys REFIpb
    XP: 12, // DRAMSys XP
    XS: 460, // DRAMSys XSR
    CKE: 12, // DRAMSys CKE
    RTRS: 1, // DRAMSys RTRS
    burstCycles: 8, // BL16 / 2
  },
  powerRails: [
    {
      name: 'VDD1',
      voltageV: 1.8, // DRAMSys vdd1
      idd0mA: 3.5, // DRAMSys idd01 3.5e-3 A
      idd2nmA: 2.0, // DRAMSys idd2n1
      idd3nmA: 2.25, // DRAMSys idd3n1
      idd4rmA: 2.25, // DRAMSys idd4r1
      idd4wmA: 2.25, // DRAMSys idd4w1
      idd5mA: 10.0, // DRAMSys idd51
      idd2pmA: 1.2, // DRAMSys idd2p1
      idd3pmA: 1.2, // DRAMSys idd3p1
      idd6mA: 0.3, // DRAMSys idd61
    },
    {
      name: 'VDD2',
      voltageV: 1.1, // DRAMSys vdd2
      idd0mA: 45.0, // DRAMSys idd02
      idd2nmA: 27.0, // DRAMSys idd2n2
      idd3nmA: 30.0, // DRAMSys idd3n2
      idd4rmA: 275.0, // DRAMSys idd4r2
      idd4wmA: 210.0, // DRAMSys idd4w2
      idd5mA: 90.0, // DRAMSys idd52
      idd2pmA: 3.0, // DRAMSys idd2p2
      idd3pmA: 9.0, // DRAMSys idd3p2
      idd6mA: 0.5, // DRAMSys idd62
    },
  ],
  sources: {
    organization: DRAMSYS,
    timing: DRAMSYS,
    currents: DRAMSYS,
    caveats: [
      'The VDDQ (1.1 V) I/O rail is not modelled (DRAMSys/DRAMPower model I/O energy through an impedance spec instead).',
      'RC is the per-bank value RCpb = RAS + RPpb; RCab = 102 applies after a precharge-all.',
      'These are JEDEC-typical values as DRAMSys ships them, not a specific vendor part.',
    ],
  },
};
