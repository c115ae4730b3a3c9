/**
 * The timing checker: for every command and every bank, the earliest cycle at which the command is
 * legal, kept as "next allowed" cycles per level (bank, bank group, rank, channel) that each issued
 * command pushes forward (the Ramulator way: earliest = the max over the levels, four array reads).
 *
 * Constraints (cycles of the memory clock; BL = burstCycles, RL = CL):
 * - same bank: ACT->ACT RC, ACT->RD/WR RCD, ACT->PRE RAS, RD->PRE RTP, WR->PRE WL+BL+WR, PRE->ACT RP;
 *   a RD/WR with auto-precharge (RDA/WRA) precharges at max(the RTP or write-recovery point,
 *   ACT+RAS), and the bank can be activated RP after that;
 * - same bank group: ACT->ACT RRD_L, RD->RD and WR->WR CCD_L, WR->RD WL+BL+WTR_L;
 * - same rank: ACT->ACT RRD_S, at most four ACTs in any FAW window, RD->RD and WR->WR CCD_S,
 *   WR->RD WL+BL+WTR_S, RD->WR RL+BL+2-WL (the read-to-write bus turnaround of JESD79-3/4),
 *   PRE(all)->REF RP, REF->ACT and REF->REF RFC (all-bank), REFpb->ACT of that bank RFCpb;
 * - other ranks of the channel (data-bus hand-over): RD->RD and WR->WR BL+RTRS,
 *   RD->WR RL+BL+RTRS-WL, WR->RD WL+BL+RTRS-RL;
 * - channel: one command per cycle on the command bus.
 * Bank groups of standards without them (DDR3) are one group with _S = _L, so the same code holds.
 */
import type { DramStandard } from '../standards/index.js';

/**
 * Command kinds, the indices of the per-level tables. A const enum compiles to literals: in
 * optimized code a module-level constant costs a context load and a check at every use.
 */
export const enum Kind {
  ACT = 0,
  PRE = 1,
  RD = 2,
  WR = 3,
  REF = 4,
}
export const ACT = Kind.ACT;
export const PRE = Kind.PRE;
export const RD = Kind.RD;
export const WR = Kind.WR;
export const REF = Kind.REF;
/** Command kinds indexed by the constants above. */
export const COMMAND_KINDS = 5;

/** Timing parameters the checker uses, in cycles. */
interface Timings {
  cl: number;
  wl: number;
  bl: number;
  rcd: number;
  rp: number;
  ras: number;
  rc: number;
  rrdS: number;
  rrdL: number;
  ccdS: number;
  ccdL: number;
  wtrS: number;
  wtrL: number;
  faw: number;
  wr: number;
  rtp: number;
  rfc: number;
  rfcPb: number;
  rtrs: number;
}

function timingsOf(standard: DramStandard): Timings {
  const t = standard.timingCycles;
  return {
    cl: t.CL,
    wl: t.WL,
    bl: t.burstCycles,
    rcd: t.RCD,
    rp: t.RP,
    ras: t.RAS,
    rc: t.RC,
    rrdS: t.RRD_S,
    rrdL: t.RRD_L,
    ccdS: t.CCD_S,
    ccdL: t.CCD_L,
    wtrS: t.WTR_S,
    wtrL: t.WTR_L,
    faw: t.FAW,
    wr: t.WR,
    rtp: t.RTP,
    rfc: t.RFC,
    rfcPb: t.RFCpb ?? t.RFC,
    rtrs: t.RTRS,
  };
}

/**
 * Banks are numbered globally: bank = ((channel * ranks + rank) * bankGroups + group) * banksPerGroup + b.
 */
