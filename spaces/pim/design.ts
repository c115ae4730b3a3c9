/**
 * The design parameters of the pim space (device and mapping), reading a checked design from a
 * point, and the feasibility checks that become space constraints: the model must fit, tiles must
 * fit the global buffer, and in-bank reduction must leave the buffer room for its running sums.
 */
import type { ParameterDefinition, Point, SpaceConstraint } from '../../src/space/types.js';
import { capacityProblem, footprintBytes, PimInfeasibleError, pimDevice, type PimDevice } from './device.js';
import { ASSIGNMENTS, KV_LAYOUTS, MATRIX_SPLITS, pimMapping, placeOp, REDUCTIONS, type MvOp, type PimMapping } from './mapping.js';
import { headDim, type GptModel } from './models.js';
import { GDDR6_AIM, PIM_GPT_DEFAULTS } from './presets.js';

export const pimParameters: readonly ParameterDefinition[] = [
  { name: 'channels', type: 'ordinal', values: [1, 2, 4, 8, 16, 32], default: PIM_GPT_DEFAULTS.channels, description: 'PIM channels, each with its own global buffer and bus to the ASIC' },
  { name: 'banksPerChannel', type: 'ordinal', values: [4, 8, 16, 32], default: PIM_GPT_DEFAULTS.banksPerChannel, description: 'banks per channel, each with a MAC unit' },
  { name: 'macLanesPerBank', type: 'ordinal', values: [4, 8, 16, 32], default: PIM_GPT_DEFAULTS.macLanesPerBank, description: 'BF16 multipliers per bank (one element each per MAC command)' },
  { name: 'rowBytes', type: 'ordinal', values: [1024, 2048, 4096], default: PIM_GPT_DEFAULTS.rowBytes, unit: 'B', description: 'DRAM row (page) size; rows per bank fixed by the part' },
  { name: 'globalBufferBytes', type: 'ordinal', values: [512, 1024, 2048, 4096, 8192], default: PIM_GPT_DEFAULTS.globalBufferBytes, unit: 'B', description: 'global buffer per channel holding the input vector segment' },
  { name: 'pimClockMHz', type: 'ordinal', values: [250, 500, 1000], default: PIM_GPT_DEFAULTS.pimClockMHz, unit: 'MHz', description: 'clock of the in-bank MAC units (1 GHz matches the column rate)' },
  { name: 'asicClockMHz', type: 'ordinal', values: [100, 200, 500, 1000], default: PIM_GPT_DEFAULTS.asicClockMHz, unit: 'MHz', description: 'ASIC clock (non-linear functions, partial sums)' },
  { name: 'asicLanes', type: 'ordinal', values: [16, 32, 64, 128, 256], default: PIM_GPT_DEFAULTS.asicLanes, description: 'ASIC arithmetic lanes working in parallel' },
  {
    name: 'activationsPerFaw',
    type: 'ordinal',
    values: [4, 8, 16],
    default: GDDR6_AIM.activationsPerFaw,
    description: 'bank activations per tFAW window and channel: 4 is the JEDEC rule; 16 opens all banks at once (power delivery for it assumed)',
  },
  { name: 'split', type: 'categorical', values: [...MATRIX_SPLITS], default: 'rows', description: 'matrix split: outputs over all banks (rows), inputs over channels (columns), or tiles (2d)' },
  { name: 'headConcat', type: 'categorical', values: [true, false], default: true, description: 'attention heads share DRAM rows and buffer loads' },
  { name: 'kvLayout', type: 'categorical', values: [...KV_LAYOUTS], default: 'k-row-v-col', description: 'K/V cache layout; a row-major V or column-major K sends that product to the ASIC' },
  { name: 'tileElements', type: 'ordinal', values: [64, 128, 256, 512, 1024, 2048, 4096], default: 1024, description: 'widest input segment one partial sum covers' },
  { name: 'reduction', type: 'categorical', values: [...REDUCTIONS], default: 'asic', description: 'partial sums added on the ASIC, or accumulated in the bank (running sums kept in the global buffer)' },
  {
    name: 'assignment',
    type: 'categorical',
    values: [...ASSIGNMENTS],
    default: 'uniform',
    description: 'tiles (row blocks x input segments) dealt evenly over the banks (uniform), or assigned per op shape by an ILP minimizing the makespan (ilp)',
  },
];

