/**
 * The design parameters of the systolic space, reading a checked design from a point, and the
 * design a SCALE-Sim `.cfg` describes (which becomes the space's default point).
 */
import type { ParameterDefinition, Point } from '../../src/space/types.js';
import type { Dataflow } from './compute/index.js';
import { horowitz45nm, type WordBytes } from './cost/index.js';
import type { ScaleSimConfig } from './input/index.js';

export const SYSTOLIC_DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];

/** Word sizes the cost preset has a cited MAC for. */
export const WORD_BYTES: readonly number[] = (Object.keys(horowitz45nm.macByWordBytes) as string[]).map(Number).sort((a, b) => a - b);

/** A design of the systolic environment, already checked. */
export interface SystolicDesign {
  rows: number;
  cols: number;
  dataflow: Dataflow;
  ifmapSramKB: number;
  filterSramKB: number;
  ofmapSramKB: number;
  dramBandwidthWords: number;
  wordBytes: WordBytes;
  clockMHz: number;
}

const powersOfTwo = (from: number, to: number): number[] => {
  const out: number[] = [];
  for (let v = from; v <= to; v *= 2) out.push(v);
  return out;
};

export const systolicParameters: readonly ParameterDefinition[] = [
  { name: 'rows', type: 'ordinal', values: powersOfTwo(4, 512), default: 64, unit: 'PEs', description: 'array rows (R)' },
  { name: 'cols', type: 'ordinal', values: powersOfTwo(4, 512), default: 64, unit: 'PEs', description: 'array columns (C)' },
  { name: 'dataflow', type: 'categorical', values: [...SYSTOLIC_DATAFLOWS], default: 'os', description: 'output, weight or input stationary' },
  { name: 'ifmapSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 256, unit: 'KB', description: 'ifmap SRAM (double-buffered)' },
  { name: 'filterSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 256, unit: 'KB', description: 'filter SRAM (double-buffered)' },
  { name: 'ofmapSramKB', type: 'ordinal', values: powersOfTwo(16, 4096), default: 128, unit: 'KB', description: 'ofmap SRAM (double-buffered)' },
  {
    name: 'dramBandwidthWords',
    type: 'ordinal',
    values: powersOfTwo(1, 64),
    default: 16,
    unit: 'words/cycle',
    description: 'DRAM bandwidth: all buffers together (native stall model); per buffer in SCALE-Sim USER mode; unused in CALC mode',
  },
  { name: 'wordBytes', type: 'ordinal', values: [...WORD_BYTES], default: 1, unit: 'B', description: 'word size: 1 = int8 (32-bit accumulate), 2 = fp16, 4 = fp32' },
  { name: 'clockMHz', type: 'integer', min: 100, max: 2000, step: 100, default: 1000, unit: 'MHz', description: 'clock frequency' },
];

function positiveInteger(point: Point, name: string): number {
  const v = point[name];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${JSON.stringify(v)}`);
  return v;
}

/** Reads and checks a design from a point. */
export function systolicDesign(point: Point): SystolicDesign {
  const dataflow = point.dataflow as Dataflow;
  if (!SYSTOLIC_DATAFLOWS.includes(dataflow)) throw new RangeError(`dataflow must be one of ${SYSTOLIC_DATAFLOWS.join(', ')}, got ${JSON.stringify(point.dataflow)}`);
  const wordBytes = point.wordBytes as WordBytes;
  if (!WORD_BYTES.includes(wordBytes)) throw new RangeError(`wordBytes must be one of ${WORD_BYTES.join(', ')}, got ${JSON.stringify(point.wordBytes)}`);
  const design: SystolicDesign = {
    rows: positiveInteger(point, 'rows'),
    cols: positiveInteger(point, 'cols'),
    dataflow,
    ifmapSramKB: positiveInteger(point, 'ifmapSramKB'),
    filterSramKB: positiveInteger(point, 'filterSramKB'),
    ofmapSramKB: positiveInteger(point, 'ofmapSramKB'),
    dramBandwidthWords: positiveInteger(point, 'dramBandwidthWords'),
    wordBytes,
    clockMHz: positiveInteger(point, 'clockMHz'),
  };
  for (const name of ['ifmapSramKB', 'filterSramKB', 'ofmapSramKB'] as const) {
    if ((design[name] * 1024) % wordBytes !== 0) throw new RangeError(`${name} * 1024 must be a multiple of wordBytes (${wordBytes})`);
  }
  return design;
}

/**
 * The point a SCALE-Sim `.cfg` describes: its array, dataflow, SRAMs and (USER mode) bandwidth,
 * one-byte words as v2 has. v2 lets each buffer have its own bandwidth in a list but uses only the
 * first value (single_layer_sim.py), so the first is taken. The clock is not in a cfg.
 */
export function configPoint(config: ScaleSimConfig): Point {
  const point: Point = {
    rows: config.arrayHeight,
    cols: config.arrayWidth,
    dataflow: config.dataflow,
    ifmapSramKB: config.ifmapSramKB,
    filterSramKB: config.filterSramKB,
    ofmapSramKB: config.ofmapSramKB,
    wordBytes: 1,
  };
  if (config.bandwidths.length > 0) point.dramBandwidthWords = config.bandwidths[0]!;
  return point;
}

/**
 * The parameters with their defaults moved to `defaults` (a cfg's point), ordinal value lists
 * extended when a default is not among them (a 12 x 14 array, a 100 KB SRAM), so that point is
 * in the space.
 */
export function parametersWithDefaults(defaults: Point): ParameterDefinition[] {
  return systolicParameters.map((p): ParameterDefinition => {
    if (!Object.hasOwn(defaults, p.name)) return { ...p };
    const value = defaults[p.name]!;
    if (p.type === 'ordinal') {
      const values = p.values.includes(value as number) ? [...p.values] : [...p.values, value as number].sort((a, b) => a - b);
      return { ...p, values, default: value };
    }
    return { ...p, default: value };
  });
}
