/**
 * Finds environments by name (built-in models) or by module path (users' plug-ins), creates them
 * with validated options, and checks that what a plug-in returns is usable.
 *
 * Everything here takes plain data (a name or path, option values, a base directory), so worker
 * threads and remote workers can rebuild the same environment from what crosses to them.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import { applyParameterOverrides, type ParameterOverrides } from '../space/overrides.js';
import { createSpace } from '../space/space.js';
import type { Space } from '../space/types.js';
import { Scoring } from '../objective/objectives.js';
import { pluginProviders } from '../../spaces/plugins/index.js';
import { testProblemProviders } from '../../spaces/testproblems/index.js';
import { systolicProviders } from '../../spaces/systolic/index.js';
import { dramProviders } from '../../spaces/dram/index.js';
import { scratchpadProviders } from '../../spaces/scratchpad/index.js';
import { pimProviders } from '../../spaces/pim/index.js';
import { resolveOptions } from './options.js';
import type { Environment, EnvironmentProvider, OptionValues } from './types.js';

/**
 * Built-in environments. Imported statically: a provider module only declares its models (their
 * work happens in create and evaluate), and static imports resolve the same way under every
 * loader, worker threads running from TypeScript sources included.
 */
const BUILTIN_PROVIDERS: readonly EnvironmentProvider[] = [...testProblemProviders, ...systolicProviders, ...dramProviders, ...scratchpadProviders, ...pimProviders, ...pluginProviders];

/** What is needed to rebuild an environment anywhere: plain data only. */
export interface EnvironmentSource {
  /** A built-in name (`zdt1`) or a module path (`./my-space.js`, resolved against baseDir). */
  space: string;
  options: Record<string, unknown>;
  /** Directory that relative paths (module, option files) are resolved against. */
  baseDir: string;
  /** The spec's narrowed or widened parameter ranges (src/space/overrides.ts). */
  parameters?: ParameterOverrides;
}

export async function builtinProviders(): Promise<EnvironmentProvider[]> {
  return [...BUILTIN_PROVIDERS];
}

/** A space reference is a module path when it looks like a file rather than a name. */
export function isModulePath(ref: string): boolean {
  return ref.includes('/') || ref.includes('\\') || /\.(m?[jt]s|cjs|cts)$/.test(ref);
}

function isProvider(value: unknown): value is EnvironmentProvider {
  return typeof value === 'object' && value !== null && typeof (value as EnvironmentProvider).create === 'function';
}

function isEnvironment(value: unknown): value is Environment {
  return typeof value === 'object' && value !== null && typeof (value as Environment).evaluate === 'function';
}

async function importModule(path: string): Promise<Record<string, unknown>> {
  if (/\.(m|c)?ts$/.test(path)) {
    // TypeScript plug-ins are compiled on the fly, so users need no build step of their own.
    const { tsImport } = await import('tsx/esm/api');
    return (await tsImport(pathToFileURL(path).href, import.meta.url)) as Record<string, unknown>;
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

async function loadModuleProvider(ref: string, baseDir: string): Promise<EnvironmentProvider> {
  const path = isAbsolute(ref) ? ref : resolve(baseDir, ref);
  if (!existsSync(path)) throw new Error(`space module ${path} does not exist`);
  let module: Record<string, unknown>;
  try {
    module = await importModule(path);
  } catch (error) {
    throw new Error(`space module ${path} failed to load: ${(error as Error).message}`);
  }
  // A TypeScript file outside an ESM package is compiled as CommonJS: its exports then sit
  // under `default`, one level down.
  const nested = (module.default ?? {}) as Record<string, unknown>;
  const candidates = [module.default, module.environment, module.provider, nested.default, nested.environment, nested.provider];
  const exported = candidates.find((c) => isProvider(c) || isEnvironment(c));
  if (isProvider(exported)) return exported;
  if (isEnvironment(exported)) {
    const environment = exported;
    return { id: environment.id, title: environment.title, description: environment.description, create: () => environment };
  }
  throw new Error(
    `space module ${path} must export (as default, "environment" or "provider") either an environment ` +
      `{ id, title, space, metrics, objectives, evaluate } or a provider { id, title, options, create }`,
  );
}

export async function loadProvider(ref: string, baseDir: string): Promise<EnvironmentProvider> {
  if (isModulePath(ref)) return loadModuleProvider(ref, baseDir);
  const providers = await builtinProviders();
  const found = providers.find((p) => p.id === ref);
  if (!found) {
    throw new Error(`unknown space "${ref}"; built-in spaces: ${providers.map((p) => p.id).join(', ')} (or give a module path such as ./my-space.js)`);
  }
  return found;
}

export interface LoadedEnvironment {
  provider: EnvironmentProvider;
  environment: Environment;
  space: Space;
  options: OptionValues;
}

/** Checks what an environment declares, so a broken plug-in fails at load time with its name. */
function checkEnvironment(environment: Environment, ref: string): Space {
  const where = `space "${ref}"`;
  if (!environment.space || !Array.isArray(environment.space.parameters)) throw new Error(`${where}: environment has no space.parameters`);
  if (!Array.isArray(environment.metrics) || environment.metrics.length === 0) throw new Error(`${where}: environment declares no metrics`);
  let space: Space;
  try {
    space = createSpace(environment.space);
  } catch (error) {
    throw new Error(`${where}: ${(error as Error).message}`);
  }
  Scoring.validate(environment.objectives ?? [], environment.constraints ?? [], environment.metrics, `${where} objectives`);
  if (!environment.objectives || environment.objectives.length === 0) throw new Error(`${where}: environment declares no default objectives`);
  return space;
}

/**
 * Loads and creates an environment. `fromText` says the option values are CLI text to be parsed
 * by type; otherwise they are typed JSON values from a spec.
 */
export async function loadEnvironment(source: EnvironmentSource, opts: { fromText?: boolean; where?: string } = {}): Promise<LoadedEnvironment> {
  const provider = await loadProvider(source.space, source.baseDir);
  const options = resolveOptions(provider.options, source.options, { ...opts, environment: provider.id });
  const created = await provider.create(options, { baseDir: source.baseDir });
  const environment = source.parameters ? { ...created, space: applyParameterOverrides(created.space, source.parameters) } : created;
  const space = checkEnvironment(environment, source.space);
  return { provider, environment, space, options };
}
