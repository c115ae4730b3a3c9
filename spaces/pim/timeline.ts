/**
 * The per-token timeline: every step of tokenSteps() in order on one clock, with refresh.
 *
 * Why a closed form per step is exact here: all banks of all channels run the same command stream
 * in lockstep (AiM's all-bank activation and MAC commands), so one bank's row rounds describe every
 * bank, and the rounds of a step differ only in how many columns their row holds. One round of a
 * row with c MAC columns, with B banks of a channel activating it, takes
 *   stagger(B) + max(tRCD + c * tMAC, tRAS, tRC - tRP) + tRP,
 * where stagger(B) = (ceil(B / activationsPerFaw) - 1) * tFAW: the channel may issue only
 * `activationsPerFaw` activations per tFAW window, and the MAC stream starts when the last bank's
 * row is open. The next round's first activation comes at least tRCD + tRP after the previous
 * window opened, longer than tFAW, so rounds never wait on each other's windows.
 *
 * Refresh is the one event that breaks the regularity: one is due every tREFI. While banks compute,
 * a due refresh waits for the end of the current round and then stalls every bank for tRFC; while
 * banks are idle (vector broadcast, ASIC-only steps) it runs in the idle time and costs nothing
 * unless it outlasts it. The clock steps from refresh to refresh, so a token costs
 * O(steps + refreshes) work, not O(commands).
 *
 * ASIC work that consumes a product's outputs element by element (bias, GELU, residual, the
 * partial-sum additions) runs while the banks stream them; only what outlasts the product adds time.
 * Layer norm and softmax need a whole vector first and run alone.
 */
import type { PimDevice } from './device.js';
import { placeOp, type PimMapping, type Placer } from './mapping.js';
import type { GptModel } from './models.js';
import { tokenSteps, type Step } from './workload.js';

/** Counts that energy and the metrics need, summed over all banks and channels. */
export interface TokenCounters {
  activations: number;
  macCommands: number;
  writeColumns: number;
  readColumns: number;
  /** Column accesses that found their row open. */
  rowHits: number;
  columnAccesses: number;
  offChipBytes: number;
  asicOps: number;
  refreshes: number;
}

export interface StepTotal {
  label: string;
  type: Step['type'];
  ns: number;
}

export interface TokenTiming {
  latencyNs: number;
  /** Time in matrix-vector steps (broadcast, MACs, readout, their refresh stalls and ASIC tails). */
  mvNs: number;
  refreshStallNs: number;
  counters: TokenCounters;
  /** Time per step label, summed over layers, in first-seen order. */
  steps: StepTotal[];
}

export function emptyCounters(): TokenCounters {
  return { activations: 0, macCommands: 0, writeColumns: 0, readColumns: 0, rowHits: 0, columnAccesses: 0, offChipBytes: 0, asicOps: 0, refreshes: 0 };
}

/** Activation stagger of B banks of one channel under tFAW. */
export function staggerNs(device: PimDevice, activeBanks: number): number {
  return (Math.ceil(Math.max(1, activeBanks) / device.activationsPerFaw) - 1) * device.tFawNs;
}

/** One row round: activate (staggered over the banks), `columns` MAC or column commands, precharge. */
export function roundNs(device: PimDevice, columns: number, activeBanks: number): number {
  const open = Math.max(device.tRcdNs + columns * device.tMacNs, device.tRasNs, device.tRcNs - device.tRpNs);
  return staggerNs(device, activeBanks) + open + device.tRpNs;
}

/** The one clock of a token sequence, with refresh due every tREFI. */
export class RefreshClock {
  nowNs = 0;
  refreshes = 0;
  stallNs = 0;
  private nextDueNs: number;
  private refreshEndNs = 0;

  constructor(private readonly device: PimDevice) {
    this.nextDueNs = device.tRefiNs;
  }

  /** Banks idle for `durationNs`: due refreshes run inside; one that outlasts the window extends it. Returns the time taken. */
  idle(durationNs: number): number {
    const start = this.nowNs;
    let end = start + durationNs;
    while (this.nextDueNs < end) {
      const begin = Math.max(this.nextDueNs, this.refreshEndNs, start);
      const finish = begin + this.device.tRfcNs;
      if (finish > end) {
        this.stallNs += finish - end;
        end = finish;
      }
      this.refreshEndNs = finish;
      this.refreshes++;
      this.nextDueNs += this.device.tRefiNs;
    }
    this.nowNs = end;
    return end - start;
  }

  /** Banks busy with `count` rounds of `roundNs` each: a due refresh waits for a round boundary, then stalls tRFC. */
  rounds(roundDurationNs: number, count: number): number {
    const start = this.nowNs;
    let left = count;
    while (left > 0) {
      const endIfUninterrupted = this.nowNs + roundDurationNs * left;
      if (this.nextDueNs >= endIfUninterrupted) {
        this.nowNs = endIfUninterrupted;
        break;
      }
      const before = Math.min(left, Math.max(0, Math.ceil((this.nextDueNs - this.nowNs) / roundDurationNs)));
      this.nowNs += before * roundDurationNs;
      left -= before;
      this.nowNs += this.device.tRfcNs;
      this.stallNs += this.device.tRfcNs;
      this.refreshEndNs = this.nowNs;
      this.refreshes++;
      this.nextDueNs += this.device.tRefiNs;
    }
    return this.nowNs - start;
  }
}

