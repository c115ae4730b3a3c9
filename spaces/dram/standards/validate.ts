/**
 * Consistency checks for a standard. Address mapping slices addresses into bit fields, so every
 * count that becomes a field must be a power of two; timing relations that every JEDEC standard
 * obeys (tRC >= tRAS + tRP, ...) catch typing errors in a preset or a user's override; and the
 * current-based energy model subtracts IDD3N from the other currents, so they must not be smaller.
 */
import type { DramStandard, DramTimingCycles } from './types.js';
import { capacityBytes } from './derived.js';

/** A standard that fails its checks; `problems` lists every failure, one sentence each. */
export class DramStandardError extends Error {
  constructor(
    readonly standardName: string,
    readonly problems: string[],
  ) {
    super(`DRAM standard "${standardName}" is inconsistent:\n  - ${problems.join('\n  - ')}`);
    this.name = 'DramStandardError';
  }
}

const isPowerOfTwo = (n: number): boolean => Number.isInteger(n) && n >= 1 && (n & (n - 1)) === 0 && n <= 2 ** 30;

const REQUIRED_TIMINGS: (keyof DramTimingCycles)[] = [
  'CL', 'WL', 'RCD', 'RP', 'RAS', 'RC', 'RRD_S', 'RRD_L', 'CCD_S', 'CCD_L', 'WTR_S', 'WTR_L',
  'FAW', 'WR', 'RTP', 'RFC', 'REFI', 'XP', 'XS', 'CKE', 'RTRS', 'burstCycles',
];
const OPTIONAL_TIMINGS: (keyof DramTimingCycles)[] = ['RFCpb', 'REFIpb', 'RPab'];

