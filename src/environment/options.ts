/**
 * Validation of environment options: defaults filled in, types checked, unknown names rejected with
 * the list of known ones. Values come either typed (from a JSON spec) or as text (from the CLI).
 */
import { OptionError, type OptionSpec, type OptionValues } from './types.js';

function describeAllowed(spec: OptionSpec): string {
  if (spec.values) return `one of ${spec.values.join(', ')}`;
  switch (spec.type) {
    case 'integer':
      return 'an integer';
    case 'number':
      return 'a number';
    case 'boolean':
      return 'true or false';
    case 'string':
      return 'a string';
    case 'json':
      return 'a JSON value';
  }
}

/** Converts CLI text (`--option NAME=VALUE`) to the option's type. */
function fromText(spec: OptionSpec, text: string, where: string): unknown {
  switch (spec.type) {
    case 'integer':
    case 'number': {
      const value = text.trim() === '' ? NaN : Number(text);
      if (!Number.isFinite(value)) throw new OptionError(`${where}: must be ${describeAllowed(spec)}, got "${text}"`, spec.name);
      return value;
    }
    case 'boolean':
      if (text === 'true' || text === '1') return true;
      if (text === 'false' || text === '0') return false;
      throw new OptionError(`${where}: must be true or false, got "${text}"`, spec.name);
    case 'json':
      try {
        return JSON.parse(text);
      } catch {
        // A bare word is taken as a string so `--option trace=stream` works for json options too.
        return text;
      }
    case 'string':
      return text;
  }
}

function checkType(spec: OptionSpec, value: unknown, where: string): void {
  const fail = (): never => {
    throw new OptionError(`${where}: must be ${describeAllowed(spec)}, got ${JSON.stringify(value)}`, spec.name);
  };
  switch (spec.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail();
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail();
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail();
      break;
    case 'string':
      if (typeof value !== 'string') fail();
      if (spec.values && !spec.values.includes(value as string)) fail();
      break;
    case 'json':
      break;
  }
}

/**
 * Resolves option values against their specs. `where` prefixes messages (e.g. `options` or
 * `--option`), so errors read `options.trace: must be ...`.
 */
export function resolveOptions(
  specs: readonly OptionSpec[] | undefined,
  given: Record<string, unknown>,
  options: { fromText?: boolean; where?: string; environment?: string } = {},
): OptionValues {
  const where = options.where ?? 'options';
  const known = new Map((specs ?? []).map((s) => [s.name, s]));
  const resolved: OptionValues = {};
  for (const [name, raw] of Object.entries(given)) {
    const spec = known.get(name);
    if (!spec) {
      const list = known.size > 0 ? `known options: ${[...known.keys()].join(', ')}` : 'it takes no options';
      throw new OptionError(`${where}.${name}: unknown option${options.environment ? ` for ${options.environment}` : ''}; ${list}`, name);
    }
    const value = options.fromText && typeof raw === 'string' ? fromText(spec, raw, `${where}.${name}`) : raw;
    checkType(spec, value, `${where}.${name}`);
    resolved[name] = value;
  }
  for (const spec of known.values()) {
    if (spec.name in resolved) continue;
    if (spec.default !== undefined) resolved[spec.name] = spec.default;
    else if (spec.required) throw new OptionError(`${where}.${spec.name}: required (${spec.description})`, spec.name);
  }
  return resolved;
}

/** Parses repeated `NAME=VALUE` arguments into a record of raw text values. */
export function parseAssignments(items: readonly string[], flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new OptionError(`${flag} ${item}: expected NAME=VALUE`);
    out[item.slice(0, eq).trim()] = item.slice(eq + 1);
  }
  return out;
}
