/**
 * NSGA-II (Deb, Pratap, Agarwal, Meyarivan 2002, "A fast and elitist multiobjective genetic
 * algorithm: NSGA-II", IEEE TEVC 6(2)) in ask/tell form.
 *
 * - First population: random designs (space.sample) until populationSize have been told.
 * - Each later ask(n) breeds n offspring: crowded binary tournaments pick parents, SBX and
 *   polynomial mutation vary them per parameter kind (variation.ts), and offspring repeating a
 *   design are mutated again (duplicateElimination). With variation "de", each offspring instead
 *   comes from DE/rand/1/bin with a tournament winner as target and three other random members as
 *   base and difference, then polynomial mutation: differential evolution inside NSGA-II's sorting
 *   and survival, as in NSDE (Iorio and Li 2004, "Solving rotated multi-objective optimization
 *   problems using differential evolution", AI 2004) and GDE3 (Kukkonen and Lampinen 2005).
 * - Each tell merges the told offspring into the population and keeps the best populationSize by
 *   non-dominated rank under Deb's constrained domination, then crowding distance ((mu + lambda)
 *   elitism), or hypervolume contribution with survival "hypervolume". Any n works: with
 *   n = populationSize this is the generational algorithm of the paper, with smaller n survival
 *   simply runs more often (n = 1 with survival "hypervolume" is SMS-EMOA's steady state).
 *
 * Small budgets: the engine's archive keeps every non-dominated design, so the population only has
 * to drive convergence. Measured (HV / HV of the true front, ten seeds): on ZDT1 (30 variables) at
 * 2,000 evaluations and DTLZ2 (3 objectives) at 1,000, variation "de" with survival "hypervolume",
 * 8 individuals and batches of 4 reaches 0.96 and 0.91, against 0.2-0.4 and 0.75 with the defaults.
 */
import type { Agent, AgentContext, AgentFactory, Evaluation } from '../../src/agent/types.js';
import type { Point, Space } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';
import { designHash } from './design-hash.js';
import { GenomeCodec } from './genome.js';
import { nsga2OptionSpecs, resolveNsga2Settings, type Nsga2Settings } from './options.js';
import { binaryTournament, binaryTournamentIndex, Survival, type Individual } from './population.js';
import { decodeNumber, encodeNumber, parseNsga2Snapshot, type Nsga2Snapshot } from './snapshot.js';
import { Variation } from './variation.js';

/**
 * How often an offspring that repeats a design (or breaks a space constraint) is mutated again
 * before it is accepted as it is; enough to escape in all but nearly exhausted discrete spaces.
 */
export const MAX_REPAIR_ATTEMPTS = 10;

export class Nsga2Agent implements Agent {
  readonly settings: Nsga2Settings;
  private readonly space: Space;
  private readonly parameterNames: readonly string[];
  private readonly objectiveCount: number;
  private readonly codec: GenomeCodec;
  private readonly variation: Variation;
  private readonly survival: Survival;
  private readonly child1: Float64Array;
  private readonly child2: Float64Array;
  private rng: Rng;
  /** From the settings, or from a restored snapshot: a resumed run keeps the size it started with. */
  private populationSize: number;
  private population: Individual[] = [];
  private populationFingerprints = new Set<number>();
  private generation = 0;
  private initialSamplesTold = 0;

  constructor(context: AgentContext) {
    this.settings = resolveNsga2Settings(context);
    this.space = context.space;
    this.parameterNames = context.space.parameters.map((parameter) => parameter.name);
    this.objectiveCount = context.objectives.length;
    this.codec = new GenomeCodec(context.space);
    this.variation = new Variation(this.codec, this.settings);
    this.survival = new Survival(this.objectiveCount, this.settings.duplicateElimination, this.settings.survival);
    this.child1 = new Float64Array(this.codec.length);
    this.child2 = new Float64Array(this.codec.length);
    this.rng = new Rng(context.seed);
    this.populationSize = this.settings.populationSize;
  }

  /** Offspring batches told so far. */
  get generations(): number {
    return this.generation;
  }

  /** The current population (read-only view, for tests and diagnostics). */
  get members(): readonly Individual[] {
    return this.population;
  }

  private get initializing(): boolean {
    return this.initialSamplesTold < this.populationSize || this.population.length === 0;
  }

  ask(n: number): Point[] {
    return this.initializing ? this.sampleRandom(n) : this.breed(n);
  }

  tell(evaluations: readonly Evaluation[]): void {
    const told = evaluations.map((evaluation) => this.individual(evaluation));
    if (this.initializing) this.initialSamplesTold += told.length;
    else this.generation++;
    this.setPopulation(this.survival.select([...this.population, ...told], this.populationSize));
  }

  snapshot(): Nsga2Snapshot {
    return {
      version: 1,
      rng: this.rng.state(),
      populationSize: this.populationSize,
      generation: this.generation,
      initialSamplesTold: this.initialSamplesTold,
      population: this.population.map((member) => ({
        point: member.point,
        objectives: member.objectives === null ? null : member.objectives.map(encodeNumber),
        violation: encodeNumber(member.violation),
        crowding: encodeNumber(member.crowding),
      })),
    };
  }

