/**
 * The data that describes one DRAM standard and speed bin: how the memory is organised, how long
 * each command takes, and what current it draws. Presets live in their own modules
 * (ddr3.ts, ddr4.ts, lpddr4.ts) with the source of every number written beside it; the controller
 * and the energy model read only these fields, never a standard's name.
 */

/** The family decides which command set and timing rules apply (e.g. bank groups exist in DDR4). */
export type DramFamily = 'DDR3' | 'DDR4' | 'LPDDR4';

/**
 * How the memory is built. Counts are per parent: `ranks` per channel, `bankGroups` per rank,
 * `banksPerGroup` per bank group, `rows` and `columns` per bank. Standards without bank groups
 * (DDR3, LPDDR4) have `bankGroups: 1`.
 */
export interface DramOrganization {
  channels: number;
  ranks: number;
  bankGroups: number;
  banksPerGroup: number;
  rows: number;
  /** Columns per row of one device; one column is `deviceWidthBits` bits of one device. */
  columns: number;
  /** DQ pins per device (x4, x8, x16). */
  deviceWidthBits: number;
  /** Devices that together drive one rank's data bus. */
  devicesPerRank: number;
  /** Data bus width of one channel; equals deviceWidthBits * devicesPerRank. */
  busWidthBits: number;
  /** Beats per read or write (BL8 for DDR3/DDR4, BL16 for LPDDR4). */
  burstLength: number;
}

/**
 * Timing constraints in memory-clock cycles (tCK), named as DRAMSys memspecs and JEDEC name them
 * (without the leading "t"). Standards without bank groups give equal _S and _L values.
 */
export interface DramTimingCycles {
  /** READ to first data (CAS latency; DRAMSys RL). */
  CL: number;
  /** WRITE to first data (CAS write latency, CWL; DRAMSys WL). */
  WL: number;
  /** ACT to READ/WRITE in the same bank. */
  RCD: number;
  /** PRE to ACT in the same bank (per-bank precharge). */
  RP: number;
  /** ACT to PRE in the same bank (minimum row-open time). */
  RAS: number;
  /** ACT to ACT in the same bank. */
  RC: number;
  /** ACT to ACT in different bank groups of one rank. */
  RRD_S: number;
  /** ACT to ACT in the same bank group. */
  RRD_L: number;
  /** READ to READ (or WRITE to WRITE) in different bank groups. */
  CCD_S: number;
  /** READ to READ (or WRITE to WRITE) in the same bank group. */
  CCD_L: number;
  /** End of write data to READ, different bank groups. */
  WTR_S: number;
  /** End of write data to READ, same bank group. */
  WTR_L: number;
  /** Window in which at most four ACTs may be issued to one rank. */
  FAW: number;
  /** End of write data to PRE in the same bank (write recovery). */
  WR: number;
  /** READ to PRE in the same bank. */
  RTP: number;
  /** All-bank REFRESH to any next valid command (tRFC, tRFCab for LPDDR4). */
  RFC: number;
  /** Per-bank REFRESH duration, for standards that have per-bank refresh (LPDDR4). */
  RFCpb?: number;
  /** Average interval between all-bank REFRESH commands. */
  REFI: number;
  /** Average interval between per-bank REFRESH commands, where the standard has them. */
  REFIpb?: number;
  /** Precharge-all duration, where it differs from RP (LPDDR4 tRPab). */
  RPab?: number;
  /** Power-down exit to next valid command. */
  XP: number;
  /** Self-refresh exit to next valid command (tXS; LPDDR4 tXSR). */
  XS: number;
  /** Minimum CKE low or high pulse width. */
  CKE: number;
  /** Extra cycles between data bursts of different ranks (rank-to-rank switch). */
  RTRS: number;
  /** Cycles one burst occupies the data bus: burstLength / 2 for double data rate. */
  burstCycles: number;
}

/** One supply rail and the IDD currents drawn from it per device, in mA (datasheet conditions). */
export interface DramPowerRail {
  /** Rail name as the datasheet spells it: VDD, VDD1, VDD2, VPP. */
  name: string;
  voltageV: number;
  /** One-bank ACT-PRE cycling at tRC. */
  idd0mA: number;
  /** Precharge (all banks closed) standby. */
  idd2nmA: number;
  /** Active (a row open) standby. */
  idd3nmA: number;
  /** Burst read. */
  idd4rmA: number;
  /** Burst write. */
  idd4wmA: number;
  /** Burst (all-bank) refresh at tRFC. */
  idd5mA: number;
  /** Precharge power-down (all banks closed), fast exit (IDD2P1 where the datasheet splits it). */
  idd2pmA: number;
  /** Active power-down (a row open), fast exit (IDD3P1). */
  idd3pmA: number;
  /** Self refresh. */
  idd6mA: number;
}

/** A complete, named standard preset. */
export interface DramStandard {
  /** Lookup name, e.g. "DDR4-2400". */
  name: string;
  family: DramFamily;
  /** The concrete part or JEDEC configuration the numbers come from. */
  part: string;
  organization: DramOrganization;
  /** Memory (command) clock; the data rate is twice this for all families here. */
  clockMHz: number;
  /** Clock period as the source states it (may be rounded, e.g. 0.833 ns for 1200 MHz). */
  tCKns: number;
  /** Data transfers per clock (2 for double data rate). */
  dataRate: number;
  timingCycles: DramTimingCycles;
  /**
   * Supply rails in the order the source lists them; the energy model sums over all of them
   * (E = sum over rails of V * devices * tCK * [IDD terms]).
   */
  powerRails: DramPowerRail[];
  /** Where each group of numbers comes from, and any doubts about them. */
  sources: {
    organization: string;
    timing: string;
    currents: string;
    /** Values that are approximate, derived or disputed, stated plainly. */
    caveats: string[];
  };
}
