import { describe, expect, it } from 'vitest';
import { AddressMapper } from '../../spaces/dram/address/index.js';
import { DEFAULT_KNOBS, simulateController, type CommandName, type ControllerKnobs } from '../../spaces/dram/controller/index.js';
import { DDR3_1600, DDR4_2400, LPDDR4_3200, type DramStandard } from '../../spaces/dram/standards/index.js';
import { arrayFeed as feedOf, DecodedWorkload, loadWorkload } from '../../spaces/dram/workload.js';

const NO_REFRESH: ControllerKnobs = { ...DEFAULT_KNOBS, RefreshPolicy: 'NoRefresh' };

const gbps = (standard: DramStandard, requests: number, cycles: number) => (requests * 64) / ((cycles * 1000) / standard.clockMHz);

function workloadFeed(standard: DramStandard, mapping: string, trace: string, requests: number, seed = 1) {
  return loadWorkload({ trace, requests, seed }, standard, new AddressMapper(standard, mapping));
}

/** Bursts of 8 random reads and writes with idle gaps between them, so ranks power down. */
function sparseWorkload(standard: DramStandard, mapping: string, requests: number) {
  const dense = workloadFeed(standard, mapping, 'rwmix', requests, 7);
  const arrival = dense.arrivalCycle.map((_, i) => Math.floor(i / 8) * 700 + (i % 8));
  return new DecodedWorkload(dense.name, dense.count, arrival, dense.isWrite, dense.bank, dense.row);
}

/**
 * An independent check of a command log against JEDEC timing rules, written from the rules
 * themselves (not from the controller's checker): bank state, every constraint at its level,
 * one command per cycle and no overlapping data bursts.
 */