  restore(state: unknown): void {
    const snapshot = parseNsga2Snapshot(state);
    const population = snapshot.population.map((member, index): Individual => {
      const where = `population[${index}]`;
      const point = this.space.validate(member.point);
      const objectives = member.objectives === null ? null : member.objectives.map((value, k) => decodeNumber(value, `${where}.objectives[${k}]`));
      if (objectives !== null && objectives.length !== this.objectiveCount) {
        throw new Error(`nsga2 snapshot: ${where} has ${objectives.length} objectives, the run has ${this.objectiveCount}`);
      }
      return {
        point,
        fingerprint: this.fingerprintOf(point),
        genes: this.codec.encode(point),
        objectives,
        violation: decodeNumber(member.violation, `${where}.violation`),
        crowding: decodeNumber(member.crowding, `${where}.crowding`),
      };
    });
    this.rng = new Rng(snapshot.rng);
    this.populationSize = snapshot.populationSize;
    this.generation = snapshot.generation;
    this.initialSamplesTold = snapshot.initialSamplesTold;
    this.setPopulation(population);
  }

  private setPopulation(population: Individual[]): void {
    this.population = population;
    this.populationFingerprints = new Set(population.map((member) => member.fingerprint));
  }

  private fingerprintOf(point: Point): number {
    return designHash(point, this.parameterNames);
  }

  private sampleRandom(n: number): Point[] {
    const points: Point[] = [];
    for (let i = 0; i < n; i++) points.push(this.space.sample(this.rng));
    return points;
  }

  private breed(n: number): Point[] {
    if (this.settings.variation === 'de') return this.breedDifferential(n);
    const points: Point[] = [];
    const batchFingerprints = this.settings.duplicateElimination ? new Set<number>() : null;
    const { child1, child2, rng, population } = this;
    while (points.length < n) {
      const parent1 = binaryTournament(population, rng);
      const parent2 = binaryTournament(population, rng);
      this.variation.crossover(parent1.genes, parent2.genes, child1, child2, rng);
      this.variation.mutate(child1, rng);
      points.push(this.finishChild(child1, batchFingerprints));
      if (points.length < n) {
        this.variation.mutate(child2, rng);
        points.push(this.finishChild(child2, batchFingerprints));
      }
    }
    return points;
  }

  /**
   * n offspring by DE/rand/1/bin: the target wins a crowded binary tournament, the base and the two
   * members whose difference is added are drawn at random, all four distinct when the population
   * allows (with fewer than four members some coincide; the difference is then often zero and the
   * child is its target plus mutation).
   */
  private breedDifferential(n: number): Point[] {
    const points: Point[] = [];
    const batchFingerprints = this.settings.duplicateElimination ? new Set<number>() : null;
    const { child1, rng, population } = this;
    const size = population.length;
    while (points.length < n) {
      const target = binaryTournamentIndex(population, rng);
      let base: number;
      let a: number;
      let b: number;
      if (size >= 4) {
        do base = rng.int(size);
        while (base === target);
        do a = rng.int(size);
        while (a === target || a === base);
        do b = rng.int(size);
        while (b === target || b === base || b === a);
      } else {
        base = rng.int(size);
        a = rng.int(size);
        b = rng.int(size);
      }
      this.variation.differential(population[target].genes, population[base].genes, population[a].genes, population[b].genes, child1, rng);
      this.variation.mutate(child1, rng);
      points.push(this.finishChild(child1, batchFingerprints));
    }
    return points;
  }

  /**
   * Decodes a child, mutating it again while it repeats a known design or breaks a space
   * constraint. A child still breaking a constraint after MAX_REPAIR_ATTEMPTS is replaced by a
   * random valid design (an invalid one would spend budget for nothing); a persistent duplicate is
   * kept, since the engine answers it from its cache without spending budget.
   */
  private finishChild(child: Float64Array, batchFingerprints: Set<number> | null): Point {
    let point = this.codec.decode(child);
    let fingerprint = this.fingerprintOf(point);
    let valid = this.space.check(point).ok;
    for (let attempt = 0; attempt < MAX_REPAIR_ATTEMPTS; attempt++) {
      const fresh = batchFingerprints === null || !(this.populationFingerprints.has(fingerprint) || batchFingerprints.has(fingerprint));
      if ((valid && fresh) || !this.variation.mutateOne(child, this.rng)) break;
      point = this.codec.decode(child);
      fingerprint = this.fingerprintOf(point);
      valid = this.space.check(point).ok;
    }
    if (!valid) {
      point = this.space.sample(this.rng);
      fingerprint = this.fingerprintOf(point);
    }
    batchFingerprints?.add(fingerprint);
    return point;
  }

  /**
   * A population member from an evaluation. Its genes are re-encoded from the evaluated point, so
   * a member is fully described by its point (snapshots store points only) and integer genes sit on
   * their grid. Objectives with a NaN count as missing: no ordering can place them, so the design
   * is treated like a failed one (violation Infinity).
   */
  private individual(evaluation: Evaluation): Individual {
    const { point } = evaluation;
    const raw = evaluation.objectives;
    const objectives = raw === null || raw.some(Number.isNaN) ? null : raw;
    const violation = objectives === null || Number.isNaN(evaluation.violation) ? Infinity : evaluation.violation;
    return {
      point,
      fingerprint: this.fingerprintOf(point),
      genes: this.codec.encode(point),
      objectives,
      violation,
      crowding: 0,
    };
  }
}

export const nsga2Agent: AgentFactory = {
  name: 'nsga2',
  description:
    'NSGA-II (Deb et al. 2002): elitist genetic algorithm with non-dominated sorting, crowding distance and constrained domination; SBX and polynomial mutation for numeric and ordinal parameters, uniform crossover and resampling for categorical ones. Options add differential-evolution variation and hypervolume-based survival, much faster on small budgets.',
  options: nsga2OptionSpecs,
  create: (context) => new Nsga2Agent(context),
};