/** Every inconsistency found in the standard, as readable sentences; empty when it is sound. */
export function findStandardProblems(standard: DramStandard): string[] {
  const problems: string[] = [];
  const o = standard.organization;
  const t = standard.timingCycles;

  for (const key of ['channels', 'ranks', 'bankGroups', 'banksPerGroup', 'rows', 'columns', 'burstLength'] as const) {
    if (!isPowerOfTwo(o[key])) {
      problems.push(`organization.${key} = ${o[key]} must be a power of two (1, 2, 4, ...) so addresses split into bit fields`);
    }
  }
  for (const key of ['deviceWidthBits', 'devicesPerRank', 'busWidthBits'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) problems.push(`organization.${key} = ${o[key]} must be a whole number of at least 1`);
  }
  if (o.deviceWidthBits * o.devicesPerRank !== o.busWidthBits) {
    problems.push(
      `organization.busWidthBits = ${o.busWidthBits} must equal deviceWidthBits x devicesPerRank = ` +
        `${o.deviceWidthBits} x ${o.devicesPerRank} = ${o.deviceWidthBits * o.devicesPerRank}`,
    );
  }
  if (!isPowerOfTwo(o.busWidthBits / 8)) {
    problems.push(`organization.busWidthBits = ${o.busWidthBits} must be 8 x a power of two so the byte offset is a bit field`);
  }
  if (isPowerOfTwo(o.burstLength) && isPowerOfTwo(o.columns) && o.burstLength > o.columns) {
    problems.push(`organization.burstLength = ${o.burstLength} exceeds columns = ${o.columns}: a burst must fit in a row`);
  }

  if (!(standard.clockMHz > 0)) problems.push(`clockMHz = ${standard.clockMHz} must be positive`);
  if (!(standard.tCKns > 0)) problems.push(`tCKns = ${standard.tCKns} must be positive`);
  if (standard.clockMHz > 0 && standard.tCKns > 0) {
    const exact = 1000 / standard.clockMHz;
    if (Math.abs(standard.tCKns - exact) / exact > 0.005) {
      problems.push(`tCKns = ${standard.tCKns} does not match clockMHz = ${standard.clockMHz} (1000 / clockMHz = ${exact.toFixed(4)} ns)`);
    }
  }
  if (standard.dataRate !== 1 && standard.dataRate !== 2) problems.push(`dataRate = ${standard.dataRate} must be 1 (SDR) or 2 (DDR)`);

  for (const key of REQUIRED_TIMINGS) {
    const value = t[key];
    if (value === undefined || !Number.isInteger(value) || value < 0) {
      problems.push(`timingCycles.${key} = ${value} must be a whole number of cycles, at least 0`);
    }
  }
  for (const key of OPTIONAL_TIMINGS) {
    const value = t[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) {
      problems.push(`timingCycles.${key} = ${value} must be a whole number of cycles, at least 1, or absent`);
    }
  }
  for (const key of ['CL', 'RCD', 'RP', 'RAS', 'RC', 'RFC', 'REFI', 'burstCycles'] as const) {
    if (t[key] === 0) problems.push(`timingCycles.${key} must be at least 1 cycle`);
  }
  const need = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  need(t.RC >= t.RAS + t.RP, `RC = ${t.RC} is less than RAS + RP = ${t.RAS} + ${t.RP} = ${t.RAS + t.RP}: a bank re-opens only after tRAS open and tRP precharge`);
  need(t.RAS >= t.RCD, `RAS = ${t.RAS} is less than RCD = ${t.RCD}: a row must stay open at least until it can be accessed`);
  need(t.RRD_L >= t.RRD_S, `RRD_L = ${t.RRD_L} is less than RRD_S = ${t.RRD_S}: same-bank-group spacing cannot be shorter`);
  need(t.CCD_L >= t.CCD_S, `CCD_L = ${t.CCD_L} is less than CCD_S = ${t.CCD_S}: same-bank-group spacing cannot be shorter`);
  need(t.WTR_L >= t.WTR_S, `WTR_L = ${t.WTR_L} is less than WTR_S = ${t.WTR_S}: same-bank-group spacing cannot be shorter`);
  need(t.CCD_S >= t.burstCycles, `CCD_S = ${t.CCD_S} is less than burstCycles = ${t.burstCycles}: back-to-back bursts would overlap on the data bus`);
  need(t.FAW >= t.RRD_S, `FAW = ${t.FAW} is less than RRD_S = ${t.RRD_S}: the four-activate window cannot be shorter than one ACT spacing`);
  need(t.REFI > t.RFC, `REFI = ${t.REFI} must exceed RFC = ${t.RFC}: otherwise the device would refresh all the time`);
  need(t.XS >= t.RFC, `XS = ${t.XS} is less than RFC = ${t.RFC}: self-refresh exit includes a refresh`);
  if (t.RPab !== undefined) need(t.RPab >= t.RP, `RPab = ${t.RPab} is less than RP = ${t.RP}: precharge-all cannot be faster than one bank`);
  if (t.RFCpb !== undefined) need(t.RFCpb <= t.RFC, `RFCpb = ${t.RFCpb} exceeds RFC = ${t.RFC}: a per-bank refresh cannot outlast an all-bank one`);
  if (t.REFIpb !== undefined) need(t.REFIpb <= t.REFI, `REFIpb = ${t.REFIpb} exceeds REFI = ${t.REFI}`);
  if (Number.isInteger(o.burstLength) && standard.dataRate > 0) {
    const expected = o.burstLength / standard.dataRate;
    need(t.burstCycles === expected, `burstCycles = ${t.burstCycles} must be burstLength / dataRate = ${o.burstLength} / ${standard.dataRate} = ${expected}`);
  }

  if (standard.powerRails.length === 0) problems.push('powerRails is empty: at least one supply rail with its currents is needed');
  for (const rail of standard.powerRails) {
    const label = `powerRails "${rail.name}"`;
    if (!(rail.voltageV > 0)) problems.push(`${label}: voltageV = ${rail.voltageV} must be positive`);
    for (const key of ['idd0mA', 'idd2nmA', 'idd3nmA', 'idd4rmA', 'idd4wmA', 'idd5mA', 'idd6mA', 'idd2pmA', 'idd3pmA'] as const) {
      if (!(rail[key] >= 0)) problems.push(`${label}: ${key} = ${rail[key]} must be a current of at least 0 mA`);
    }
    // The energy model charges (IDDx - IDD3N) per command; a smaller IDDx would give negative energy.
    for (const key of ['idd0mA', 'idd4rmA', 'idd4wmA', 'idd5mA'] as const) {
      if (rail[key] < rail.idd3nmA) {
        problems.push(`${label}: ${key} = ${rail[key]} is below idd3nmA = ${rail.idd3nmA}, which would make that command's energy negative`);
      }
    }
  }

  if (problems.length === 0 && !Number.isSafeInteger(capacityBytes(standard))) {
    problems.push(`capacity ${capacityBytes(standard)} bytes exceeds 2^53: addresses would not be exact numbers`);
  }
  return problems;
}

/** Throws a DramStandardError listing every problem, or returns the standard unchanged. */
export function validateStandard<S extends DramStandard>(standard: S): S {
  const problems = findStandardProblems(standard);
  if (problems.length > 0) throw new DramStandardError(standard.name, problems);
  return standard;
}
