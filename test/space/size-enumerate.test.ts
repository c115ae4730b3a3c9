import { describe, expect, it } from 'vitest';
import { createSpace, SpaceError, type ParameterDefinition } from '../../src/space/index.js';
import { Rng } from '../../src/util/rng.js';
import { dramDefinition, mixedDefinition } from './fixtures.js';

const small = createSpace({
  parameters: [
    { name: 'a', type: 'categorical', values: ['x', 'y'] },
    { name: 'b', type: 'ordinal', values: [1, 2, 4] },
    { name: 'c', type: 'integer', min: 10, max: 12 },
  ],
});

/** 30 parameters of 1,000 values each: 10^90 points, far beyond 2^64. */
function hugeDefinition(): ParameterDefinition[] {
  return Array.from({ length: 30 }, (_, i) => ({ name: `p${i}`, type: 'integer' as const, min: 0, max: 999 }));
}

describe('size', () => {
  it('is the exact product of cardinalities', () => {
    expect(createSpace(dramDefinition).size()).toBe(442_368n);
    expect(small.size()).toBe(18n);
  });

  it('stays exact far beyond 2^53 and 2^64', () => {
    const huge = createSpace({ parameters: hugeDefinition() });
    expect(huge.size()).toBe(10n ** 90n);
    expect(huge.size()! > 2n ** 64n).toBe(true);
    // 2^64 + 1 would round to 2^64 in floating point.
    const odd = createSpace({
      parameters: [
        { name: 'wide', type: 'integer', min: 0, max: 2 ** 32 }, // 2^32 + 1 values
        { name: 'wider', type: 'integer', min: 1, max: 2 ** 32 + 1 }, // 2^32 + 1 values
      ],
    });
    expect(odd.size()).toBe((2n ** 32n + 1n) ** 2n);
  });

  it('is null when a parameter is real, and ignores constraints', () => {
    expect(createSpace(mixedDefinition).size()).toBeNull();
    const constrained = createSpace({
      parameters: small.parameters.map((parameter) => parameter.definition),
      constraints: [{ reason: 'never', test: () => false }],
    });
    expect(constrained.size()).toBe(18n);
  });
});

describe('enumerate', () => {
  it('visits every point with the first parameter slowest and the last fastest', () => {
    const points = [...small.enumerate()];
    expect(points).toHaveLength(18);
    expect(points.slice(0, 4)).toEqual([
      { a: 'x', b: 1, c: 10 },
      { a: 'x', b: 1, c: 11 },
      { a: 'x', b: 1, c: 12 },
      { a: 'x', b: 2, c: 10 },
    ]);
    expect(points[9]).toEqual({ a: 'y', b: 1, c: 10 });
    expect(points[17]).toEqual({ a: 'y', b: 4, c: 12 });
    expect(new Set(points.map((point) => small.key(point))).size).toBe(18);
  });

  it('counts the whole DRAM space', () => {
    let count = 0;
    for (const _ of createSpace(dramDefinition).enumerate()) count++;
    expect(count).toBe(442_368);
  });

  it('skips points that break a constraint, keeping the order of the rest', () => {
    const constrained = createSpace({
      parameters: small.parameters.map((parameter) => parameter.definition),
      constraints: [{ name: 'budget', reason: 'b * c must stay under 40', test: (p) => (p.b as number) * (p.c as number) < 40 }],
    });
    const points = [...constrained.enumerate()];
    const expected = [...small.enumerate()].filter((p) => (p.b as number) * (p.c as number) < 40);
    expect(points).toEqual(expected);
    // b = 4 allows no c (4 * 10 = 40), so 2 * 2 * 3 points remain.
    expect(points).toHaveLength(12);
  });

  it('refuses spaces with a real parameter when called', () => {
    const space = createSpace(mixedDefinition);
    expect(() => space.enumerate()).toThrow(SpaceError);
    expect(() => space.enumerate()).toThrow('enumerate needs a discrete space, but parameter "freq" is real');
  });
});

describe('indexOf and pointAt', () => {
  it('are the enumeration positions and inverse to each other', () => {
    const points = [...small.enumerate()];
    points.forEach((point, position) => {
      expect(small.indexOf(point)).toBe(BigInt(position));
      expect(small.pointAt(BigInt(position))).toEqual(point);
    });
  });

  it('round-trip in a space of 10^90 points', () => {
    const huge = createSpace({ parameters: hugeDefinition() });
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const index = rng.bigint(huge.size()!);
      expect(huge.indexOf(huge.pointAt(index))).toBe(index);
      const point = huge.sample(rng);
      expect(huge.pointAt(huge.indexOf(point))).toEqual(point);
    }
    const last = huge.pointAt(10n ** 90n - 1n);
    expect(Object.values(last).every((value) => value === 999)).toBe(true);
  });

  it('ignore constraints', () => {
    const constrained = createSpace({
      parameters: small.parameters.map((parameter) => parameter.definition),
      constraints: [{ reason: 'never', test: () => false }],
    });
    expect(constrained.pointAt(5n)).toEqual(small.pointAt(5n));
    expect(constrained.indexOf({ a: 'y', b: 4, c: 12 })).toBe(17n);
  });

  it('validate the range and the point', () => {
    expect(() => small.pointAt(18n)).toThrow('point index 18 is out of range: the space has 18 points (0 to 17)');
    expect(() => small.pointAt(-1n)).toThrow(SpaceError);
    expect(() => small.indexOf({ a: 'z', b: 1, c: 10 })).toThrow('parameter "a": expected one of "x", "y" (got "z")');
    expect(() => small.indexOf({ a: 'x', b: 1 })).toThrow('missing parameter "c"');
  });
});
