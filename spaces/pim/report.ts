/** The text and records `archdse simulate pim` shows beyond the metrics: time per step and energy per part of one token. */
import type { DesignReport } from '../../src/environment/types.js';
import type { PimDevice } from './device.js';
import { tokenEnergyPj } from './energy.js';
import type { PimResult } from './evaluate.js';

export function pimReport(result: PimResult, device: PimDevice, tokens: number): DesignReport {
  const latencyNs = result.metrics.latencyPerTokenUs! * 1_000;
  const perToken = Object.fromEntries(Object.entries(result.counters).map(([k, v]) => [k, v / tokens])) as unknown as PimResult['counters'];
  const energy = tokenEnergyPj(perToken, latencyNs, device);
  const parts: Record<string, number | string>[] = result.steps.map((s) => ({ part: 'time', step: s.label, kind: s.type, us: s.ns / 1_000, sharePct: (100 * s.ns) / latencyNs }));
  for (const [name, pj] of Object.entries(energy)) if (name !== 'totalPj') parts.push({ part: 'energy', step: name.replace(/Pj$/, ''), kind: 'energy', uj: pj / 1e6, sharePct: (100 * pj) / energy.totalPj });
  const lines = ['step                                   kind        us/token   share', '-------------------------------------  ----------  ---------  ------'];
  for (const s of result.steps) lines.push(`${s.label.padEnd(37)}  ${s.type.padEnd(10)}  ${(s.ns / 1_000).toFixed(2).padStart(9)}  ${((100 * s.ns) / latencyNs).toFixed(1).padStart(5)}%`);
  lines.push('', 'energy part   uJ/token   share', '------------  ---------  ------');
  for (const [name, pj] of Object.entries(energy)) {
    if (name === 'totalPj') continue;
    lines.push(`${name.replace(/Pj$/, '').padEnd(12)}  ${(pj / 1e6).toFixed(2).padStart(9)}  ${((100 * pj) / energy.totalPj).toFixed(1).padStart(5)}%`);
  }
  if (result.assignments) {
    lines.push('', 'tile assignment (ILP per op shape)       status    chosen   uniform us  ILP us    solve s', '-------------------------------------  --------  -------  ----------  --------  -------');
    for (const a of result.assignments) {
      const name = `${a.op.name} ${a.op.groups}x${a.op.outputs}x${a.op.inputs}`;
      const ilpUs = a.ilpBusyNs === undefined ? '-' : (a.ilpBusyNs / 1_000).toFixed(3);
      lines.push(`${name.padEnd(37)}  ${a.status.padEnd(8)}  ${a.chosen.padEnd(7)}  ${(a.uniformBusyNs / 1_000).toFixed(3).padStart(10)}  ${ilpUs.padStart(8)}  ${a.solveTimeSec.toFixed(2).padStart(7)}`);
      parts.push({ part: 'assignment', step: a.op.name, kind: a.status, chosen: a.chosen, uniformUs: a.uniformBusyNs / 1_000, ...(a.ilpBusyNs === undefined ? {} : { ilpUs: a.ilpBusyNs / 1_000 }), message: a.message });
    }
  }
  return { parts, view: lines.join('\n') };
}
