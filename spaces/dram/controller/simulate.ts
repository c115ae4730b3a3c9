/**
 * The memory controller, cycle-accurate and event-driven: time jumps from one event (a request
 * offered, a command legal, a response, a refresh tick) to the next instead of stepping every
 * cycle, which is what makes millions of requests per second possible.
 *
 * Semantics (DRAMSys 5's controller, as docs/models/dram.md states them in full):
 * - The trace player offers requests in trace order, each at its arrival cycle or, under
 *   backpressure, as soon as it is accepted; a blocked request blocks the ones behind it. At most
 *   one request is accepted per cycle.
 * - Acceptance needs a slot in the scheduler buffer (SchedulerBuffer: Bankwise = RequestBufferSize
 *   per bank, ReadWrite = RequestBufferSize for reads and as many for writes, Shared =
 *   RequestBufferSize in all) and, with the Fifo or Reorder arbiter, fewer than
 *   MaxActiveTransactions requests outstanding (accepted and not yet answered).
 * - A request leaves the buffer when its READ or WRITE command issues.
 * - Each bank serves the request its scheduler picks (Fifo: the oldest of the bank; FrFcfs: the
 *   oldest row hit, else the oldest; FrFcfsGrp: the oldest row hit in the direction of the last
 *   READ/WRITE, else the oldest hit, else the oldest) with the next command it needs (ACT, PRE or
 *   READ/WRITE). Among the commands legal at the earliest cycle, a pending refresh goes first,
 *   then the command of the oldest request (CmdMux Oldest). CmdMux Strict also issues READs and
 *   WRITEs in acceptance order.
 * - Page policy at each READ/WRITE: Open keeps the row open; Closed auto-precharges;
 *   OpenAdaptive auto-precharges when no other queued request of the bank hits the row and some
 *   other request of the bank waits; ClosedAdaptive auto-precharges unless another queued
 *   request hits the row.
 * - A read completes when its data burst ends (issue + CL + burst cycles), a write when its data
 *   has been written (issue + WL + burst cycles). Responses go back one per cycle, in completion
 *   order (RespQueue Fifo) or in acceptance order (RespQueue Reorder, or the Reorder arbiter).
 *   Latency = response cycle - arrival cycle, so time waiting for acceptance counts.
 * - Refresh (refresh.ts) every REFI per rank (AllBank) or REFI/banks per bank in turn (PerBank).
 */
import { banksPerRank as banksPerRankOf, type DramStandard } from '../standards/index.js';
import { OpenBankTime } from './background.js';
import { rankEnergyPj, type CommandCounts } from './energy.js';
import { checkKnobs, type ControllerKnobs } from './knobs.js';
import { CompletionQueue } from './completions.js';
import { LatencySamples, type LatencySummary } from './latency.js';
import { PowerDownManager } from './power-down.js';
import { RefreshManager } from './refresh.js';
import { RequestStore } from './request-store.js';
import { Kind, TimingChecker } from './timing.js';

/** One request as the controller sees it: already decoded to a global bank and a row. */
export interface FeedRequest {
  /** Cycle of the memory clock at which the trace offers it. */
  arrivalCycle: number;
  isWrite: boolean;
  /** ((channel * ranks + rank) * bankGroups + bankGroup) * banksPerGroup + bank. */
  bank: number;
  row: number;
}

/** Requests in trace order; `next` fills `out` and returns false at the end. */
export interface RequestFeed {
  next(out: FeedRequest): boolean;
}

export interface ControllerResult {
  requests: number;
  reads: number;
  writes: number;
  /** Cycle of the last response (everything drained). */
  totalCycles: number;
  readLatencyCycles: LatencySummary;
  writeLatencyCycles: LatencySummary;
  rowHits: number;
  rowMisses: number;
  rowConflicts: number;
  commands: CommandCounts;
  energyPj: number;
  backgroundEnergyPj: number;
}

// The constants of the hot loops are const enums: they compile to literals, where a module-level
// constant would cost a context load and a check at every use in optimized code.
const enum Lists {
  /** Command kinds (ACT, PRE, RD, WR) with a ready list per rank. */
  READY_KINDS = 4,
  /** No bank: the end of a list, or the list of a bank in none. */
  NIL = -1,
}

/** What a request needed before its READ or WRITE (flag bits). */
const enum Saw {
  ACT = 1,
  PRE = 2,
}

/** The open row of a bank with none open. */
const enum Row {
  CLOSED = -1,
}

/** The scheduler knob as a number: the hot paths compare numbers rather than strings. */
const enum Sched {
  FIFO = 0,
  FR_FCFS = 1,
  FR_FCFS_GRP = 2,
}

/** The page-policy knob as a number. */
const enum Page {
  OPEN = 0,
  CLOSED = 1,
  OPEN_ADAPTIVE = 2,
  CLOSED_ADAPTIVE = 3,
}

/** A command as issued, for logs and checks. */
export type CommandName = 'ACT' | 'PRE' | 'RD' | 'WR' | 'RDA' | 'WRA' | 'PREA' | 'REF' | 'REFPB' | 'PDE' | 'PDX';

export interface ControllerHooks {
  /**
   * Called for every command issued, in issue order; `bank` is the rank's first bank for PREA, REF
   * and the power-down entry (PDE) and exit (PDX). A PDX is reported when the wake-up is decided,
   * with the cycle the rank leaves power-down.
   */
  onCommand?(cycle: number, command: CommandName, bank: number): void;
}

type CommandHook = (cycle: number, command: CommandName, bank: number) => void;

/** Simulates the whole feed through the controller and returns what happened. */
export function simulateController(standard: DramStandard, knobsIn: ControllerKnobs, feed: RequestFeed, hooks: ControllerHooks = {}): ControllerResult {
  const controller = new Controller(standard, checkKnobs(knobsIn), feed, hooks.onCommand);
  controller.run();
  return controller.result();
}

