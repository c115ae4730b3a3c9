/**
 * The design space: an ordered list of parameters plus constraints, and the encodings agents use
 * (points, index vectors, mixed-radix positions, unit-cube vectors). Per-kind behaviour lives in
 * parameter.ts; this module loops over parameters and owns the checks that span them.
 */
import type { Rng } from '../util/rng.js';
import { createParameter, formatValue, type SpaceParameter } from './parameter.js';
import { compilePointShape, type PointShape } from './point-shape.js';
import {
  SpaceError,
  type ConstraintCheck,
  type ParameterValue,
  type Point,
  type Space,
  type SpaceConstraint,
  type SpaceDefinition,
} from './types.js';

/** Rejection sampling gives up after this many draws and reports the constraint that failed most. */
export const MAX_SAMPLING_TRIES = 10_000;

/** Marks "no constraint failed" in the internal first-failure search. */
const ALL_PASSED = -1;

function checkConstraints(raw: unknown): SpaceConstraint[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new SpaceError(`constraints must be an array (got ${formatValue(raw)})`);
  return raw.map((constraint: unknown, position) => {
    const label = `constraint ${position + 1}`;
    if (typeof constraint !== 'object' || constraint === null) {
      throw new SpaceError(`${label} must be an object with reason and test (got ${formatValue(constraint)})`);
    }
    const { name, reason, test } = constraint as Partial<SpaceConstraint>;
    if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
      throw new SpaceError(`${label}: name must be a non-empty string (got ${formatValue(name)})`);
    }
    const shown = name === undefined ? label : `constraint "${name}"`;
    if (typeof reason !== 'string' || reason.length === 0) {
      throw new SpaceError(`${shown}: reason must be a non-empty string (got ${formatValue(reason)})`);
    }
    if (typeof test !== 'function') throw new SpaceError(`${shown}: test must be a function (got ${formatValue(test)})`);
    return constraint as SpaceConstraint;
  });
}

