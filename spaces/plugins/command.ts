/**
 * The `command` environment: each evaluation runs an external simulator (gem5, Timeloop, a script)
 * with the design's parameter values in its arguments, and reads the metrics it prints as JSON.
 *
 * The program is spawned directly, never through a shell, so a parameter value such as
 * `; rm -rf ~` reaches it as one literal argument. Every failure (exit code, signal, timeout,
 * unreadable output, missing metric) becomes an Error carrying the tail of the program's stderr,
 * which is usually where the simulator explains itself.
 */
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { OptionError, type Environment, type EnvironmentProvider, type OptionSpec, type OptionValues } from '../../src/environment/types.js';
import type { Metrics, MetricSpec } from '../../src/objective/types.js';
import { formatValue } from '../../src/space/parameter.js';
import { createSpace, type DesignSpace } from '../../src/space/space.js';
import type { Point } from '../../src/space/types.js';
import { parseTemplate, renderTemplate, type Template } from './argv-template.js';
import {
  PARAMETERS_DESCRIPTION,
  SHARED_OPTION_SPECS,
  readMetricConstraints,
  readMetrics,
  readObjectives,
  readOptionalString,
  readParameterDefinitions,
  readReferencePoint,
} from './plugin-options.js';
import { runProcess, type RunHandle, type RunResult } from './run-process.js';

/** The placeholder for the per-evaluation scratch directory. */
const OUTDIR = 'outdir';
const DEFAULT_TIMEOUT_MS = 60_000;
const STDOUT_LIMIT = 16 * 1024 * 1024;
const STDERR_KEPT = 64 * 1024;
/** How much of stderr an error message quotes. */
const STDERR_SHOWN = 2000;
const OUTPUT_SHOWN = 200;

const OPTIONS: OptionSpec[] = [
  {
    name: 'argv',
    type: 'json',
    required: true,
    description:
      'JSON array of strings: the program, then its arguments. {name} is replaced by the value of parameter name, {outdir} by a fresh temporary directory for this evaluation; {{ and }} are literal braces. Run without a shell',
  },
  { name: 'parameters', type: 'json', required: true, description: PARAMETERS_DESCRIPTION },
  ...SHARED_OPTION_SPECS,
  {
    name: 'constraints',
    type: 'json',
    description: 'JSON array of metric constraints: {metric, op, bound} objects or strings such as "area_mm2 <= 4"',
  },
  {
    name: 'output',
    type: 'string',
    default: 'stdout',
    description:
      'where the JSON object of metrics appears: "stdout" (the whole output, or its last line that is a JSON object) or a file path template such as {outdir}/result.json (relative to cwd)',
  },
  { name: 'timeoutMs', type: 'integer', default: DEFAULT_TIMEOUT_MS, description: 'milliseconds before an evaluation is killed and counted as failed' },
  { name: 'cwd', type: 'string', description: 'working directory of the program (relative to the spec file; default: the spec file\'s directory)' },
  { name: 'env', type: 'json', description: 'JSON object of extra environment variables for the program' },
];

function optionError(option: string, message: string): OptionError {
  return new OptionError(`options.${option}: ${message}`, option);
}

function readTemplates(value: unknown): Template[] {
  if (!Array.isArray(value) || value.length === 0 || !value.every((item) => typeof item === 'string')) {
    throw optionError('argv', `must be a non-empty JSON array of strings, program first (got ${formatValue(value)})`);
  }
  if (value[0] === '') throw optionError('argv', 'the program (first element) must not be empty');
  return value.map((item: string, i) => {
    try {
      return parseTemplate(item);
    } catch (error) {
      throw optionError(`argv`, `[${i}]: ${(error as Error).message}`);
    }
  });
}