/**
 * The controller's state and steps. Its state lives in fields of one object of a fixed shape
 * (numbers, booleans and typed arrays, each field always of one kind), so optimized code reads a
 * field with a single load: variables shared by closures would each be loaded through the
 * context and checked again at every use, and a number written to one would be boxed anew.
 */
class Controller {
  private readonly standard: DramStandard;
  private readonly feed: RequestFeed;
  private readonly onCommand: CommandHook | undefined;
  private readonly checker: TimingChecker;
  private readonly banks: number;
  private readonly ranks: number;
  private readonly bankCountPerRank: number;
  private readonly refresh: RefreshManager;
  private readonly openTime: OpenBankTime;
  private readonly powerDown: PowerDownManager;
  /** Staggered power-down: only then does anything read when a rank's last command ends. */
  private readonly powerDownEnabled: boolean;
  // Timings the controller itself uses (cycles).
  private readonly writeToPowerDownCycles: number;
  private readonly readToPowerDownCycles: number;
  private readonly refreshCycles: number;
  private readonly perBankRefreshCycles: number;

  private readonly bufferSize: number;
  private readonly bankwise: boolean;
  private readonly readWrite: boolean;
  private readonly queueCap: number;
  private readonly queue: Int32Array;
  private readonly queueLength: Int32Array;
  private readonly openRow: Int32Array;
  /** Cached scheduler pick per bank (position in its queue), -1 when stale. */
  private readonly pick: Int32Array;
  /**
   * Cached next command per bank: its kind (-1: stale; -2: none, a Strict CAS not yet in turn) and
   * its earliest cycle by the bank's own constraints. Only the bank's own commands and queue move
   * those; the bank-group, rank and command-bus constraints are read live when choosing.
   */
  private readonly candKind: Int8Array;
  private readonly candAt: Float64Array;
  /** Sequence number of the request behind each bank's candidate. */
  private readonly candSeq: Float64Array;
  /**
   * Banks with a candidate wait in lists that let a choice examine few of them (the choice is the
   * same whatever the order of examination: the earliest command, then the oldest):
   * - the waiting list: banks whose own bound (candAt) is still ahead, in ascending order of
   *   candAt; the scan stops at the first one whose bound is past the best found. A bank moves on
   *   to its ready list once `now` reaches its bound.
   * - the ready lists: banks whose own bound has passed, one list per rank and command kind, in
   *   ascending order of sequence number. Such a command waits only for the shared levels: the
   *   rank and the command bus (the same for the whole list) and its bank group. A list's scan
   *   stops at the first bank legal at the list's rank-level bound: the banks after it are younger
   *   and legal no sooner, so under CmdMux Oldest none can beat it; a list whose rank-level bound
   *   is past the best found is skipped whole. On random traces most banks hold an ACT waiting
   *   for tFAW; they used to be examined one by one at every choice.
   * Banks whose candidate went stale wait in a dirty list and are placed again before each choice.
   */
  private readonly readyLists: number;
  /** List ids: the ready list of rank r and kind k is r * READY_KINDS + k; the waiting list comes last. */
  private readonly waiting: number;
  // Doubly linked lists (bank ids), so taking a bank out or putting it in moves no other bank.
  private readonly listHead: Int32Array;
  private readonly listTail: Int32Array;
  private readonly nextInList: Int32Array;
  private readonly previousInList: Int32Array;
  /** The list each bank is in, NIL for none. */
  private readonly listOf: Int32Array;
  private readonly groupOfBank: Int32Array;
  private readonly rankOfBank: Int32Array;
  private readonly dirty: Uint8Array;
  private readonly dirtyList: Int32Array;
  private dirtyCount = 0;
  private queuedReads = 0;
  private queuedWrites = 0;
  private readonly queuedPerRank: Int32Array;
  /** Ranks with no request queued. */
  private idleRanks: number;

  private readonly capOutstanding: number;
  private readonly inOrderResponses: boolean;
  private readonly strict: boolean;
  private readonly scheduler: Sched;
  private readonly page: Page;

  private readonly store = new RequestStore(1024);
  // Views of the store's arrays, refreshed when it grows (hot loops read them directly).
  private mask: number;
  private rowOf: Int32Array;
  private writeOf: Uint8Array;
  /** Sequence number of the next accepted request. */
  private nextSeq = 0;
  /** Smallest sequence number not yet answered. */
  private oldestLive = 0;
  private outstanding = 0;
  /** Strict: the request whose READ/WRITE goes next. */
  private nextCasSeq = 0;
  /** FrFcfsGrp: direction of the last READ/WRITE (1: write). */
  private lastDirectionWrite = 0;

  // Responses.
  private readonly completions = new CompletionQueue();
  private nextInOrder = 0;
  private lastResponse = -Infinity;
  private totalCycles = 0;
  private readonly readLatency = new LatencySamples();
  private readonly writeLatency = new LatencySamples();

  // Statistics.
  private reads = 0;
  private writes = 0;
  private rowHits = 0;
  private rowMisses = 0;
  private rowConflicts = 0;
  // Command counts per rank (refreshes are counted by the refresh manager).
  private readonly activatesOf: Float64Array;
  private readonly prechargesOf: Float64Array;
  private readonly readsOf: Float64Array;
  private readonly writesOf: Float64Array;

  /** The request waiting to be offered. */
  private readonly offered: FeedRequest = { arrivalCycle: 0, isWrite: false, bank: 0, row: 0 };
  private hasOffered = false;
  private nextAcceptCycle = 0;
  /** The first cycle the offered request may be accepted at (buffer room permitting), Infinity at the end. */
  private offerAt = Infinity;
  // Its bank and direction, copied out of the object for the acceptance test run at every stop.
  private offeredBank = 0;
  private offeredIsWrite = false;

