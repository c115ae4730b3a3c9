/** The systolic-array accelerator environment and its building blocks. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { systolicProvider } from './environment.js';

export * from './environment.js';
export type { SystolicLayerResult } from './layer-result.js';

export const systolicProviders: EnvironmentProvider[] = [systolicProvider];
