/**
 * One parameter of a design space, per kind: checking its definition, listing its values, and
 * converting a value to and from an index, a unit-cube coordinate and text, plus sampling.
 *
 * Everything a hot loop needs (value lookups, log bounds, the step grid) is computed once in the
 * constructor, so the per-value methods allocate nothing.
 */
import type { Rng } from '../util/rng.js';
import {
  SpaceError,
  type CategoricalDefinition,
  type IntegerDefinition,
  type OrdinalDefinition,
  type Parameter,
  type ParameterDefinition,
  type ParameterKind,
  type ParameterValue,
  type RealDefinition,
} from './types.js';

/** Parameter names become CSV headers and `--set NAME=VALUE` keys, so they avoid `=`, `,` and spaces. */
export const PARAMETER_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** Error messages list at most this many allowed values before summarising the rest. */
const LISTED_VALUES = 10;

/**
 * Integer parameters list their values lazily; beyond this many, listing them would exhaust memory
 * long before it helped anyone, so `values` refuses and callers use `valueAt`/`indexOfValue`.
 */
export const MAX_LISTED_INTEGER_VALUES = 1 << 24;

const KINDS: readonly ParameterKind[] = ['categorical', 'ordinal', 'integer', 'real'];
const COMMON_KEYS = ['name', 'type', 'description', 'unit', 'default'];
const KIND_KEYS: Record<ParameterKind, readonly string[]> = {
  categorical: [...COMMON_KEYS, 'values'],
  ordinal: [...COMMON_KEYS, 'values'],
  integer: [...COMMON_KEYS, 'min', 'max', 'step', 'log'],
  real: [...COMMON_KEYS, 'min', 'max', 'log'],
};

/** Strict decimal number syntax: rejects "", "12abc", "0x10", "Infinity" that Number() would accept or half-read. */
const NUMBER_TEXT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** A value as it should appear in a message: strings quoted so that "1" and 1 look different. */
export function formatValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return 'a function';
  try {
    const text = JSON.stringify(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
  } catch {
    return String(value);
  }
}

/** "a, b, c" for short lists, the first few then "... (N values)" for long ones. */
export function formatValueList(values: readonly unknown[]): string {
  const shown = values.slice(0, LISTED_VALUES).map(formatValue).join(', ');
  return values.length > LISTED_VALUES ? `${shown}, ... (${values.length} values)` : shown;
}

/** Parses a number written in plain decimal or exponent notation; NaN for anything else. */
export function parseNumberText(text: string): number {
  const trimmed = text.trim();
  if (!NUMBER_TEXT.test(trimmed)) return Number.NaN;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : Number.NaN;
}

function fail(name: string, message: string): never {
  throw new SpaceError(`parameter "${name}": ${message}`, name);
}

function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * A validated parameter. Subclasses hold one kind each; the Space calls these methods per
 * parameter and never branches on kind itself.
 */
export abstract class SpaceParameter implements Parameter {
  abstract readonly kind: ParameterKind;
  abstract readonly discrete: boolean;
  abstract readonly cardinality: number | null;
  /** What values are allowed, in words, e.g. `an integer from 4 to 512 in steps of 4`. */
  abstract readonly allowed: string;
  /** The definition's default, else the kind's natural choice (first value, min, midpoint). */
  abstract readonly defaultValue: ParameterValue;

  constructor(
    readonly definition: ParameterDefinition,
    readonly name: string,
  ) {}

  abstract get values(): readonly ParameterValue[] | null;

  /** Position of an allowed value among `values`, or -1 when the value is not allowed (or the kind is real). */
  abstract indexOfValue(value: unknown): number;
  /** The value at a position in `values`; the index must be an integer in [0, cardinality). */
  abstract valueAt(index: number): ParameterValue;
  /** Unit-cube coordinate of a value; throws SpaceError when the value is not allowed. */
  abstract toUnit(value: unknown): number;
  /** The allowed value nearest to a coordinate already clamped to [0, 1]. */
  abstract fromUnit(unit: number): ParameterValue;
  abstract sample(rng: Rng): ParameterValue;
  /** Reads a CLI or CSV cell; throws SpaceError naming the parameter when the text is not an allowed value. */
  abstract parseText(text: string): ParameterValue;
  /** Whether a value is allowed, for real parameters (discrete ones use indexOfValue). */
  protected abstract accepts(value: unknown): boolean;