  // The next command: what, where, when.
  private cmdAt = Infinity;
  private cmdBank = -1;
  private cmdKind = -1;
  private cmdPos = -1;
  private cmdIsRefresh = false;
  private cmdSeq = Infinity;
  /** The next command must be worked out again. */
  private stale = true;

  constructor(standard: DramStandard, knobs: ControllerKnobs, feed: RequestFeed, onCommand: CommandHook | undefined) {
    this.standard = standard;
    this.feed = feed;
    this.onCommand = onCommand;
    const checker = new TimingChecker(standard);
    this.checker = checker;
    const banks = checker.banks;
    const ranks = checker.ranks;
    this.banks = banks;
    this.ranks = ranks;
    this.bankCountPerRank = banksPerRankOf(standard);
    this.refresh = new RefreshManager(standard, knobs, checker);
    this.openTime = new OpenBankTime(ranks, this.bankCountPerRank);
    this.powerDown = new PowerDownManager(knobs.PowerDownPolicy === 'Staggered', standard, checker);
    this.powerDownEnabled = this.powerDown.enabled;
    const t = standard.timingCycles;
    // Power-down entry after a command: tRDPDEN = RL + burst + 1, tWRPDEN = WL + burst + WR.
    this.readToPowerDownCycles = t.CL + t.burstCycles + 1;
    this.writeToPowerDownCycles = t.WL + t.burstCycles + t.WR;
    this.refreshCycles = t.RFC;
    this.perBankRefreshCycles = t.RFCpb ?? t.RFC;

    this.bufferSize = knobs.RequestBufferSize;
    this.bankwise = knobs.SchedulerBuffer === 'Bankwise';
    this.readWrite = knobs.SchedulerBuffer === 'ReadWrite';
    // A bank's queue can hold every request the buffer admits for it.
    this.queueCap = this.bankwise ? this.bufferSize : this.readWrite ? 2 * this.bufferSize : this.bufferSize;
    this.queue = new Int32Array(banks * this.queueCap);
    this.queueLength = new Int32Array(banks);
    this.openRow = new Int32Array(banks).fill(Row.CLOSED);
    this.pick = new Int32Array(banks).fill(-1);
    this.candKind = new Int8Array(banks).fill(-1);
    this.candAt = new Float64Array(banks);
    this.candSeq = new Float64Array(banks);
    this.readyLists = ranks * Lists.READY_KINDS;
    this.waiting = this.readyLists;
    this.listHead = new Int32Array(this.readyLists + 1).fill(Lists.NIL);
    this.listTail = new Int32Array(this.readyLists + 1).fill(Lists.NIL);
    this.nextInList = new Int32Array(banks).fill(Lists.NIL);
    this.previousInList = new Int32Array(banks).fill(Lists.NIL);
    this.listOf = new Int32Array(banks).fill(Lists.NIL);
    this.groupOfBank = checker.groupOfBank;
    this.rankOfBank = checker.rankOfBank;
    this.dirty = new Uint8Array(banks);
    this.dirtyList = new Int32Array(banks);
    this.queuedPerRank = new Int32Array(ranks);
    this.idleRanks = ranks;

    this.capOutstanding = knobs.Arbiter === 'Simple' ? Infinity : knobs.MaxActiveTransactions;
    this.inOrderResponses = knobs.RespQueue === 'Reorder' || knobs.Arbiter === 'Reorder';
    this.strict = knobs.CmdMux === 'Strict';
    this.scheduler = knobs.Scheduler === 'Fifo' ? Sched.FIFO : knobs.Scheduler === 'FrFcfs' ? Sched.FR_FCFS : Sched.FR_FCFS_GRP;
    const page = knobs.PagePolicy;
    this.page = page === 'Open' ? Page.OPEN : page === 'Closed' ? Page.CLOSED : page === 'OpenAdaptive' ? Page.OPEN_ADAPTIVE : Page.CLOSED_ADAPTIVE;

    this.mask = this.store.mask;
    this.rowOf = this.store.row;
    this.writeOf = this.store.isWrite;

    this.activatesOf = new Float64Array(ranks);
    this.prechargesOf = new Float64Array(ranks);
    this.readsOf = new Float64Array(ranks);
    this.writesOf = new Float64Array(ranks);

    this.takeNextOffered();
  }

  // ---- Acceptance --------------------------------------------------------------------------

  private bufferHasRoom(bank: number, isWrite: boolean): boolean {
    if (this.bankwise) return this.queueLength[bank] < this.bufferSize;
    if (this.readWrite) return (isWrite ? this.queuedWrites : this.queuedReads) < this.bufferSize;
    return this.queuedReads + this.queuedWrites < this.bufferSize;
  }

  private canAccept(): boolean {
    return this.hasOffered && this.outstanding < this.capOutstanding && this.bufferHasRoom(this.offeredBank, this.offeredIsWrite);
  }

  /** Is the offered request well-formed (a bank of this controller, a cycle)? */
  private offeredIsValid(): boolean {
    const bank = this.offered.bank;
    return bank >= 0 && bank < this.banks && Number.isInteger(bank) && this.offered.arrivalCycle >= 0;
  }

  private rejectOffered(): never {
    const offered = this.offered;
    if (offered.bank < 0 || offered.bank >= this.banks || !Number.isInteger(offered.bank)) throw new RangeError(`request ${this.nextSeq}: bank ${offered.bank} is outside 0..${this.banks - 1}`);
    throw new RangeError(`request ${this.nextSeq}: arrival cycle ${offered.arrivalCycle} must be a number >= 0`);
  }