export class TimingChecker {
  readonly t: Timings;
  readonly banksPerGroup: number;
  readonly banksPerRank: number;
  readonly ranksPerChannel: number;
  readonly banks: number;
  readonly groups: number;
  readonly ranks: number;
  readonly channels: number;
  /** next[kind][node]: earliest cycle for the command at that node of each level. */
  private readonly bankNext: Float64Array;
  private readonly groupNext: Float64Array;
  private readonly rankNext: Float64Array;
  /** Next free command-bus cycle per channel. */
  private readonly commandBusNext: Float64Array;
  /** Last ACT cycle per bank (for auto-precharge timing). */
  readonly lastActivate: Float64Array;
  /** The cycle at which the last RDA/WRA closes its bank. */
  lastAutoPrechargeCycle = 0;
  /** Bank group, rank and channel of each bank, looked up rather than divided on every check. */
  readonly groupOfBank: Int32Array;
  readonly rankOfBank: Int32Array;
  private readonly channelOfBank: Int32Array;
  /** Channel of each rank, looked up likewise. */
  private readonly channelOfRankIndex: Int32Array;
  /** The last four ACT cycles per rank, a ring (for FAW). */
  private readonly fawRing: Float64Array;
  private readonly fawHead: Int32Array;

  constructor(standard: DramStandard) {
    this.t = timingsOf(standard);
    const o = standard.organization;
    this.banksPerGroup = o.banksPerGroup;
    this.banksPerRank = o.bankGroups * o.banksPerGroup;
    this.ranksPerChannel = o.ranks;
    this.channels = o.channels;
    this.ranks = o.channels * o.ranks;
    this.groups = this.ranks * o.bankGroups;
    this.banks = this.ranks * this.banksPerRank;
    this.bankNext = new Float64Array(COMMAND_KINDS * this.banks);
    this.groupNext = new Float64Array(COMMAND_KINDS * this.groups);
    this.rankNext = new Float64Array(COMMAND_KINDS * this.ranks);
    this.commandBusNext = new Float64Array(this.channels);
    this.lastActivate = new Float64Array(this.banks).fill(-Infinity);
    this.groupOfBank = new Int32Array(this.banks);
    this.rankOfBank = new Int32Array(this.banks);
    this.channelOfBank = new Int32Array(this.banks);
    for (let b = 0; b < this.banks; b++) {
      this.groupOfBank[b] = Math.floor(b / this.banksPerGroup);
      this.rankOfBank[b] = Math.floor(b / this.banksPerRank);
      this.channelOfBank[b] = Math.floor(this.rankOfBank[b] / this.ranksPerChannel);
    }
    this.channelOfRankIndex = new Int32Array(this.ranks);
    for (let r = 0; r < this.ranks; r++) this.channelOfRankIndex[r] = Math.floor(r / this.ranksPerChannel);
    this.fawRing = new Float64Array(4 * this.ranks).fill(-Infinity);
    this.fawHead = new Int32Array(this.ranks);
  }

  groupOf(bank: number): number {
    return this.groupOfBank[bank];
  }

  rankOf(bank: number): number {
    return this.rankOfBank[bank];
  }

  channelOfRank(rank: number): number {
    return this.channelOfRankIndex[rank];
  }

  /** Earliest cycle for command `kind` (Kind.ACT, Kind.PRE, Kind.RD, WR) on `bank`. */
  earliest(kind: number, bank: number): number {
    let e = this.bankNext[kind * this.banks + bank];
    const eg = this.groupNext[kind * this.groups + this.groupOfBank[bank]];
    if (eg > e) e = eg;
    const er = this.rankNext[kind * this.ranks + this.rankOfBank[bank]];
    if (er > e) e = er;
    const ec = this.commandBusNext[this.channelOfBank[bank]];
    return ec > e ? ec : e;
  }

  /** Earliest cycle for `kind` on `bank` by the bank's own constraints only. */
  earliestByBank(kind: number, bank: number): number {
    return this.bankNext[kind * this.banks + bank];
  }

