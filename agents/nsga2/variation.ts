/**
 * Crossover and mutation of whole genomes, dispatching each gene to the operator its kind allows
 * (see genome.ts): SBX or differential evolution, then polynomial mutation, for unit and ordinal
 * genes (ordinal ones rounded back to a position); uniform crossover and resampling mutation for
 * categorical genes.
 */
import type { Rng } from '../../src/util/rng.js';
import { GeneKind, type GenomeCodec } from './genome.js';
import { otherCategory, polynomialMutation, sbxVariable } from './operators.js';

export interface VariationSettings {
  crossoverProbability: number;
  crossoverEta: number;
  mutationEta: number;
  /** Chance that mutation touches a given variable. */
  mutationProbability: number;
  /** DE: smallest scale factor F of the difference vector. */
  differentialWeight: number;
  /** DE: F is drawn per child uniformly from [differentialWeight, differentialWeight + differentialDither]. */
  differentialDither: number;
  /** DE: crossover rate CR, the chance that a variable comes from the mutant vector. */
  differentialCrossover: number;
}

export class Variation {
  private readonly pair = new Float64Array(2);
  private readonly variableGenes: readonly number[];

  constructor(
    private readonly codec: GenomeCodec,
    private readonly settings: VariationSettings,
  ) {
    const variable: number[] = [];
    for (let i = 0; i < codec.length; i++) if (codec.variable[i]) variable.push(i);
    this.variableGenes = variable;
  }

  /**
   * Fills two children from two parents; without crossover (probability 1 - crossoverProbability)
   * they are copies. Otherwise each variable is crossed with probability 1/2, as in Deb's reference
   * code, which for categorical genes makes the exchange a uniform crossover; the coin flips are
   * single bits of one random word per 32 variables.
   */
  crossover(parent1: Float64Array, parent2: Float64Array, child1: Float64Array, child2: Float64Array, rng: Rng): void {
    child1.set(parent1);
    child2.set(parent2);
    if (rng.next() > this.settings.crossoverProbability) return;
    const { kinds, upper } = this.codec;
    const eta = this.settings.crossoverEta;
    const pair = this.pair;
    const genes = this.variableGenes;
    let coins = 0;
    for (let g = 0; g < genes.length; g++) {
      if ((g & 31) === 0) coins = rng.nextUint32();
      if (((coins >>> (g & 31)) & 1) === 0) continue;
      const i = genes[g];
      switch (kinds[i]) {
        case GeneKind.Unit:
          sbxVariable(parent1[i], parent2[i], 0, 1, eta, rng, pair);
          child1[i] = pair[0];
          child2[i] = pair[1];
          break;
        case GeneKind.Ordinal:
          sbxVariable(parent1[i], parent2[i], 0, upper[i], eta, rng, pair);
          child1[i] = Math.round(pair[0]);
          child2[i] = Math.round(pair[1]);
          break;
        default:
          child1[i] = parent2[i];
          child2[i] = parent1[i];
      }
    }
  }

