/**
 * Refresh, per rank. Every REFI (AllBank) or REFIpb (PerBank, banks in turn) one refresh falls due.
 * A due refresh is owed; what happens to it:
 * - the rank has no queued request: it is issued at once (closing the open rows first: a
 *   precharge-all, or a PRE of the one bank for PerBank);
 * - the rank is busy: it is postponed, as long as no more than RefreshMaxPostponed are owed;
 *   one more makes the refresh urgent: the rank (PerBank: the bank) takes no other command until
 *   every owed refresh has been issued, back to back;
 * - with nothing owed and the rank idle while work remains, up to RefreshMaxPulledin refreshes are
 *   issued early; each one pulled in cancels a later due one.
 * PerBank counts in per-bank refreshes, so its limits are RefreshMaxPostponed and
 * RefreshMaxPulledin times the banks per rank (one all-bank refresh's worth each), as DRAMSys does.
 */
import type { DramStandard } from '../standards/index.js';
import type { ControllerKnobs } from './knobs.js';
import { Kind, TimingChecker } from './timing.js';

/** The refresh manager's next action (a const enum: uses compile to literals). */
const enum Action {
  NONE = 0,
  PRECHARGE = 1,
  REFRESH = 2,
}

export class RefreshManager {
  private readonly enabled: boolean;
  private readonly perBank: boolean;
  private readonly interval: number;
  private readonly maxPostponed: number;
  private readonly maxPulledIn: number;
  private readonly banksPerRank: number;
  private readonly ranks: number;
  private readonly nextTick: Float64Array;
  /** The smallest nextTick: ticks before it have nothing to count. */
  private firstTick: number;
  private readonly owed: Int32Array;
  /**
   * Refreshes owed, summed over the ranks (read by the controller, written here only). With none
   * owed, refresh has nothing to do for a busy rank and no rank is urgent.
   */
  owedInAll = 0;
  private readonly pulledIn: Int32Array;
  private readonly urgent: Uint8Array;
  /**
   * No rank is urgent or owes more than it may postpone (read by the controller, written here
   * only). Then refresh has nothing to do for a busy rank, and none becomes urgent before the next
   * tick or refresh: while every rank is busy, nextActionCycle would return Infinity and change
   * nothing.
   */
  quietWhileBusy = true;
  /** PerBank: the bank (within the rank) refreshed next. */
  private readonly turn: Int32Array;
  private readonly refreshes: Float64Array;
  private readonly perBankRefreshes: Float64Array;
  private readonly precharges: Float64Array;
  // The action chosen by nextActionCycle, carried out by issue.
  private actionRank = -1;
  private actionKind = Action.NONE;
  private issuedRank = 0;
  private issuedKind = Action.NONE;
  private issuedBank = 0;

  constructor(
    standard: DramStandard,
    knobs: ControllerKnobs,
    private readonly checker: TimingChecker,
  ) {
    const t = standard.timingCycles;
    this.enabled = knobs.RefreshPolicy !== 'NoRefresh';
    this.perBank = knobs.RefreshPolicy === 'PerBank';
    this.banksPerRank = checker.banksPerRank;
    if (this.perBank && (t.RFCpb === undefined || t.REFIpb === undefined)) {
      throw new RangeError(`RefreshPolicy PerBank needs a standard with per-bank refresh (RFCpb, REFIpb); ${standard.name} has none: use AllBank or NoRefresh`);
    }
    this.interval = this.perBank ? t.REFIpb! : t.REFI;
    const scale = this.perBank ? this.banksPerRank : 1;
    this.maxPostponed = knobs.RefreshMaxPostponed * scale;
    this.maxPulledIn = knobs.RefreshMaxPulledin * scale;
    this.ranks = checker.ranks;
    this.nextTick = new Float64Array(this.ranks).fill(this.enabled ? this.interval : Infinity);
    this.firstTick = this.ranks > 0 && this.enabled ? this.interval : Infinity;
    this.owed = new Int32Array(this.ranks);
    this.pulledIn = new Int32Array(this.ranks);
    this.urgent = new Uint8Array(this.ranks);
    this.turn = new Int32Array(this.ranks);
    this.refreshes = new Float64Array(this.ranks);
    this.perBankRefreshes = new Float64Array(this.ranks);
    this.precharges = new Float64Array(this.ranks);
  }

  /** The next cycle at which a refresh falls due, or Infinity. */
  nextTickCycle(): number {
    return this.firstTick;
  }

  /** Counts the refreshes due by `now`. Returns whether anything changed. */
  tick(now: number, _queuedPerRank: Int32Array, workRemains: boolean): boolean {
    if (!this.enabled || !workRemains || now < this.firstTick) return false;
    let changed = false;
    let first = Infinity;
    for (let r = 0; r < this.ranks; r++) {
      while (this.nextTick[r] <= now) {
        this.nextTick[r] += this.interval;
        if (this.pulledIn[r] > 0) this.pulledIn[r]--;
        else {
          this.owed[r]++;
          this.owedInAll++;
        }
        changed = true;
      }
      if (this.nextTick[r] < first) first = this.nextTick[r];
    }
    this.firstTick = first;
    if (changed) this.updateQuiet();
    return changed;
  }

  /** Urgent once more than the allowed refreshes are owed, and until all owed ones are issued. */
  private isUrgent(rank: number): boolean {
    const owed = this.owed[rank];
    return owed > this.maxPostponed || (this.urgent[rank] === 1 && owed > 0);
  }

