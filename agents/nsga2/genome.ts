/**
 * The genome NSGA-II varies: one number per parameter, whose meaning depends on the parameter kind.
 *
 * - real and integer parameters: the space's unit-cube coordinate in [0, 1] (logarithmic where the
 *   parameter is), varied by SBX and polynomial mutation; decoding snaps integers to their grid;
 * - ordinal parameters: the position of the value in the ordered list, varied as an integer in
 *   [0, cardinality - 1], so neighbours in the list are neighbours in the search;
 * - categorical parameters: the position of the value in the list, which carries no order, so it is
 *   only ever swapped between parents or replaced by a different position.
 */
import type { ParameterValue, Point, Space } from '../../src/space/types.js';

/** Gene kinds, stored per gene in a Uint8Array so the variation loops stay monomorphic. */
export const GeneKind = { Unit: 0, Ordinal: 1, Categorical: 2 } as const;

export class GenomeCodec {
  readonly length: number;
  readonly kinds: Uint8Array;
  /** Upper bound of each gene: 1 for unit genes, cardinality - 1 for list positions. */
  readonly upper: Float64Array;
  /** Genes worth varying: parameters with a single value are skipped. */
  readonly variable: Uint8Array;
  /** Indices of the ordinal and categorical genes. */
  private readonly listGenes: readonly number[];
  /** Positions of list values, for ordinal and categorical parameters (null otherwise). */
  private readonly positions: (ReadonlyMap<ParameterValue, number> | null)[];
  private readonly lists: (readonly ParameterValue[] | null)[];
  private readonly names: readonly string[];
  /** Reused unit vector for space.fromUnit (list genes are overwritten after decoding). */
  private readonly unit: number[];

  constructor(private readonly space: Space) {
    const { parameters } = space;
    this.length = parameters.length;
    this.kinds = new Uint8Array(this.length);
    this.upper = new Float64Array(this.length);
    this.variable = new Uint8Array(this.length);
    this.positions = [];
    this.lists = [];
    this.names = parameters.map((parameter) => parameter.name);
    this.unit = new Array<number>(this.length).fill(0);
    this.listGenes = parameters.flatMap((parameter, i) => (parameter.kind === 'ordinal' || parameter.kind === 'categorical' ? [i] : []));
    parameters.forEach((parameter, i) => {
      const isList = parameter.kind === 'ordinal' || parameter.kind === 'categorical';
      this.kinds[i] =
        parameter.kind === 'ordinal' ? GeneKind.Ordinal : parameter.kind === 'categorical' ? GeneKind.Categorical : GeneKind.Unit;
      const values = isList ? (parameter.values as readonly ParameterValue[]) : null;
      this.lists.push(values);
      this.positions.push(values ? new Map(values.map((value, index) => [value, index])) : null);
      this.upper[i] = values ? values.length - 1 : 1;
      this.variable[i] = parameter.cardinality === 1 ? 0 : 1;
    });
  }

  /** Genes of a valid point. */
  encode(point: Point): Float64Array {
    const genes = new Float64Array(this.space.toUnit(point));
    for (const i of this.listGenes) {
      const position = (this.positions[i] as ReadonlyMap<ParameterValue, number>).get(point[this.names[i]]);
      if (position === undefined) throw new Error(`nsga2: value of "${this.names[i]}" is not in the space`);
      genes[i] = position;
    }
    return genes;
  }

  /** The point a genome stands for; list genes must be integral (variation rounds them). */
  decode(genes: Float64Array): Point {
    const unit = this.unit;
    for (let i = 0; i < this.length; i++) unit[i] = genes[i];
    for (const i of this.listGenes) unit[i] = 0;
    const point = this.space.fromUnit(unit);
    for (const i of this.listGenes) point[this.names[i]] = (this.lists[i] as readonly ParameterValue[])[genes[i]];
    return point;
  }
}
