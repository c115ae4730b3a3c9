/**
 * The DRAM model's pictures of one design for `archdse report`: what a read's latency is made of,
 * how requests found their rows, and where the energy goes.
 *
 * The controller reports the mean read latency, not its parts. The parts drawn here are the
 * device's own service time, from the standard's timings weighted by how often requests found
 * their row open (CL and the burst), closed (plus tRCD) or holding another row (plus tRP and
 * tRCD); what the measured mean has beyond them is time the request waited: in the queue, for
 * refresh, bus turnarounds and the other timing constraints.
 */
import type { DesignFigure } from '../../src/environment/types.js';
import { horizontalBarChart, PALETTE } from '../../src/report/svg-chart.js';
import type { ControllerResult } from './controller/index.js';
import { cyclesToNs, type DramStandard } from './standards/index.js';

export interface ReadLatencyParts {
  columnNs: number;
  activateNs: number;
  prechargeNs: number;
  waitingNs: number;
  meanNs: number;
  p99Ns: number;
}

export function readLatencyParts(standard: DramStandard, result: ControllerResult): ReadLatencyParts {
  const t = standard.timingCycles;
  const outcomes = result.rowHits + result.rowMisses + result.rowConflicts;
  const closed = outcomes > 0 ? (result.rowMisses + result.rowConflicts) / outcomes : 0;
  const conflicts = outcomes > 0 ? result.rowConflicts / outcomes : 0;
  const columnNs = cyclesToNs(standard, t.CL + t.burstCycles);
  const activateNs = cyclesToNs(standard, t.RCD * closed);
  const prechargeNs = cyclesToNs(standard, t.RP * conflicts);
  const meanNs = cyclesToNs(standard, result.readLatencyCycles.mean);
  return { columnNs, activateNs, prechargeNs, waitingNs: Math.max(0, meanNs - columnNs - activateNs - prechargeNs), meanNs, p99Ns: cyclesToNs(standard, result.readLatencyCycles.p99) };
}

function percent(part: number, whole: number): string {
  return whole > 0 ? `(${((100 * part) / whole).toFixed(1)}%)` : '';
}

export function dramFigures(standard: DramStandard, result: ControllerResult): DesignFigure[] {
  const figures: DesignFigure[] = [];
  if (result.reads > 0) {
    const p = readLatencyParts(standard, result);
    figures.push({
      title: `Read latency: mean ${p.meanNs.toFixed(1)} ns, 99th percentile ${p.p99Ns.toFixed(1)} ns`,
      svg: horizontalBarChart('', 'ns per read (mean)', [
        { label: 'column access + burst (CL, burst)', value: p.columnNs, color: PALETTE[0], note: percent(p.columnNs, p.meanNs) },
        { label: 'row activation (tRCD × closed-row share)', value: p.activateNs, color: PALETTE[2], note: percent(p.activateNs, p.meanNs) },
        { label: 'precharge (tRP × conflict share)', value: p.prechargeNs, color: PALETTE[4], note: percent(p.prechargeNs, p.meanNs) },
        { label: 'waiting: queue, refresh, bus, timing', value: p.waitingNs, color: PALETTE[1], note: percent(p.waitingNs, p.meanNs) },
        { label: 'measured mean', value: p.meanNs, color: '#1d2330' },
        { label: 'measured 99th percentile', value: p.p99Ns, color: '#5b6475' },
      ]),
      caption: `${standard.name}. The device's service time from its timings (CL ${standard.timingCycles.CL}, tRCD ${standard.timingCycles.RCD}, tRP ${standard.timingCycles.RP} cycles) weighted by the row-buffer outcomes of all requests; the rest of the measured mean is time spent waiting.`,
    });
  }
  const outcomes = result.rowHits + result.rowMisses + result.rowConflicts;
  figures.push({
    title: 'Row-buffer outcomes',
    svg: horizontalBarChart('', 'requests', [
      { label: 'hit (row open)', value: result.rowHits, color: PALETTE[2], note: percent(result.rowHits, outcomes) },
      { label: 'miss (bank closed)', value: result.rowMisses, color: PALETTE[4], note: percent(result.rowMisses, outcomes) },
      { label: 'conflict (other row open)', value: result.rowConflicts, color: PALETTE[1], note: percent(result.rowConflicts, outcomes) },
    ]),
    caption: `${result.requests.toLocaleString('en-US')} requests (${result.reads.toLocaleString('en-US')} reads, ${result.writes.toLocaleString('en-US')} writes).`,
  });
  const commandPj = result.energyPj - result.backgroundEnergyPj;
  figures.push({
    title: `Energy: ${(result.energyPj / 1000).toLocaleString('en-US', { maximumFractionDigits: 0 })} nJ`,
    svg: horizontalBarChart('', 'nJ', [
      { label: 'commands (ACT, PRE, RD, WR, REF)', value: commandPj / 1000, color: PALETTE[0], note: percent(commandPj, result.energyPj) },
      { label: 'background (standby, power-down)', value: result.backgroundEnergyPj / 1000, color: PALETTE[5], note: percent(result.backgroundEnergyPj, result.energyPj) },
    ]),
    caption: 'Current-based model over all devices: energy of the commands issued, and of the ranks idling or powered down for the whole run.',
  });
  return figures;
}