  /** The canonical allowed value equal to `value`; throws SpaceError naming what is allowed otherwise. */
  coerce(value: unknown): ParameterValue {
    if (this.discrete) {
      const index = this.indexOfValue(value);
      if (index < 0) this.reject(value);
      return this.valueAt(index);
    }
    if (!this.accepts(value)) this.reject(value);
    return value as number;
  }

  /** Throws the standard "expected ... (got ...)" error for this parameter. */
  reject(value: unknown): never {
    fail(this.name, `expected ${this.allowed} (got ${formatValue(value)})`);
  }

  protected indexOutOfRange(index: number): never {
    fail(this.name, `index ${formatValue(index)} is out of range 0..${(this.cardinality ?? 1) - 1}`);
  }

  /** Validates the definition's default against the allowed values, or falls back. */
  protected resolveDefault(fallback: ParameterValue): ParameterValue {
    const given = this.definition.default;
    if (given === undefined) return fallback;
    const ok = this.discrete ? this.indexOfValue(given) >= 0 : this.accepts(given);
    if (!ok) fail(this.name, `default ${formatValue(given)} is not allowed; expected ${this.allowed}`);
    return this.discrete ? this.valueAt(this.indexOfValue(given)) : (given as number);
  }
}

/**
 * Categorical and ordinal parameters: an explicit list of values. Both encode to the unit cube by
 * position, index / (n - 1), and sample uniformly over positions.
 */
abstract class ListParameter extends SpaceParameter {
  readonly discrete = true;
  readonly cardinality: number;
  readonly allowed: string;
  protected readonly list: readonly ParameterValue[];
  /** Map keys compare numbers by value and never equate 1, "1" and true, which is what validation needs. */
  protected readonly positions: Map<ParameterValue, number>;
  private readonly lastIndex: number;

  constructor(definition: CategoricalDefinition | OrdinalDefinition, name: string) {
    super(definition, name);
    this.list = Object.freeze([...definition.values]);
    this.cardinality = this.list.length;
    this.lastIndex = this.list.length - 1;
    this.positions = new Map(this.list.map((value, index) => [value, index]));
    this.allowed = `one of ${formatValueList(this.list)}`;
  }

  get values(): readonly ParameterValue[] {
    return this.list;
  }

  indexOfValue(value: unknown): number {
    return this.positions.get(value as ParameterValue) ?? -1;
  }

  valueAt(index: number): ParameterValue {
    if (!Number.isInteger(index) || index < 0 || index > this.lastIndex) this.indexOutOfRange(index);
    return this.list[index];
  }

  toUnit(value: unknown): number {
    const index = this.positions.get(value as ParameterValue);
    if (index === undefined) this.reject(value);
    return this.lastIndex === 0 ? 0 : index / this.lastIndex;
  }

  fromUnit(unit: number): ParameterValue {
    return this.list[Math.round(unit * this.lastIndex)];
  }

  sample(rng: Rng): ParameterValue {
    return this.list[rng.int(this.cardinality)];
  }

  protected accepts(value: unknown): boolean {
    return this.positions.has(value as ParameterValue);
  }
}

export class CategoricalParameter extends ListParameter {
  readonly kind = 'categorical';
  readonly defaultValue: ParameterValue;
  /** Text form of each value, so CLI and CSV cells find their value without scanning. */
  private readonly byText: Map<string, ParameterValue>;

  constructor(definition: CategoricalDefinition, name: string) {
    checkCategoricalValues(definition, name);
    super(definition, name);
    this.byText = new Map(this.list.map((value) => [String(value), value]));
    this.defaultValue = this.resolveDefault(this.list[0]);
  }

  parseText(text: string): ParameterValue {
    const exact = this.byText.get(text) ?? this.byText.get(text.trim());
    if (exact !== undefined) return exact;
    // Spreadsheets write TRUE/FALSE and may write 4 as 4.0; accept those spellings of a listed value.
    const lower = text.trim().toLowerCase();
    if ((lower === 'true' || lower === 'false') && this.positions.has(lower === 'true')) return lower === 'true';
    const number = parseNumberText(text);
    if (!Number.isNaN(number) && this.positions.has(number)) return number;
    fail(this.name, `expected ${this.allowed} (got ${formatValue(text)})`);
  }
}

