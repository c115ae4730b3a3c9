import { describe, expect, it } from 'vitest';
import { createSpace, MAX_SAMPLING_TRIES, SpaceError } from '../../src/space/index.js';
import { Rng } from '../../src/util/rng.js';
import { mixedDefinition } from './fixtures.js';

const mixed = createSpace(mixedDefinition);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function draws(parameter: string, count: number, seed = 1): number[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => mixed.sample(rng)[parameter] as number);
}

describe('sample', () => {
  it('is reproducible for a seed and differs across seeds', () => {
    const first = Array.from({ length: 50 }, ((rng) => () => mixed.sample(rng))(new Rng(42)));
    const again = Array.from({ length: 50 }, ((rng) => () => mixed.sample(rng))(new Rng(42)));
    const other = Array.from({ length: 50 }, ((rng) => () => mixed.sample(rng))(new Rng(43)));
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });

  it('returns valid points with keys in space order', () => {
    const rng = new Rng(3);
    for (let i = 0; i < 500; i++) {
      const point = mixed.sample(rng);
      expect(Object.keys(point)).toEqual(mixed.parameters.map((parameter) => parameter.name));
      expect(mixed.validate(point)).toEqual(point);
    }
  });

  it('covers every categorical value roughly uniformly', () => {
    const rng = new Rng(5);
    const counts = new Map<unknown, number>();
    const n = 8000;
    for (let i = 0; i < n; i++) {
      const value = mixed.sample(rng).mode;
      counts.set(value, (counts.get(value) ?? 0) + 1);
    }
    expect([...counts.keys()].sort()).toEqual(['a', 'b', 1, true].sort());
    // Expected 2000 each; the standard deviation is about 39, so 200 is a five-sigma band.
    for (const count of counts.values()) expect(Math.abs(count - n / 4)).toBeLessThan(200);
  });

  it('covers every value of a stepped integer uniformly', () => {
    const values = draws('sram_kb', 64_000, 9);
    const counts = new Map<number, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    expect(counts.size).toBe(128);
    expect([...counts.keys()].every((value) => value % 4 === 0 && value >= 4 && value <= 512)).toBe(true);
    for (const count of counts.values()) expect(Math.abs(count - 500)).toBeLessThan(120);
  });

  it('samples log reals log-uniformly: median near the geometric mean, quartiles a decade apart', () => {
    const values = draws('leak', 20_000, 11);
    expect(Math.min(...values)).toBeGreaterThanOrEqual(1e-6);
    expect(Math.max(...values)).toBeLessThanOrEqual(1e-2);
    expect(Math.log10(median(values))).toBeCloseTo(-4, 1);
    const belowE5 = values.filter((value) => value < 1e-5).length / values.length;
    expect(belowE5).toBeCloseTo(0.25, 1);
  });

  it('samples log integers log-uniformly and snaps to allowed values', () => {
    const lines = draws('lines', 20_000, 13);
    // Geometric mean of 1 and 4096 is 64; a linear sampler would put the median near 2048.
    expect(median(lines)).toBeGreaterThan(50);
    expect(median(lines)).toBeLessThan(80);
    expect(lines.every((value) => Number.isInteger(value) && value >= 1 && value <= 4096)).toBe(true);
    expect(lines).toContain(1);

    const widths = draws('width', 5000, 17);
    expect(new Set(widths)).toEqual(new Set(mixed.parameter('width').values));
  });

  it('samples linear reals over the whole range', () => {
    const values = draws('freq', 10_000, 19);
    expect(Math.min(...values)).toBeLessThan(0.51);
    expect(Math.max(...values)).toBeGreaterThan(2.99);
    expect(median(values)).toBeCloseTo(1.75, 1);
  });

  it('resamples until the constraints hold', () => {
    const space = createSpace({
      parameters: mixedDefinition.parameters,
      constraints: [{ reason: 'rows * sram_kb <= 1024', test: (p) => (p.rows as number) * (p.sram_kb as number) <= 1024 }],
    });
    const rng = new Rng(23);
    for (let i = 0; i < 300; i++) {
      const point = space.sample(rng);
      expect((point.rows as number) * (point.sram_kb as number)).toBeLessThanOrEqual(1024);
    }
  });

  it('gives up on constraints that are too tight, naming the one that failed most', () => {
    const space = createSpace({
      parameters: [{ name: 'x', type: 'integer', min: 0, max: 1_000_000 }],
      constraints: [
        { name: 'rarely', reason: 'x must not be 0', test: (p) => p.x !== 0 },
        { name: 'impossible', reason: 'x must be negative', test: (p) => (p.x as number) < 0 },
      ],
    });
    const attempt = () => space.sample(new Rng(1));
    expect(attempt).toThrow(SpaceError);
    expect(attempt).toThrow(/constraints are too tight for sampling/);
    expect(attempt).toThrow(`most often (${MAX_SAMPLING_TRIES} times) "impossible: x must be negative"`);
  });

  it('treats a constraint that throws as failed', () => {
    const space = createSpace({
      parameters: [{ name: 'x', type: 'ordinal', values: [1, 2] }],
      constraints: [{ reason: 'broken rule', test: () => { throw new Error('boom'); } }],
    });
    expect(() => space.sample(new Rng(1))).toThrow('"broken rule"');
  });
});
