/** The built-in benchmark environments with known Pareto fronts: ZDT1-4, ZDT6 and DTLZ1-4. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { dtlzProviders } from './dtlz.js';
import { zdtProviders } from './zdt.js';

export { dtlzProviders } from './dtlz.js';
export { zdtProviders } from './zdt.js';

export const testProblemProviders: EnvironmentProvider[] = [...zdtProviders, ...dtlzProviders];
