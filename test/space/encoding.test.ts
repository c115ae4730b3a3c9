import { describe, expect, it } from 'vitest';
import { createSpace, SpaceError, type ParameterDefinition, type Point } from '../../src/space/index.js';
import { Rng } from '../../src/util/rng.js';
import { discreteDefinition, mixedDefinition } from './fixtures.js';

const mixed = createSpace(mixedDefinition);
const discrete = createSpace(discreteDefinition);
const realNames = ['freq', 'leak'];

/** A point equal to `expected`, with reals allowed a relative rounding error from exp/log. */
function expectSamePoint(actual: Point, expected: Point): void {
  expect(Object.keys(actual)).toEqual(Object.keys(expected));
  for (const [name, value] of Object.entries(expected)) {
    if (realNames.includes(name)) {
      expect(Math.abs((actual[name] as number) - (value as number))).toBeLessThanOrEqual(Math.abs(value as number) * 1e-12);
    } else {
      expect(actual[name]).toBe(value);
    }
  }
}

describe('index encoding', () => {
  it('gives each value its position and decodes it back', () => {
    const point = { mode: 1, rows: 32, sram_kb: 12, lines: 5, width: 17, single: 7 };
    expect(discrete.toIndices(point)).toEqual([2, 3, 2, 4, 2, 0]);
    expect(discrete.fromIndices([2, 3, 2, 4, 2, 0])).toEqual(point);
  });

  it('round-trips every sampled point', () => {
    const rng = new Rng(31);
    for (let i = 0; i < 1000; i++) {
      const point = discrete.sample(rng);
      expect(discrete.fromIndices(discrete.toIndices(point))).toEqual(point);
    }
  });

  it('rejects out-of-range indices naming the parameter, wrong lengths and real spaces', () => {
    expect(() => discrete.fromIndices([0, 5, 0, 0, 0, 0])).toThrow('parameter "rows": index 5 is out of range 0..4');
    expect(() => discrete.fromIndices([0, 0, 1.5, 0, 0, 0])).toThrow('parameter "sram_kb": index 1.5 is out of range');
    expect(() => discrete.fromIndices([0, 0])).toThrow(/expected 6 indices, one per parameter \(mode, rows, .*\); got 2/);
    expect(() => mixed.toIndices(mixed.defaultPoint())).toThrow('toIndices needs a discrete space, but parameter "freq" is real');
    expect(() => mixed.fromIndices([0, 0, 0, 0, 0, 0, 0, 0])).toThrow(SpaceError);
  });
});

