/**
 * Narrowing or widening an environment's parameter ranges from a sweep spec's `parameters`, so one
 * built-in model serves many studies (a 100k-design grid, a fixed clock, a larger array).
 *
 * Per parameter, an override is one of:
 * - a single value: the parameter is fixed to it;
 * - a list of values: the parameter takes exactly those (an integer parameter becomes ordinal);
 * - { min, max, step, log }: numeric bounds. Ordinal values are filtered to [min, max]; integer
 *   and real parameters take the new bounds (and step/log where given).
 * Categorical parameters may only be narrowed to values they already have: the environment gives
 * each category its meaning. Numeric values may go beyond the environment's range; the environment
 * checks them when it evaluates, and a design it rejects is recorded as failed with its reason.
 * The default stays when it is still allowed, else it moves to the first value (or min).
 */
import type { ParameterDefinition, ParameterValue, SpaceDefinition } from './types.js';
import { SpaceError } from './types.js';

export interface RangeOverride {
  min?: number;
  max?: number;
  step?: number;
  log?: boolean;
}

export type ParameterOverride = ParameterValue | ParameterValue[] | RangeOverride;

export type ParameterOverrides = Record<string, ParameterOverride>;

const show = (v: unknown): string => JSON.stringify(v);

function fail(where: string, name: string, message: string): never {
  throw new SpaceError(`${where}.${name}: ${message}`, name);
}

function isRange(o: ParameterOverride): o is RangeOverride {
  return typeof o === 'object' && o !== null && !Array.isArray(o);
}

function withValues(d: ParameterDefinition, values: ParameterValue[], where: string): ParameterDefinition {
  const name = d.name;
  if (values.length === 0) fail(where, name, 'must list at least one value');
  if (new Set(values).size !== values.length) fail(where, name, `lists a value twice: ${show(values)}`);
  const base = { name, description: d.description, unit: d.unit };
  if (d.type === 'categorical') {
    const unknown = values.filter((v) => !d.values.includes(v));
    if (unknown.length > 0) fail(where, name, `${show(unknown[0])} is not one of its values (${d.values.map(show).join(', ')})`);
    return { ...base, type: 'categorical', values, default: values.includes(d.default as ParameterValue) ? d.default : values[0] };
  }
  const numbers = values.map((v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(where, name, `values must be numbers (got ${show(v)})`);
    if (d.type === 'integer' && !Number.isInteger(v)) fail(where, name, `values must be integers (got ${show(v)})`);
    return v;
  });
  const sorted = [...numbers].sort((a, b) => a - b);
  // A fixed real parameter becomes a one-value ordinal: a real range needs min < max.
  if (d.type === 'real' && sorted.length > 1) fail(where, name, 'is real-valued: give one value or { "min", "max" }');
  return { ...base, type: 'ordinal', values: sorted, default: sorted.includes(d.default as number) ? d.default : sorted[0] };
}

function withRange(d: ParameterDefinition, range: RangeOverride, where: string): ParameterDefinition {
  const name = d.name;
  const allowedKeys = ['min', 'max', 'step', 'log'];
  const unknownKey = Object.keys(range).find((k) => !allowedKeys.includes(k));
  if (unknownKey !== undefined) fail(where, name, `unknown field "${unknownKey}" (allowed: ${allowedKeys.join(', ')})`);
  for (const key of ['min', 'max', 'step'] as const) {
    const v = range[key];
    if (v !== undefined && (typeof v !== 'number' || !Number.isFinite(v))) fail(where, name, `${key} must be a number (got ${show(v)})`);
  }
  if (range.log !== undefined && typeof range.log !== 'boolean') fail(where, name, `log must be true or false (got ${show(range.log)})`);
  if (d.type === 'categorical') fail(where, name, `is categorical: give a value or a list of its values (${d.values.map(show).join(', ')})`);
  if (d.type === 'ordinal') {
    if (range.step !== undefined || range.log !== undefined) fail(where, name, 'is ordinal: only min and max apply (or give a list of values)');
    const min = range.min ?? -Infinity;
    const max = range.max ?? Infinity;
    const values = d.values.filter((v) => v >= min && v <= max);
    if (values.length === 0) fail(where, name, `no value in [${range.min ?? '-inf'}, ${range.max ?? 'inf'}]; its values: ${d.values.join(', ')}`);
    return withValues(d, values, where);
  }
  const min = range.min ?? d.min;
  const max = range.max ?? d.max;
  if (min > max) fail(where, name, `min (${min}) is above max (${max})`);
  const log = range.log ?? d.log;
  if (log && min <= 0) fail(where, name, `log scale needs min > 0 (got ${min})`);
  const inRange = typeof d.default === 'number' && d.default >= min && d.default <= max;
  if (d.type === 'integer') {
    const step = range.step ?? d.step;
    const onGrid = inRange && (step === undefined || ((d.default as number) - min) % step === 0);
    return { ...d, min, max, step, log, default: onGrid ? d.default : min };
  }
  if (range.step !== undefined) fail(where, name, 'is real-valued: step does not apply');
  return { ...d, min, max, log, default: inRange ? d.default : min };
}

/** The definition with `overrides` applied; errors name `where.parameter` and what is allowed. */
export function applyParameterOverrides(definition: SpaceDefinition, overrides: ParameterOverrides | undefined, where = 'parameters'): SpaceDefinition {
  if (!overrides || Object.keys(overrides).length === 0) return definition;
  const names = definition.parameters.map((p) => p.name);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) fail(where, name, `unknown parameter; the space's parameters: ${names.join(', ')}`);
  }
  const parameters = definition.parameters.map((d): ParameterDefinition => {
    if (!Object.hasOwn(overrides, d.name)) return d;
    const o = overrides[d.name];
    if (Array.isArray(o)) return withValues(d, o, where);
    if (isRange(o)) return withRange(d, o, where);
    return withValues(d, [o], where);
  });
  return { ...definition, parameters };
}