export class OrdinalParameter extends ListParameter {
  readonly kind = 'ordinal';
  readonly defaultValue: ParameterValue;

  constructor(definition: OrdinalDefinition, name: string) {
    checkOrdinalValues(definition, name);
    super(definition, name);
    this.defaultValue = this.resolveDefault(this.list[0]);
  }

  parseText(text: string): ParameterValue {
    const number = parseNumberText(text);
    if (Number.isNaN(number)) fail(this.name, `cannot read ${formatValue(text)} as a number; expected ${this.allowed}`);
    return this.coerce(number);
  }
}

/**
 * Integers min, min + step, ... The top of the grid (`top`) is the largest allowed value, which is
 * max itself only when max lies on the grid; encodings and sampling span [min, top] so that every
 * unit coordinate and every draw lands on an allowed value.
 */
export class IntegerParameter extends SpaceParameter {
  readonly kind = 'integer';
  readonly discrete = true;
  readonly cardinality: number;
  readonly allowed: string;
  readonly defaultValue: ParameterValue;
  readonly min: number;
  readonly step: number;
  /** Largest allowed value: min + (cardinality - 1) * step. */
  readonly top: number;
  readonly log: boolean;
  private readonly lastIndex: number;
  private readonly logMin: number;
  /** log(top) - log(min); 0 for a single-valued parameter. */
  private readonly logSpan: number;
  private listed: readonly number[] | null = null;

  constructor(definition: IntegerDefinition, name: string) {
    super(definition, name);
    const { min, max } = definition;
    const step = definition.step ?? 1;
    if (!Number.isSafeInteger(min)) fail(name, `min must be an integer (got ${formatValue(min)})`);
    if (!Number.isSafeInteger(max)) fail(name, `max must be an integer (got ${formatValue(max)})`);
    if (min > max) fail(name, `min must not exceed max (got min ${min}, max ${max})`);
    if (!Number.isSafeInteger(step) || step <= 0) fail(name, `step must be a positive integer (got ${formatValue(step)})`);
    if (!Number.isSafeInteger(max - min)) fail(name, `the range ${min} to ${max} is too wide to count exactly`);
    checkLogFlag(definition, name);
    if (definition.log && min <= 0) fail(name, `log scale needs min > 0 (got min ${min})`);

    this.min = min;
    this.step = step;
    this.log = definition.log === true;
    this.lastIndex = Math.floor((max - min) / step);
    this.cardinality = this.lastIndex + 1;
    this.top = min + this.lastIndex * step;
    this.logMin = this.log ? Math.log(min) : 0;
    this.logSpan = this.log ? Math.log(this.top) - this.logMin : 0;
    this.allowed =
      this.cardinality === 1
        ? `the integer ${min}`
        : `an integer from ${min} to ${this.top}${step === 1 ? '' : ` in steps of ${step}`}`;
    this.defaultValue = this.resolveDefault(min);
  }

  /** Materialised on first use: most callers never need the list, and a wide range would be large. */
  get values(): readonly number[] {
    if (this.listed === null) {
      if (this.cardinality > MAX_LISTED_INTEGER_VALUES) {
        fail(this.name, `has ${this.cardinality} values, too many to list; use valueAt/indexOfValue instead`);
      }
      const values = new Array<number>(this.cardinality);
      for (let i = 0; i < this.cardinality; i++) values[i] = this.min + i * this.step;
      this.listed = Object.freeze(values);
    }
    return this.listed;
  }

  indexOfValue(value: unknown): number {
    if (typeof value !== 'number' || !Number.isInteger(value)) return -1;
    const offset = value - this.min;
    if (offset < 0 || value > this.top || offset % this.step !== 0) return -1;
    return offset / this.step;
  }

  valueAt(index: number): number {
    if (!Number.isInteger(index) || index < 0 || index > this.lastIndex) this.indexOutOfRange(index);
    return this.min + index * this.step;
  }

  toUnit(value: unknown): number {
    const index = this.indexOfValue(value);
    if (index < 0) this.reject(value);
    if (this.lastIndex === 0) return 0;
    if (!this.log) return index / this.lastIndex;
    return (Math.log(value as number) - this.logMin) / this.logSpan;
  }