  private accept(now: number): void {
    const store = this.store;
    if (this.nextSeq - this.oldestLive >= store.capacity) {
      store.grow(this.oldestLive, this.nextSeq);
      this.mask = store.mask;
      this.rowOf = store.row;
      this.writeOf = store.isWrite;
    }
    const offered = this.offered;
    const seq = this.nextSeq++;
    const slot = seq & store.mask;
    store.arrival[slot] = offered.arrivalCycle;
    store.done[slot] = -1;
    store.bank[slot] = offered.bank;
    store.row[slot] = offered.row;
    store.isWrite[slot] = offered.isWrite ? 1 : 0;
    store.flags[slot] = 0;
    store.delivered[slot] = 0;
    const bank = offered.bank;
    const position = this.queueLength[bank]++;
    this.queue[bank * this.queueCap + position] = seq;
    this.keepPickOnArrival(bank, position, seq);
    if (offered.isWrite) this.queuedWrites++;
    else this.queuedReads++;
    if (this.queuedPerRank[this.rankOfBank[bank]]++ === 0) this.idleRanks--;
    this.outstanding++;
    this.nextAcceptCycle = now + 1;
    this.takeNextOffered();
  }

  /**
   * Reads the next request of the feed. It is checked here, before any queue is indexed by its
   * bank: a bank outside the controller would otherwise never find room and never be accepted.
   */
  private takeNextOffered(): void {
    const offered = this.offered;
    this.hasOffered = this.feed.next(offered);
    if (this.hasOffered && !this.offeredIsValid()) this.rejectOffered();
    this.offerAt = this.hasOffered ? Math.max(offered.arrivalCycle, this.nextAcceptCycle) : Infinity;
    this.offeredBank = offered.bank;
    this.offeredIsWrite = offered.isWrite;
  }

  /**
   * After a request joined `bank`, only that bank's candidate can have changed. A newcomer that
   * left the bank's pick alone changes nothing (it joined the end of the queue, so even the chosen
   * command's position stands), unless refresh state hangs on the queues (an idle rank just
   * became busy). Otherwise, unless the bank held the chosen command or a refresh is urgent,
   * comparing its new candidate with the current choice is enough.
   */
  private afterAccept(bank: number, now: number): void {
    if (this.stale) return;
    if (this.queuedPerRank[this.rankOfBank[bank]] === 1) {
      this.stale = true;
      return;
    }
    if (!this.dirty[bank]) return;
    if (bank === this.cmdBank || this.anyRefreshUrgent()) {
      this.stale = true;
      return;
    }
    this.placeStaleBanks(now);
    this.consider(bank, now);
  }

  // ---- Scheduler picks and bank candidates ---------------------------------------------------

  /** The scheduler's pick for `bank` (a position in its queue). */
  private pickFor(bank: number): number {
    const cached = this.pick[bank];
    return cached >= 0 ? cached : (this.pick[bank] = this.choosePick(bank));
  }

  private choosePick(bank: number): number {
    if (this.strict) {
      // The next READ/WRITE in order may be in this bank: prepare it first, so order never stalls.
      const inTurn = this.positionOf(bank, this.nextCasSeq);
      if (inTurn >= 0) return inTurn;
    }
    const open = this.openRow[bank];
    if (open === Row.CLOSED || this.scheduler === Sched.FIFO) return 0;
    return this.scheduler === Sched.FR_FCFS ? this.oldestRowHit(bank, open) : this.oldestRowHitInDirection(bank, open);
  }

  /** The position of request `seq` in `bank`'s queue, or -1. */
  private positionOf(bank: number, seq: number): number {
    const queue = this.queue;
    const base = bank * this.queueCap;
    const length = this.queueLength[bank];
    for (let i = 0; i < length; i++) if (queue[base + i] === seq) return i;
    return -1;
  }

  /** FrFcfs: the oldest request of `bank` that hits `row`, else the oldest. */
  private oldestRowHit(bank: number, row: number): number {
    const queue = this.queue;
    const rowOf = this.rowOf;
    const mask = this.mask;
    const base = bank * this.queueCap;
    const length = this.queueLength[bank];
    for (let i = 0; i < length; i++) if (rowOf[queue[base + i] & mask] === row) return i;
    return 0;
  }

  /** FrFcfsGrp: the oldest hit in the direction of the last READ/WRITE, else the oldest hit, else the oldest. */
  private oldestRowHitInDirection(bank: number, row: number): number {
    const queue = this.queue;
    const rowOf = this.rowOf;
    const writeOf = this.writeOf;
    const mask = this.mask;
    const base = bank * this.queueCap;
    const length = this.queueLength[bank];
    let hit = -1;
    for (let i = 0; i < length; i++) {
      const slot = queue[base + i] & mask;
      if (rowOf[slot] !== row) continue;
      if (writeOf[slot] === this.lastDirectionWrite) return i;
      if (hit < 0) hit = i;
    }
    return hit >= 0 ? hit : 0;
  }

  /**
   * A request joined `bank` at `position`: the cached pick stays unless the newcomer beats it
   * (FrFcfs: a row hit when the pick is not one). Other schedulers just re-pick.
   */
  private keepPickOnArrival(bank: number, position: number, seq: number): void {
    const current = this.pick[bank];
    if (current < 0) {
      // No pick yet (the bank was empty, or its pick is stale): have the bank placed.
      this.markStale(bank);
      return;
    }
    if (this.strict || this.scheduler === Sched.FR_FCFS_GRP) {
      this.forget(bank);
      return;
    }
    if (this.scheduler === Sched.FIFO) return;
    const open = this.openRow[bank];
    if (open === Row.CLOSED || this.rowOf[seq & this.mask] !== open) return;
    if (this.rowOf[this.queue[bank * this.queueCap + current] & this.mask] !== open) {
      this.pick[bank] = position;
      this.markStale(bank);
    }
  }

