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
import { CompletionHeap } from './completion-heap.js';
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

/** Simulates the whole feed through the controller and returns what happened. */
export function simulateController(standard: DramStandard, knobsIn: ControllerKnobs, feed: RequestFeed, hooks: ControllerHooks = {}): ControllerResult {
  const onCommand = hooks.onCommand;
  const knobs = checkKnobs(knobsIn);
  const checker = new TimingChecker(standard);
  const banks = checker.banks;
  const ranks = checker.ranks;
  const bankCountPerRank = banksPerRankOf(standard);
  const refresh = new RefreshManager(standard, knobs, checker);
  const openTime = new OpenBankTime(ranks, bankCountPerRank);
  const powerDown = new PowerDownManager(knobs.PowerDownPolicy === 'Staggered', standard, checker);
  const t = standard.timingCycles;

  const bufferSize = knobs.RequestBufferSize;
  const bankwise = knobs.SchedulerBuffer === 'Bankwise';
  const readWrite = knobs.SchedulerBuffer === 'ReadWrite';
  // A bank's queue can hold every request the buffer admits for it.
  const queueCap = bankwise ? bufferSize : readWrite ? 2 * bufferSize : bufferSize;
  const queue = new Int32Array(banks * queueCap);
  const queueLength = new Int32Array(banks);
  const openRow = new Int32Array(banks).fill(Row.CLOSED);
  /** Cached scheduler pick per bank (position in its queue), -1 when stale. */
  const pick = new Int32Array(banks).fill(-1);
  /**
   * Cached next command per bank: its kind (-1: stale; -2: none, a Strict CAS not yet in turn) and
   * its earliest cycle by the bank's own constraints. Only the bank's own commands and queue move
   * those; the bank-group, rank and command-bus constraints are read live when choosing.
   */
  const candKind = new Int8Array(banks).fill(-1);
  const candAt = new Float64Array(banks);
  /** Sequence number of the request behind each bank's candidate. */
  const candSeq = new Float64Array(banks);
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
  const readyLists = ranks * Lists.READY_KINDS;
  /** List ids: the ready list of rank r and kind k is r * READY_KINDS + k; the waiting list comes last. */
  const WAITING = readyLists;
  // Doubly linked lists (bank ids), so taking a bank out or putting it in moves no other bank.
  const listHead = new Int32Array(readyLists + 1).fill(Lists.NIL);
  const listTail = new Int32Array(readyLists + 1).fill(Lists.NIL);
  const nextInList = new Int32Array(banks).fill(Lists.NIL);
  const previousInList = new Int32Array(banks).fill(Lists.NIL);
  /** The list each bank is in, NIL for none. */
  const listOf = new Int32Array(banks).fill(Lists.NIL);
  const groupOfBank = checker.groupOfBank;
  const dirty = new Uint8Array(banks);
  const dirtyList = new Int32Array(banks);
  let dirtyCount = 0;
  const rankOfBank = checker.rankOfBank;
  let queuedReads = 0;
  let queuedWrites = 0;
  const queuedPerRank = new Int32Array(ranks);
  /** Ranks with no request queued. */
  let idleRanks = ranks;

  const capOutstanding = knobs.Arbiter === 'Simple' ? Infinity : knobs.MaxActiveTransactions;
  const inOrderResponses = knobs.RespQueue === 'Reorder' || knobs.Arbiter === 'Reorder';
  const strict = knobs.CmdMux === 'Strict';
  const scheduler = knobs.Scheduler;
  const page = knobs.PagePolicy;

  const store = new RequestStore(1024);
  // Views of the store's arrays, refreshed when it grows (hot loops read them directly).
  let mask = store.mask;
  let rowOf = store.row;
  let writeOf = store.isWrite;
  const refreshViews = () => {
    mask = store.mask;
    rowOf = store.row;
    writeOf = store.isWrite;
  };
  let nextSeq = 0; // sequence number of the next accepted request
  let oldestLive = 0; // smallest sequence number not yet answered
  let outstanding = 0;
  let nextCasSeq = 0; // Strict: the request whose READ/WRITE goes next
  let lastDirectionWrite = 0; // FrFcfsGrp: direction of the last READ/WRITE

  // Responses.
  const completions = new CompletionHeap();
  let nextInOrder = 0;
  let lastResponse = -Infinity;
  let totalCycles = 0;
  const readLatency = new LatencySamples();
  const writeLatency = new LatencySamples();

  // Statistics.
  let reads = 0;
  let writes = 0;
  let rowHits = 0;
  let rowMisses = 0;
  let rowConflicts = 0;
  // Command counts per rank (refreshes are counted by the refresh manager).
  const activatesOf = new Float64Array(ranks);
  const prechargesOf = new Float64Array(ranks);
  const readsOf = new Float64Array(ranks);
  const writesOf = new Float64Array(ranks);

  // The request waiting to be offered.
  const offered: FeedRequest = { arrivalCycle: 0, isWrite: false, bank: 0, row: 0 };
  let hasOffered = feed.next(offered);
  let nextAcceptCycle = 0;
  /** The first cycle the offered request may be accepted at (buffer room permitting), Infinity at the end. */
  let offerAt = hasOffered ? Math.max(offered.arrivalCycle, nextAcceptCycle) : Infinity;
  // Its bank and direction, copied out of the object for the acceptance test run every cycle.
  let offeredBank = offered.bank;
  let offeredIsWrite = offered.isWrite;

  function bufferHasRoom(bank: number, isWrite: boolean): boolean {
    if (bankwise) return queueLength[bank] < bufferSize;
    if (readWrite) return (isWrite ? queuedWrites : queuedReads) < bufferSize;
    return queuedReads + queuedWrites < bufferSize;
  }

  function canAccept(): boolean {
    return hasOffered && outstanding < capOutstanding && bufferHasRoom(offeredBank, offeredIsWrite);
  }

  function checkOffered(): void {
    if (offered.bank < 0 || offered.bank >= banks || !Number.isInteger(offered.bank)) throw new RangeError(`request ${nextSeq}: bank ${offered.bank} is outside 0..${banks - 1}`);
    if (!(offered.arrivalCycle >= 0)) throw new RangeError(`request ${nextSeq}: arrival cycle ${offered.arrivalCycle} must be >= 0`);
  }

  function accept(now: number): void {
    checkOffered();
    if (nextSeq - oldestLive >= store.capacity) {
      store.grow(oldestLive, nextSeq);
      refreshViews();
    }
    const seq = nextSeq++;
    const slot = seq & store.mask;
    store.arrival[slot] = offered.arrivalCycle;
    store.done[slot] = -1;
    store.bank[slot] = offered.bank;
    store.row[slot] = offered.row;
    store.isWrite[slot] = offered.isWrite ? 1 : 0;
    store.flags[slot] = 0;
    store.delivered[slot] = 0;
    const bank = offered.bank;
    const position = queueLength[bank]++;
    queue[bank * queueCap + position] = seq;
    keepPickOnArrival(bank, position, seq);
    if (offered.isWrite) queuedWrites++;
    else queuedReads++;
    if (queuedPerRank[rankOfBank[bank]]++ === 0) idleRanks--;
    outstanding++;
    nextAcceptCycle = now + 1;
    hasOffered = feed.next(offered);
    offerAt = hasOffered ? Math.max(offered.arrivalCycle, nextAcceptCycle) : Infinity;
    offeredBank = offered.bank;
    offeredIsWrite = offered.isWrite;
  }

  /** The scheduler's pick for `bank` (a position in its queue). */
  function pickFor(bank: number): number {
    if (pick[bank] >= 0) return pick[bank];
    const base = bank * queueCap;
    const length = queueLength[bank];
    let chosen = 0;
    if (strict) {
      // The next READ/WRITE in order may be in this bank: prepare it first, so order never stalls.
      for (let i = 0; i < length; i++) if (queue[base + i] === nextCasSeq) return (pick[bank] = i);
    }
    const open = openRow[bank];
    if (open !== Row.CLOSED && scheduler !== 'Fifo') {
      let hit = -1;
      let hitSameDirection = -1;
      for (let i = 0; i < length; i++) {
        const slot = queue[base + i] & mask;
        if (rowOf[slot] !== open) continue;
        if (hit < 0) hit = i;
        if (scheduler === 'FrFcfs') break;
        if (writeOf[slot] === lastDirectionWrite) {
          hitSameDirection = i;
          break;
        }
      }
      if (hitSameDirection >= 0) chosen = hitSameDirection;
      else if (hit >= 0) chosen = hit;
    }
    return (pick[bank] = chosen);
  }

  /**
   * A request joined `bank` at `position`: the cached pick stays unless the newcomer beats it
   * (FrFcfs: a row hit when the pick is not one). Other schedulers just re-pick.
   */
  function keepPickOnArrival(bank: number, position: number, seq: number): void {
    const current = pick[bank];
    if (current < 0) {
      // No pick yet (the bank was empty, or its pick is stale): have the bank placed.
      markStale(bank);
      return;
    }
    if (strict || scheduler === 'FrFcfsGrp') {
      forget(bank);
      return;
    }
    if (scheduler === 'Fifo') return;
    const open = openRow[bank];
    if (open === Row.CLOSED || rowOf[seq & mask] !== open) return;
    if (rowOf[queue[bank * queueCap + current] & mask] !== open) {
      pick[bank] = position;
      markStale(bank);
    }
  }

  /** The bank's candidate must be worked out again (its pick stays). */
  function markStale(bank: number): void {
    candKind[bank] = -1;
    if (dirty[bank]) return;
    dirty[bank] = 1;
    dirtyList[dirtyCount++] = bank;
  }

  /** The bank's pick and candidate must be worked out again. */
  function forget(bank: number): void {
    pick[bank] = -1;
    markStale(bank);
  }

  function invalidatePicks(): void {
    for (let bank = 0; bank < banks; bank++) forget(bank);
  }

  /** Takes `bank` out of the list it is in. */
  function unlist(bank: number): void {
    const list = listOf[bank];
    if (list === Lists.NIL) return;
    listOf[bank] = Lists.NIL;
    const previous = previousInList[bank];
    const next = nextInList[bank];
    if (previous === Lists.NIL) listHead[list] = next;
    else nextInList[previous] = next;
    if (next === Lists.NIL) listTail[list] = previous;
    else previousInList[next] = previous;
  }

  /**
   * Puts `bank` into `list`, kept in ascending order of `keys` (candAt for the waiting list,
   * candSeq for the ready lists). The search starts from the tail: newcomers mostly go last.
   */
  function enlist(list: number, bank: number, keys: Float64Array): void {
    const key = keys[bank];
    let previous = listTail[list];
    while (previous !== Lists.NIL && keys[previous] > key) previous = previousInList[previous];
    const next = previous === Lists.NIL ? listHead[list] : nextInList[previous];
    previousInList[bank] = previous;
    nextInList[bank] = next;
    if (previous === Lists.NIL) listHead[list] = bank;
    else nextInList[previous] = bank;
    if (next === Lists.NIL) listTail[list] = bank;
    else previousInList[next] = bank;
    listOf[bank] = list;
  }

  /** Puts `bank` into the ready list of its rank and command kind. */
  function enlistReady(bank: number): void {
    enlist(rankOfBank[bank] * Lists.READY_KINDS + candKind[bank], bank, candSeq);
  }

  /** Works out the stale candidates and lists their banks again. */
  function placeStaleBanks(now: number): void {
    for (let j = 0; j < dirtyCount; j++) {
      const bank = dirtyList[j];
      dirty[bank] = 0;
      unlist(bank);
      if (queueLength[bank] === 0) continue;
      refreshCandidate(bank);
      if (candKind[bank] < 0) continue;
      candSeq[bank] = queue[bank * queueCap + pick[bank]];
      if (candAt[bank] <= now) enlistReady(bank);
      else enlist(WAITING, bank, candAt);
    }
    dirtyCount = 0;
  }

  /** Moves the waiting banks whose own bound has passed by `now` to their ready lists. */
  function promoteWaitingBanks(now: number): void {
    for (let bank = listHead[WAITING]; bank !== Lists.NIL && candAt[bank] <= now; bank = listHead[WAITING]) {
      unlist(bank);
      enlistReady(bank);
    }
  }

  /** Works out `bank`'s candidate command and its earliest cycle by the bank's own constraints. */
  function refreshCandidate(bank: number): void {
    const pos = pickFor(bank);
    const slot = queue[bank * queueCap + pos] & mask;
    const open = openRow[bank];
    let kind: number;
    if (open === Row.CLOSED) kind = Kind.ACT;
    else if (open !== rowOf[slot]) kind = Kind.PRE;
    else if (strict && queue[bank * queueCap + pos] !== nextCasSeq) {
      candKind[bank] = -2;
      return;
    } else kind = writeOf[slot] ? Kind.WR : Kind.RD;
    candKind[bank] = kind;
    candAt[bank] = checker.earliestByBank(kind, bank);
  }

  // The next command: what, where, when.
  let cmdAt = Infinity;
  let cmdBank = -1;
  let cmdKind = -1;
  let cmdPos = -1;
  let cmdIsRefresh = false;
  let stale = true;

  let cmdSeq = Infinity;

  /** Makes `bank`'s command, legal at `at`, the next one if it is earlier, or as early and older (CmdMux Oldest). */
  function offer(bank: number, at: number): void {
    if (at > cmdAt) return;
    const seq = candSeq[bank];
    if (at < cmdAt || (!cmdIsRefresh && seq < cmdSeq)) {
      cmdAt = at;
      cmdBank = bank;
      cmdKind = candKind[bank];
      cmdPos = pick[bank];
      cmdIsRefresh = false;
      cmdSeq = seq;
    }
  }

  /** Offers `bank`'s candidate, if it has one. */
  function consider(bank: number, now: number): void {
    const kind = candKind[bank];
    if (kind < 0) return;
    let at = candAt[bank];
    // The bank's own constraint already rules it out: skip the shared levels.
    if (at > cmdAt) return;
    const shared = checker.earliestBySharedLevels(kind, bank);
    if (shared > at) at = shared;
    if (at < now) at = now;
    offer(bank, at);
  }

  /** Offers the best candidate of each ready list (see the lists above). */
  function considerReadyBanks(now: number, someBlocked: boolean): void {
    // Captured variables are loaded and checked again at every use; the loop reads locals.
    const heads = listHead;
    const lists = readyLists;
    for (let list = 0; list < lists; list++) {
      const first = heads[list];
      if (first === Lists.NIL) continue;
      const kind = list % Lists.READY_KINDS;
      let rankBound = checker.earliestByRank(kind, (list / Lists.READY_KINDS) | 0);
      if (rankBound < now) rankBound = now;
      // Every bank of the list is legal no sooner.
      if (rankBound > cmdAt) continue;
      for (let bank = first; bank !== Lists.NIL; bank = nextInList[bank]) {
        if (someBlocked && refresh.blocks(bank)) continue;
        // The bank's own bound has passed (candAt <= now <= rankBound); taken along all the same.
        let at = checker.earliestByGroup(kind, groupOfBank[bank]);
        if (candAt[bank] > at) at = candAt[bank];
        if (rankBound > at) at = rankBound;
        offer(bank, at);
        if (at === rankBound) break;
      }
    }
  }

  /** Is a refresh urgent anywhere (holding banks back)? Only a rank that owes one can be. */
  function anyRefreshUrgent(): boolean {
    return refresh.owedInAll > 0 && refresh.anyUrgent();
  }

  /** Works out the next command over every bank and the refresh manager. */
  function chooseCommand(now: number): void {
    cmdAt = Infinity;
    cmdBank = -1;
    cmdSeq = Infinity;
    cmdIsRefresh = false;
    // With nothing owed and every rank busy, refresh has nothing to do: the common case needs no call.
    const refreshAt = refresh.owedInAll === 0 && idleRanks === 0 ? Infinity : refresh.nextActionCycle(now, queuedPerRank, openRow, workRemains());
    if (refreshAt < Infinity) {
      cmdAt = refreshAt;
      cmdIsRefresh = true;
    }
    placeStaleBanks(now);
    promoteWaitingBanks(now);
    const someBlocked = anyRefreshUrgent();
    considerReadyBanks(now, someBlocked);
    for (let bank = listHead[WAITING]; bank !== Lists.NIL; bank = nextInList[bank]) {
      // Every later bank's bound is at least this one's: none can beat the best found.
      if (candAt[bank] > cmdAt) break;
      if (someBlocked && refresh.blocks(bank)) continue;
      consider(bank, now);
    }
    stale = false;
  }

  /**
   * After a request joined `bank`, only that bank's candidate can have changed: unless the bank
   * held the chosen command (its pick may have moved) or refresh state hangs on the queues (an
   * idle rank just became busy), comparing it with the current choice is enough.
   */
  function afterAccept(bank: number, now: number): void {
    if (stale || bank === cmdBank || queuedPerRank[rankOfBank[bank]] === 1 || anyRefreshUrgent()) {
      stale = true;
      return;
    }
    // A newcomer that left the bank's pick alone changes nothing: the bank was weighed already.
    if (!dirty[bank]) return;
    placeStaleBanks(now);
    consider(bank, now);
  }

  /** Does another queued request of `bank` (besides position `skip`) hit `row`? */
  function otherRowHit(bank: number, skip: number, row: number): boolean {
    const base = bank * queueCap;
    const length = queueLength[bank];
    for (let i = 0; i < length; i++) if (i !== skip && rowOf[queue[base + i] & mask] === row) return true;
    return false;
  }

  function autoPrecharge(bank: number, pos: number, row: number): boolean {
    if (page === 'Open') return false;
    if (page === 'Closed') return true;
    const hit = otherRowHit(bank, pos, row);
    return page === 'OpenAdaptive' ? !hit && queueLength[bank] > 1 : !hit;
  }

  function removeFromQueue(bank: number, pos: number): void {
    const base = bank * queueCap;
    const length = --queueLength[bank];
    // A plain loop: queues are short, and copyWithin's call costs more than the copy.
    for (let i = base + pos; i < base + length; i++) queue[i] = queue[i + 1];
    forget(bank);
  }

  function issueBankCommand(now: number): void {
    const bank = cmdBank;
    const rank = rankOfBank[bank];
    const seq = queue[bank * queueCap + cmdPos];
    const slot = seq & store.mask;
    if (cmdKind === Kind.ACT) {
      checker.activate(bank, now);
      openRow[bank] = store.row[slot];
      store.flags[slot] |= Saw.ACT;
      activatesOf[rank]++;
      openTime.opened(rank, now);
      powerDown.busyUntil(rank, now + 1);
      onCommand?.(now, 'ACT', bank);
      forget(bank);
      return;
    }
    if (cmdKind === Kind.PRE) {
      checker.precharge(bank, now);
      openRow[bank] = Row.CLOSED;
      store.flags[slot] |= Saw.PRE;
      prechargesOf[rank]++;
      openTime.closed(rank, now, now);
      powerDown.busyUntil(rank, now + 1);
      onCommand?.(now, 'PRE', bank);
      forget(bank);
      return;
    }
    const row = store.row[slot];
    const ap = autoPrecharge(bank, cmdPos, row);
    const isWrite = cmdKind === Kind.WR;
    const done = isWrite ? checker.write(bank, now, ap) : checker.read(bank, now, ap);
    store.done[slot] = done;
    onCommand?.(now, isWrite ? (ap ? 'WRA' : 'WR') : ap ? 'RDA' : 'RD', bank);
    removeFromQueue(bank, cmdPos);
    if (isWrite) {
      queuedWrites--;
      writesOf[rank]++;
    } else {
      queuedReads--;
      readsOf[rank]++;
    }
    if (--queuedPerRank[rank] === 0) idleRanks++;
    const flags = store.flags[slot];
    if (flags & Saw.PRE) rowConflicts++;
    else if (flags & Saw.ACT) rowMisses++;
    else rowHits++;
    // Power-down entry after the command: tRDPDEN = RL + burst + 1, tWRPDEN = WL + burst + WR.
    powerDown.busyUntil(rank, isWrite ? now + t.WL + t.burstCycles + t.WR : now + t.CL + t.burstCycles + 1);
    if (ap) {
      openRow[bank] = Row.CLOSED;
      prechargesOf[rank]++;
      openTime.closed(rank, checker.lastAutoPrechargeCycle, now);
      powerDown.busyUntil(rank, checker.lastAutoPrechargeCycle + 1);
    }
    if (!inOrderResponses) completions.push(seq, done);
    if (strict) {
      nextCasSeq++;
      invalidatePicks();
    }
    if (scheduler === 'FrFcfsGrp' && lastDirectionWrite !== store.isWrite[slot]) {
      lastDirectionWrite = store.isWrite[slot];
      invalidatePicks();
    }
  }

  function issueRefreshCommand(now: number): void {
    const closed = refresh.issue(now, openRow);
    const command = refresh.lastCommand();
    if (onCommand) onCommand(now, command, refresh.lastCommandBank());
    const refreshCycles = command === 'REF' ? t.RFC : command === 'REFPB' ? (t.RFCpb ?? t.RFC) : 1;
    powerDown.busyUntil(refresh.lastRank(), now + refreshCycles);
    for (let i = 0; i < closed.length; i++) {
      const bank = closed[i];
      openRow[bank] = Row.CLOSED;
      openTime.closed(rankOfBank[bank], now, now);
    }
    // A refresh or precharge-all moves the constraints of every bank of its rank.
    const first = refresh.lastRank() * bankCountPerRank;
    for (let b = first; b < first + bankCountPerRank; b++) forget(b);
    for (let r = 0; r < ranks; r++) prechargesOf[r] += refresh.takePrechargeCount(r);
  }

  /** The cycle of the next response, or Infinity. */
  function nextResponseCycle(): number {
    let done: number;
    if (inOrderResponses) {
      if (nextInOrder >= nextSeq) return Infinity;
      done = store.done[nextInOrder & store.mask];
      if (done < 0) return Infinity;
    } else {
      if (completions.size === 0) return Infinity;
      done = completions.peekDone();
    }
    return done > lastResponse + 1 ? done : lastResponse + 1;
  }

  function respond(now: number): void {
    const seq = inOrderResponses ? nextInOrder++ : completions.pop();
    const slot = seq & store.mask;
    lastResponse = now;
    totalCycles = now;
    const latency = now - store.arrival[slot];
    if (store.isWrite[slot]) {
      writes++;
      writeLatency.add(latency);
    } else {
      reads++;
      readLatency.add(latency);
    }
    store.delivered[slot] = 1;
    outstanding--;
    // Refresh pull-ins depend on whether work remains.
    if (!workRemains()) stale = true;
    while (oldestLive < nextSeq && store.delivered[oldestLive & store.mask]) oldestLive++;
  }

  /** Delivers every response due by `now`, each at its own cycle. */
  function deliverResponsesUpTo(now: number): void {
    for (let at = nextResponseCycle(); at <= now; at = nextResponseCycle()) respond(at);
  }

  /**
   * Does anything read a response when it happens? The Fifo and Reorder arbiters count the
   * requests outstanding, and once the trace has ended the last response ends the run (and stops
   * refresh pull-ins). Otherwise responses may be delivered late, each still at its own cycle, and
   * the loop need not stop for them: on a loaded trace that saves one stop in four.
   */
  function responsesObserved(): boolean {
    return capOutstanding !== Infinity || !hasOffered;
  }

  /** Wakes a powered-down rank: its banks' candidates wait for the exit. */
  function wake(rank: number, now: number): void {
    const exit = powerDown.wake(rank, now);
    onCommand?.(exit, 'PDX', rank * bankCountPerRank);
    const first = rank * bankCountPerRank;
    for (let b = first; b < first + bankCountPerRank; b++) forget(b);
    stale = true;
  }

  function wakeForRefresh(now: number): void {
    for (let r = 0; r < ranks; r++) if (powerDown.isDown(r) && refresh.hasWorkFor(r, true)) wake(r, now);
  }

  /** Powers down the idle ranks that may sleep now; returns the next cycle another one may. */
  function powerDownEntries(now: number): number {
    let next = Infinity;
    const remains = workRemains();
    for (let r = 0; r < ranks; r++) {
      if (powerDown.isDown(r) || queuedPerRank[r] > 0 || refresh.hasWorkFor(r, remains)) continue;
      const at = powerDown.entryCycle(r, now);
      if (at > now) {
        if (at < next) next = at;
        continue;
      }
      let anyOpen = false;
      const first = r * bankCountPerRank;
      for (let b = first; b < first + bankCountPerRank && !anyOpen; b++) anyOpen = openRow[b] !== Row.CLOSED;
      powerDown.enter(r, now, anyOpen);
      onCommand?.(now, 'PDE', first);
    }
    return next;
  }

  function workRemains(): boolean {
    return hasOffered || outstanding > 0;
  }

  let now = 0;
  for (;;) {
    // Everything that can happen at `now`, in a fixed order: responses, refresh ticks,
    // acceptance, then one command, again until nothing more happens. Responses and ticks need
    // no second look: every response due by `now` is delivered (each at its own cycle, one per
    // cycle), all ticks up to `now` are counted at once, and what follows (acceptance, commands)
    // completes nothing by `now`.
    deliverResponsesUpTo(now);
    // Ticks are rare: the test spares the loop a call per stop.
    if (now >= refresh.nextTickCycle() && refresh.tick(now, queuedPerRank, workRemains())) {
      stale = true;
      if (powerDown.enabled) wakeForRefresh(now);
    }
    let progressed = true;
    while (progressed) {
      progressed = false;
      if (offerAt <= now && canAccept()) {
        const bank = offered.bank;
        const rank = rankOfBank[bank];
        if (powerDown.enabled && powerDown.isDown(rank)) wake(rank, now);
        accept(now);
        afterAccept(bank, now);
        progressed = true;
      }
      if (stale) chooseCommand(now);
      if (cmdAt <= now) {
        if (cmdIsRefresh) issueRefreshCommand(now);
        else issueBankCommand(now);
        stale = true;
        progressed = true;
      }
    }
    if (!workRemains()) break;
    let next = cmdAt;
    if (powerDown.enabled) {
      const entry = powerDownEntries(now);
      if (entry < next) next = entry;
    }
    if (offerAt < next && canAccept()) next = offerAt;
    const tick = refresh.nextTickCycle();
    if (tick < next) next = tick;
    if (responsesObserved() || next === Infinity) {
      const response = nextResponseCycle();
      if (response < next) next = response;
    }
    if (!(next > now) || next === Infinity) {
      throw new Error(`controller stalled at cycle ${now} with ${outstanding} requests outstanding (internal error)`);
    }
    now = next;
    // Timing-legal cycles moved; the cached choice stays valid (it was computed for any cycle >= now).
  }

  const activity = Array.from({ length: ranks }, (_, rank) => {
    const activeCycles = openTime.activeUntil(rank, totalCycles);
    const down = powerDown.cyclesOf(rank, totalCycles);
    const refreshes = refresh.countsOf(rank);
    return {
      activates: activatesOf[rank],
      precharges: prechargesOf[rank],
      reads: readsOf[rank],
      writes: writesOf[rank],
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
    requests: reads + writes,
    reads,
    writes,
    totalCycles,
    readLatencyCycles: readLatency.summary(),
    writeLatencyCycles: writeLatency.summary(),
    rowHits,
    rowMisses,
    rowConflicts,
    commands,
    energyPj,
    backgroundEnergyPj,
  };
}
