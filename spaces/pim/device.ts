/**
 * A PIM system design: the varied parameters (channels, banks, MAC lanes, row and global-buffer
 * sizes, clocks, ASIC lanes) on a fixed part (timing, rows per bank, pins: presets.ts), with the
 * derived figures the timeline uses, and the capacity check.
 */
import { totalParameters, type GptModel } from './models.js';
import { GDDR6_AIM, type PimPartPreset } from './presets.js';

/** A design that cannot run the workload; names the parameter or option at fault. */
export class PimInfeasibleError extends Error {
  override name = 'PimInfeasibleError';
  constructor(
    message: string,
    readonly parameter: string,
  ) {
    super(message);
  }
}

export interface PimDeviceParameters {
  channels: number;
  banksPerChannel: number;
  macLanesPerBank: number;
  rowBytes: number;
  globalBufferBytes: number;
  pimClockMHz: number;
  asicClockMHz: number;
  asicLanes: number;
  /** Bank activations one tFAW window allows per channel; the part's rule (JEDEC: 4) when absent. */
  activationsPerFaw?: number;
}

/** All times in ns. */
export interface PimDevice extends PimDeviceParameters {
  part: PimPartPreset;
  activationsPerFaw: number;
  tRcdNs: number;
  tRpNs: number;
  tRasNs: number;
  tRcNs: number;
  /** Time of one MAC column command: tCCD, stretched when the MAC units run slower than the column rate. */
  tMacNs: number;
  tFawNs: number;
  tRfcNs: number;
  tRefiNs: number;
  /** Bytes a MAC command consumes per bank: one element per lane. */
  macBytes: number;
  /** MAC commands that cover one row. */
  macsPerRow: number;
  rowElements: number;
  bufferElements: number;
  /** Data-bus bandwidth of one channel, bytes per ns (= GB/s). */
  channelBytesPerNs: number;
  /** One read burst on the channel (a partial-sum readout returns one burst). */
  burstNs: number;
  capacityBytes: number;
}

function positiveInteger(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 1) throw new PimInfeasibleError(`${name} must be a positive integer, got ${value}`, name);
}

export function pimDevice(parameters: PimDeviceParameters, part: PimPartPreset = GDDR6_AIM): PimDevice {
  for (const name of ['channels', 'banksPerChannel', 'macLanesPerBank', 'rowBytes', 'globalBufferBytes', 'asicLanes'] as const) positiveInteger(parameters[name], name);
  const activationsPerFaw = parameters.activationsPerFaw ?? part.activationsPerFaw;
  positiveInteger(activationsPerFaw, 'activationsPerFaw');
  for (const name of ['pimClockMHz', 'asicClockMHz'] as const) {
    if (!(parameters[name] > 0)) throw new PimInfeasibleError(`${name} must be > 0, got ${parameters[name]}`, name);
  }
  const macBytes = parameters.macLanesPerBank * part.elementBytes;
  if (parameters.rowBytes % macBytes !== 0) {
    throw new PimInfeasibleError(`rowBytes (${parameters.rowBytes}) must be a multiple of the bytes one MAC command consumes (macLanesPerBank ${parameters.macLanesPerBank} x ${part.elementBytes} B)`, 'rowBytes');
  }
  const t = part.timing;
  const ns = (cycles: number): number => cycles * part.tCKns;
  // A column delivers columnBytes per tCCD; lanes wider than a column need several column slots,
  // and a MAC unit clocked below the column rate holds each command for one of its cycles.
  const columnSlots = Math.ceil(macBytes / part.columnBytes);
  const tMacNs = Math.max(ns(t.ccd) * columnSlots, 1_000 / parameters.pimClockMHz);
  const channelBytesPerNs = (part.pinGbps * part.channelWidthBits) / 8;
  return {
    ...parameters,
    part,
    activationsPerFaw,
    tRcdNs: ns(t.rcdMac),
    tRpNs: ns(t.rp),
    tRasNs: ns(t.ras),
    tRcNs: ns(t.rc),
    tMacNs,
    tFawNs: ns(t.faw),
    tRfcNs: ns(t.rfc),
    tRefiNs: ns(t.refi),
    macBytes,
    macsPerRow: parameters.rowBytes / macBytes,
    rowElements: parameters.rowBytes / part.elementBytes,
    bufferElements: Math.floor(parameters.globalBufferBytes / part.elementBytes),
    channelBytesPerNs,
    burstNs: part.columnBytes / channelBytesPerNs,
    capacityBytes: parameters.channels * parameters.banksPerChannel * part.rowsPerBank * parameters.rowBytes,
  };
}

/** Bytes the model occupies: every weight, plus K and V caches reserved for the model's whole context. */
export function footprintBytes(model: GptModel, elementBytes: number): { weightBytes: number; kvCacheBytes: number; totalBytes: number } {
  const weightBytes = totalParameters(model) * elementBytes;
  const kvCacheBytes = model.layers * 2 * model.maxContext * model.dModel * elementBytes;
  return { weightBytes, kvCacheBytes, totalBytes: weightBytes + kvCacheBytes };
}

/** Why the model does not fit, or undefined when it does. */
export function capacityProblem(model: GptModel, device: PimDevice): string | undefined {
  const { weightBytes, kvCacheBytes, totalBytes } = footprintBytes(model, device.part.elementBytes);
  if (totalBytes <= device.capacityBytes) return undefined;
  const gb = (bytes: number): string => (bytes / 2 ** 30).toFixed(2);
  return (
    `${model.name} needs ${gb(totalBytes)} GiB (weights ${gb(weightBytes)} GiB + K/V caches for ${model.maxContext} tokens ${gb(kvCacheBytes)} GiB) ` +
    `but channels=${device.channels} x banksPerChannel=${device.banksPerChannel} x ${device.part.rowsPerBank} rows x rowBytes=${device.rowBytes} hold ${gb(device.capacityBytes)} GiB`
  );
}

export function checkCapacity(model: GptModel, device: PimDevice): void {
  const problem = capacityProblem(model, device);
  if (problem) throw new PimInfeasibleError(problem, 'channels');
}