  /** The bank's candidate must be worked out again (its pick stays). */
  private markStale(bank: number): void {
    this.candKind[bank] = -1;
    if (this.dirty[bank]) return;
    this.dirty[bank] = 1;
    this.dirtyList[this.dirtyCount++] = bank;
  }

  /** The bank's pick and candidate must be worked out again. */
  private forget(bank: number): void {
    this.pick[bank] = -1;
    this.markStale(bank);
  }

  /** The bank's pick is known to be `position`; its candidate must be worked out again. */
  private keepPick(bank: number, position: number): void {
    this.pick[bank] = position;
    this.markStale(bank);
  }

  private invalidatePicks(): void {
    for (let bank = 0; bank < this.banks; bank++) this.forget(bank);
  }

  /** Works out `bank`'s candidate command and its earliest cycle by the bank's own constraints. */
  private refreshCandidate(bank: number): void {
    const pos = this.pickFor(bank);
    const seq = this.queue[bank * this.queueCap + pos];
    const slot = seq & this.mask;
    const open = this.openRow[bank];
    let kind: number;
    if (open === Row.CLOSED) kind = Kind.ACT;
    else if (open !== this.rowOf[slot]) kind = Kind.PRE;
    else if (this.strict && seq !== this.nextCasSeq) {
      this.candKind[bank] = -2;
      return;
    } else kind = this.writeOf[slot] ? Kind.WR : Kind.RD;
    this.candKind[bank] = kind;
    this.candAt[bank] = this.checker.earliestByBank(kind, bank);
  }

  // ---- Bank lists ----------------------------------------------------------------------------

  /** Takes `bank` out of the list it is in. */
  private unlist(bank: number): void {
    const listOf = this.listOf;
    const list = listOf[bank];
    if (list === Lists.NIL) return;
    listOf[bank] = Lists.NIL;
    const previousInList = this.previousInList;
    const nextInList = this.nextInList;
    const previous = previousInList[bank];
    const next = nextInList[bank];
    if (previous === Lists.NIL) this.listHead[list] = next;
    else nextInList[previous] = next;
    if (next === Lists.NIL) this.listTail[list] = previous;
    else previousInList[next] = previous;
  }

  /**
   * Puts `bank` into `list`, kept in ascending order of `keys` (candAt for the waiting list,
   * candSeq for the ready lists). The search starts from the tail: newcomers mostly go last.
   */
  private enlist(list: number, bank: number, keys: Float64Array): void {
    const previousInList = this.previousInList;
    const nextInList = this.nextInList;
    const key = keys[bank];
    let previous = this.listTail[list];
    while (previous !== Lists.NIL && keys[previous] > key) previous = previousInList[previous];
    const next = previous === Lists.NIL ? this.listHead[list] : nextInList[previous];
    previousInList[bank] = previous;
    nextInList[bank] = next;
    if (previous === Lists.NIL) this.listHead[list] = bank;
    else nextInList[previous] = bank;
    if (next === Lists.NIL) this.listTail[list] = bank;
    else previousInList[next] = bank;
    this.listOf[bank] = list;
  }

  /** Puts `bank` into the ready list of its rank and command kind. */
  private enlistReady(bank: number): void {
    this.enlist(this.rankOfBank[bank] * Lists.READY_KINDS + this.candKind[bank], bank, this.candSeq);
  }

  /** Works out the stale candidates and lists their banks again. */
  private placeStaleBanks(now: number): void {
    const dirtyList = this.dirtyList;
    const count = this.dirtyCount;
    for (let j = 0; j < count; j++) {
      const bank = dirtyList[j];
      this.dirty[bank] = 0;
      this.unlist(bank);
      if (this.queueLength[bank] === 0) continue;
      this.refreshCandidate(bank);
      if (this.candKind[bank] < 0) continue;
      this.candSeq[bank] = this.queue[bank * this.queueCap + this.pick[bank]];
      if (this.candAt[bank] <= now) this.enlistReady(bank);
      else this.enlist(this.waiting, bank, this.candAt);
    }
    this.dirtyCount = 0;
  }

  // ---- Choosing the next command -------------------------------------------------------------

  /** Makes `bank`'s command, legal at `at`, the next one if it is earlier, or as early and older (CmdMux Oldest). */
  private offer(bank: number, at: number): void {
    if (at > this.cmdAt) return;
    const seq = this.candSeq[bank];
    if (at < this.cmdAt || (!this.cmdIsRefresh && seq < this.cmdSeq)) {
      this.cmdAt = at;
      this.cmdBank = bank;
      this.cmdKind = this.candKind[bank];
      this.cmdPos = this.pick[bank];
      this.cmdIsRefresh = false;
      this.cmdSeq = seq;
    }
  }

  /** Offers `bank`'s candidate, if it has one. */
  private consider(bank: number, now: number): void {
    const kind = this.candKind[bank];
    if (kind < 0) return;
    let at = this.candAt[bank];
    // The bank's own constraint already rules it out: skip the shared levels.
    if (at > this.cmdAt) return;
    const shared = this.checker.earliestBySharedLevels(kind, bank);
    if (shared > at) at = shared;
    if (at < now) at = now;
    this.offer(bank, at);
  }

  /** Offers the best candidate of each ready list (see the lists above). */
  private considerReadyBanks(now: number, someBlocked: boolean): void {
    const heads = this.listHead;
    const nextInList = this.nextInList;
    const candAt = this.candAt;
    const checker = this.checker;
    const lists = this.readyLists;
    for (let list = 0; list < lists; list++) {
      const first = heads[list];
      if (first === Lists.NIL) continue;
      const kind = list % Lists.READY_KINDS;
      let rankBound = checker.earliestByRank(kind, (list / Lists.READY_KINDS) | 0);
      if (rankBound < now) rankBound = now;
      // Every bank of the list is legal no sooner.
      if (rankBound > this.cmdAt) continue;
      for (let bank = first; bank !== Lists.NIL; bank = nextInList[bank]) {
        if (someBlocked && this.refresh.blocks(bank)) continue;
        // The bank's own bound has passed (candAt <= now <= rankBound); taken along all the same.
        let at = checker.earliestByGroup(kind, this.groupOfBank[bank]);
        if (candAt[bank] > at) at = candAt[bank];
        if (rankBound > at) at = rankBound;
        this.offer(bank, at);
        if (at === rankBound) break;
      }
    }
  }