describe('unit encoding', () => {
  it('places categorical and ordinal values at index / (n - 1)', () => {
    const unit = mixed.toUnit({ ...mixed.defaultPoint(), mode: 1, rows: 8 });
    expect(unit[0]).toBeCloseTo(2 / 3, 15);
    expect(unit[1]).toBe(0.25);
  });

  it('is linear in value for integers and reals, and logarithmic where log is set', () => {
    const base = mixed.defaultPoint();
    expect(mixed.toUnit({ ...base, sram_kb: 4 })[2]).toBe(0);
    expect(mixed.toUnit({ ...base, sram_kb: 512 })[2]).toBe(1);
    expect(mixed.toUnit({ ...base, sram_kb: 260 })[2]).toBeCloseTo((260 - 4) / (512 - 4), 15);
    expect(mixed.toUnit({ ...base, lines: 64 })[3]).toBeCloseTo(0.5, 15);
    expect(mixed.toUnit({ ...base, freq: 1.75 })[5]).toBeCloseTo(0.5, 15);
    expect(mixed.toUnit({ ...base, leak: 1e-4 })[6]).toBeCloseTo(0.5, 12);
  });

  it('encodes a single-valued parameter as 0', () => {
    expect(mixed.toUnit(mixed.defaultPoint())[7]).toBe(0);
    expect(mixed.fromUnit([0, 0, 0, 0, 0, 0, 0, 1]).single).toBe(7);
  });

  it('is monotone in the value for ordered kinds', () => {
    for (const name of ['rows', 'sram_kb', 'lines', 'width']) {
      const position = mixed.parameters.findIndex((parameter) => parameter.name === name);
      const coordinates = mixed.parameter(name).values!.map((value) => mixed.toUnit({ ...mixed.defaultPoint(), [name]: value })[position]);
      for (let i = 1; i < coordinates.length; i++) expect(coordinates[i]).toBeGreaterThan(coordinates[i - 1]);
      expect(coordinates[0]).toBe(0);
      expect(coordinates[coordinates.length - 1]).toBe(1);
    }
  });

  it('round-trips every point: fromUnit(toUnit(p)) equals p', () => {
    const rng = new Rng(37);
    for (let i = 0; i < 5000; i++) {
      const point = mixed.sample(rng);
      expectSamePoint(mixed.fromUnit(mixed.toUnit(point)), point);
    }
  });

  it('round-trips every value of randomly generated parameters', () => {
    const rng = new Rng(41);
    for (let trial = 0; trial < 200; trial++) {
      const min = 1 + rng.int(50);
      const definition: ParameterDefinition = {
        name: 'n',
        type: 'integer',
        min,
        max: min + rng.int(3000),
        step: 1 + rng.int(9),
        log: rng.next() < 0.5,
      };
      const space = createSpace({ parameters: [definition] });
      for (const value of space.parameter('n').values!) {
        expect(space.fromUnit(space.toUnit({ n: value })).n).toBe(value);
      }
    }
  });

  it('clamps coordinates outside [0, 1] and snaps to the nearest allowed value', () => {
    const low = mixed.fromUnit([-3, -0.1, -1, -1, -1, -5, -5, -1]);
    expect(low).toEqual({ mode: 'a', rows: 4, sram_kb: 4, lines: 1, width: 3, freq: 0.5, leak: 1e-6, single: 7 });
    const high = mixed.fromUnit([2, 1.1, 9, 9, 9, 9, 9, 9]);
    // width: 3 + 13 * 7 = 94 is the top of the grid below max 100.
    expect(high).toEqual({ mode: true, rows: 64, sram_kb: 512, lines: 4096, width: 94, freq: 3, leak: 1e-2, single: 7 });
    const mid = mixed.fromUnit([0.49, 0.49, 0.5, 0.5, 0, 0.5, 0.5, 0]);
    expect(mid.mode).toBe('b'); // round(0.49 * 3) = 1
    expect(mid.rows).toBe(16); // round(0.49 * 4) = 2
    expect(mid.sram_kb).toBe(260); // round(0.5 * 127) = 64 steps of 4 above 4
    expect(mid.lines).toBe(64); // geometric midpoint of 1..4096
  });

  it('snaps log integers to the nearest value in log scale', () => {
    const space = createSpace({ parameters: [{ name: 'n', type: 'integer', min: 1, max: 16, log: true }] });
    // 1.4 is nearer 1 on both scales.
    expect(space.fromUnit([Math.log(1.4) / Math.log(16)]).n).toBe(1);
    // 1.45 is linearly nearer 1 but in log scale nearer 2 (sqrt(2) ~ 1.414 is the log midpoint).
    expect(space.fromUnit([Math.log(1.45) / Math.log(16)]).n).toBe(2);
  });

  it('rejects disallowed values, missing values, NaN and wrong lengths', () => {
    expect(() => mixed.toUnit({ ...mixed.defaultPoint(), freq: 4 })).toThrow('parameter "freq": expected a number from 0.5 to 3 (got 4)');
    const { rows: _rows, ...withoutRows } = mixed.defaultPoint();
    expect(() => mixed.toUnit(withoutRows)).toThrow('missing parameter "rows"');
    expect(() => mixed.fromUnit([0, NaN, 0, 0, 0, 0, 0, 0])).toThrow('parameter "rows": unit coordinate must be a number (got NaN)');
    expect(() => mixed.fromUnit([0, 0])).toThrow('expected 8 unit coordinates');
  });
});
