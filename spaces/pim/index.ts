/** The processing-in-memory GPT environment and its building blocks. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { pimProvider } from './environment.js';

export * from './environment.js';
export { evaluatePim, type PimResult, type PimWorkload } from './evaluate.js';
export { GPT_MODELS, totalParameters, validateModel, type GptModel } from './models.js';

export const pimProviders: EnvironmentProvider[] = [pimProvider];