  /** Earliest cycle for `kind` on `bank` by its bank group, rank and command bus. */
  earliestBySharedLevels(kind: number, bank: number): number {
    let e = this.groupNext[kind * this.groups + this.groupOfBank[bank]];
    const er = this.rankNext[kind * this.ranks + this.rankOfBank[bank]];
    if (er > e) e = er;
    const ec = this.commandBusNext[this.channelOfBank[bank]];
    return ec > e ? ec : e;
  }

  /** Earliest cycle for `kind` in `rank` by the rank and command-bus constraints (the same for all its banks). */
  earliestByRank(kind: number, rank: number): number {
    const e = this.rankNext[kind * this.ranks + rank];
    const ec = this.commandBusNext[this.channelOfRankIndex[rank]];
    return ec > e ? ec : e;
  }

  /** Earliest cycle for `kind` in bank group `group` by the bank group's constraints alone. */
  earliestByGroup(kind: number, group: number): number {
    return this.groupNext[kind * this.groups + group];
  }

  /** Earliest cycle for an all-bank REFRESH of `rank` (its banks must be closed first). */
  earliestRefresh(rank: number): number {
    const e = this.rankNext[Kind.REF * this.ranks + rank];
    const ec = this.commandBusNext[this.channelOfRank(rank)];
    return ec > e ? ec : e;
  }

  /** Earliest cycle for a precharge-all of `rank`: every bank's PRE constraint. */
  earliestPrechargeAll(rank: number): number {
    let e = this.commandBusNext[this.channelOfRank(rank)];
    const first = rank * this.banksPerRank;
    for (let b = first; b < first + this.banksPerRank; b++) {
      const eb = this.earliest(Kind.PRE, b);
      if (eb > e) e = eb;
    }
    return e;
  }

  private push(arr: Float64Array, index: number, cycle: number): void {
    if (cycle > arr[index]) arr[index] = cycle;
  }

  private bank(kind: number, bank: number, cycle: number): void {
    this.push(this.bankNext, kind * this.banks + bank, cycle);
  }

  private group(kind: number, group: number, cycle: number): void {
    this.push(this.groupNext, kind * this.groups + group, cycle);
  }

  private rank(kind: number, rank: number, cycle: number): void {
    this.push(this.rankNext, kind * this.ranks + rank, cycle);
  }

  private useCommandBus(rank: number, at: number): void {
    this.commandBusNext[this.channelOfRank(rank)] = at + 1;
  }

  activate(bank: number, at: number): void {
    const t = this.t;
    const g = this.groupOf(bank);
    const r = this.rankOf(bank);
    this.useCommandBus(r, at);
    this.lastActivate[bank] = at;
    this.bank(Kind.ACT, bank, at + t.rc);
    this.bank(Kind.RD, bank, at + t.rcd);
    this.bank(Kind.WR, bank, at + t.rcd);
    this.bank(Kind.PRE, bank, at + t.ras);
    this.group(Kind.ACT, g, at + t.rrdL);
    this.rank(Kind.ACT, r, at + t.rrdS);
    // FAW: after this ACT, the next one waits for the 4th-latest ACT (this one included) + FAW.
    const ring = r * 4;
    const head = this.fawHead[r];
    this.fawRing[ring + head] = at;
    const next = (head + 1) & 3;
    this.fawHead[r] = next;
    this.rank(Kind.ACT, r, this.fawRing[ring + next] + t.faw);
    // A refresh needs the rank closed; the PRE that closes this row comes at least RAS later.
    this.rank(Kind.REF, r, at + t.rc);
  }

  precharge(bank: number, at: number): void {
    this.useCommandBus(this.rankOf(bank), at);
    this.closeBank(bank, at);
  }

  /** The effect of a bank being precharged at `at` (an explicit PRE or an auto-precharge). */
  private closeBank(bank: number, at: number): void {
    this.bank(Kind.ACT, bank, at + this.t.rp);
    this.rank(Kind.REF, this.rankOf(bank), at + this.t.rp);
  }