  /**
   * Offers the waiting banks that may beat the best found (the list is in order of their bounds),
   * and moves those whose own bound has passed by `now` on to their ready lists: the offer does
   * not depend on the list a bank is in.
   */
  private considerWaitingBanks(now: number, someBlocked: boolean): void {
    const nextInList = this.nextInList;
    const candAt = this.candAt;
    let bank = this.listHead[this.waiting];
    while (bank !== Lists.NIL) {
      // Every later bank's bound is at least this one's: none can beat the best found.
      const bound = candAt[bank];
      if (bound > this.cmdAt) break;
      const next = nextInList[bank];
      if (!someBlocked || !this.refresh.blocks(bank)) this.consider(bank, now);
      if (bound <= now) {
        this.unlist(bank);
        this.enlistReady(bank);
      }
      bank = next;
    }
  }

  /** Is a refresh urgent anywhere (holding banks back)? Only while refresh is not quiet. */
  private anyRefreshUrgent(): boolean {
    return !this.refresh.quietWhileBusy && this.refresh.anyUrgent();
  }

  /** Works out the next command over every bank and the refresh manager. */
  private chooseCommand(now: number): void {
    this.cmdAt = Infinity;
    this.cmdBank = -1;
    this.cmdSeq = Infinity;
    this.cmdIsRefresh = false;
    // With every rank busy and none urgent or due to become so, refresh has nothing to do: the
    // common case needs no call.
    const refreshAt = this.idleRanks === 0 && this.refresh.quietWhileBusy ? Infinity : this.refresh.nextActionCycle(now, this.queuedPerRank, this.openRow, this.workRemains());
    if (refreshAt < Infinity) {
      this.cmdAt = refreshAt;
      this.cmdIsRefresh = true;
    }
    this.placeStaleBanks(now);
    const someBlocked = this.anyRefreshUrgent();
    this.considerReadyBanks(now, someBlocked);
    this.considerWaitingBanks(now, someBlocked);
    this.stale = false;
  }

  // ---- Issuing commands ----------------------------------------------------------------------

  /** Does another queued request of `bank` (besides position `skip`) hit `row`? */
  private otherRowHit(bank: number, skip: number, row: number): boolean {
    const base = bank * this.queueCap;
    const length = this.queueLength[bank];
    for (let i = 0; i < length; i++) if (i !== skip && this.rowOf[this.queue[base + i] & this.mask] === row) return true;
    return false;
  }

  private autoPrecharge(bank: number, pos: number, row: number): boolean {
    const page = this.page;
    if (page === Page.OPEN) return false;
    if (page === Page.CLOSED) return true;
    const hit = this.otherRowHit(bank, pos, row);
    return page === Page.OPEN_ADAPTIVE ? !hit && this.queueLength[bank] > 1 : !hit;
  }

  private removeFromQueue(bank: number, pos: number): void {
    const queue = this.queue;
    const base = bank * this.queueCap;
    const length = --this.queueLength[bank];
    // A plain loop: queues are short, and copyWithin's call costs more than the copy.
    for (let i = base + pos; i < base + length; i++) queue[i] = queue[i + 1];
    this.forget(bank);
  }

  private issueBankCommand(now: number): void {
    const kind = this.cmdKind;
    if (kind === Kind.ACT) this.issueActivate(now);
    else if (kind === Kind.PRE) this.issuePrecharge(now);
    else this.issueAccess(now, kind === Kind.WR);
  }

  private issueActivate(now: number): void {
    const bank = this.cmdBank;
    const rank = this.rankOfBank[bank];
    const slot = this.queue[bank * this.queueCap + this.cmdPos] & this.mask;
    this.checker.activate(bank, now);
    this.openRow[bank] = this.store.row[slot];
    this.store.flags[slot] |= Saw.ACT;
    this.activatesOf[rank]++;
    this.openTime.opened(rank, now);
    if (this.powerDownEnabled) this.powerDown.busyUntil(rank, now + 1);
    const onCommand = this.onCommand;
    if (onCommand !== undefined) onCommand(now, 'ACT', bank);
    // The bank was closed, so the pick was its oldest request, whose row is now open: Fifo and
    // FrFcfs keep it (FrFcfsGrp may prefer a younger hit in the current direction).
    if (this.strict || this.scheduler === Sched.FR_FCFS_GRP) this.forget(bank);
    else this.keepPick(bank, 0);
  }

  private issuePrecharge(now: number): void {
    const bank = this.cmdBank;
    const rank = this.rankOfBank[bank];
    const slot = this.queue[bank * this.queueCap + this.cmdPos] & this.mask;
    this.checker.precharge(bank, now);
    this.openRow[bank] = Row.CLOSED;
    this.store.flags[slot] |= Saw.PRE;
    this.prechargesOf[rank]++;
    this.openTime.closed(rank, now, now);
    if (this.powerDownEnabled) this.powerDown.busyUntil(rank, now + 1);
    const onCommand = this.onCommand;
    if (onCommand !== undefined) onCommand(now, 'PRE', bank);
    // A closed bank's pick is its oldest request, unless Strict order prefers another.
    if (this.strict) this.forget(bank);
    else this.keepPick(bank, 0);
  }

