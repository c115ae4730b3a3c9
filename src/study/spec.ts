/**
 * The sweep specification: its schema (zod, exported as JSON Schema for editors), parsing with
 * errors that name the JSON path (`agents[0].budget: must be a positive integer`), and the plan of
 * runs it expands into (one per agent and seed).
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { parseMetricConstraint } from '../objective/objectives.js';
import type { MetricConstraint } from '../objective/types.js';

const positiveInt = z.number({ error: 'must be a positive integer' }).int({ error: 'must be a positive integer' }).positive({ error: 'must be a positive integer' });
const positiveNumber = z.number({ error: 'must be a positive number' }).positive({ error: 'must be a positive number' });
const name = z.string({ error: 'must be a string' }).min(1, { error: 'must not be empty' });

// A bare metric name is shorthand for { "metric": NAME } with the metric's natural direction.
const Objective = z.union(
  [
    name.transform((metric) => ({ metric, direction: undefined as 'min' | 'max' | undefined })),
    z.strictObject({
      metric: name.describe('Metric to optimize, one of the environment metrics.'),
      direction: z.enum(['min', 'max'], { error: 'must be "min" or "max"' }).optional().describe("Default: the metric's natural direction, else min."),
    }),
  ],
  { error: 'must be a metric name or { "metric": NAME, "direction": "min" | "max" }' },
);

const Constraint = z.union(
  [
    z.string().describe('e.g. "area_mm2 <= 4"'),
    z.strictObject({ metric: name, op: z.enum(['<=', '>=', '<', '>', '==']), bound: z.number() }),
  ],
  { error: 'must be a string like "area_mm2 <= 4" or { "metric", "op", "bound" }' },
);

const Budget = z
  .strictObject({
    evaluations: positiveInt.optional().describe('Unique evaluations (cache hits are free).'),
    timeSeconds: positiveNumber.optional().describe('Wall-time limit; makes the run depend on machine speed.'),
    targetHypervolume: positiveNumber.optional().describe('Stop once the front reaches this hypervolume at the reference point.'),
  })
  .refine((b) => b.evaluations !== undefined || b.timeSeconds !== undefined || b.targetHypervolume !== undefined, {
    error: 'must set at least one of evaluations, timeSeconds, targetHypervolume',
  });

const AgentObject = z.strictObject({
  name: name.describe('Agent name (see `archdse agents`).'),
  label: name.optional().describe('Name of this configuration in outputs; default: the agent name.'),
  options: z.record(z.string(), z.unknown()).optional().describe('Agent hyperparameters.'),
  budget: positiveInt.optional().describe('Unique evaluations for this agent; overrides budget.evaluations.'),
  batchSize: positiveInt.optional().describe('Points asked at a time; overrides batchSize.'),
});

const ParameterValue = z.union([z.number(), z.string(), z.boolean()]);
const ParameterOverride = z.union(
  [
    ParameterValue.describe('Fix the parameter to this value.'),
    z.array(ParameterValue).min(1, { error: 'must list at least one value' }).describe('Exactly these values.'),
    z.strictObject({ min: z.number().optional(), max: z.number().optional(), step: positiveNumber.optional(), log: z.boolean().optional() }).describe('Numeric bounds.'),
  ],
  { error: 'must be a value, a list of values, or { "min", "max", "step", "log" }' },
);

// A bare name is shorthand for { "name": NAME }.
const AgentEntry = z.union([name.transform((n): z.infer<typeof AgentObject> => ({ name: n })), AgentObject], {
  error: 'must be an agent name or { "name": NAME, "options": {...} }',
});

export const SweepSpecSchema = z.strictObject({
  $schema: z.string().optional(),
  name: name.optional().describe('Name of the sweep, shown in outputs.'),
  description: z.string().optional(),
  space: name.describe('Built-in space (see `archdse spaces`) or a module path such as ./my-space.js.'),
  options: z.record(z.string(), z.unknown()).optional().describe('Environment options (see `archdse describe SPACE`).'),
  parameters: z
    .record(z.string(), ParameterOverride)
    .optional()
    .describe('Per parameter: a fixed value, a list of values, or { min, max, step, log } bounds (see `archdse describe SPACE`).'),
  objectives: z.array(Objective).min(1, { error: 'must list at least one objective' }).optional().describe('Default: the environment\'s objectives.'),
  constraints: z.array(Constraint).optional().describe('Metric constraints; designs breaking them are infeasible.'),
  referencePoint: z
    .record(z.string(), z.number())
    .optional()
    .describe('Hypervolume reference point per objective metric, in its units. Default: the environment\'s, else derived from the results.'),
  agents: z.array(AgentEntry).min(1, { error: 'must list at least one agent' }),
  seeds: z.array(z.number().int({ error: 'must be an integer' }).nonnegative({ error: 'must be a non-negative integer' })).min(1).optional().describe('One run per agent and seed. Default: [1].'),
  budget: Budget,
  batchSize: positiveInt.optional().describe('Points asked at a time (default 100). Independent of workers, so results do not depend on them.'),
  workers: positiveInt.optional().describe('Worker threads (default 1 = evaluate inline).'),
  snapshotEvery: positiveInt.optional().describe('Agent snapshot every N batches (default 1).'),
});

export type SweepSpec = z.infer<typeof SweepSpecSchema>;

/** Formats a zod issue path as `agents[0].budget`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out === '' ? '(spec)' : out;
}

/** A union branch that failed only because the value is of another type says nothing useful. */
function wrongTypeOnly(issues: readonly z.core.$ZodIssue[]): boolean {
  return issues.length === 1 && issues[0].code === 'invalid_type' && issues[0].path.length === 0;
}

