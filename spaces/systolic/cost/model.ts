/**
 * Energy and area of a systolic-array accelerator from a cited technology preset (see preset.ts).
 *
 * Modelling rules (each a stated assumption, not a cited number):
 * - A MAC costs one multiplier plus one adder of the preset's pairing for the word size.
 * - SRAM and DRAM energy scale linearly with bits moved. [H14] itself does this: its per-op table
 *   gives "32b SRAM Read (8KB) 5 pJ", half of the 10 pJ quoted for a 64-bit access.
 * - A read and a write cost the same ([H14] quotes one figure per access).
 * - SRAM access energy between cited sizes is linear in log2(size); outside the cited range it is
 *   clamped to the nearest end point (below 8 KB: the 8 KB value, an over-estimate; above 1 MB: the
 *   1 MB value, an under-estimate). `sramSizeInCitedRange` tells the caller which case applies.
 * - PE area = MAC operator area only (no pipeline registers, which [H14] does not give); SRAM area
 *   = bit cells only. Both are therefore lower bounds.
 */
import { BITS_PER_KB, type CostPreset, type MacSpec, type WordBytes } from './preset.js';

export class CostModelError extends Error {
  override name = 'CostModelError';
}

function requireNonNegative(value: number, what: string): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new CostModelError(`${what} must be a finite number >= 0, got ${value}`);
  }
}

function macSpec(preset: CostPreset, wordBytes: WordBytes): MacSpec {
  const spec = preset.macByWordBytes[wordBytes];
  if (!spec) {
    throw new CostModelError(`preset ${preset.name} has no cited MAC for ${wordBytes}-byte words`);
  }
  return spec;
}

/** Energy of one MAC (multiply + accumulate) at the given word size. */
export function macEnergyPj(preset: CostPreset, wordBytes: WordBytes): number {
  const spec = macSpec(preset, wordBytes);
  return preset.ops[spec.multiplier].energyPj + preset.ops[spec.accumulator].energyPj;
}

/** Area of one MAC (multiplier + adder) at the given word size. */
export function macAreaUm2(preset: CostPreset, wordBytes: WordBytes): number {
  const spec = macSpec(preset, wordBytes);
  return preset.ops[spec.multiplier].areaUm2 + preset.ops[spec.accumulator].areaUm2;
}

/** Whether `sizeKB` lies within the cited SRAM sizes (no clamping applied). */
export function sramSizeInCitedRange(preset: CostPreset, sizeKB: number): boolean {
  const pts = preset.sramEnergy.points;
  return sizeKB >= pts[0].sizeKB && sizeKB <= pts[pts.length - 1].sizeKB;
}

/**
 * Energy of one `preset.sramEnergy.accessBits`-wide access to an SRAM of `sizeKB`: log-linear
 * interpolation between cited points, clamped to the end points outside them.
 */
export function sramAccessEnergyPj(preset: CostPreset, sizeKB: number): number {
  if (!Number.isFinite(sizeKB) || sizeKB <= 0) {
    throw new CostModelError(`SRAM size must be a finite number > 0 KB, got ${sizeKB}`);
  }
  const pts = preset.sramEnergy.points;
  if (sizeKB <= pts[0].sizeKB) return pts[0].energyPj;
  const last = pts[pts.length - 1];
  if (sizeKB >= last.sizeKB) return last.energyPj;
  for (let i = 0; i + 1 < pts.length; i++) {
    const lo = pts[i];
    const hi = pts[i + 1];
    if (sizeKB <= hi.sizeKB) {
      const t = Math.log2(sizeKB / lo.sizeKB) / Math.log2(hi.sizeKB / lo.sizeKB);
      return lo.energyPj + t * (hi.energyPj - lo.energyPj);
    }
  }
  return last.energyPj; // unreachable: the range checks above cover every size
}

/** Energy of reading or writing one `wordBytes` word in an SRAM of `sizeKB` (linear in bits). */
export function sramWordEnergyPj(preset: CostPreset, sizeKB: number, wordBytes: WordBytes): number {
  return (sramAccessEnergyPj(preset, sizeKB) * wordBytes * 8) / preset.sramEnergy.accessBits;
}

/** DRAM energy per byte moved, from the preset's chosen per-access figure. */
export function dramEnergyPjPerByte(preset: CostPreset): number {
  return preset.dram.energyPjPerAccess / (preset.dram.accessBits / 8);
}

/** SRAM bit-cell area per KB: lambda^2 rule times 8192 bits. */
export function sramAreaMm2PerKB(preset: CostPreset): number {
  const lambdaUm = preset.sramArea.lambdaNm / 1000;
  const bitUm2 = preset.sramArea.bitcellAreaLambda2 * lambdaUm * lambdaUm;
  return (bitUm2 * BITS_PER_KB) / 1e6;
}