function checkCommandLog(standard: DramStandard, log: { cycle: number; command: CommandName; bank: number }[]): string[] {
  const t = standard.timingCycles;
  const o = standard.organization;
  const perRank = o.bankGroups * o.banksPerGroup;
  const banks = o.channels * o.ranks * perRank;
  const problems: string[] = [];
  const openRowSince = new Array<number>(banks).fill(-1); // ACT cycle of the open row, -1 closed
  const closedAt = new Array<number>(banks).fill(-1e9);
  const lastAct = new Array<number>(banks).fill(-1e9);
  const lastRd = new Array<number>(banks).fill(-1e9);
  const lastWr = new Array<number>(banks).fill(-1e9);
  const rankActs: number[][] = Array.from({ length: o.ranks * o.channels }, () => []);
  const lastRefresh = new Array<number>(o.ranks * o.channels).fill(-1e9);
  const refreshBusyUntil = new Array<number>(banks).fill(-1e9);
  const bursts: [number, number][] = [];
  let previousCycle = -1;
  const rankOf = (b: number) => Math.floor(b / perRank);
  const groupOf = (b: number) => Math.floor(b / o.banksPerGroup);
  const need = (ok: boolean, what: string, cycle: number, bank: number) => {
    if (!ok && problems.length < 20) problems.push(`cycle ${cycle} bank ${bank}: ${what}`);
  };
  const bankRange = (rank: number) => Array.from({ length: perRank }, (_, i) => rank * perRank + i);
  const lastInScope = (arr: number[], bank: number, sameGroup: boolean) => {
    let m = -1e9;
    for (const b of bankRange(rankOf(bank))) if (!sameGroup || groupOf(b) === groupOf(bank)) m = Math.max(m, arr[b]);
    return m;
  };
  const prechargeOk = (b: number, cycle: number) =>
    cycle >= lastAct[b] + t.RAS && cycle >= lastRd[b] + t.RTP && cycle >= lastWr[b] + t.WL + t.burstCycles + t.WR;
  const downSince = new Array<number>(o.ranks * o.channels).fill(-1);
  const wakesAt = new Array<number>(o.ranks * o.channels).fill(-1e9);
  for (const { cycle, command, bank } of log) {
    const r = rankOf(bank);
    if (command === 'PDE') {
      need(downSince[r] < 0, 'power-down entry while down', cycle, bank);
      for (const b of bankRange(r)) {
        need(cycle >= lastRd[b] + t.CL + t.burstCycles + 1, 'tRDPDEN before power-down', cycle, b);
        need(cycle >= lastWr[b] + t.WL + t.burstCycles + t.WR, 'tWRPDEN before power-down', cycle, b);
      }
      downSince[r] = cycle;
      continue;
    }
    if (command === 'PDX') {
      need(downSince[r] >= 0 && cycle >= downSince[r] + t.CKE, 'power-down shorter than CKE', cycle, bank);
      downSince[r] = -1;
      wakesAt[r] = cycle + t.XP;
      continue;
    }
    need(cycle > previousCycle, 'two commands in one cycle or out of order', cycle, bank);
    previousCycle = cycle;
    need(downSince[r] < 0, `${command} to a powered-down rank`, cycle, bank);
    need(cycle >= wakesAt[r], 'XP after power-down exit', cycle, bank);
    if (command === 'ACT') {
      need(openRowSince[bank] < 0, 'ACT to an open bank', cycle, bank);
      need(cycle >= closedAt[bank] + t.RP, 'RP', cycle, bank);
      need(cycle >= lastAct[bank] + t.RC, 'RC', cycle, bank);
      need(cycle >= lastInScope(lastAct, bank, true) + t.RRD_L || lastInScope(lastAct, bank, true) === lastAct[bank], 'RRD_L', cycle, bank);
      need(cycle >= lastInScope(lastAct, bank, false) + t.RRD_S, 'RRD_S', cycle, bank);
      const acts = rankActs[r];
      if (acts.length >= 4) need(cycle >= acts[acts.length - 4] + t.FAW, 'FAW', cycle, bank);
      need(cycle >= lastRefresh[r] + t.RFC, 'RFC', cycle, bank);
      need(cycle >= refreshBusyUntil[bank], 'RFCpb', cycle, bank);
      acts.push(cycle);
      lastAct[bank] = cycle;
      openRowSince[bank] = cycle;
    } else if (command === 'RD' || command === 'RDA' || command === 'WR' || command === 'WRA') {
      const isRead = command[0] === 'R';
      need(openRowSince[bank] >= 0, `${command} to a closed bank`, cycle, bank);
      need(cycle >= lastAct[bank] + t.RCD, 'RCD', cycle, bank);
      if (isRead) {
        need(cycle >= lastInScope(lastRd, bank, true) + t.CCD_L, 'CCD_L (read)', cycle, bank);
        need(cycle >= lastInScope(lastRd, bank, false) + t.CCD_S, 'CCD_S (read)', cycle, bank);
        need(cycle >= lastInScope(lastWr, bank, true) + t.WL + t.burstCycles + t.WTR_L, 'WTR_L', cycle, bank);
        need(cycle >= lastInScope(lastWr, bank, false) + t.WL + t.burstCycles + t.WTR_S, 'WTR_S', cycle, bank);
        lastRd[bank] = cycle;
        bursts.push([cycle + t.CL, cycle + t.CL + t.burstCycles]);
      } else {
        need(cycle >= lastInScope(lastWr, bank, true) + t.CCD_L, 'CCD_L (write)', cycle, bank);
        need(cycle >= lastInScope(lastWr, bank, false) + t.CCD_S, 'CCD_S (write)', cycle, bank);
        need(cycle >= lastInScope(lastRd, bank, false) + t.CL + t.burstCycles + 2 - t.WL, 'read-to-write turnaround', cycle, bank);
        lastWr[bank] = cycle;
        bursts.push([cycle + t.WL, cycle + t.WL + t.burstCycles]);
      }
      if (command.endsWith('A')) {
        const closeAt = isRead ? Math.max(cycle + t.RTP, lastAct[bank] + t.RAS) : Math.max(cycle + t.WL + t.burstCycles + t.WR, lastAct[bank] + t.RAS);
        closedAt[bank] = closeAt;
        openRowSince[bank] = -1;
      }
    } else if (command === 'PRE') {
      need(openRowSince[bank] >= 0, 'PRE to a closed bank', cycle, bank);
      need(prechargeOk(bank, cycle), 'RAS/RTP/WR before PRE', cycle, bank);
      closedAt[bank] = cycle;
      openRowSince[bank] = -1;
    } else if (command === 'PREA') {
      for (const b of bankRange(r)) {
        if (openRowSince[b] < 0) continue;
        need(prechargeOk(b, cycle), 'RAS/RTP/WR before PREA', cycle, b);
        closedAt[b] = cycle;
        openRowSince[b] = -1;
      }
    } else if (command === 'REF') {
      for (const b of bankRange(r)) {
        need(openRowSince[b] < 0, 'REF with an open bank', cycle, b);
        need(cycle >= closedAt[b] + t.RP, 'RP before REF', cycle, b);
      }
      need(cycle >= lastRefresh[r] + t.RFC, 'REF to REF', cycle, bank);
      lastRefresh[r] = cycle;
    } else if (command === 'REFPB') {
      need(openRowSince[bank] < 0, 'REFPB to an open bank', cycle, bank);
      need(cycle >= closedAt[bank] + t.RP, 'RP before REFPB', cycle, bank);
      refreshBusyUntil[bank] = cycle + (t.RFCpb ?? t.RFC);
    }
  }
  bursts.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < bursts.length; i++) if (bursts[i][0] < bursts[i - 1][1]) need(false, 'data bursts overlap', bursts[i][0], -1);
  return problems;
}

