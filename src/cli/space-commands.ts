/** `archdse spaces`, `agents`, `describe`, `simulate` and `schema`: what there is, and one design at a time. */
import { performance } from 'node:perf_hooks';
import type { Command } from 'commander';
import { listAgents } from '../agent/registry.js';
import { evaluateOne } from '../engine/evaluate-points.js';
import { parseAssignments } from '../environment/options.js';
import { builtinProviders, loadEnvironment, loadProvider } from '../environment/registry.js';
import type { ParameterOverrides } from '../space/overrides.js';
import { SpaceError, type Parameter } from '../space/types.js';
import { formatNumber, formatTable } from '../report/format.js';
import { sweepSpecJsonSchema } from '../study/spec.js';
import { action, collect, printJson } from './shared.js';

function describeValues(p: Parameter): string {
  const d = p.definition;
  switch (d.type) {
    case 'categorical':
    case 'ordinal': {
      const shown = d.values.slice(0, 12).map(String).join(', ');
      return d.values.length > 12 ? `${shown}, ... (${d.values.length} values)` : shown;
    }
    case 'integer':
      return `${d.min} .. ${d.max}${d.step && d.step !== 1 ? ` step ${d.step}` : ''}${d.log ? ' (log)' : ''}`;
    case 'real':
      return `${d.min} .. ${d.max}${d.log ? ' (log)' : ''}`;
  }
}

/**
 * `--param NAME=VALUE` as a spec's `parameters` entry: VALUE is JSON when it parses (`0`,
 * `[16,32]`, `{"min":8}`), else a plain string (`Open`).
 */
function parseParameterOverrides(items: readonly string[]): ParameterOverrides | undefined {
  if (items.length === 0) return undefined;
  const out: ParameterOverrides = {};
  for (const [name, text] of Object.entries(parseAssignments(items, '--param'))) {
    try {
      out[name] = JSON.parse(text) as ParameterOverrides[string];
    } catch {
      out[name] = text;
    }
  }
  return out;
}

async function loadForCli(space: string, optionArgs: string[], paramArgs: string[] = []) {
  return loadEnvironment(
    { space, options: parseAssignments(optionArgs, '--option'), baseDir: process.cwd(), parameters: parseParameterOverrides(paramArgs) },
    { fromText: true, where: '--option' },
  );
}

