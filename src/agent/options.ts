/** Validation of agent hyperparameters against their specs, with the JSON path in every message. */
import type { AgentFactory, AgentOptionSpec } from './types.js';

function check(spec: AgentOptionSpec, value: unknown, where: string): void {
  const fail = (allowed: string): never => {
    throw new Error(`${where}: must be ${allowed}, got ${JSON.stringify(value)}`);
  };
  const range = `${spec.min !== undefined ? ` >= ${spec.min}` : ''}${spec.max !== undefined ? `${spec.min !== undefined ? ' and' : ''} <= ${spec.max}` : ''}`;
  switch (spec.type) {
    case 'integer':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(`an integer${range}`);
      break;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(`a number${range}`);
      break;
    case 'boolean':
      if (typeof value !== 'boolean') fail('true or false');
      return;
    case 'string':
      if (typeof value !== 'string' || (spec.values && !spec.values.includes(value))) fail(spec.values ? `one of ${spec.values.join(', ')}` : 'a string');
      return;
  }
  const n = value as number;
  if ((spec.min !== undefined && n < spec.min) || (spec.max !== undefined && n > spec.max)) fail(`${spec.type === 'integer' ? 'an' : 'a'} ${spec.type}${range}`);
}

/** Fills defaults and checks every given option; unknown names list the known ones. */
export function resolveAgentOptions(factory: AgentFactory, given: Record<string, unknown>, where: string): Record<string, unknown> {
  const specs = new Map(factory.options.map((o) => [o.name, o]));
  const resolved: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(given)) {
    const spec = specs.get(name);
    if (!spec) {
      const known = specs.size > 0 ? `known options: ${[...specs.keys()].join(', ')}` : `${factory.name} takes no options`;
      throw new Error(`${where}.${name}: unknown option of agent "${factory.name}"; ${known}`);
    }
    check(spec, value, `${where}.${name}`);
    resolved[name] = value;
  }
  for (const spec of specs.values()) if (!(spec.name in resolved) && spec.default !== undefined) resolved[spec.name] = spec.default;
  return resolved;
}