export function deviceOf(point: Point): PimDevice {
  return pimDevice({
    channels: point.channels as number,
    banksPerChannel: point.banksPerChannel as number,
    macLanesPerBank: point.macLanesPerBank as number,
    rowBytes: point.rowBytes as number,
    globalBufferBytes: point.globalBufferBytes as number,
    pimClockMHz: point.pimClockMHz as number,
    asicClockMHz: point.asicClockMHz as number,
    asicLanes: point.asicLanes as number,
    activationsPerFaw: point.activationsPerFaw as number,
  });
}

export function mappingOf(point: Point): PimMapping {
  return pimMapping({ split: point.split, headConcat: point.headConcat, kvLayout: point.kvLayout, tileElements: point.tileElements, reduction: point.reduction, assignment: point.assignment });
}

/** The distinct matrix-vector shapes of the model up to `maxContext` cached tokens (the largest attention ops). */
export function distinctOps(model: GptModel, mapping: PimMapping, maxContext: number): MvOp[] {
  const d = model.dModel;
  const dh = headDim(model);
  return [
    mapping.headConcat ? { name: 'qkv', groups: 1, outputs: 3 * d, inputs: d } : { name: 'qkv', groups: 3 * model.heads, outputs: dh, inputs: d },
    { name: 'scores', groups: model.heads, outputs: maxContext, inputs: dh },
    { name: 'context', groups: model.heads, outputs: dh, inputs: maxContext },
    { name: 'projection', groups: 1, outputs: d, inputs: d },
    { name: 'ffn-up', groups: 1, outputs: model.ffnWidth, inputs: d },
    { name: 'ffn-down', groups: 1, outputs: d, inputs: model.ffnWidth },
    { name: 'lm-head', groups: 1, outputs: model.vocabulary, inputs: d },
  ];
}

/** Why the mapping cannot run the model on the device, or undefined. */
export function mappingProblem(model: GptModel, device: PimDevice, mapping: PimMapping, maxContext: number): string | undefined {
  try {
    for (const op of distinctOps(model, mapping, maxContext)) placeOp(op, device, mapping);
    return undefined;
  } catch (error) {
    if (error instanceof PimInfeasibleError) return error.message;
    throw error;
  }
}

/** Space constraints for one model and the largest context the workload reaches. */
export function pimConstraints(model: GptModel, maxContext: number): SpaceConstraint[] {
  const gib = (footprintBytes(model, GDDR6_AIM.elementBytes).totalBytes / 2 ** 30).toFixed(2);
  return [
    {
      name: 'model-fits',
      reason: `${model.name} needs ${gib} GiB (weights + K/V caches for ${model.maxContext} tokens): channels x banksPerChannel x ${GDDR6_AIM.rowsPerBank} rows x rowBytes must hold it`,
      test: (p) => capacityProblem(model, deviceOf(p)) === undefined,
    },
    {
      name: 'tile-fits-global-buffer',
      reason: `tileElements x ${GDDR6_AIM.elementBytes} B must fit globalBufferBytes`,
      test: (p) => (p.tileElements as number) * GDDR6_AIM.elementBytes <= (p.globalBufferBytes as number),
    },
    {
      name: 'in-bank-sums-fit-global-buffer',
      reason: 'reduction=in-bank keeps each channel\'s running sums beside the input segment in the global buffer: they overflow globalBufferBytes (use smaller tileElements, more banks or channels, or reduction=asic)',
      test: (p) => p.reduction !== 'in-bank' || mappingProblem(model, deviceOf(p), mappingOf(p), maxContext) === undefined,
    },
  ];
}