/** Energy of `macs` MACs at the given word size. */
export function macsEnergyPj(preset: CostPreset, wordBytes: WordBytes, macs: number): number {
  return macs * macEnergyPj(preset, wordBytes);
}

/** Energy of `accesses` word reads and writes to an SRAM of `sizeKB` (no validation). */
export function sramAccessesEnergyPj(preset: CostPreset, sizeKB: number, wordBytes: WordBytes, accesses: number): number {
  if (accesses === 0) return 0;
  return accesses * sramWordEnergyPj(preset, sizeKB, wordBytes);
}

/** Energy of moving `bytes` bytes to or from DRAM. */
export function dramBytesEnergyPj(preset: CostPreset, bytes: number): number {
  return bytes * dramEnergyPjPerByte(preset);
}

/** PE area of an R x C array (MAC operators only; no validation). */
export function peAreaMm2(preset: CostPreset, wordBytes: WordBytes, rows: number, cols: number): number {
  return (rows * cols * macAreaUm2(preset, wordBytes)) / 1e6;
}

/** Bit-cell area of the three SRAM buffers (no validation). */
export function buffersAreaMm2(preset: CostPreset, ifmapKB: number, filterKB: number, ofmapKB: number): number {
  return (ifmapKB + filterKB + ofmapKB) * sramAreaMm2PerKB(preset);
}

/** Word accesses (in `wordBytes` words) to one on-chip buffer of `sizeKB`. */
export interface BufferAccesses {
  sizeKB: number;
  reads: number;
  writes: number;
}

export interface LayerCounts {
  macs: number;
  ifmap: BufferAccesses;
  filter: BufferAccesses;
  ofmap: BufferAccesses;
  dramBytes: number;
}

export interface LayerEnergy {
  macPj: number;
  sramPj: number;
  sramPjByBuffer: { ifmap: number; filter: number; ofmap: number };
  dramPj: number;
  totalPj: number;
}

function bufferEnergyPj(
  preset: CostPreset,
  buf: BufferAccesses,
  wordBytes: WordBytes,
  what: string,
): number {
  requireNonNegative(buf.reads, `${what} reads`);
  requireNonNegative(buf.writes, `${what} writes`);
  requireNonNegative(buf.sizeKB, `${what} sizeKB`);
  return sramAccessesEnergyPj(preset, buf.sizeKB, wordBytes, buf.reads + buf.writes);
}

/** Dynamic energy of one layer: MACs, SRAM word accesses per buffer, and DRAM bytes. */
export function layerEnergyPj(
  counts: LayerCounts,
  preset: CostPreset,
  wordBytes: WordBytes,
): LayerEnergy {
  requireNonNegative(counts.macs, 'macs');
  requireNonNegative(counts.dramBytes, 'dramBytes');
  const macPj = macsEnergyPj(preset, wordBytes, counts.macs);
  const sramPjByBuffer = {
    ifmap: bufferEnergyPj(preset, counts.ifmap, wordBytes, 'ifmap'),
    filter: bufferEnergyPj(preset, counts.filter, wordBytes, 'filter'),
    ofmap: bufferEnergyPj(preset, counts.ofmap, wordBytes, 'ofmap'),
  };
  const sramPj = sramPjByBuffer.ifmap + sramPjByBuffer.filter + sramPjByBuffer.ofmap;
  const dramPj = dramBytesEnergyPj(preset, counts.dramBytes);
  return { macPj, sramPj, sramPjByBuffer, dramPj, totalPj: macPj + sramPj + dramPj };
}

export interface ArrayConfig {
  rows: number;
  cols: number;
  ifmapKB: number;
  filterKB: number;
  ofmapKB: number;
}

export interface ArrayArea {
  peMm2: number;
  sramMm2: number;
  totalMm2: number;
}

/** Area of an R x C array of MAC PEs plus its three SRAM buffers (lower bounds, see above). */
export function arrayAreaMm2(
  config: ArrayConfig,
  preset: CostPreset,
  wordBytes: WordBytes,
): ArrayArea {
  for (const dim of ['rows', 'cols'] as const) {
    if (!Number.isInteger(config[dim]) || config[dim] < 1) {
      throw new CostModelError(`${dim} must be an integer >= 1, got ${config[dim]}`);
    }
  }
  requireNonNegative(config.ifmapKB, 'ifmapKB');
  requireNonNegative(config.filterKB, 'filterKB');
  requireNonNegative(config.ofmapKB, 'ofmapKB');
  const peMm2 = peAreaMm2(preset, wordBytes, config.rows, config.cols);
  const sramMm2 = buffersAreaMm2(preset, config.ifmapKB, config.filterKB, config.ofmapKB);
  return { peMm2, sramMm2, totalMm2: peMm2 + sramMm2 };
}
