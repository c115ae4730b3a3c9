/** NSGA-II: the agent, its options, and its building blocks (exported for tests and other evolutionary agents). */
export { MAX_REPAIR_ATTEMPTS, Nsga2Agent, nsga2Agent } from './agent.js';
export { GeneKind, GenomeCodec } from './genome.js';
export { otherCategory, polynomialMutation, sbxVariable } from './operators.js';
export { automaticPopulationSize, nsga2OptionSpecs, resolveNsga2Settings, type Nsga2Settings, type SurvivalRule, type VariationOperator } from './options.js';
export { binaryTournament, binaryTournamentIndex, HYPERVOLUME_REFERENCE_OFFSET, Survival, type Individual } from './population.js';
export { designHash } from './design-hash.js';
export { ConstrainedSorter, constrainedCompare } from './sorting.js';
export { Variation, type VariationSettings } from './variation.js';
