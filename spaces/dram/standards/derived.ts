/** Figures that follow from a standard's organisation and clock. */
import type { DramStandard } from './types.js';

/** Bytes moved by one channel in one clock beat: the data bus width. */
export function busBytes(standard: DramStandard): number {
  return standard.organization.busWidthBits / 8;
}

/** Bytes delivered by one READ or WRITE burst on one channel (64 B for a x64 BL8 channel). */
export function bytesPerBurst(standard: DramStandard): number {
  return busBytes(standard) * standard.organization.burstLength;
}

/** Bytes of one open row across the rank (the row-buffer or page size seen by the controller). */
export function rowBufferBytes(standard: DramStandard): number {
  return standard.organization.columns * busBytes(standard);
}

/** Banks in one rank (bank groups x banks per group). */
export function banksPerRank(standard: DramStandard): number {
  return standard.organization.bankGroups * standard.organization.banksPerGroup;
}

/** Banks in the whole memory, over all channels and ranks. */
export function totalBanks(standard: DramStandard): number {
  const o = standard.organization;
  return o.channels * o.ranks * banksPerRank(standard);
}

/** Addressable bytes over all channels. */
export function capacityBytes(standard: DramStandard): number {
  const o = standard.organization;
  return o.channels * o.ranks * banksPerRank(standard) * o.rows * rowBufferBytes(standard);
}

/** Peak data bandwidth over all channels in GB/s (10^9 bytes per second): bus bytes x data rate x clock. */
export function peakBandwidthGBps(standard: DramStandard): number {
  return (standard.organization.channels * busBytes(standard) * standard.dataRate * standard.clockMHz) / 1000;
}

/** Data rate in mega-transfers per second (the number in the standard's name). */
export function dataRateMTps(standard: DramStandard): number {
  return standard.clockMHz * standard.dataRate;
}

/** Converts a cycle count of this standard's clock to nanoseconds (using the exact 1000 / clockMHz period). */
export function cyclesToNs(standard: DramStandard, cycles: number): number {
  return (cycles * 1000) / standard.clockMHz;
}