  fromUnit(unit: number): number {
    if (this.lastIndex === 0) return this.min;
    if (!this.log) return this.min + Math.round(unit * this.lastIndex) * this.step;
    // Nearest grid value in log scale: of the two grid values around the decoded real, take the one
    // whose logarithm is closer. Linear rounding would favour the upper neighbour at small values.
    const target = this.logMin + unit * this.logSpan;
    const below = this.clampIndex(Math.floor((Math.exp(target) - this.min) / this.step));
    if (below === this.lastIndex) return this.top;
    const low = this.min + below * this.step;
    const high = low + this.step;
    return target - Math.log(low) <= Math.log(high) - target ? low : high;
  }

  sample(rng: Rng): number {
    if (!this.log) return this.min + rng.int(this.cardinality) * this.step;
    const drawn = Math.exp(this.logMin + rng.next() * this.logSpan);
    return this.min + this.clampIndex(Math.round((drawn - this.min) / this.step)) * this.step;
  }

  parseText(text: string): number {
    const number = parseNumberText(text);
    if (Number.isNaN(number)) fail(this.name, `cannot read ${formatValue(text)} as a number; expected ${this.allowed}`);
    return this.coerce(number) as number;
  }

  protected accepts(value: unknown): boolean {
    return this.indexOfValue(value) >= 0;
  }

  private clampIndex(index: number): number {
    return index < 0 ? 0 : index > this.lastIndex ? this.lastIndex : index;
  }
}

/** Real numbers in [min, max]; the unit coordinate is linear in the value, or in its log. */
export class RealParameter extends SpaceParameter {
  readonly kind = 'real';
  readonly discrete = false;
  readonly cardinality = null;
  readonly allowed: string;
  readonly defaultValue: number;
  readonly min: number;
  readonly max: number;
  readonly log: boolean;
  private readonly low: number;
  private readonly span: number;

  constructor(definition: RealDefinition, name: string) {
    super(definition, name);
    const { min, max } = definition;
    if (!isFiniteNumber(min)) fail(name, `min must be a finite number (got ${formatValue(min)})`);
    if (!isFiniteNumber(max)) fail(name, `max must be a finite number (got ${formatValue(max)})`);
    if (!(min < max)) fail(name, `min must be less than max (got min ${min}, max ${max})`);
    checkLogFlag(definition, name);
    if (definition.log && min <= 0) fail(name, `log scale needs min > 0 (got min ${min})`);

    this.min = min;
    this.max = max;
    this.log = definition.log === true;
    this.low = this.log ? Math.log(min) : min;
    this.span = this.log ? Math.log(max) - this.low : max - min;
    this.allowed = `a number from ${min} to ${max}`;
    this.defaultValue = this.resolveDefault(this.clamp(this.log ? Math.sqrt(min) * Math.sqrt(max) : min + (max - min) / 2)) as number;
  }

  get values(): null {
    return null;
  }

  indexOfValue(): number {
    return -1;
  }

  valueAt(): never {
    fail(this.name, 'is real, so its values have no index');
  }

  toUnit(value: unknown): number {
    if (!this.accepts(value)) this.reject(value);
    const scaled = this.log ? Math.log(value as number) : (value as number);
    return this.clampUnit((scaled - this.low) / this.span);
  }

  fromUnit(unit: number): number {
    // The ends map exactly so that a clamped coordinate gives exactly min or max.
    if (unit <= 0) return this.min;
    if (unit >= 1) return this.max;
    const scaled = this.low + unit * this.span;
    return this.clamp(this.log ? Math.exp(scaled) : scaled);
  }

  sample(rng: Rng): number {
    const scaled = this.low + rng.next() * this.span;
    return this.clamp(this.log ? Math.exp(scaled) : scaled);
  }

  parseText(text: string): number {
    const number = parseNumberText(text);
    if (Number.isNaN(number)) fail(this.name, `cannot read ${formatValue(text)} as a number; expected ${this.allowed}`);
    return this.coerce(number) as number;
  }

  protected accepts(value: unknown): boolean {
    return typeof value === 'number' && value >= this.min && value <= this.max;
  }

  /** Floating-point rounding in exp/log may step just outside the range; pull it back in. */
  private clamp(value: number): number {
    return value < this.min ? this.min : value > this.max ? this.max : value;
  }

