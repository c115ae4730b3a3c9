/**
 * Per-rank "some bank is open" time, for the background current (IDD3N while any bank of the rank
 * holds an open row, IDD2N while all are precharged, as DRAMPower counts it).
 *
 * Events arrive in time order (commands are issued in time order), except that an auto-precharge
 * closes its bank at a known later cycle; those closes wait in a small per-rank list and are
 * applied, in time order, before any later event of the rank.
 */
export class OpenBankTime {
  private readonly openBanks: Int32Array;
  private readonly openSince: Float64Array;
  private readonly activeCycles: Float64Array;
  /** Pending auto-precharge closes per rank (at most one per bank). */
  private readonly pending: number[][];

  constructor(readonly ranks: number) {
    this.openBanks = new Int32Array(ranks);
    this.openSince = new Float64Array(ranks);
    this.activeCycles = new Float64Array(ranks);
    this.pending = Array.from({ length: ranks }, () => []);
  }

  private applyPendingUpTo(rank: number, at: number): void {
    const list = this.pending[rank];
    if (list.length === 0) return;
    list.sort((a, b) => a - b);
    let applied = 0;
    while (applied < list.length && list[applied] <= at) this.closeNow(rank, list[applied++]);
    if (applied > 0) list.splice(0, applied);
  }

  private closeNow(rank: number, at: number): void {
    if (--this.openBanks[rank] === 0) this.activeCycles[rank] += at - this.openSince[rank];
  }

  opened(rank: number, at: number): void {
    this.applyPendingUpTo(rank, at);
    if (this.openBanks[rank]++ === 0) this.openSince[rank] = at;
  }

  /** A bank closes at `at` (explicit PRE now, or an auto-precharge at a later cycle). */
  closed(rank: number, at: number, now: number): void {
    this.applyPendingUpTo(rank, now);
    if (at <= now) this.closeNow(rank, at);
    else this.pending[rank].push(at);
  }

  /** Cycles with at least one bank open in `rank`, over [0, end). */
  activeUntil(rank: number, end: number): number {
    this.applyPendingUpTo(rank, end);
    let total = this.activeCycles[rank];
    if (this.openBanks[rank] > 0) total += end - this.openSince[rank];
    return total;
  }
}
