/** The DRAM memory-controller environment and its building blocks. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { dramProvider } from './environment.js';

export * from './environment.js';

export const dramProviders: EnvironmentProvider[] = [dramProvider];