export function registerSpaceCommands(program: Command): void {
  program
    .command('spaces')
    .description('list the built-in design spaces')
    .option('--json', 'print JSON')
    .action(
      action(async (flags: { json?: boolean }) => {
        const providers = await builtinProviders();
        if (flags.json) printJson(providers.map((p) => ({ id: p.id, title: p.title, description: p.description ?? '' })));
        else process.stdout.write(`${formatTable(['space', 'title'], providers.map((p) => [p.id, p.title]))}\n\nmodule plug-ins: give a path, e.g. --space ./my-space.js; see \`archdse describe SPACE\`\n`);
      }),
    );

  program
    .command('agents')
    .description('list the search agents and their options')
    .option('--json', 'print JSON')
    .action(
      action((flags: { json?: boolean }) => {
        const agents = listAgents();
        if (flags.json) {
          printJson(agents.map((a) => ({ name: a.name, description: a.description, options: a.options })));
          return;
        }
        for (const a of agents) {
          process.stdout.write(`${a.name}: ${a.description}\n`);
          if (a.options.length > 0) {
            const rows = a.options.map((o) => [`  ${o.name}`, o.type, JSON.stringify(o.default) ?? '-', o.description]);
            process.stdout.write(`${formatTable(['  option', 'type', 'default', 'meaning'], rows)}\n`);
          }
          process.stdout.write('\n');
        }
      }),
    );

  program
    .command('describe')
    .description('parameters, metrics, objectives, options and size of a space')
    .argument('<space>', 'built-in space name or module path')
    .option('--option <name=value>', 'environment option (repeatable)', collect, [])
    .option('--param <name=value>', 'narrow or widen a parameter as a spec\'s "parameters" does: a value, [values] or {"min","max"} (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(
      action(async (spaceRef: string, flags: { option: string[]; param: string[]; json?: boolean }) => {
        const provider = await loadProvider(spaceRef, process.cwd());
        const { environment, space, options } = await loadForCli(spaceRef, flags.option, flags.param);
        const size = space.size();
        if (flags.json) {
          printJson({
            id: environment.id,
            title: environment.title,
            description: environment.description ?? '',
            size: size === null ? null : size.toString(),
            options: provider.options ?? [],
            optionValues: options,
            parameters: space.parameters.map((p) => ({ ...p.definition, cardinality: p.cardinality })),
            constraints: space.constraints.map((c) => c.reason),
            metrics: environment.metrics,
            objectives: environment.objectives,
            metricConstraints: environment.constraints ?? [],
            referencePoint: environment.referencePoint ?? null,
          });
          return;
        }
        const out: string[] = [`${environment.id}: ${environment.title}`];
        if (environment.description) out.push(environment.description);
        out.push(`size: ${size === null ? 'continuous (real parameters)' : `${size.toLocaleString('en-US')} designs${space.constraints.length > 0 ? ' before constraints' : ''}`}`);
        out.push('', formatTable(['parameter', 'kind', 'values', 'default', 'unit'], space.parameters.map((p) => [p.name, p.kind, describeValues(p), String(space.defaultPoint()[p.name]), p.definition.unit ?? ''])));
        if (space.constraints.length > 0) out.push('', 'constraints:', ...space.constraints.map((c) => `  ${c.name ? `${c.name}: ` : ''}${c.reason}`));
        out.push('', formatTable(['metric', 'unit', 'direction', 'meaning'], environment.metrics.map((m) => [m.name, m.unit ?? '', m.direction ?? '', m.description ?? ''])));
        out.push('', `default objectives: ${environment.objectives.map((o) => `${o.direction} ${o.metric}`).join(', ')}`);
        if (environment.referencePoint) out.push(`default reference point: ${Object.entries(environment.referencePoint).map(([k, v]) => `${k}=${v}`).join(', ')}`);
        if (provider.options && provider.options.length > 0) {
          out.push('', formatTable(['option', 'type', 'value', 'meaning'], provider.options.map((o) => [o.name, o.type, JSON.stringify(options[o.name]) ?? '-', o.description])));
        }
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );

  program
    .command('simulate')
    .description('evaluate one design point and print its metrics')
    .argument('<space>', 'built-in space name or module path')
    .option('--set <name=value>', 'parameter value (repeatable); unset parameters take their defaults', collect, [])
    .option('--option <name=value>', 'environment option (repeatable)', collect, [])
    .option('--param <name=value>', 'widen or narrow a parameter first, e.g. --param RefreshMaxPostponed=0 for a value outside the searched range (repeatable)', collect, [])
    .option('--json', 'print JSON')
    .action(
      action(async (spaceRef: string, flags: { set: string[]; option: string[]; param: string[]; json?: boolean }) => {
        const { environment, space } = await loadForCli(spaceRef, flags.option, flags.param);
        let point;
        try {
          point = space.parse(parseAssignments(flags.set, '--set'));
        } catch (error) {
          if (error instanceof SpaceError && space.parameters.some((p) => p.name === error.parameter)) {
            throw new SpaceError(`${error.message}; to evaluate a value outside the searched range, add --param ${error.parameter}=VALUE`, error.parameter);
          }
          throw error;
        }
        const check = space.check(point);
        if (!check.ok) throw new Error(`design breaks a constraint of ${environment.id}: ${check.reason}`);
        const start = performance.now();
        const outcome = await evaluateOne(environment, point, 'main');
        const elapsedMs = performance.now() - start;
        try {
          if (outcome.status === 'failed') throw new Error(`evaluation failed: ${outcome.error}`);
          // Only a design that evaluated gets its breakdown (and any report files written).
          const report = await environment.report?.(point);
          if (flags.json) {
            printJson({ space: environment.id, point, metrics: outcome.metrics, elapsedMs, ...(report ? { parts: report.parts, files: report.files ?? [] } : {}) });
            return;
          }
          const units = new Map(environment.metrics.map((m) => [m.name, m.unit ?? '']));
          const rows = Object.entries(outcome.metrics).map(([name, value]) => [name, formatNumber(value), units.get(name) ?? '']);
          const out = [Object.entries(point).map(([k, v]) => `${k}=${String(v)}`).join(' '), '', formatTable(['metric', 'value', 'unit'], rows)];
          if (report?.view) out.push('', report.view);
          if (report?.files && report.files.length > 0) out.push('', 'wrote:', ...report.files.map((f) => `  ${f}`));
          process.stdout.write(`${out.join('\n')}\n`);
        } finally {
          await environment.close?.();
        }
      }),
    );

  program
    .command('schema')
    .description('print the JSON Schema of sweep specs')
    .action(action(() => printJson(sweepSpecJsonSchema())));
}