describe('DRAM controller: first-principles figures (DDR4-2400)', () => {
  it('unloaded read latency: row hit 20, closed-row miss 36, row conflict 52 cycles', () => {
    const result = simulateController(
      DDR4_2400,
      NO_REFRESH,
      feedOf([
        { arrivalCycle: 0, isWrite: false, bank: 0, row: 5 },
        { arrivalCycle: 1000, isWrite: false, bank: 0, row: 5 },
        { arrivalCycle: 2000, isWrite: false, bank: 0, row: 9 },
      ]),
    );
    expect([result.rowMisses, result.rowHits, result.rowConflicts]).toEqual([1, 1, 1]);
    expect(result.readLatencyCycles.mean).toBe((36 + 20 + 52) / 3);
    expect(result.readLatencyCycles.max).toBe(52);
    expect(result.totalCycles).toBe(2052);
  });

  it('random reads to all banks without refresh are tFAW-bound: 4 x 64 B per 26 cycles = 11.82 GB/s', () => {
    const w = workloadFeed(DDR4_2400, 'RoBaRaCoCh', 'random', 20_000);
    const result = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 32 }, w.feed());
    expect(gbps(DDR4_2400, result.requests, result.totalCycles)).toBeCloseTo(11.82, 1);
  });

  it('every access to one bank in a new row is tRC-bound: 64 B per 55 cycles = 1.397 GB/s', () => {
    const requests = Array.from({ length: 5000 }, (_, i) => ({ arrivalCycle: 0, isWrite: false, bank: 3, row: i % 977 }));
    const result = simulateController(DDR4_2400, NO_REFRESH, feedOf(requests));
    expect(gbps(DDR4_2400, result.requests, result.totalCycles)).toBeCloseTo(1.397, 2);
    expect(result.rowConflicts).toBe(4999);
  });

  it('sequential reads, open page (RoBaRaCoCh): 14.9 GB/s, and all-bank refresh costs 3-5%', () => {
    const w = workloadFeed(DDR4_2400, 'RoBaRaCoCh', 'stream', 100_000);
    const plain = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 32 }, w.feed());
    const refreshed = simulateController(DDR4_2400, { ...DEFAULT_KNOBS, RequestBufferSize: 32 }, w.feed());
    const without = gbps(DDR4_2400, plain.requests, plain.totalCycles);
    const withRefresh = gbps(DDR4_2400, refreshed.requests, refreshed.totalCycles);
    expect(without).toBeCloseTo(14.9, 1);
    expect(refreshed.commands.refreshes).toBeGreaterThan(0);
    const loss = 1 - withRefresh / without;
    expect(loss).toBeGreaterThan(0.03);
    expect(loss).toBeLessThan(0.05);
  });
});

