/**
 * NSGA-II's options, their defaults and how the automatic ones are derived from the run.
 */
import type { AgentContext, AgentOptionSpec } from '../../src/agent/types.js';
import type { VariationSettings } from './variation.js';

/** How offspring are made: SBX on two tournament winners, or DE/rand/1/bin on one (see agent.ts). */
export type VariationOperator = 'sbx' | 'de';
/** How the last front that does not fit is cut: by crowding distance, or by hypervolume contribution. */
export type SurvivalRule = 'crowding' | 'hypervolume';

export interface Nsga2Settings extends VariationSettings {
  populationSize: number;
  variation: VariationOperator;
  survival: SurvivalRule;
  duplicateElimination: boolean;
}

/** Deb et al. (2002) used 100 individuals on every test problem of the NSGA-II paper. */
export const LITERATURE_POPULATION_SIZE = 100;
/** With an evaluation budget, the automatic population is budget / this, within the bounds below. */
export const EVALUATIONS_PER_INDIVIDUAL = 200;
export const MIN_AUTO_POPULATION_SIZE = 20;
/** SBX and polynomial-mutation distribution indices: the defaults of pymoo's NSGA-II (Blank and Deb 2020). */
export const DEFAULT_CROSSOVER_ETA = 15;
export const DEFAULT_MUTATION_ETA = 20;
/** Crossover probability of Deb et al. (2002). */
export const DEFAULT_CROSSOVER_PROBABILITY = 0.9;
/**
 * DE settings: F drawn from [0.5, 1] per child (Das, Konar and Chakraborty 2005) and CR 0.2.
 * Measured with variation "de", survival "hypervolume", 8 individuals in batches of 4, ten seeds, as
 * HV / HV of the true front on ZDT1 (30 variables, 2,000 evaluations), ZDT1 with its optimum moved
 * inside the box, and DTLZ2 (3 objectives, 1,000 evaluations): these defaults 0.960, 0.909, 0.909;
 * fixed F = 0.5 0.879 +- 0.05 on ZDT1 (too slow in some seeds), same elsewhere; CR 0.1 0.930, 0.899,
 * 0.898; CR 0.5 0.970, 0.899, 0.914; CR 1 0.43, 0.53, 0.68 (these problems' variables act
 * separately, which low CR exploits; rotated problems would want a higher CR).
 */
export const DEFAULT_DIFFERENTIAL_WEIGHT = 0.5;
export const DEFAULT_DIFFERENTIAL_DITHER = 0.5;
export const DEFAULT_DIFFERENTIAL_CROSSOVER = 0.2;

export const nsga2OptionSpecs: readonly AgentOptionSpec[] = [
  {
    name: 'populationSize',
    type: 'integer',
    description:
      `individuals kept between generations; unset: budget / ${EVALUATIONS_PER_INDIVIDUAL} within [${MIN_AUTO_POPULATION_SIZE}, ${LITERATURE_POPULATION_SIZE}], ` +
      `or ${LITERATURE_POPULATION_SIZE} without an evaluation budget (smaller populations converge in fewer evaluations; the run's archive, not the population, holds the front)`,
    default: undefined,
    min: 2,
  },
  {
    name: 'variation',
    type: 'string',
    description:
      'how offspring are made: "sbx" (simulated binary crossover of two tournament winners, as in Deb et al. 2002) or "de" ' +
      '(differential evolution, DE/rand/1/bin as in GDE3 and MOEA/D-DE, with a tournament winner as target; converges much faster ' +
      'on numeric parameters with small populations, best with survival "hypervolume"); polynomial mutation follows either',
    default: 'sbx',
    values: ['sbx', 'de'],
  },
  {
    name: 'crossoverProbability',
    type: 'number',
    description: 'chance that a pair of parents is recombined rather than copied (variation "sbx")',
    default: DEFAULT_CROSSOVER_PROBABILITY,
    min: 0,
    max: 1,
  },
  {
    name: 'crossoverEta',
    type: 'number',
    description: 'SBX distribution index: larger keeps children closer to their parents (variation "sbx")',
    default: DEFAULT_CROSSOVER_ETA,
    min: 0,
  },
  {
    name: 'mutationEta',
    type: 'number',
    description: 'polynomial-mutation distribution index: larger makes smaller steps',
    default: DEFAULT_MUTATION_ETA,
    min: 0,
  },
  {
    name: 'mutationProbability',
    type: 'number',
    description: 'chance that mutation changes a given parameter; unset: 1 / number of parameters (Deb et al. 2002)',
    default: undefined,
    min: 0,
    max: 1,
  },
  {
    name: 'differentialWeight',
    type: 'number',
    description: 'smallest DE scale factor F of the difference vector (variation "de")',
    default: DEFAULT_DIFFERENTIAL_WEIGHT,
    min: 0,
    max: 2,
  },
  {
    name: 'differentialDither',
    type: 'number',
    description:
      'DE dither: each child draws F uniformly from [differentialWeight, differentialWeight + differentialDither] (Das et al. 2005); 0 keeps F fixed (variation "de")',
    default: DEFAULT_DIFFERENTIAL_DITHER,
    min: 0,
    max: 2,
  },
  {
    name: 'differentialCrossover',
    type: 'number',
    description: 'DE crossover rate CR: chance that a parameter comes from the difference vector rather than the target; at least one does (variation "de")',
    default: DEFAULT_DIFFERENTIAL_CROSSOVER,
    min: 0,
    max: 1,
  },
  {
    name: 'survival',
    type: 'string',
    description:
      'how the last front that does not fit into the population is cut: "crowding" (crowding distance, Deb et al. 2002) or "hypervolume" ' +
      '(drop the least hypervolume contributor one at a time, as SMS-EMOA, Beume et al. 2007; spreads small populations far better, ' +
      'above all with 3 objectives; as cheap as crowding for 2 objectives and for small populations, but with 3 objectives and ' +
      '100 individuals in batches of 100 it costs about 1.6 ms per offspring, with 5 objectives about 20 ms)',
    default: 'crowding',
    values: ['crowding', 'hypervolume'],
  },
  {
    name: 'duplicateElimination',
    type: 'boolean',
    description:
      'mutate again offspring that repeat a design of the population or of the same batch (the engine would only answer them from its cache, wasting the slot), and keep one copy of a design in the population',
    default: true,
  },
];