  /** A READ or WRITE (with auto-precharge as the page policy says): the request leaves the buffer. */
  private issueAccess(now: number, isWrite: boolean): void {
    const bank = this.cmdBank;
    const pos = this.cmdPos;
    const rank = this.rankOfBank[bank];
    const store = this.store;
    const seq = this.queue[bank * this.queueCap + pos];
    const slot = seq & store.mask;
    const ap = this.autoPrecharge(bank, pos, store.row[slot]);
    const checker = this.checker;
    const done = isWrite ? checker.write(bank, now, ap) : checker.read(bank, now, ap);
    store.done[slot] = done;
    const onCommand = this.onCommand;
    if (onCommand !== undefined) onCommand(now, isWrite ? (ap ? 'WRA' : 'WR') : ap ? 'RDA' : 'RD', bank);
    this.removeFromQueue(bank, pos);
    if (isWrite) {
      this.queuedWrites--;
      this.writesOf[rank]++;
    } else {
      this.queuedReads--;
      this.readsOf[rank]++;
    }
    if (--this.queuedPerRank[rank] === 0) this.idleRanks++;
    const flags = store.flags[slot];
    if (flags & Saw.PRE) this.rowConflicts++;
    else if (flags & Saw.ACT) this.rowMisses++;
    else this.rowHits++;
    if (this.powerDownEnabled) this.powerDown.busyUntil(rank, now + (isWrite ? this.writeToPowerDownCycles : this.readToPowerDownCycles));
    if (ap) {
      this.openRow[bank] = Row.CLOSED;
      this.prechargesOf[rank]++;
      this.openTime.closed(rank, checker.lastAutoPrechargeCycle, now);
      if (this.powerDownEnabled) this.powerDown.busyUntil(rank, checker.lastAutoPrechargeCycle + 1);
    }
    if (!this.inOrderResponses) this.completions.push(seq, done);
    if (this.strict) {
      this.nextCasSeq++;
      this.invalidatePicks();
    }
    if (this.scheduler === Sched.FR_FCFS_GRP && this.lastDirectionWrite !== store.isWrite[slot]) {
      this.lastDirectionWrite = store.isWrite[slot];
      this.invalidatePicks();
    }
  }

  private issueRefreshCommand(now: number): void {
    const refresh = this.refresh;
    const closed = refresh.issue(now, this.openRow);
    const command = refresh.lastCommand();
    const onCommand = this.onCommand;
    if (onCommand !== undefined) onCommand(now, command, refresh.lastCommandBank());
    const busyCycles = command === 'REF' ? this.refreshCycles : command === 'REFPB' ? this.perBankRefreshCycles : 1;
    if (this.powerDownEnabled) this.powerDown.busyUntil(refresh.lastRank(), now + busyCycles);
    for (let i = 0; i < closed.length; i++) {
      const bank = closed[i];
      this.openRow[bank] = Row.CLOSED;
      this.openTime.closed(this.rankOfBank[bank], now, now);
    }
    // A refresh or precharge-all moves the constraints of every bank of its rank.
    const first = refresh.lastRank() * this.bankCountPerRank;
    for (let b = first; b < first + this.bankCountPerRank; b++) this.forget(b);
    for (let r = 0; r < this.ranks; r++) this.prechargesOf[r] += refresh.takePrechargeCount(r);
  }

  // ---- Responses -----------------------------------------------------------------------------

  /** The cycle of the next response, or Infinity. */
  private nextResponseCycle(): number {
    let done: number;
    if (this.inOrderResponses) {
      if (this.nextInOrder >= this.nextSeq) return Infinity;
      done = this.store.done[this.nextInOrder & this.store.mask];
      if (done < 0) return Infinity;
    } else {
      if (this.completions.size === 0) return Infinity;
      done = this.completions.peekDone();
    }
    const earliest = this.lastResponse + 1;
    return done > earliest ? done : earliest;
  }

  private respond(now: number): void {
    const store = this.store;
    const seq = this.inOrderResponses ? this.nextInOrder++ : this.completions.pop();
    const slot = seq & store.mask;
    this.lastResponse = now;
    this.totalCycles = now;
    const latency = now - store.arrival[slot];
    if (store.isWrite[slot]) {
      this.writes++;
      this.writeLatency.add(latency);
    } else {
      this.reads++;
      this.readLatency.add(latency);
    }
    store.delivered[slot] = 1;
    this.outstanding--;
    // Refresh pull-ins depend on whether work remains.
    if (!this.workRemains()) this.stale = true;
    while (this.oldestLive < this.nextSeq && store.delivered[this.oldestLive & store.mask]) this.oldestLive++;
  }

  /** Delivers every response due by `now`, each at its own cycle. */
  private deliverResponsesUpTo(now: number): void {
    for (let at = this.nextResponseCycle(); at <= now; at = this.nextResponseCycle()) this.respond(at);
  }

  /**
   * Does anything read a response when it happens? The Fifo and Reorder arbiters count the
   * requests outstanding, and once the trace has ended the last response ends the run (and stops
   * refresh pull-ins). Otherwise responses may be delivered late, each still at its own cycle, and
   * the loop need not stop for them: on a loaded trace that saves one stop in four.
   */
  private responsesObserved(): boolean {
    return this.capOutstanding !== Infinity || !this.hasOffered;
  }

  // ---- Power-down ----------------------------------------------------------------------------

  /** Wakes a powered-down rank: its banks' candidates wait for the exit. */
  private wake(rank: number, now: number): void {
    const exit = this.powerDown.wake(rank, now);
    const first = rank * this.bankCountPerRank;
    const onCommand = this.onCommand;
    if (onCommand !== undefined) onCommand(exit, 'PDX', first);
    for (let b = first; b < first + this.bankCountPerRank; b++) this.forget(b);
    this.stale = true;
  }

