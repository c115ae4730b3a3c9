/**
 * Crossover and mutation of whole genomes, dispatching each gene to the operator its kind allows
 * (see genome.ts): SBX and polynomial mutation for unit and ordinal genes (ordinal ones rounded back
 * to a position), uniform crossover and resampling mutation for categorical genes.
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
