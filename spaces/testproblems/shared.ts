/**
 * Pieces common to the ZDT and DTLZ benchmark families: option reading, the real-parameter space
 * `x1..xn` and the minimized objectives `f1..fm`.
 */
import { OptionError, type OptionValues } from '../../src/environment/types.js';
import type { MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import type { RealDefinition } from '../../src/space/types.js';

/**
 * Reads an integer option, falling back when it is unset. Accepts numeric strings too, since
 * `--option NAME=VALUE` may arrive unparsed.
 */
export function readIntegerOption(options: OptionValues, name: string, fallback: number, min: number): number {
  const raw = options[name];
  if (raw === undefined || raw === null || raw === '') return fallback;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw new OptionError(`option "${name}" must be an integer, got ${JSON.stringify(raw)}`, name);
  }
  if (value < min) throw new OptionError(`option "${name}" must be at least ${min}, got ${value}`, name);
  return value;
}

/** Names x1..xn, built once per environment so evaluation does no string work. */
export function variableNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `x${i + 1}`);
}

/** Names f1..fm. */
export function objectiveNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `f${i + 1}`);
}

/** Real parameters named `names`, the i-th bounded by `bounds(i)`. */
export function realParameters(names: readonly string[], bounds: (index: number) => readonly [number, number]): RealDefinition[] {
  return names.map((name, i) => {
    const [min, max] = bounds(i);
    return { name, type: 'real', min, max, description: `decision variable ${i + 1}` };
  });
}

export function minimizedMetrics(names: readonly string[]): MetricSpec[] {
  return names.map((name, i) => ({ name, unit: '', direction: 'min', description: `objective ${i + 1}` }));
}

export function minimizedObjectives(names: readonly string[]): ObjectiveSpec[] {
  return names.map((metric) => ({ metric, direction: 'min' }));
}

/** The same value for every objective, as a reference point keyed by objective name. */
export function uniformReferencePoint(names: readonly string[], value: number): Record<string, number> {
  const point: Record<string, number> = {};
  for (const name of names) point[name] = value;
  return point;
}