function asicNs(device: PimDevice, ops: number): number {
  return ops / (device.asicLanes * (device.asicClockMHz / 1_000));
}

/** Runs one step on the clock; returns its duration and adds its counts. */
export function runStep(step: Step, device: PimDevice, mapping: PimMapping, clock: RefreshClock, counters: TokenCounters, place: Placer = (op) => placeOp(op, device, mapping)): number {
  const C = device.channels;
  const allBanks = C * device.banksPerChannel;
  const channelNs = (bytesPerChannel: number): number => bytesPerChannel / device.channelBytesPerNs;
  switch (step.type) {
    case 'asic':
      counters.asicOps += step.ops;
      return clock.idle(asicNs(device, step.ops));
    case 'transfer': {
      counters.offChipBytes += step.bytes;
      const ns = step.link === 'host' ? step.bytes / device.part.hostLinkGBps : device.tRcdNs + channelNs(step.bytes) + device.tRpNs;
      return clock.idle(ns);
    }
    case 'mv': {
      const placement = place(step.op);
      let ns = clock.idle(channelNs(placement.broadcastBytesPerChannel));
      let macNs = 0;
      for (const [columns, count] of placement.rowRounds) {
        const round = roundNs(device, columns, placement.activeBanksPerChannel);
        macNs += round * count;
        ns += clock.rounds(round, count);
      }
      // Extra accumulation slots of in-bank reduction run back to back in open rows.
      const extraSlots = placement.macsPerBank - placement.rowRounds.reduce((sum, [c, n]) => sum + c * n, 0);
      if (extraSlots > 0) {
        macNs += extraSlots * device.tMacNs;
        ns += clock.rounds(device.tMacNs, extraSlots);
      }
      // Readouts use the data bus the MAC stream leaves free; only their excess and the last burst add time.
      const readoutNs = placement.readoutSlots * device.burstNs;
      const overlapAsicNs = asicNs(device, step.overlapOps + placement.asicAdds);
      const streamedNs = Math.max(macNs, readoutNs, overlapAsicNs);
      ns += clock.idle(streamedNs - macNs + device.burstNs);
      counters.activations += placement.totalActivations;
      counters.macCommands += placement.totalMacs;
      counters.columnAccesses += placement.totalMacs;
      counters.rowHits += Math.max(0, placement.totalMacs - placement.totalActivations);
      counters.offChipBytes += C * (placement.broadcastBytesPerChannel + placement.readoutSlots * device.part.columnBytes);
      counters.asicOps += step.overlapOps + placement.asicAdds;
      return ns;
    }
    case 'kv-write': {
      const rowsPerBank = Math.ceil(step.rows / allBanks);
      const activeBanks = Math.min(device.banksPerChannel, Math.ceil(step.rows / C));
      let ns = clock.idle(channelNs(step.bytes / Math.min(C, step.rows)));
      ns += clock.rounds(roundNs(device, step.columnsPerRow, activeBanks), rowsPerBank);
      counters.activations += step.rows;
      counters.writeColumns += step.rows * step.columnsPerRow;
      counters.columnAccesses += step.rows * step.columnsPerRow;
      counters.rowHits += step.rows * (step.columnsPerRow - 1);
      counters.offChipBytes += step.bytes;
      return ns;
    }
    case 'cache-read': {
      const rowsPerBank = Math.ceil(step.rows / allBanks);
      const activeBanks = Math.min(device.banksPerChannel, Math.ceil(step.rows / C));
      const columnsPerRow = device.rowBytes / device.part.columnBytes;
      const round = roundNs(device, columnsPerRow, activeBanks);
      let ns = clock.rounds(round, rowsPerBank);
      const busNs = channelNs(step.bytes / C);
      ns += clock.idle(Math.max(0, Math.max(busNs, asicNs(device, step.asicOps)) - round * rowsPerBank));
      counters.activations += step.rows;
      counters.readColumns += step.rows * columnsPerRow;
      counters.columnAccesses += step.rows * columnsPerRow;
      counters.rowHits += step.rows * (columnsPerRow - 1);
      counters.offChipBytes += step.bytes;
      counters.asicOps += step.asicOps;
      return ns;
    }
  }
}

/** Times one token with `context` tokens in its K/V cache, continuing `clock` (so refresh carries over between tokens). */
export function timeToken(
  model: GptModel,
  device: PimDevice,
  mapping: PimMapping,
  context: number,
  clock: RefreshClock,
  withSteps = false,
  place: Placer = (op) => placeOp(op, device, mapping),
): TokenTiming {
  const counters = emptyCounters();
  const startNs = clock.nowNs;
  const stallBefore = clock.stallNs;
  const refreshesBefore = clock.refreshes;
  const totals = new Map<string, StepTotal>();
  let mvNs = 0;
  const geometry = { rowBytes: device.rowBytes, elementBytes: device.part.elementBytes, columnBytes: device.part.columnBytes };
  for (const step of tokenSteps(model, mapping, context, geometry)) {
    const ns = runStep(step, device, mapping, clock, counters, place);
    if (step.type === 'mv') mvNs += ns;
    if (withSteps) {
      const total = totals.get(step.label) ?? { label: step.label, type: step.type, ns: 0 };
      total.ns += ns;
      totals.set(step.label, total);
    }
  }
  counters.refreshes = clock.refreshes - refreshesBefore;
  return { latencyNs: clock.nowNs - startNs, mvNs, refreshStallNs: clock.stallNs - stallBefore, counters, steps: [...totals.values()] };
}
