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
  /**
   * Pending auto-precharge closes per rank (at most one per bank), kept sorted: slots
   * [rank * banksPerRank, rank * banksPerRank + pendingCount[rank]).
   */
  private readonly pending: Float64Array;
  private readonly pendingCount: Int32Array;

  constructor(
    readonly ranks: number,
    private readonly banksPerRank: number,
  ) {
    this.openBanks = new Int32Array(ranks);
    this.openSince = new Float64Array(ranks);
    this.activeCycles = new Float64Array(ranks);
    this.pending = new Float64Array(ranks * banksPerRank);
    this.pendingCount = new Int32Array(ranks);
  }

  private applyPendingUpTo(rank: number, at: number): void {
    const count = this.pendingCount[rank];
    if (count === 0) return;
    const base = rank * this.banksPerRank;
    let applied = 0;
    while (applied < count && this.pending[base + applied] <= at) this.closeNow(rank, this.pending[base + applied++]);
    if (applied === 0) return;
    // A plain loop: few closes wait, and copyWithin's call costs more than the copy.
    for (let i = applied; i < count; i++) this.pending[base + i - applied] = this.pending[base + i];
    this.pendingCount[rank] = count - applied;
  }

  /** Inserts a future close in order (closes mostly arrive in time order: usually an append). */
  private addPending(rank: number, at: number): void {
    const base = rank * this.banksPerRank;
    let i = this.pendingCount[rank]++;
    while (i > 0 && this.pending[base + i - 1] > at) {
      this.pending[base + i] = this.pending[base + i - 1];
      i--;
    }
    this.pending[base + i] = at;
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
    else this.addPending(rank, at);
  }

  /** Cycles with at least one bank open in `rank`, over [0, end). */
  activeUntil(rank: number, end: number): number {
    this.applyPendingUpTo(rank, end);
    let total = this.activeCycles[rank];
    if (this.openBanks[rank] > 0) total += end - this.openSince[rank];
    return total;
  }
}