/** The message a user sees for a broken constraint: its reason, prefixed with its name if it has one. */
function describeConstraint(constraint: SpaceConstraint): string {
  return constraint.name === undefined ? constraint.reason : `${constraint.name}: ${constraint.reason}`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export class DesignSpace implements Space {
  readonly parameters: readonly SpaceParameter[];
  readonly constraints: readonly SpaceConstraint[];
  readonly discrete: boolean;
  private readonly names: readonly string[];
  /** Scratch buffers of key(): the values as float64, and the same bytes as 16-bit units. */
  private readonly keyCodes: Float64Array;
  private readonly keyUnits: Uint16Array;
  private readonly shape: PointShape;
  /** Scratch buffer for values read out of a point. */
  private readonly scratch: unknown[];
  /**
   * Scratch buffer for the values of a point being built; `shape.make` copies them into the new
   * point at once, so the buffer is free again before any constraint or caller code runs.
   */
  private readonly built: ParameterValue[];
  private readonly byName: ReadonlyMap<string, SpaceParameter>;
  /** Cardinalities as BigInt, for exact mixed-radix arithmetic beyond 2^53; empty if any parameter is real. */
  private readonly radices: readonly bigint[];
  private readonly total: bigint | null;
  private readonly defaults: readonly ParameterValue[];

  constructor(definition: SpaceDefinition) {
    if (typeof definition !== 'object' || definition === null) {
      throw new SpaceError(`a space definition must be an object (got ${formatValue(definition)})`);
    }
    const raw: unknown = definition.parameters;
    if (!Array.isArray(raw)) throw new SpaceError(`space parameters must be an array (got ${formatValue(raw)})`);
    if (raw.length === 0) throw new SpaceError('a space needs at least one parameter');

    const parameters = raw.map((parameter, position) => createParameter(parameter, position));
    const byName = new Map<string, SpaceParameter>();
    parameters.forEach((parameter, position) => {
      if (byName.has(parameter.name)) {
        const first = parameters.findIndex((other) => other.name === parameter.name);
        throw new SpaceError(
          `duplicate parameter name "${parameter.name}" (parameters ${first + 1} and ${position + 1})`,
          parameter.name,
        );
      }
      byName.set(parameter.name, parameter);
    });

    this.parameters = Object.freeze(parameters);
    this.constraints = Object.freeze(checkConstraints(definition.constraints));
    this.byName = byName;
    this.names = Object.freeze(parameters.map((parameter) => parameter.name));
    this.keyCodes = new Float64Array(parameters.length);
    this.keyUnits = new Uint16Array(this.keyCodes.buffer);
    this.shape = compilePointShape(this.names);
    this.scratch = new Array(parameters.length);
    this.built = new Array(parameters.length);
    this.discrete = parameters.every((parameter) => parameter.discrete);
    this.radices = this.discrete ? parameters.map((parameter) => BigInt(parameter.cardinality as number)) : [];
    this.total = this.discrete ? this.radices.reduce((product, radix) => product * radix, 1n) : null;
    this.defaults = Object.freeze(parameters.map((parameter) => parameter.defaultValue));
  }

  parameter(name: string): SpaceParameter {
    const parameter = this.byName.get(name);
    if (parameter === undefined) {
      throw new SpaceError(`unknown parameter ${formatValue(name)} (known parameters: ${this.names.join(', ')})`, name);
    }
    return parameter;
  }

  /**
   * Product of the cardinalities, exact at any size; null when a parameter is real. Constraints are
   * ignored: counting the points that satisfy them would mean enumerating the space.
   */
  size(): bigint | null {
    return this.total;
  }

  /**
   * Draws each parameter independently (log-uniformly where `log` is set) and redraws the whole point
   * until every constraint holds. After MAX_SAMPLING_TRIES draws it throws, naming the constraint
   * that rejected the most draws, since that is the one to loosen.
   */
  sample(rng: Rng): Point {
    if (this.constraints.length === 0) return this.draw(rng);
    const failures = new Array<number>(this.constraints.length).fill(0);
    for (let attempt = 0; attempt < MAX_SAMPLING_TRIES; attempt++) {
      const point = this.draw(rng);
      const failed = this.firstFailure(point).index;
      if (failed === ALL_PASSED) return point;
      failures[failed]++;
    }
    const worst = failures.indexOf(Math.max(...failures));
    throw new SpaceError(
      `the constraints are too tight for sampling: ${MAX_SAMPLING_TRIES} random points all broke a constraint; ` +
        `most often (${failures[worst]} times) "${describeConstraint(this.constraints[worst])}"`,
    );
  }

  /**
   * Every point that satisfies the constraints, first parameter slowest and last fastest. Checks
   * discreteness on the call, not on the first `next()`, so a misuse fails where it is made.
   */
  enumerate(): Generator<Point> {
    this.requireDiscrete('enumerate');
    return this.walk();
  }

  private *walk(): Generator<Point> {
    const count = this.parameters.length;
    const digits = new Array<number>(count).fill(0);
    const cardinalities = this.parameters.map((parameter) => parameter.cardinality as number);
    for (;;) {
      const point = this.fromIndices(digits);
      if (this.firstFailure(point).index === ALL_PASSED) yield point;
      // Odometer increment: bump the last digit, carrying into earlier ones.
      let position = count - 1;
      while (position >= 0 && ++digits[position] === cardinalities[position]) {
        digits[position] = 0;
        position--;
      }
      if (position < 0) return;
    }
  }

  indexOf(point: Point): bigint {
    this.requireDiscrete('indexOf');
    let index = 0n;
    const values = this.scratch;
    this.shape.read(point, values);
    for (let i = 0; i < this.parameters.length; i++) {
      const digit = this.indexOfParameter(i, values[i] as ParameterValue | undefined);
      index = index * this.radices[i] + BigInt(digit);
    }
    return index;
  }

  pointAt(index: bigint): Point {
    this.requireDiscrete('pointAt');
    const total = this.total as bigint;
    if (typeof index !== 'bigint') {
      if (!Number.isSafeInteger(index)) throw new SpaceError(`point index must be an integer (got ${formatValue(index)})`);
      index = BigInt(index);
    }
    if (index < 0n || index >= total) {
      throw new SpaceError(`point index ${index} is out of range: the space has ${total} points (0 to ${total - 1n})`);
    }
    const digits = new Array<number>(this.parameters.length);
    let rest = index;
    for (let i = this.parameters.length - 1; i >= 0; i--) {
      digits[i] = Number(rest % this.radices[i]);
      rest /= this.radices[i];
    }
    return this.fromIndices(digits);
  }

  toIndices(point: Point): number[] {
    this.requireDiscrete('toIndices');
    const indices = new Array<number>(this.parameters.length);
    const values = this.scratch;
    this.shape.read(point, values);
    for (let i = 0; i < this.parameters.length; i++) indices[i] = this.indexOfParameter(i, values[i] as ParameterValue | undefined);
    return indices;
  }

  fromIndices(indices: readonly number[]): Point {
    this.requireDiscrete('fromIndices');
    this.requireLength(indices, 'indices');
    const values = this.built;
    for (let i = 0; i < this.parameters.length; i++) values[i] = this.parameters[i].valueAt(indices[i]);
    return this.shape.make(values);
  }

  toUnit(point: Point): number[] {
    const unit = new Array<number>(this.parameters.length);
    const values = this.scratch;
    this.shape.read(point, values);
    for (let i = 0; i < this.parameters.length; i++) {
      const value = values[i];
      if (value === undefined) this.missing(i);
      unit[i] = this.parameters[i].toUnit(value);
    }
    return unit;
  }

  /** Clamps each coordinate to [0, 1] and snaps it to the nearest allowed value. */
  fromUnit(unit: readonly number[]): Point {
    this.requireLength(unit, 'unit coordinates');
    const values = this.built;
    for (let i = 0; i < this.parameters.length; i++) {
      let u = unit[i];
      if (typeof u !== 'number' || Number.isNaN(u)) {
        throw new SpaceError(`parameter "${this.names[i]}": unit coordinate must be a number (got ${formatValue(u)})`, this.names[i]);
      }
      if (u < 0) u = 0;
      else if (u > 1) u = 1;
      values[i] = this.parameters[i].fromUnit(u);
    }
    return this.shape.make(values);
  }

  validate(point: Record<string, unknown>): Point {
    this.requireObject(point);
    this.rejectUnknown(point);
    const given = this.scratch;
    this.shape.read(point, given);
    const values = this.built;
    for (let i = 0; i < this.parameters.length; i++) {
      const value = given[i];
      // An inherited property (a parameter named like an Object method) is not a given value.
      if (value === undefined || (typeof value === 'function' && !Object.hasOwn(point, this.names[i]))) this.missing(i);
      values[i] = this.parameters[i].coerce(value);
    }
    return this.shape.make(values);
  }

  /**
   * Reads text values (CLI `--set`, CSV cells). Non-string values, e.g. from JSON, are validated
   * as they are. With useDefaults (the default) unset parameters take their default values.
   */
  parse(raw: Record<string, string>, options: { useDefaults?: boolean } = {}): Point {
    this.requireObject(raw);
    this.rejectUnknown(raw);
    const useDefaults = options.useDefaults ?? true;
    const values = this.built;
    for (let i = 0; i < this.parameters.length; i++) {
      const name = this.names[i];
      const value: unknown = Object.hasOwn(raw, name) ? raw[name] : undefined;
      const parameter = this.parameters[i];
      if (value === undefined) {
        if (!useDefaults) this.missing(i);
        values[i] = this.defaults[i];
      } else {
        values[i] = typeof value === 'string' ? parameter.parseText(value) : parameter.coerce(value);
      }
    }
    return this.shape.make(values);
  }

  /**
   * Runs the constraints in order and reports the first one that fails. A constraint whose test
   * throws counts as failed: a rule that cannot be evaluated on a point cannot vouch for it.
   */
  check(point: Point): ConstraintCheck {
    const { index, thrown } = this.firstFailure(point);
    if (index === ALL_PASSED) return { ok: true };
    const reason = describeConstraint(this.constraints[index]);
    return { ok: false, reason: thrown === undefined ? reason : `${reason} (the check threw: ${thrown})` };
  }

  /**
   * A compact binary string of the values in space order: each value as a float64 (categorical
   * values by their position), read back as UTF-16 code units. Property order does not matter,
   * 4 and 4.0 (and 0 and -0) are the same number, and a categorical "1" is its position, never the
   * number 1. The cache calls this for every evaluation: formatting 30 doubles as decimal text
   * cost more than evaluating a ZDT problem. Use `JSON.stringify(point)` to show a design.
   * Expects a validated point; extra properties are ignored.
   */
  key(point: Point): string {
    const codes = this.keyCodes;
    const values = this.scratch;
    this.shape.read(point, values);
    for (let i = 0; i < this.names.length; i++) {
      const value = values[i];
      if (value === undefined) this.missing(i);
      const parameter = this.parameters[i];
      if (parameter.kind === 'categorical') {
        const index = parameter.indexOfValue(value);
        if (index < 0) parameter.reject(value);
        codes[i] = index;
      } else if (typeof value === 'number') {
        codes[i] = value === 0 ? 0 : value;
      } else parameter.reject(value);
    }
    return String.fromCharCode.apply(null, this.keyUnits as unknown as number[]);
  }

  defaultPoint(): Point {
    return this.shape.make(this.defaults);
  }

  private draw(rng: Rng): Point {
    const values = this.built;
    for (let i = 0; i < this.parameters.length; i++) values[i] = this.parameters[i].sample(rng);
    return this.shape.make(values);
  }

  /** Index of the first failing constraint (ALL_PASSED if none), and the message if its test threw. */
  private firstFailure(point: Point): { index: number; thrown?: string } {
    for (let i = 0; i < this.constraints.length; i++) {
      try {
        if (!this.constraints[i].test(point)) return { index: i };
      } catch (error) {
        return { index: i, thrown: errorMessage(error) };
      }
    }
    return PASSED;
  }

  private indexOfParameter(position: number, value: ParameterValue | undefined): number {
    if (value === undefined) this.missing(position);
    const parameter = this.parameters[position];
    const index = parameter.indexOfValue(value);
    if (index < 0) parameter.reject(value);
    return index;
  }

  private requireDiscrete(operation: string): void {
    if (this.discrete) return;
    const real = this.parameters.find((parameter) => !parameter.discrete) as SpaceParameter;
    throw new SpaceError(`${operation} needs a discrete space, but parameter "${real.name}" is real`, real.name);
  }

  private requireLength(values: readonly unknown[], what: string): void {
    if (!Array.isArray(values) || values.length !== this.parameters.length) {
      const got = Array.isArray(values) ? `${values.length}` : formatValue(values);
      throw new SpaceError(
        `expected ${this.parameters.length} ${what}, one per parameter (${this.names.join(', ')}); got ${got}`,
      );
    }
  }

  private requireObject(point: unknown): void {
    if (typeof point !== 'object' || point === null || Array.isArray(point)) {
      throw new SpaceError(`a point must be an object of parameter values (got ${formatValue(point)})`);
    }
  }

  private rejectUnknown(point: object): void {
    // Hot path (every proposed point): a plain loop, no arrays unless something is wrong.
    let allKnown = true;
    for (const name in point) {
      if (!this.byName.has(name) && Object.hasOwn(point, name)) {
        allKnown = false;
        break;
      }
    }
    if (allKnown) return;
    const unknown = Object.keys(point).filter((name) => !this.byName.has(name));
    const listed = unknown.map((name) => `"${name}"`).join(', ');
    throw new SpaceError(
      `unknown parameter${unknown.length > 1 ? 's' : ''} ${listed} (known parameters: ${this.names.join(', ')})`,
      unknown[0],
    );
  }

  private missing(position: number): never {
    const name = this.names[position];
    throw new SpaceError(`missing parameter "${name}" (expected ${this.parameters[position].allowed})`, name);
  }
}

/** Shared result for the common case, so checking a valid point allocates nothing. */
const PASSED: { index: number; thrown?: string } = Object.freeze({ index: ALL_PASSED });

/** Builds a space from its definition; throws SpaceError naming the offending parameter or constraint. */
export function createSpace(definition: SpaceDefinition): DesignSpace {
  return new DesignSpace(definition);
}
