/** The scratchpad-allocation environment and its building blocks. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { scratchpadProvider } from './environment.js';

export * from './environment.js';
export { solveCosma, type CosmaAnswer, type CosmaRequest } from './cosma.js';
export { solveDivideAndConquer } from './divide-and-conquer.js';
export type * from './types.js';

export const scratchpadProviders: EnvironmentProvider[] = [scratchpadProvider];
