/**
 * The vocabulary of design spaces: what a user writes to define one (definitions) and the values a
 * design point holds. The behaviour lives in space.ts.
 */
import type { Rng } from '../util/rng.js';

export type ParameterValue = string | number | boolean;

/** A design point: one value per parameter, keyed by parameter name. */
export type Point = Record<string, ParameterValue>;

interface ParameterBase {
  /** Identifier used in points, specs, CSV headers and `--set NAME=VALUE`. */
  name: string;
  description?: string;
  /** Unit of a numeric parameter, shown in `describe` and reports (e.g. "KB", "MHz"). */
  unit?: string;
  /** Value used by `simulate` when the user does not set this parameter. */
  default?: ParameterValue;
}

/** Unordered choices (strings, numbers or booleans); agents must not assume any order. */
export interface CategoricalDefinition extends ParameterBase {
  type: 'categorical';
  values: ParameterValue[];
}

/** An ordered list of numbers, e.g. powers of two; neighbours in the list are neighbours in design. */
export interface OrdinalDefinition extends ParameterBase {
  type: 'ordinal';
  values: number[];
}

/** Integers min, min + step, ... up to max; `log` makes sampling and unit encoding logarithmic. */
export interface IntegerDefinition extends ParameterBase {
  type: 'integer';
  min: number;
  max: number;
  step?: number;
  log?: boolean;
}

/** Real numbers in [min, max]; `log` makes sampling and unit encoding logarithmic (min > 0). */
export interface RealDefinition extends ParameterBase {
  type: 'real';
  min: number;
  max: number;
  log?: boolean;
}

export type ParameterDefinition = CategoricalDefinition | OrdinalDefinition | IntegerDefinition | RealDefinition;

export type ParameterKind = ParameterDefinition['type'];

/**
 * A rule every valid design must satisfy, known before evaluation (e.g. "ifmap SRAM must hold one
 * row"). `reason` is shown to the user when a point breaks it.
 */
export interface SpaceConstraint {
  name?: string;
  reason: string;
  test: (point: Point) => boolean;
}

export interface SpaceDefinition {
  parameters: ParameterDefinition[];
  constraints?: SpaceConstraint[];
}

/** A bad space definition or a bad point; the message names the parameter and what is allowed. */
export class SpaceError extends Error {
  constructor(
    message: string,
    readonly parameter?: string,
  ) {
    super(message);
    this.name = 'SpaceError';
  }
}

export type ConstraintCheck = { ok: true } | { ok: false; reason: string };

/** A validated parameter with its derived facts; created by the Space from a definition. */
export interface Parameter {
  readonly definition: ParameterDefinition;
  readonly name: string;
  readonly kind: ParameterKind;
  /** True for categorical, ordinal and integer parameters. */
  readonly discrete: boolean;
  /** Number of distinct values; null for real parameters. */
  readonly cardinality: number | null;
  /** Every value in order, for discrete parameters; null for real ones. */
  readonly values: readonly ParameterValue[] | null;
}

/**
 * A design space: ordered named parameters and constraints.
 *
 * Encodings:
 * - index vectors (discrete spaces only): one integer per parameter, the position of its value in
 *   `parameter.values`; used by RL heads and by grid enumeration;
 * - the unit cube: one number in [0, 1] per parameter; for ordered kinds it is monotone in the value
 *   (logarithmic where `log` is set), for categorical ones it is index / (cardinality - 1). Decoding
 *   snaps to the nearest allowed value, so evolutionary operators may move freely in [0, 1].
 */
export interface Space {
  readonly parameters: readonly Parameter[];
  readonly constraints: readonly SpaceConstraint[];
  readonly discrete: boolean;

  parameter(name: string): Parameter;

  /** Product of the cardinalities, ignoring constraints; null when a parameter is real. */
  size(): bigint | null;

  /** Uniform over the values of each parameter, resampled until the constraints hold. */
  sample(rng: Rng): Point;

  /** Every point satisfying the constraints, first parameter slowest (discrete spaces only). */
  enumerate(): Generator<Point>;
  /** Mixed-radix position of a point among all unconstrained points (enumeration order). */
  indexOf(point: Point): bigint;
  /** The point at a mixed-radix position (inverse of indexOf); constraints are not applied. */
  pointAt(index: bigint): Point;

  toIndices(point: Point): number[];
  fromIndices(indices: readonly number[]): Point;
  toUnit(point: Point): number[];
  fromUnit(unit: readonly number[]): Point;

  /**
   * Checks names, types and allowed values; returns the point with its parameters in space order.
   * Throws SpaceError naming the parameter and listing what is allowed. Does not check constraints.
   */
  validate(point: Record<string, unknown>): Point;
  /** Parses textual values (from the CLI or CSV) into a validated point; unset ones take defaults. */
  parse(raw: Record<string, string>, options?: { useDefaults?: boolean }): Point;
  /** The first failing constraint, if any. */
  check(point: Point): ConstraintCheck;
  /** Canonical string of a point (same design, same key), used by the evaluation cache. */
  key(point: Point): string;
  /** Default point: each parameter's default, else its first value (midpoint for real). */
  defaultPoint(): Point;
}
