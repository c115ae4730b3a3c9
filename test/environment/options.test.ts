import { describe, expect, it } from 'vitest';
import { parseAssignments, resolveOptions } from '../../src/environment/options.js';
import type { OptionSpec } from '../../src/environment/types.js';

const specs: OptionSpec[] = [
  { name: 'trace', type: 'string', description: 'workload', values: ['stream', 'random'], default: 'stream' },
  { name: 'channels', type: 'integer', description: 'channels', default: 1 },
  { name: 'clockMHz', type: 'number', description: 'clock' },
  { name: 'refresh', type: 'boolean', description: 'refresh on', default: true },
  { name: 'layers', type: 'json', description: 'layer list' },
  { name: 'file', type: 'string', description: 'input file', required: true },
];

describe('environment options', () => {
  it('fills defaults and parses CLI text by type', () => {
    const resolved = resolveOptions(specs, { channels: '4', clockMHz: '1600.5', refresh: 'false', layers: '[1,2]', file: 'x.csv' }, { fromText: true });
    expect(resolved).toEqual({ trace: 'stream', channels: 4, clockMHz: 1600.5, refresh: false, layers: [1, 2], file: 'x.csv' });
  });

  it('names the option and what is allowed', () => {
    expect(() => resolveOptions(specs, { file: 'x', channels: 2.5 })).toThrow('options.channels: must be an integer, got 2.5');
    expect(() => resolveOptions(specs, { file: 'x', trace: 'zigzag' })).toThrow('options.trace: must be one of stream, random, got "zigzag"');
    expect(() => resolveOptions(specs, { file: 'x', refresh: 'maybe' }, { fromText: true, where: '--option' })).toThrow('--option.refresh: must be true or false, got "maybe"');
    expect(() => resolveOptions(specs, { file: 'x', chanels: 2 }, { environment: 'dram' })).toThrow('options.chanels: unknown option for dram; known options: trace, channels');
    expect(() => resolveOptions(specs, {})).toThrow('options.file: required (input file)');
    expect(() => resolveOptions([], { a: 1 })).toThrow(/it takes no options/);
  });

  it('parses NAME=VALUE assignments, keeping = inside values', () => {
    expect(parseAssignments(['a=1', 'expr=x=y'], '--set')).toEqual({ a: '1', expr: 'x=y' });
    expect(() => parseAssignments(['novalue'], '--set')).toThrow('--set novalue: expected NAME=VALUE');
  });
});