  /** A READ (with auto-precharge when `autoPrecharge`). Returns the cycle its data burst ends. */
  read(bank: number, at: number, autoPrecharge: boolean): number {
    const t = this.t;
    const g = this.groupOf(bank);
    const r = this.rankOf(bank);
    this.useCommandBus(r, at);
    this.group(Kind.RD, g, at + t.ccdL);
    this.group(Kind.WR, g, at + t.cl + t.bl + 2 - t.wl);
    this.rank(Kind.RD, r, at + t.ccdS);
    this.rank(Kind.WR, r, at + t.cl + t.bl + 2 - t.wl);
    this.otherRanks(r, Kind.RD, at + t.bl + t.rtrs);
    this.otherRanks(r, Kind.WR, at + t.cl + t.bl + t.rtrs - t.wl);
    this.bank(Kind.PRE, bank, at + t.rtp);
    if (autoPrecharge) this.autoPrecharge(bank, Math.max(at + t.rtp, this.lastActivate[bank] + t.ras));
    return at + t.cl + t.bl;
  }

  /** A WRITE (with auto-precharge when `autoPrecharge`). Returns the cycle its data burst ends. */
  write(bank: number, at: number, autoPrecharge: boolean): number {
    const t = this.t;
    const g = this.groupOf(bank);
    const r = this.rankOf(bank);
    this.useCommandBus(r, at);
    const dataEnd = at + t.wl + t.bl;
    this.group(Kind.WR, g, at + t.ccdL);
    this.group(Kind.RD, g, dataEnd + t.wtrL);
    this.rank(Kind.WR, r, at + t.ccdS);
    this.rank(Kind.RD, r, dataEnd + t.wtrS);
    this.otherRanks(r, Kind.WR, at + t.bl + t.rtrs);
    this.otherRanks(r, Kind.RD, at + t.wl + t.bl + t.rtrs - t.cl);
    this.bank(Kind.PRE, bank, dataEnd + t.wr);
    if (autoPrecharge) this.autoPrecharge(bank, Math.max(dataEnd + t.wr, this.lastActivate[bank] + t.ras));
    return dataEnd;
  }

  private autoPrecharge(bank: number, at: number): void {
    this.lastAutoPrechargeCycle = at;
    this.closeBank(bank, at);
  }

  private otherRanks(rank: number, kind: number, cycle: number): void {
    if (this.ranksPerChannel === 1) return;
    const first = this.channelOfRank(rank) * this.ranksPerChannel;
    for (let r = first; r < first + this.ranksPerChannel; r++) if (r !== rank) this.rank(kind, r, cycle);
  }

  /** Precharge-all of `rank` at `at`: every bank closes. */
  prechargeAll(rank: number, at: number): void {
    this.useCommandBus(rank, at);
    const first = rank * this.banksPerRank;
    for (let b = first; b < first + this.banksPerRank; b++) this.closeBank(b, at);
  }

  /** All-bank REFRESH of `rank` at `at`: no ACT or REF in the rank for RFC. */
  refreshAll(rank: number, at: number): void {
    this.useCommandBus(rank, at);
    this.rank(Kind.ACT, rank, at + this.t.rfc);
    this.rank(Kind.REF, rank, at + this.t.rfc);
  }

  /** No command to `rank` before `cycle` (e.g. the power-down exit time XP). */
  holdRank(rank: number, cycle: number): void {
    for (let kind = 0; kind < COMMAND_KINDS; kind++) this.rank(kind, rank, cycle);
  }

  /** Per-bank REFRESH of `bank` at `at`: the bank cannot be activated for RFCpb. */
  refreshBank(bank: number, at: number): void {
    this.useCommandBus(this.rankOf(bank), at);
    this.bank(Kind.ACT, bank, at + this.t.rfcPb);
  }

  /** Earliest cycle for a per-bank REFRESH of a closed `bank`. */
  earliestRefreshBank(bank: number): number {
    return this.earliest(Kind.ACT, bank);
  }
}