/**
 * The population size when the user sets none. The engine's archive keeps every non-dominated
 * design ever evaluated, so the population only has to drive the search, not to hold the final
 * front. Measured on ZDT1-4, ZDT6 and DTLZ1-4 (four seeds, asks of 100), populations of 20-50
 * reach a given hypervolume in far fewer evaluations than the literature's 100 at budgets up to
 * ~10,000 (ZDT1 at 5,000: 85% of the true hypervolume with 25 individuals, 67% with 100), while
 * 100 catches up by ~25,000 and is the more robust choice when there is time. Hence budget / 200, kept within
 * [20, 100]: 2,000 evaluations give 20 individuals, 10,000 give 50, 20,000 or more give 100.
 * The batch size plays no part: an ask of any size breeds that many offspring.
 */
export function automaticPopulationSize(budget: number | undefined): number {
  if (budget === undefined) return LITERATURE_POPULATION_SIZE;
  const scaled = Math.round(budget / EVALUATIONS_PER_INDIVIDUAL);
  return Math.min(LITERATURE_POPULATION_SIZE, Math.max(MIN_AUTO_POPULATION_SIZE, scaled));
}

function specOf(name: string): AgentOptionSpec {
  return nsga2OptionSpecs.find((spec) => spec.name === name) as AgentOptionSpec;
}

/** A numeric option, checked against its spec's bounds (the engine checks them too; direct use may not). */
function numberOption(options: Record<string, unknown>, name: string, fallback: number): number {
  const value = options[name];
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`nsga2: option ${name} must be a number, got ${JSON.stringify(value)}`);
  const { min, max } = specOf(name);
  if ((min !== undefined && value < min) || (max !== undefined && value > max)) {
    throw new Error(`nsga2: option ${name} must be within [${min ?? '-Infinity'}, ${max ?? 'Infinity'}], got ${value}`);
  }
  return value;
}

function choiceOption<T extends string>(options: Record<string, unknown>, name: string): T {
  const spec = specOf(name);
  const value = options[name] ?? spec.default;
  if (typeof value !== 'string' || !(spec.values as readonly string[]).includes(value)) {
    throw new Error(`nsga2: option ${name} must be one of ${(spec.values as readonly string[]).join(', ')}, got ${JSON.stringify(value)}`);
  }
  return value as T;
}

export function resolveNsga2Settings(context: AgentContext): Nsga2Settings {
  const { options, space } = context;
  const populationSize = numberOption(options, 'populationSize', automaticPopulationSize(context.budget));
  if (!Number.isInteger(populationSize) || populationSize < 2) {
    throw new Error(`nsga2: populationSize must be an integer >= 2, got ${populationSize}`);
  }
  const duplicateElimination = options.duplicateElimination ?? true;
  if (typeof duplicateElimination !== 'boolean') throw new Error('nsga2: option duplicateElimination must be true or false');
  return {
    populationSize,
    variation: choiceOption<VariationOperator>(options, 'variation'),
    crossoverProbability: numberOption(options, 'crossoverProbability', DEFAULT_CROSSOVER_PROBABILITY),
    crossoverEta: numberOption(options, 'crossoverEta', DEFAULT_CROSSOVER_ETA),
    mutationEta: numberOption(options, 'mutationEta', DEFAULT_MUTATION_ETA),
    mutationProbability: numberOption(options, 'mutationProbability', 1 / space.parameters.length),
    differentialWeight: numberOption(options, 'differentialWeight', DEFAULT_DIFFERENTIAL_WEIGHT),
    differentialDither: numberOption(options, 'differentialDither', DEFAULT_DIFFERENTIAL_DITHER),
    differentialCrossover: numberOption(options, 'differentialCrossover', DEFAULT_DIFFERENTIAL_CROSSOVER),
    survival: choiceOption<SurvivalRule>(options, 'survival'),
    duplicateElimination,
  };
}