  /**
   * One child by DE/rand/1/bin (Storn and Price 1997, "Differential evolution - a simple and
   * efficient heuristic for global optimization over continuous spaces", J. Global Optimization 11),
   * the variation of GDE3 (Kukkonen and Lampinen 2005, IEEE CEC) and MOEA/D-DE (Li and Zhang 2009,
   * IEEE TEVC 13(2)). Each variable comes with probability CR (and at least one, chosen at random)
   * from the mutant base + F * (a - b), otherwise from the target.
   *
   * - F is drawn per child uniformly from [differentialWeight, differentialWeight + differentialDither]
   *   ("dither"; with the defaults F = 0.5 (1 + U(0, 1)), the random scale factor of Das, Konar and
   *   Chakraborty 2005, "Two improved differential evolution schemes for faster global search",
   *   GECCO), which keeps the steps from shrinking faster than the population converges.
   * - A mutant value beyond a bound is bounced back to a uniform point between the bound and the
   *   target's value (the "bounce-back" repair of Price, Storn and Lampinen 2005, "Differential
   *   Evolution: A Practical Approach", Springer), so no value is ever put on a bound on purpose.
   * - Ordinal genes are rounded back to a position; categorical genes have no differences and take
   *   the base's category (a uniform crossover between target and base).
   */
  differential(target: Float64Array, base: Float64Array, a: Float64Array, b: Float64Array, child: Float64Array, rng: Rng): void {
    child.set(target);
    const count = this.variableGenes.length;
    if (count === 0) return;
    const { differentialWeight, differentialDither, differentialCrossover } = this.settings;
    const weight = differentialDither > 0 ? differentialWeight + differentialDither * rng.next() : differentialWeight;
    const forced = rng.int(count);
    let forcedTaken = false;
    // Binomial crossover by geometric gaps between the genes taken (as in `mutate`): one draw per
    // gene taken instead of one per gene.
    if (differentialCrossover >= 1) {
      for (let g = 0; g < count; g++) this.differentialGene(g, target, base, a, b, weight, child, rng);
      return;
    }
    if (differentialCrossover > 0) {
      const logMiss = Math.log1p(-differentialCrossover);
      for (let g = Math.floor(Math.log1p(-rng.next()) / logMiss); g < count; g += 1 + Math.floor(Math.log1p(-rng.next()) / logMiss)) {
        this.differentialGene(g, target, base, a, b, weight, child, rng);
        if (g === forced) forcedTaken = true;
      }
    }
    if (!forcedTaken) this.differentialGene(forced, target, base, a, b, weight, child, rng);
  }

  private differentialGene(g: number, target: Float64Array, base: Float64Array, a: Float64Array, b: Float64Array, weight: number, child: Float64Array, rng: Rng): void {
    const i = this.variableGenes[g];
    const kind = this.codec.kinds[i];
    if (kind === GeneKind.Categorical) {
      child[i] = base[i];
      return;
    }
    const high = this.codec.upper[i];
    let value = base[i] + weight * (a[i] - b[i]);
    if (value < 0) value = rng.next() * target[i];
    else if (value > high) value = high - rng.next() * (high - target[i]);
    child[i] = kind === GeneKind.Ordinal ? Math.round(value) : value;
  }

  /**
   * Mutates each variable gene independently with probability mutationProbability. Instead of one
   * random draw per gene, it draws the geometric gap to the next mutated gene, which has the same
   * distribution and costs one draw per mutation (about one per child at the default 1/n).
   */
  mutate(genes: Float64Array, rng: Rng): void {
    const probability = this.settings.mutationProbability;
    const count = this.variableGenes.length;
    if (probability <= 0 || count === 0) return;
    if (probability >= 1) {
      for (const i of this.variableGenes) this.mutateGene(genes, i, rng, false);
      return;
    }
    const logMiss = Math.log1p(-probability);
    for (let g = Math.floor(Math.log1p(-rng.next()) / logMiss); g < count; g += 1 + Math.floor(Math.log1p(-rng.next()) / logMiss)) {
      this.mutateGene(genes, this.variableGenes[g], rng, false);
    }
  }

  /**
   * Mutates one randomly chosen variable gene, moving list genes to a different position; used to
   * push a duplicate offspring away from the design it repeats. False when no gene can vary.
   */
  mutateOne(genes: Float64Array, rng: Rng): boolean {
    if (this.variableGenes.length === 0) return false;
    this.mutateGene(genes, this.variableGenes[rng.int(this.variableGenes.length)], rng, true);
    return true;
  }

  private mutateGene(genes: Float64Array, i: number, rng: Rng, mustMove: boolean): void {
    const eta = this.settings.mutationEta;
    const upper = this.codec.upper[i];
    switch (this.codec.kinds[i]) {
      case GeneKind.Unit:
        genes[i] = polynomialMutation(genes[i], 0, 1, eta, rng);
        break;
      case GeneKind.Ordinal: {
        const current = genes[i];
        let position = Math.round(polynomialMutation(current, 0, upper, eta, rng));
        if (mustMove && position === current) {
          // Rounding undid the move: step to a neighbour instead.
          position = current === 0 ? 1 : current === upper ? upper - 1 : current + (rng.next() < 0.5 ? -1 : 1);
        }
        genes[i] = position;
        break;
      }
      default:
        genes[i] = otherCategory(genes[i], upper + 1, rng);
    }
  }
}