/**
 * One line per problem. For a shorthand-or-object union, the branch that matched the value's type
 * explains the problem (`agents[0].budget: ...`), not the union's generic message.
 */
function formatIssues(issues: readonly z.core.$ZodIssue[], prefix: readonly PropertyKey[]): string[] {
  return issues.flatMap((issue) => {
    const path = [...prefix, ...issue.path];
    if (issue.code === 'invalid_union') {
      const relevant = issue.errors.filter((branch) => !wrongTypeOnly(branch));
      if (relevant.length === 1) return formatIssues(relevant[0], path);
    }
    if (issue.code === 'unrecognized_keys') {
      return [`${formatPath(path)}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`];
    }
    return [`${formatPath(path)}: ${issue.message}`];
  });
}

export class SpecError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SpecError';
  }
}

/** Validates a parsed JSON value; the error lists every problem with its path. */
export function parseSpec(value: unknown, origin = 'spec'): SweepSpec {
  const result = SweepSpecSchema.safeParse(value);
  if (result.success) {
    result.data.constraints?.forEach((c, i) => {
      if (typeof c === 'string') {
        try {
          parseMetricConstraint(c);
        } catch (error) {
          throw new SpecError(`${origin}: constraints[${i}]: ${(error as Error).message}`);
        }
      }
    });
    return result.data;
  }
  throw new SpecError(`${origin}: ${formatIssues(result.error.issues, []).join('\n  ')}`);
}

/** Reads and validates a spec file; relative paths in it are resolved against its directory. */
export function readSpecFile(path: string): { spec: SweepSpec; baseDir: string } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new SpecError(`${path}: cannot read: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new SpecError(`${path}: not valid JSON: ${(error as Error).message}`);
  }
  return { spec: parseSpec(json, path), baseDir: dirname(resolve(path)) };
}

export function specConstraints(spec: SweepSpec): MetricConstraint[] {
  return (spec.constraints ?? []).map((c) => (typeof c === 'string' ? parseMetricConstraint(c) : c));
}

/** One (agent configuration, seed) pair of a sweep. */
export interface RunPlan {
  /** Directory name of the run inside the sweep's output directory ('' when it is the only run). */
  dir: string;
  agent: string;
  label: string;
  options: Record<string, unknown>;
  seed: number;
  budget: { evaluations?: number; timeSeconds?: number; targetHypervolume?: number };
  batchSize: number;
}

export const DEFAULT_BATCH_SIZE = 100;

export function planRuns(spec: SweepSpec): RunPlan[] {
  const seeds = spec.seeds ?? [1];
  const runs: RunPlan[] = [];
  const labels = new Set<string>();
  spec.agents.forEach((entry, i) => {
    const agent = entry;
    const label = agent.label ?? agent.name;
    if (labels.has(label)) throw new SpecError(`agents[${i}]: label "${label}" is used twice; give each configuration its own "label"`);
    labels.add(label);
    for (const seed of seeds) {
      runs.push({
        dir: '',
        agent: agent.name,
        label,
        options: agent.options ?? {},
        seed,
        budget: { ...spec.budget, ...(agent.budget ? { evaluations: agent.budget } : {}) },
        batchSize: agent.batchSize ?? spec.batchSize ?? DEFAULT_BATCH_SIZE,
      });
    }
  });
  if (runs.length > 1) for (const run of runs) run.dir = `${run.label}-seed${run.seed}`;
  return runs;
}

/** The JSON Schema of sweep specs, for editors and other tools. */
export function sweepSpecJsonSchema(): unknown {
  return z.toJSONSchema(SweepSpecSchema, { target: 'draft-2020-12', unrepresentable: 'any' });
}
