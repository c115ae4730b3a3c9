/** Spaces shared by the space tests. */
import type { SpaceDefinition } from '../../src/space/index.js';

/**
 * A DRAM-controller-like space with ten knobs: three with 3 values and seven with 4, so its size is
 * 3^3 * 4^7 = 442,368.
 */
export const dramDefinition: SpaceDefinition = {
  parameters: [
    { name: 'standard', type: 'categorical', values: ['ddr4', 'lpddr4', 'hbm2'] },
    { name: 'page_policy', type: 'categorical', values: ['open', 'closed', 'adaptive'] },
    { name: 'scheduler', type: 'categorical', values: ['fcfs', 'frfcfs', 'bliss'] },
    { name: 'channels', type: 'ordinal', values: [1, 2, 4, 8] },
    { name: 'ranks', type: 'ordinal', values: [1, 2, 4, 8] },
    { name: 'banks', type: 'ordinal', values: [4, 8, 16, 32] },
    { name: 'queue_depth', type: 'integer', min: 8, max: 32, step: 8 },
    { name: 'refresh_ms', type: 'integer', min: 16, max: 128, step: 32, log: false },
    { name: 'row_buffer.kb', type: 'ordinal', values: [1, 2, 4, 8] },
    { name: 'write_drain', type: 'categorical', values: [true, false, 'auto', 0] },
  ],
};

/** One of each kind, including log scales, for encoding and sampling tests. */
export const mixedDefinition: SpaceDefinition = {
  parameters: [
    { name: 'mode', type: 'categorical', values: ['a', 'b', 1, true] },
    { name: 'rows', type: 'ordinal', values: [4, 8, 16, 32, 64] },
    { name: 'sram_kb', type: 'integer', min: 4, max: 512, step: 4 },
    { name: 'lines', type: 'integer', min: 1, max: 4096, log: true },
    { name: 'width', type: 'integer', min: 3, max: 100, step: 7, log: true },
    { name: 'freq', type: 'real', min: 0.5, max: 3 },
    { name: 'leak', type: 'real', min: 1e-6, max: 1e-2, log: true },
    { name: 'single', type: 'ordinal', values: [7] },
  ],
};

/** The discrete part of mixedDefinition, for index encodings. */
export const discreteDefinition: SpaceDefinition = {
  parameters: mixedDefinition.parameters.filter((parameter) => parameter.type !== 'real'),
};