describe('DRAM controller: the study (DDR3-1600, row-bank-column, stream)', () => {
  const w = workloadFeed(DDR3_1600, 'RoBaCo', 'stream', 10_000);
  it('open page finishes near 10,000 x 64 B at 12.8 GB/s; closed page pays about tRC per access at lower power', () => {
    const open = simulateController(DDR3_1600, { ...DEFAULT_KNOBS, PagePolicy: 'Open' }, w.feed());
    const closed = simulateController(DDR3_1600, { ...DEFAULT_KNOBS, PagePolicy: 'Closed' }, w.feed());
    const openNs = open.totalCycles * 1.25;
    const closedNs = closed.totalCycles * 1.25;
    expect(openNs).toBeGreaterThan(50_000);
    expect(openNs).toBeLessThan(52_000);
    // tRC = 38 cycles = 47.5 ns per access, less the overlap where the stream crosses to the next bank.
    expect(closedNs).toBeGreaterThan(0.9 * 10_000 * 47.5);
    expect(closedNs).toBeLessThan(1.02 * 10_000 * 47.5);
    expect(closed.energyPj / closedNs).toBeLessThan(open.energyPj / openNs);
    expect(closed.rowMisses).toBe(10_000);
  });

  it('energy follows the current-based model: closed page, one bank, reads only', () => {
    const n = 100;
    const requests = Array.from({ length: n }, (_, i) => ({ arrivalCycle: i * 1000, isWrite: false, bank: 0, row: i }));
    const r = simulateController(DDR3_1600, { ...NO_REFRESH, PagePolicy: 'Closed' }, feedOf(requests));
    const t = DDR3_1600.timingCycles;
    const idd = DDR3_1600.powerRails[0];
    // IDD2N = IDD3N for this part: background is IDD3N * T; each ACT/PRE pair (IDD0 - IDD3N) * RC.
    const chargeMaCycles = idd.idd3nmA * r.totalCycles + (idd.idd0mA - idd.idd3nmA) * t.RC * n + (idd.idd4rmA - idd.idd3nmA) * t.burstCycles * n;
    expect(r.energyPj).toBeCloseTo(1.5 * 8 * 1.25 * chargeMaCycles, 6);
  });
});

describe('DRAM controller: every command legal, every request answered', () => {
  const cases: { standard: DramStandard; mapping: string; trace: string; knobs: Partial<ControllerKnobs> }[] = [
    { standard: DDR4_2400, mapping: 'RoBaRaCoCh', trace: 'rwmix', knobs: { PagePolicy: 'Open', Scheduler: 'FrFcfs', RequestBufferSize: 16 } },
    { standard: DDR4_2400, mapping: 'RoBaCo', trace: 'random', knobs: { PagePolicy: 'OpenAdaptive', Scheduler: 'FrFcfsGrp', SchedulerBuffer: 'ReadWrite', RefreshMaxPostponed: 1, RefreshMaxPulledin: 2 } },
    { standard: DDR4_2400, mapping: 'RoBaRaCoCh', trace: 'cloud-1', knobs: { PagePolicy: 'ClosedAdaptive', Scheduler: 'Fifo', SchedulerBuffer: 'Shared', RequestBufferSize: 4, Arbiter: 'Reorder', MaxActiveTransactions: 8 } },
    { standard: DDR3_1600, mapping: 'RoBaCo', trace: 'rwmix', knobs: { PagePolicy: 'Closed', RespQueue: 'Reorder', Arbiter: 'Fifo', MaxActiveTransactions: 2, RefreshMaxPostponed: 0 } },
    { standard: DDR3_1600, mapping: 'RoBaCo', trace: 'cloud-2', knobs: { CmdMux: 'Strict', Scheduler: 'FrFcfs', RequestBufferSize: 32 } },
    { standard: LPDDR4_3200, mapping: 'RoBaRaCoCh', trace: 'rwmix', knobs: { RefreshPolicy: 'PerBank', PagePolicy: 'OpenAdaptive' } },
    { standard: DDR4_2400, mapping: 'RoBaRaCoCh', trace: 'sparse', knobs: { PowerDownPolicy: 'Staggered', PagePolicy: 'Open' } },
    { standard: DDR3_1600, mapping: 'RoBaCo', trace: 'sparse', knobs: { PowerDownPolicy: 'Staggered', PagePolicy: 'Closed', RefreshMaxPulledin: 1 } },
  ];
  for (const { standard, mapping, trace, knobs } of cases) {
    it(`${standard.name} ${mapping} ${trace} ${JSON.stringify(knobs)}`, () => {
      const w = trace === 'sparse' ? sparseWorkload(standard, mapping, 6000) : workloadFeed(standard, mapping, trace, 6000, 3);
      const log: { cycle: number; command: CommandName; bank: number }[] = [];
      // Few refreshes may wait, so the log holds refreshes amid traffic.
      const result = simulateController(standard, { ...DEFAULT_KNOBS, RefreshMaxPostponed: 1, ...knobs }, w.feed(), { onCommand: (cycle, command, bank) => log.push({ cycle, command, bank }) });
      expect(checkCommandLog(standard, log)).toEqual([]);
      expect(result.requests).toBe(6000);
      expect(result.commands.reads + result.commands.writes).toBe(6000);
      expect(result.rowHits + result.rowMisses + result.rowConflicts).toBe(6000);
      expect(log.filter((c) => c.command === 'ACT').length).toBe(result.commands.activates);
      if (knobs.RefreshPolicy !== 'NoRefresh') expect(result.commands.refreshes + result.commands.perBankRefreshes).toBeGreaterThan(0);
    });
  }
});

