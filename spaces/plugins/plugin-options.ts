/**
 * Reading the options the table and command plug-ins share: parameter definitions, metrics,
 * objectives, metric constraints and the reference point. Values arrive typed from a JSON spec or,
 * for bare CLI words, as text; every error names the option (`options.metrics[1].direction`) and
 * says what is allowed.
 */
import { OptionError, type OptionSpec, type OptionValues } from '../../src/environment/types.js';
import { parseMetricConstraint } from '../../src/objective/objectives.js';
import type { ConstraintOperator, Direction, MetricConstraint, MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import { formatValue } from '../../src/space/parameter.js';
import type { ParameterDefinition } from '../../src/space/types.js';

const OPERATORS: readonly ConstraintOperator[] = ['<=', '>=', '<', '>', '=='];

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function fail(option: string, path: string, message: string): never {
  throw new OptionError(`options.${option}${path}: ${message}`, option);
}

/**
 * A JSON option given as text that did not parse (CLI `--option metrics=latency,energy`) is read
 * as a comma-separated list of names, which is what such a bare word almost always means.
 */
function asList(value: unknown, option: string, expected: string): unknown[] {
  if (typeof value === 'string') {
    const names = value
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0);
    if (names.length > 0) return names;
  }
  if (!Array.isArray(value) || value.length === 0) fail(option, '', `must be a non-empty JSON array of ${expected} (got ${formatValue(value)})`);
  return value;
}

function checkUnique(names: readonly string[], option: string): void {
  const seen = new Set<string>();
  for (const name of names) {
    if (seen.has(name)) fail(option, '', `"${name}" appears twice`);
    seen.add(name);
  }
}

export const PARAMETERS_DESCRIPTION = 'JSON array of parameter definitions ({name, type, values | min, max, ...})';

/**
 * Parameter definitions as given. Only the outline is checked here (objects with a name and a
 * type); createSpace checks the rest and its message is wrapped to name this option.
 */
export function readParameterDefinitions(value: unknown, option = 'parameters'): ParameterDefinition[] {
  const list = asList(value, option, 'parameter definitions');
  list.forEach((item, i) => {
    if (!isRecord(item)) fail(option, `[${i}]`, `must be a parameter definition object {name, type, ...} (got ${formatValue(item)})`);
    if (typeof item.name !== 'string' || item.name === '') fail(option, `[${i}].name`, `must be a non-empty string (got ${formatValue(item.name)})`);
    if (typeof item.type !== 'string') {
      fail(option, `[${i}].type`, `must be one of "categorical", "ordinal", "integer", "real" (got ${formatValue(item.type)})`);
    }
  });
  checkUnique(
    list.map((item) => (item as ParameterDefinition).name),
    option,
  );
  return list as ParameterDefinition[];
}

/** Either column names only (to be inferred) or full definitions; a mix is rejected. */
export function readParameterNamesOrDefinitions(value: unknown, option = 'parameters'): string[] | ParameterDefinition[] {
  const list = asList(value, option, 'column names or parameter definitions');
  if (list.every((item) => typeof item === 'string')) {
    const names = list as string[];
    names.forEach((name, i) => {
      if (name.trim() === '') fail(option, `[${i}]`, 'must be a non-empty column name');
    });
    checkUnique(names, option);
    return names;
  }
  if (list.some((item) => typeof item === 'string')) {
    fail(option, '', 'must be either all column names (strings) or all parameter definitions (objects), not a mix');
  }
  return readParameterDefinitions(list, option);
}

function readDirection(value: unknown, option: string, path: string): Direction {
  if (value !== 'min' && value !== 'max') fail(option, path, `must be "min" or "max" (got ${formatValue(value)})`);
  return value;
}

/** Metric names, or MetricSpec objects {name, unit, description, direction}. */
export function readMetrics(value: unknown, option = 'metrics'): MetricSpec[] {
  const list = asList(value, option, 'metric names or {name, unit, direction} objects');
  const metrics = list.map((item, i): MetricSpec => {
    if (typeof item === 'string') {
      if (item.trim() === '') fail(option, `[${i}]`, 'must be a non-empty metric name');
      return { name: item };
    }
    if (!isRecord(item)) fail(option, `[${i}]`, `must be a metric name or a {name, unit, direction} object (got ${formatValue(item)})`);
    const known = ['name', 'unit', 'description', 'direction'];
    const extra = Object.keys(item).filter((key) => !known.includes(key));
    if (extra.length > 0) fail(option, `[${i}]`, `unknown field${extra.length > 1 ? 's' : ''} ${extra.join(', ')}; allowed: ${known.join(', ')}`);
    if (typeof item.name !== 'string' || item.name.trim() === '') fail(option, `[${i}].name`, `must be a non-empty string (got ${formatValue(item.name)})`);
    const metric: MetricSpec = { name: item.name };
    if (item.unit !== undefined) {
      if (typeof item.unit !== 'string') fail(option, `[${i}].unit`, `must be a string (got ${formatValue(item.unit)})`);
      metric.unit = item.unit;
    }
    if (item.description !== undefined) {
      if (typeof item.description !== 'string') fail(option, `[${i}].description`, `must be a string (got ${formatValue(item.description)})`);
      metric.description = item.description;
    }
    if (item.direction !== undefined) metric.direction = readDirection(item.direction, option, `[${i}].direction`);
    return metric;
  });
  checkUnique(
    metrics.map((metric) => metric.name),
    option,
  );
  return metrics;
}