  private clampUnit(unit: number): number {
    return unit < 0 ? 0 : unit > 1 ? 1 : unit;
  }
}

function checkLogFlag(definition: IntegerDefinition | RealDefinition, name: string): void {
  if (definition.log !== undefined && typeof definition.log !== 'boolean') {
    fail(name, `log must be true or false (got ${formatValue(definition.log)})`);
  }
}

function checkValueArray(values: unknown, name: string, kind: string): asserts values is unknown[] {
  if (!Array.isArray(values)) fail(name, `${kind} values must be an array (got ${formatValue(values)})`);
  if (values.length === 0) fail(name, `${kind} values must not be empty`);
}

function checkCategoricalValues(definition: CategoricalDefinition, name: string): void {
  const values: unknown = definition.values;
  checkValueArray(values, name, 'categorical');
  const seenText = new Map<string, unknown>();
  values.forEach((value, position) => {
    const allowedType =
      typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    if (!allowedType) {
      fail(name, `categorical values must be strings, finite numbers or booleans (got ${formatValue(value)} at position ${position})`);
    }
    // Values are read back from CLI and CSV text by their String() form, so two values with the same
    // text (1 and "1", or 4 twice) could never be told apart.
    const text = String(value);
    if (seenText.has(text)) {
      const previous = seenText.get(text);
      fail(
        name,
        previous === value
          ? `categorical values must not repeat (got ${formatValue(value)} twice)`
          : `categorical values ${formatValue(previous)} and ${formatValue(value)} have the same text form, so CLI and CSV input could not tell them apart`,
      );
    }
    seenText.set(text, value);
  });
}

function checkOrdinalValues(definition: OrdinalDefinition, name: string): void {
  const values: unknown = definition.values;
  checkValueArray(values, name, 'ordinal');
  values.forEach((value, position) => {
    if (!isFiniteNumber(value)) {
      fail(name, `ordinal values must be finite numbers (got ${formatValue(value)} at position ${position})`);
    }
    const previous = values[position - 1] as number;
    if (position > 0 && !(value > previous)) {
      fail(name, `ordinal values must be strictly ascending numbers (got ${previous}, ${value})`);
    }
  });
}

/** Validates a definition's name, kind and keys, then builds the parameter of that kind. */
export function createParameter(definition: ParameterDefinition, position: number): SpaceParameter {
  if (typeof definition !== 'object' || definition === null || Array.isArray(definition)) {
    throw new SpaceError(`parameter ${position + 1}: definition must be an object (got ${formatValue(definition)})`);
  }
  const name: unknown = definition.name;
  if (typeof name !== 'string' || name.length === 0) {
    throw new SpaceError(`parameter ${position + 1}: name must be a non-empty string (got ${formatValue(name)})`);
  }
  if (!PARAMETER_NAME_PATTERN.test(name)) {
    fail(
      name,
      'names must start with a letter or underscore and contain only letters, digits, "_", "." and "-" ' +
        '(they are used as CSV headers and in --set NAME=VALUE)',
    );
  }
  // Points are plain objects; assigning this key would replace the point's prototype instead of
  // storing a value.
  if (name === '__proto__') fail(name, 'this name is reserved');
  const kind: unknown = definition.type;
  if (typeof kind !== 'string' || !(KINDS as readonly string[]).includes(kind)) {
    fail(name, `unknown type ${formatValue(kind)} (expected ${KINDS.join(', ')})`);
  }
  const known = KIND_KEYS[kind as ParameterKind];
  for (const key of Object.keys(definition)) {
    // Catches typos such as "setp" or "lg" that would otherwise silently change the space.
    if (!known.includes(key)) fail(name, `unknown property "${key}" (allowed for ${kind} parameters: ${known.join(', ')})`);
  }
  for (const key of ['description', 'unit'] as const) {
    const text: unknown = definition[key];
    if (text !== undefined && typeof text !== 'string') fail(name, `${key} must be a string (got ${formatValue(text)})`);
  }
  switch (definition.type) {
    case 'categorical':
      return new CategoricalParameter(definition, name);
    case 'ordinal':
      return new OrdinalParameter(definition, name);
    case 'integer':
      return new IntegerParameter(definition, name);
    case 'real':
      return new RealParameter(definition, name);
  }
}
