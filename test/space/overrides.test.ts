import { describe, expect, it } from 'vitest';
import { applyParameterOverrides } from '../../src/space/overrides.js';
import { createSpace } from '../../src/space/space.js';
import type { SpaceDefinition } from '../../src/space/types.js';

const definition: SpaceDefinition = {
  parameters: [
    { name: 'rows', type: 'ordinal', values: [4, 8, 16, 32, 64], default: 16 },
    { name: 'dataflow', type: 'categorical', values: ['os', 'ws', 'is'], default: 'ws' },
    { name: 'clockMHz', type: 'integer', min: 100, max: 2000, step: 100, default: 1000 },
    { name: 'vdd', type: 'real', min: 0.6, max: 1.2, default: 0.9 },
  ],
};

const byName = (d: SpaceDefinition, name: string) => d.parameters.find((p) => p.name === name)!;

describe('parameter overrides', () => {
  it('returns the definition unchanged without overrides', () => {
    expect(applyParameterOverrides(definition, undefined)).toBe(definition);
    expect(applyParameterOverrides(definition, {})).toBe(definition);
  });

  it('fixes a parameter to one value, of any kind', () => {
    const d = applyParameterOverrides(definition, { rows: 32, dataflow: 'os', clockMHz: 700, vdd: 1 });
    const space = createSpace(d);
    expect(space.size()).toBe(1n);
    expect(space.defaultPoint()).toEqual({ rows: 32, dataflow: 'os', clockMHz: 700, vdd: 1 });
  });

  it('takes a list of values; an integer parameter becomes ordinal and values beyond the range are allowed', () => {
    const d = applyParameterOverrides(definition, { rows: [128, 4, 1024], clockMHz: [500, 1000], dataflow: ['is', 'os'] });
    expect(byName(d, 'rows')).toMatchObject({ type: 'ordinal', values: [4, 128, 1024], default: 4 });
    expect(byName(d, 'clockMHz')).toMatchObject({ type: 'ordinal', values: [500, 1000], default: 1000 });
    expect(byName(d, 'dataflow')).toMatchObject({ type: 'categorical', values: ['is', 'os'], default: 'is' });
    expect(createSpace({ parameters: d.parameters.filter((p) => p.type !== 'real') }).size()).toBe(3n * 2n * 2n);
  });

  it('narrows ordinal values and numeric bounds with { min, max }', () => {
    const d = applyParameterOverrides(definition, { rows: { min: 8, max: 32 }, clockMHz: { min: 1200, max: 1600, step: 200 }, vdd: { max: 0.8 } });
    expect(byName(d, 'rows')).toMatchObject({ values: [8, 16, 32], default: 16 });
    expect(byName(d, 'clockMHz')).toMatchObject({ type: 'integer', min: 1200, max: 1600, step: 200, default: 1200 });
    expect(byName(d, 'vdd')).toMatchObject({ min: 0.6, max: 0.8, default: 0.6 });
    const space = createSpace({ parameters: d.parameters.filter((p) => p.type !== 'real') });
    expect(space.size()).toBe(3n * 3n * 3n);
  });

  it('names the parameter and what is allowed on bad overrides', () => {
    expect(() => applyParameterOverrides(definition, { colz: 4 })).toThrow(/parameters\.colz: unknown parameter; the space's parameters: rows, dataflow, clockMHz, vdd/);
    expect(() => applyParameterOverrides(definition, { dataflow: 'rs' })).toThrow(/parameters\.dataflow: "rs" is not one of its values \("os", "ws", "is"\)/);
    expect(() => applyParameterOverrides(definition, { rows: { min: 100 } })).toThrow(/parameters\.rows: no value in \[100, inf\]; its values: 4, 8, 16, 32, 64/);
    expect(() => applyParameterOverrides(definition, { rows: [] })).toThrow(/at least one value/);
    expect(() => applyParameterOverrides(definition, { rows: [8, 8] })).toThrow(/lists a value twice/);
    expect(() => applyParameterOverrides(definition, { rows: ['big'] })).toThrow(/values must be numbers/);
    expect(() => applyParameterOverrides(definition, { clockMHz: [150.5] })).toThrow(/must be integers/);
    expect(() => applyParameterOverrides(definition, { clockMHz: { min: 900, max: 800 } })).toThrow(/min \(900\) is above max \(800\)/);
    expect(() => applyParameterOverrides(definition, { dataflow: { min: 1 } })).toThrow(/is categorical/);
    expect(() => applyParameterOverrides(definition, { vdd: [0.7, 0.8] })).toThrow(/is real-valued/);
    expect(() => applyParameterOverrides(definition, { rows: { min: 1, step: 2 } })).toThrow(/is ordinal: only min and max apply/);
  });
});