  private wakeForRefresh(now: number): void {
    for (let r = 0; r < this.ranks; r++) if (this.powerDown.isDown(r) && this.refresh.hasWorkFor(r, true)) this.wake(r, now);
  }

  /** Powers down the idle ranks that may sleep now; returns the next cycle another one may. */
  private powerDownEntries(now: number): number {
    let next = Infinity;
    const remains = this.workRemains();
    const powerDown = this.powerDown;
    for (let r = 0; r < this.ranks; r++) {
      if (powerDown.isDown(r) || this.queuedPerRank[r] > 0 || this.refresh.hasWorkFor(r, remains)) continue;
      const at = powerDown.entryCycle(r, now);
      if (at > now) {
        if (at < next) next = at;
        continue;
      }
      let anyOpen = false;
      const first = r * this.bankCountPerRank;
      for (let b = first; b < first + this.bankCountPerRank && !anyOpen; b++) anyOpen = this.openRow[b] !== Row.CLOSED;
      powerDown.enter(r, now, anyOpen);
      const onCommand = this.onCommand;
      if (onCommand !== undefined) onCommand(now, 'PDE', first);
    }
    return next;
  }

  private workRemains(): boolean {
    return this.hasOffered || this.outstanding > 0;
  }

  // ---- The event loop ------------------------------------------------------------------------

  run(): void {
    const refresh = this.refresh;
    let now = 0;
    for (;;) {
      // Everything that can happen at `now`, in a fixed order: responses, refresh ticks,
      // acceptance, then one command, again until nothing more happens. Responses and ticks need
      // no second look: every response due by `now` is delivered (each at its own cycle, one per
      // cycle), all ticks up to `now` are counted at once, and what follows (acceptance, commands)
      // completes nothing by `now`.
      this.deliverResponsesUpTo(now);
      // Ticks are rare: the test spares the loop a call per stop.
      if (now >= refresh.nextTickCycle() && refresh.tick(now, this.queuedPerRank, this.workRemains())) {
        this.stale = true;
        if (this.powerDownEnabled) this.wakeForRefresh(now);
      }
      this.settle(now);
      if (!this.workRemains()) break;
      const next = this.nextStop(now);
      if (!(next > now) || next === Infinity) {
        throw new Error(`controller stalled at cycle ${now} with ${this.outstanding} requests outstanding (internal error)`);
      }
      now = next;
      // Timing-legal cycles moved; the cached choice stays valid (it was computed for any cycle >= now).
    }
  }

  /** Accepts requests and issues commands at `now` until neither can happen any more. */
  private settle(now: number): void {
    let progressed = true;
    while (progressed) {
      progressed = false;
      if (this.offerAt <= now && this.canAccept()) {
        const bank = this.offeredBank;
        const rank = this.rankOfBank[bank];
        if (this.powerDownEnabled && this.powerDown.isDown(rank)) this.wake(rank, now);
        this.accept(now);
        this.afterAccept(bank, now);
        progressed = true;
      }
      if (this.stale) this.chooseCommand(now);
      if (this.cmdAt <= now) {
        if (this.cmdIsRefresh) this.issueRefreshCommand(now);
        else this.issueBankCommand(now);
        this.stale = true;
        progressed = true;
      }
    }
  }

  /** The next cycle at which something can happen after `now`. */
  private nextStop(now: number): number {
    let next = this.cmdAt;
    if (this.powerDownEnabled) {
      const entry = this.powerDownEntries(now);
      if (entry < next) next = entry;
    }
    if (this.offerAt < next && this.canAccept()) next = this.offerAt;
    const tick = this.refresh.nextTickCycle();
    if (tick < next) next = tick;
    if (this.responsesObserved() || next === Infinity) {
      const response = this.nextResponseCycle();
      if (response < next) next = response;
    }
    return next;
  }

  // ---- The result ----------------------------------------------------------------------------

  result(): ControllerResult {
    const standard = this.standard;
    const totalCycles = this.totalCycles;
    const activity = Array.from({ length: this.ranks }, (_, rank) => {
      const activeCycles = this.openTime.activeUntil(rank, totalCycles);
      const down = this.powerDown.cyclesOf(rank, totalCycles);
      const refreshes = this.refresh.countsOf(rank);
      return {
        activates: this.activatesOf[rank],
        precharges: this.prechargesOf[rank],
        reads: this.readsOf[rank],
        writes: this.writesOf[rank],
        refreshes: refreshes.refreshes,
        perBankRefreshes: refreshes.perBankRefreshes,
        activeCycles,
        prechargedCycles: totalCycles - activeCycles,
        activePowerDownCycles: down.active,
        prechargePowerDownCycles: down.precharge,
      };
    });
    const commands: CommandCounts = { activates: 0, precharges: 0, reads: 0, writes: 0, refreshes: 0, perBankRefreshes: 0 };
    for (const a of activity) {
      commands.activates += a.activates;
      commands.precharges += a.precharges;
      commands.reads += a.reads;
      commands.writes += a.writes;
      commands.refreshes += a.refreshes;
      commands.perBankRefreshes += a.perBankRefreshes;
    }
    const energyPj = activity.reduce((sum, a) => sum + rankEnergyPj(standard, a), 0);
    const backgroundEnergyPj = activity.reduce(
      (sum, a) => sum + rankEnergyPj(standard, { ...a, activates: 0, precharges: 0, reads: 0, writes: 0, refreshes: 0, perBankRefreshes: 0 }),
      0,
    );
    return {
      requests: this.reads + this.writes,
      reads: this.reads,
      writes: this.writes,
      totalCycles,
      readLatencyCycles: this.readLatency.summary(),
      writeLatencyCycles: this.writeLatency.summary(),
      rowHits: this.rowHits,
      rowMisses: this.rowMisses,
      rowConflicts: this.rowConflicts,
      commands,
      energyPj,
      backgroundEnergyPj,
    };
  }
}