/** Every placeholder must be a parameter or {outdir}; lists the unknown ones and what is allowed. */
function checkPlaceholders(templates: readonly Template[], option: string, parameterNames: readonly string[]): void {
  const allowed = new Set([...parameterNames, OUTDIR]);
  const unknown = [...new Set(templates.flatMap((t) => t.placeholders))].filter((name) => !allowed.has(name));
  if (unknown.length === 0) return;
  throw optionError(
    option,
    `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `{${name}}`).join(', ')}; ` +
      `placeholders are the parameters (${parameterNames.map((name) => `{${name}}`).join(', ')}) and {${OUTDIR}}; write {{ and }} for literal braces`,
  );
}

function readTimeout(value: unknown): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw optionError('timeoutMs', `must be a positive integer number of milliseconds (got ${formatValue(value)})`);
  }
  return value;
}

function readEnv(value: unknown): Record<string, string> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw optionError('env', `must be a JSON object of variable names to values (got ${formatValue(value)})`);
  }
  const env: Record<string, string> = {};
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') {
      throw optionError('env', `variable ${name} must be a string, number or boolean (got ${formatValue(v)})`);
    }
    env[name] = String(v);
  }
  return env;
}

async function readCwd(value: string | undefined, baseDir: string): Promise<string> {
  const cwd = resolve(baseDir, value ?? '.');
  const info = await stat(cwd).catch(() => null);
  if (info === null || !info.isDirectory()) throw optionError('cwd', `${cwd} is not a directory`);
  return cwd;
}

/** The program and its arguments as one readable line, for messages. */
function commandLine(argv: readonly string[]): string {
  const line = argv.map((arg) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : JSON.stringify(arg))).join(' ');
  return line.length > 300 ? `${line.slice(0, 297)}...` : line;
}

function stderrTail(stderr: string): string {
  const trimmed = stderr.trimEnd();
  if (trimmed === '') return 'stderr was empty';
  const tail = trimmed.length > STDERR_SHOWN ? `...${trimmed.slice(-STDERR_SHOWN)}` : trimmed;
  return `stderr (last ${STDERR_SHOWN} characters):\n${tail}`;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function tryParseObject(text: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(text);
    return isPlainObject(value) ? value : null;
  } catch {
    return null;
  }
}

/** The whole text as a JSON object, else its last line that is one (simulators log before the result). */
export function findJsonObject(text: string): Record<string, unknown> | null {
  const whole = tryParseObject(text.trim());
  if (whole !== null) return whole;
  const lines = text.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (!line.startsWith('{')) continue;
    const found = tryParseObject(line);
    if (found !== null) return found;
  }
  return null;
}

function extractMetrics(output: Record<string, unknown>, metrics: readonly MetricSpec[]): Metrics {
  const result: Metrics = {};
  for (const { name } of metrics) {
    const value = output[name];
    if (value === undefined) {
      const keys = Object.keys(output);
      throw new Error(`metric "${name}" is missing from the output (it has ${keys.length === 0 ? 'no keys' : `keys ${keys.join(', ')}`})`);
    }
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`metric "${name}" is not a finite number (got ${formatValue(value)})`);
    result[name] = value;
  }
  return result;
}

/** Why a finished run failed, or null when it exited cleanly. */
function runFailure(run: RunResult, timeoutMs: number): string | null {
  if (run.timedOut) return `timed out after ${timeoutMs} ms`;
  if (run.stdoutOverflow) return `stdout exceeded ${STDOUT_LIMIT / (1024 * 1024)} MB`;
  if (run.signal !== null) return `killed by signal ${run.signal}`;
  if (run.code !== 0) return `exit code ${run.code}`;
  return null;
}

interface CommandSetup {
  templates: Template[];
  output: Template | 'stdout';
  usesOutdir: boolean;
  space: DesignSpace;
  metrics: MetricSpec[];
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  running: Set<RunHandle>;
}

