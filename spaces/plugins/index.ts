/** The built-in ways users bring their own designs: a CSV table, or an external simulator command. */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { commandProvider } from './command.js';
import { tableProvider } from './table.js';

export const pluginProviders: readonly EnvironmentProvider[] = [tableProvider, commandProvider];