describe('DRAM controller: knob semantics', () => {
  const w = workloadFeed(DDR4_2400, 'RoBaRaCoCh', 'random', 4000, 5);
  it('is deterministic', () => {
    expect(simulateController(DDR4_2400, DEFAULT_KNOBS, w.feed())).toEqual(simulateController(DDR4_2400, DEFAULT_KNOBS, w.feed()));
  });

  it('MaxActiveTransactions 1 with the Fifo arbiter serializes requests; Simple ignores it', () => {
    const one = simulateController(DDR4_2400, { ...NO_REFRESH, Arbiter: 'Fifo', MaxActiveTransactions: 1 }, w.feed());
    const simple = simulateController(DDR4_2400, { ...NO_REFRESH, Arbiter: 'Simple', MaxActiveTransactions: 1 }, w.feed());
    // One at a time: each request pays at least a closed-row miss (36 cycles) or a hit (20).
    expect(one.totalCycles).toBeGreaterThanOrEqual(4000 * 20);
    expect(simple.totalCycles).toBeLessThan(one.totalCycles / 2);
  });

  it('a larger scheduler buffer lets FR-FCFS find more row hits', () => {
    const cloud = workloadFeed(DDR4_2400, 'RoBaRaCoCh', 'cloud-2', 4000, 5);
    const small = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 1 }, cloud.feed());
    const large = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 64 }, cloud.feed());
    expect(large.rowHits).toBeGreaterThanOrEqual(small.rowHits);
    expect(large.totalCycles).toBeLessThan(small.totalCycles);
  });

  it('Reorder answers in request order, which never lowers latency', () => {
    const fifo = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 16 }, w.feed());
    const reorder = simulateController(DDR4_2400, { ...NO_REFRESH, RequestBufferSize: 16, RespQueue: 'Reorder' }, w.feed());
    expect(reorder.readLatencyCycles.mean).toBeGreaterThanOrEqual(fifo.readLatencyCycles.mean);
  });

  it('Closed page never hits; Open page on a stream mostly hits', () => {
    const stream = workloadFeed(DDR4_2400, 'RoBaRaCoCh', 'stream', 4000);
    expect(simulateController(DDR4_2400, { ...NO_REFRESH, PagePolicy: 'Closed' }, stream.feed()).rowHits).toBe(0);
    expect(simulateController(DDR4_2400, { ...NO_REFRESH, PagePolicy: 'Open' }, stream.feed()).rowHits).toBeGreaterThan(3800);
  });

  it('postponing refresh delays it while busy; pulling in issues it early while idle', () => {
    const stream = workloadFeed(DDR3_1600, 'RoBaCo', 'stream', 10_000);
    const postponing = simulateController(DDR3_1600, { ...DEFAULT_KNOBS, RefreshMaxPostponed: 8 }, stream.feed());
    const eager = simulateController(DDR3_1600, { ...DEFAULT_KNOBS, RefreshMaxPostponed: 0 }, stream.feed());
    expect(postponing.commands.refreshes).toBe(0);
    expect(eager.commands.refreshes).toBeGreaterThan(0);
    const sparse = Array.from({ length: 20 }, (_, i) => ({ arrivalCycle: i * 20_000, isWrite: false, bank: 0, row: 1 }));
    const pulled = simulateController(DDR3_1600, { ...DEFAULT_KNOBS, RefreshMaxPulledin: 4 }, feedOf(sparse));
    // Idle from the start: refreshes are pulled in ahead of the REFI ticks.
    expect(pulled.commands.refreshes).toBeGreaterThan(Math.floor(pulled.totalCycles / DDR3_1600.timingCycles.REFI));
  });

  it('staggered power-down saves background energy on a sparse trace, at a small latency cost', () => {
    const sparse = sparseWorkload(DDR4_2400, 'RoBaRaCoCh', 4000);
    const awake = simulateController(DDR4_2400, { ...DEFAULT_KNOBS, PagePolicy: 'Closed' }, sparse.feed());
    const sleepy = simulateController(DDR4_2400, { ...DEFAULT_KNOBS, PagePolicy: 'Closed', PowerDownPolicy: 'Staggered' }, sparse.feed());
    expect(sleepy.backgroundEnergyPj).toBeLessThan(0.9 * awake.backgroundEnergyPj);
    expect(sleepy.readLatencyCycles.mean).toBeGreaterThan(awake.readLatencyCycles.mean);
    // At most XP (8) more per burst's first request, amortized over the burst.
    expect(sleepy.readLatencyCycles.mean - awake.readLatencyCycles.mean).toBeLessThanOrEqual(DDR4_2400.timingCycles.XP);
  });

  it('rejects bad knob values by name, and PerBank refresh on a standard without it', () => {
    expect(() => simulateController(DDR4_2400, { ...DEFAULT_KNOBS, PagePolicy: 'Sometimes' as never }, w.feed())).toThrow(/PagePolicy must be one of Open, OpenAdaptive, Closed, ClosedAdaptive/);
    expect(() => simulateController(DDR4_2400, { ...DEFAULT_KNOBS, RequestBufferSize: 0 }, w.feed())).toThrow(/RequestBufferSize must be an integer of at least 1/);
    expect(() => simulateController(DDR4_2400, { ...DEFAULT_KNOBS, RefreshPolicy: 'PerBank' }, w.feed())).toThrow(/PerBank needs a standard with per-bank refresh.*DDR4-2400/);
  });

  it('rejects a request outside the device or without a cycle, under every buffer kind, instead of waiting for it forever', () => {
    const o = DDR4_2400.organization;
    const banks = o.channels * o.ranks * o.bankGroups * o.banksPerGroup;
    const good = { arrivalCycle: 0, bank: 1, row: 3, isWrite: false };
    for (const SchedulerBuffer of ['Bankwise', 'ReadWrite', 'Shared'] as const) {
      const knobs = { ...DEFAULT_KNOBS, SchedulerBuffer };
      expect(() => simulateController(DDR4_2400, knobs, feedOf([good, { ...good, bank: banks }]))).toThrow(new RegExp(`request 1: bank ${banks} is outside 0\\.\\.${banks - 1}`));
      expect(() => simulateController(DDR4_2400, knobs, feedOf([{ ...good, bank: -1 }]))).toThrow(/request 0: bank -1 is outside/);
      expect(() => simulateController(DDR4_2400, knobs, feedOf([good, { ...good, arrivalCycle: Number.NaN }]))).toThrow(/request 1: arrival cycle NaN must be a number >= 0/);
    }
  });
});