async function evaluateWithCommand(setup: CommandSetup, point: Point): Promise<Metrics> {
  const validated = setup.space.validate(point);
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(validated)) values[name] = String(value);
  const outdir = setup.usesOutdir ? await mkdtemp(join(tmpdir(), 'archdse-eval-')) : undefined;
  if (outdir !== undefined) values[OUTDIR] = outdir;
  const argv = setup.templates.map((template) => renderTemplate(template, values));
  const described = commandLine(argv);
  try {
    const handle = runProcess(argv[0], argv.slice(1), {
      cwd: setup.cwd,
      env: setup.env,
      timeoutMs: setup.timeoutMs,
      stdoutLimit: STDOUT_LIMIT,
      stderrTail: STDERR_KEPT,
    });
    setup.running.add(handle);
    let run: RunResult;
    try {
      run = await handle.result;
    } catch (error) {
      throw new Error(`could not start ${described}: ${(error as Error).message} (is the program installed, and on PATH or relative to cwd ${setup.cwd}?)`);
    } finally {
      setup.running.delete(handle);
    }

    const fail = (what: string): never => {
      throw new Error(`simulator command failed: ${what}\ncommand: ${described}\n${stderrTail(run.stderr)}`);
    };
    const failure = runFailure(run, setup.timeoutMs);
    if (failure !== null) fail(failure);

    let text = run.stdout;
    if (setup.output !== 'stdout') {
      const file = resolve(setup.cwd, renderTemplate(setup.output, values));
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        fail(`output file ${file} could not be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
    }
    const output = findJsonObject(text);
    if (output === null) {
      const shown = text.trim() === '' ? '(empty)' : text.slice(0, OUTPUT_SHOWN);
      fail(`output is not a JSON object: ${shown}`);
    }
    try {
      return extractMetrics(output as Record<string, unknown>, setup.metrics);
    } catch (error) {
      return fail((error as Error).message);
    }
  } finally {
    if (outdir !== undefined) await rm(outdir, { recursive: true, force: true });
  }
}

export const commandProvider: EnvironmentProvider = {
  id: 'command',
  title: 'External simulator command',
  description: 'Evaluates each design by running an external program and reading the JSON object of metrics it prints or writes.',
  options: OPTIONS,
  async create(options: OptionValues, context): Promise<Environment> {
    const templates = readTemplates(options.argv);
    const definitions = readParameterDefinitions(options.parameters);
    let space: DesignSpace;
    try {
      space = createSpace({ parameters: definitions });
    } catch (error) {
      throw optionError('parameters', (error as Error).message);
    }
    const parameterNames = definitions.map((definition) => definition.name);
    if (parameterNames.includes(OUTDIR)) {
      throw optionError('parameters', `a parameter cannot be named "${OUTDIR}": {${OUTDIR}} is the placeholder for the scratch directory`);
    }
    checkPlaceholders(templates, 'argv', parameterNames);

    const outputOption = readOptionalString(options, 'output') ?? 'stdout';
    let output: Template | 'stdout' = 'stdout';
    if (outputOption !== 'stdout') {
      try {
        output = parseTemplate(outputOption);
      } catch (error) {
        throw optionError('output', (error as Error).message);
      }
      checkPlaceholders([output], 'output', parameterNames);
    }

    const metrics = readMetrics(options.metrics);
    const objectives = readObjectives(options.objectives, metrics);
    const constraints = readMetricConstraints(options.constraints, metrics);
    const referencePoint = readReferencePoint(options.referencePoint, metrics);
    const setup: CommandSetup = {
      templates,
      output,
      usesOutdir: [...templates, ...(output === 'stdout' ? [] : [output])].some((t) => t.placeholders.includes(OUTDIR)),
      space,
      metrics,
      cwd: await readCwd(readOptionalString(options, 'cwd'), context.baseDir),
      env: { ...process.env, ...readEnv(options.env) },
      timeoutMs: readTimeout(options.timeoutMs),
      running: new Set(),
    };

    return {
      id: 'command',
      title: `Simulator ${basename(templates[0].source)}`,
      description: `Runs ${commandLine(templates.map((t) => t.source))} per design`,
      space: { parameters: definitions },
      metrics,
      objectives,
      constraints,
      referencePoint,
      evaluate: (point) => evaluateWithCommand(setup, point),
      close: () => {
        for (const handle of setup.running) handle.kill();
      },
    };
  },
};