  private updateQuiet(): void {
    let quiet = true;
    for (let r = 0; r < this.ranks; r++) if (this.urgent[r] === 1 || this.owed[r] > this.maxPostponed) quiet = false;
    this.quietWhileBusy = quiet;
  }

  /** Does refresh have something to issue for an idle `rank` now (an owed or a pulled-in one)? */
  hasWorkFor(rank: number, workRemains: boolean): boolean {
    if (!this.enabled) return false;
    if (this.owed[rank] > 0) return true;
    return workRemains && this.pulledIn[rank] < this.maxPulledIn;
  }

  /** Is any rank's refresh urgent (so that some banks are held back)? */
  anyUrgent(): boolean {
    for (let r = 0; r < this.ranks; r++) if (this.urgent[r]) return true;
    return false;
  }

  /** Is `bank` held back by an urgent refresh? */
  blocks(bank: number): boolean {
    const r = this.checker.rankOf(bank);
    if (!this.urgent[r]) return false;
    return !this.perBank || bank - r * this.banksPerRank === this.turn[r];
  }

  private targetBank(rank: number): number {
    return rank * this.banksPerRank + this.turn[rank];
  }

  /** When the next refresh command (a precharge or a refresh) can issue, or Infinity; sets urgency. */
  nextActionCycle(now: number, queuedPerRank: Int32Array, openRow: Int32Array, workRemains: boolean): number {
    this.actionRank = -1;
    this.actionKind = Action.NONE;
    if (!this.enabled) return Infinity;
    let best = Infinity;
    for (let r = 0; r < this.ranks; r++) {
      const idle = queuedPerRank[r] === 0;
      const owed = this.owed[r];
      if (owed === 0 && !idle) {
        // The common case, made quick: nothing owed and the rank busy, so nothing to do or urgent.
        this.urgent[r] = 0;
        continue;
      }
      this.urgent[r] = this.isUrgent(r) ? 1 : 0;
      const due = owed > 0 && (this.urgent[r] === 1 || idle);
      const pullIn = owed === 0 && idle && workRemains && this.pulledIn[r] < this.maxPulledIn;
      if (!due && !pullIn) continue;
      let kind: number;
      let at: number;
      if (this.perBank) {
        const bank = this.targetBank(r);
        if (openRow[bank] >= 0) {
          kind = Action.PRECHARGE;
          at = this.checker.earliest(Kind.PRE, bank);
        } else {
          kind = Action.REFRESH;
          at = this.checker.earliestRefreshBank(bank);
        }
      } else {
        const first = r * this.banksPerRank;
        let anyOpen = false;
        for (let b = first; b < first + this.banksPerRank && !anyOpen; b++) anyOpen = openRow[b] >= 0;
        kind = anyOpen ? Action.PRECHARGE : Action.REFRESH;
        at = anyOpen ? this.checker.earliestPrechargeAll(r) : this.checker.earliestRefresh(r);
      }
      if (at < now) at = now;
      if (at < best) {
        best = at;
        this.actionRank = r;
        this.actionKind = kind;
      }
    }
    this.updateQuiet();
    return best;
  }

  /** The rank of the last issued action. */
  lastRank(): number {
    return this.issuedRank;
  }

  /** The last issued command's name: PREA or REF (AllBank), PRE or REFPB (PerBank). */
  lastCommand(): 'PRE' | 'PREA' | 'REF' | 'REFPB' {
    if (this.issuedKind === Action.PRECHARGE) return this.perBank ? 'PRE' : 'PREA';
    return this.perBank ? 'REFPB' : 'REF';
  }

  /** The bank of the last issued action (PerBank), or the rank's first bank (AllBank). */
  lastCommandBank(): number {
    return this.issuedBank;
  }

  /** Issues the action chosen by nextActionCycle at `now`; returns the banks it closed. */
  issue(now: number, openRow: Int32Array): number[] {
    const r = this.actionRank;
    this.issuedRank = r;
    this.issuedKind = this.actionKind;
    this.issuedBank = this.perBank ? this.targetBank(r) : r * this.banksPerRank;
    const closed: number[] = [];
    if (this.actionKind === Action.PRECHARGE) {
      if (this.perBank) {
        const bank = this.targetBank(r);
        this.checker.precharge(bank, now);
        closed.push(bank);
      } else {
        const first = r * this.banksPerRank;
        for (let b = first; b < first + this.banksPerRank; b++) if (openRow[b] >= 0) closed.push(b);
        this.checker.prechargeAll(r, now);
      }
      this.precharges[r]++;
    } else if (this.actionKind === Action.REFRESH) {
      if (this.perBank) {
        this.checker.refreshBank(this.targetBank(r), now);
        this.turn[r] = (this.turn[r] + 1) % this.banksPerRank;
        this.perBankRefreshes[r]++;
      } else {
        this.checker.refreshAll(r, now);
        this.refreshes[r]++;
      }
      if (this.owed[r] > 0) {
        this.owed[r]--;
        this.owedInAll--;
      } else this.pulledIn[r]++;
      this.urgent[r] = this.isUrgent(r) ? 1 : 0;
      this.updateQuiet();
    } else {
      throw new Error('refresh issue without a chosen action (internal error)');
    }
    this.actionKind = Action.NONE;
    return closed;
  }

  /** Precharges issued for refresh in `rank` since the last call. */
  takePrechargeCount(rank: number): number {
    const n = this.precharges[rank];
    this.precharges[rank] = 0;
    return n;
  }

  countsOf(rank: number): { refreshes: number; perBankRefreshes: number } {
    return { refreshes: this.refreshes[rank], perBankRefreshes: this.perBankRefreshes[rank] };
  }
}
