/** DRAM standards as data: types, presets with sources, validation and derived figures. */
export type { DramFamily, DramOrganization, DramPowerRail, DramStandard, DramTimingCycles } from './types.js';
export { DDR3_1600 } from './ddr3.js';
export { DDR4_2400, DDR4_3200 } from './ddr4.js';
export { LPDDR4_3200 } from './lpddr4.js';
export { DramStandardError, findStandardProblems, validateStandard } from './validate.js';
export { DRAM_STANDARDS, UnknownStandardError, getStandard, standardNames } from './registry.js';
export {
  banksPerRank,
  busBytes,
  bytesPerBurst,
  capacityBytes,
  cyclesToNs,
  dataRateMTps,
  peakBandwidthGBps,
  rowBufferBytes,
  totalBanks,
} from './derived.js';