function knownMetric(name: unknown, metrics: readonly MetricSpec[], option: string, path: string): MetricSpec {
  const found = typeof name === 'string' ? metrics.find((metric) => metric.name === name) : undefined;
  if (found === undefined) fail(option, path, `unknown metric ${formatValue(name)}; known metrics: ${metrics.map((m) => m.name).join(', ')}`);
  return found;
}

function objectiveOf(metric: MetricSpec, direction: Direction): ObjectiveSpec {
  return metric.unit === undefined ? { metric: metric.name, direction } : { metric: metric.name, direction, unit: metric.unit };
}

/**
 * Objectives {metric, direction}; without the option, every metric that declares a direction,
 * else the first two metrics minimized (simulators mostly report costs: latency, energy, area).
 */
export function readObjectives(value: unknown, metrics: readonly MetricSpec[], option = 'objectives'): ObjectiveSpec[] {
  if (value === undefined) {
    const directed = metrics.filter((metric) => metric.direction !== undefined);
    if (directed.length > 0) return directed.map((metric) => objectiveOf(metric, metric.direction as Direction));
    return metrics.slice(0, 2).map((metric) => objectiveOf(metric, 'min'));
  }
  if (!Array.isArray(value) || value.length === 0) fail(option, '', `must be a non-empty JSON array of {metric, direction} (got ${formatValue(value)})`);
  const objectives = value.map((item: unknown, i) => {
    if (!isRecord(item)) fail(option, `[${i}]`, `must be a {metric, direction} object (got ${formatValue(item)})`);
    const metric = knownMetric(item.metric, metrics, option, `[${i}].metric`);
    const direction = item.direction === undefined && metric.direction !== undefined ? metric.direction : readDirection(item.direction, option, `[${i}].direction`);
    return objectiveOf(metric, direction);
  });
  checkUnique(
    objectives.map((objective) => objective.metric),
    option,
  );
  return objectives;
}

/** Metric constraints as {metric, op, bound} objects or text such as "area_mm2 <= 4". */
export function readMetricConstraints(value: unknown, metrics: readonly MetricSpec[], option = 'constraints'): MetricConstraint[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) fail(option, '', `must be a JSON array of {metric, op, bound} or "METRIC OP NUMBER" strings (got ${formatValue(value)})`);
  return value.map((item: unknown, i): MetricConstraint => {
    let constraint: MetricConstraint;
    if (typeof item === 'string') {
      try {
        constraint = parseMetricConstraint(item);
      } catch (error) {
        fail(option, `[${i}]`, (error as Error).message);
      }
    } else if (isRecord(item)) {
      if (!OPERATORS.includes(item.op as ConstraintOperator)) fail(option, `[${i}].op`, `must be one of ${OPERATORS.join(' ')} (got ${formatValue(item.op)})`);
      if (typeof item.bound !== 'number' || !Number.isFinite(item.bound)) fail(option, `[${i}].bound`, `must be a finite number (got ${formatValue(item.bound)})`);
      constraint = { metric: item.metric as string, op: item.op as ConstraintOperator, bound: item.bound };
    } else {
      fail(option, `[${i}]`, `must be a {metric, op, bound} object or a "METRIC OP NUMBER" string (got ${formatValue(item)})`);
    }
    knownMetric(constraint.metric, metrics, option, `[${i}].metric`);
    return constraint;
  });
}

/** Reference point {metric: value}, in the metrics' own units. */
export function readReferencePoint(value: unknown, metrics: readonly MetricSpec[], option = 'referencePoint'): Record<string, number> | undefined {
  if (value === undefined) return undefined;
  if (!isRecord(value)) fail(option, '', `must be a JSON object {metric: number} (got ${formatValue(value)})`);
  const point: Record<string, number> = {};
  for (const [name, bound] of Object.entries(value)) {
    knownMetric(name, metrics, option, `.${name}`);
    if (typeof bound !== 'number' || !Number.isFinite(bound)) fail(option, `.${name}`, `must be a finite number (got ${formatValue(bound)})`);
    point[name] = bound;
  }
  return point;
}

/** Option specs common to both plug-ins. */
export const SHARED_OPTION_SPECS: readonly OptionSpec[] = [
  {
    name: 'metrics',
    type: 'json',
    required: true,
    description: 'JSON array of metric names, or of {name, unit, description, direction} objects',
  },
  {
    name: 'objectives',
    type: 'json',
    description:
      'JSON array of {metric, direction} objectives; default: every metric that declares a direction, else the first two metrics minimized',
  },
  {
    name: 'referencePoint',
    type: 'json',
    description: 'JSON object {metric: value} giving the hypervolume reference point in the metrics\' own units',
  },
];

/** Reads an optional string option, rejecting other types with the option's name. */
export function readOptionalString(options: OptionValues, option: string): string | undefined {
  const value = options[option];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') fail(option, '', `must be a non-empty string (got ${formatValue(value)})`);
  return value;
}

/** Reads a required string option. */
export function readRequiredString(options: OptionValues, option: string, description: string): string {
  const value = readOptionalString(options, option);
  if (value === undefined) fail(option, '', `required (${description})`);
  return value;
}
