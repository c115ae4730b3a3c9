/** Energy of a token from its operation counts and the cited per-operation energies (presets.ts PIM_ENERGY). */
import type { PimDevice } from './device.js';
import { PIM_ENERGY, type PimEnergyPreset } from './presets.js';
import type { TokenCounters } from './timeline.js';

export interface EnergyBreakdownPj {
  activatePj: number;
  columnPj: number;
  macPj: number;
  offChipPj: number;
  asicPj: number;
  refreshPj: number;
  backgroundPj: number;
  totalPj: number;
}

export function tokenEnergyPj(counters: TokenCounters, latencyNs: number, device: PimDevice, preset: PimEnergyPreset = PIM_ENERGY): EnergyBreakdownPj {
  const activatePj = counters.activations * preset.activatePjPerKB * (device.rowBytes / 1_024);
  const columnPj =
    counters.macCommands * device.macBytes * preset.columnReadPjPerByte +
    counters.readColumns * device.part.columnBytes * preset.columnReadPjPerByte +
    counters.writeColumns * device.part.columnBytes * preset.columnWritePjPerByte;
  const macPj = counters.macCommands * device.macLanesPerBank * preset.macPj;
  const offChipPj = counters.offChipBytes * preset.offChipPjPerByte;
  const asicPj = counters.asicOps * preset.asicOpPj;
  const refreshPj = counters.refreshes * device.channels * preset.refreshPjPerChannel;
  // mW x ns = pJ
  const backgroundPj = preset.backgroundMwPerChannel * device.channels * latencyNs;
  const totalPj = activatePj + columnPj + macPj + offChipPj + asicPj + refreshPj + backgroundPj;
  return { activatePj, columnPj, macPj, offChipPj, asicPj, refreshPj, backgroundPj, totalPj };
}
