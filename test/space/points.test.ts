import { describe, expect, it } from 'vitest';
import { createSpace, SpaceError, type Point } from '../../src/space/index.js';
import { mixedDefinition } from './fixtures.js';

const mixed = createSpace(mixedDefinition);

const valid: Point = { mode: 'b', rows: 16, sram_kb: 128, lines: 100, width: 17, freq: 1.2, leak: 1e-3, single: 7 };

function errorOf(action: () => unknown): SpaceError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(SpaceError);
    return error as SpaceError;
  }
  throw new Error('expected a SpaceError');
}

describe('validate', () => {
  it('returns a new point with keys in space order', () => {
    const shuffled = Object.fromEntries(Object.entries(valid).reverse());
    const result = mixed.validate(shuffled);
    expect(result).toEqual(valid);
    expect(Object.keys(result)).toEqual(Object.keys(valid));
    expect(result).not.toBe(shuffled);
  });

  it('lists the known parameters for unknown names', () => {
    const error = errorOf(() => mixed.validate({ ...valid, colums: 4, bankz: 2 }));
    expect(error.message).toBe(
      'unknown parameters "colums", "bankz" (known parameters: mode, rows, sram_kb, lines, width, freq, leak, single)',
    );
    expect(error.parameter).toBe('colums');
  });

  it('names a missing parameter and what it accepts', () => {
    const { sram_kb: _removed, ...rest } = valid;
    const error = errorOf(() => mixed.validate(rest));
    expect(error.message).toBe('missing parameter "sram_kb" (expected an integer from 4 to 512 in steps of 4)');
    expect(error.parameter).toBe('sram_kb');
  });

  it('names the parameter and the allowed values for a disallowed value', () => {
    expect(errorOf(() => mixed.validate({ ...valid, rows: 12 })).message).toBe(
      'parameter "rows": expected one of 4, 8, 16, 32, 64 (got 12)',
    );
    expect(errorOf(() => mixed.validate({ ...valid, sram_kb: 130 })).message).toBe(
      'parameter "sram_kb": expected an integer from 4 to 512 in steps of 4 (got 130)',
    );
    expect(errorOf(() => mixed.validate({ ...valid, lines: 0 })).message).toBe(
      'parameter "lines": expected an integer from 1 to 4096 (got 0)',
    );
    expect(errorOf(() => mixed.validate({ ...valid, freq: 3.5 })).message).toBe(
      'parameter "freq": expected a number from 0.5 to 3 (got 3.5)',
    );
    expect(errorOf(() => mixed.validate({ ...valid, freq: '1.2' })).message).toContain('(got "1.2")');
    expect(errorOf(() => mixed.validate({ ...valid, freq: NaN })).message).toContain('(got NaN)');
    expect(errorOf(() => mixed.validate({ ...valid, mode: 'c' })).message).toBe(
      'parameter "mode": expected one of "a", "b", 1, true (got "c")',
    );
  });

  it('truncates long value lists', () => {
    const values = Array.from({ length: 25 }, (_, i) => `v${i}`);
    const space = createSpace({ parameters: [{ name: 'pick', type: 'categorical', values }] });
    const message = errorOf(() => space.validate({ pick: 'v99' })).message;
    expect(message).toBe(
      'parameter "pick": expected one of "v0", "v1", "v2", "v3", "v4", "v5", "v6", "v7", "v8", "v9", ... (25 values) (got "v99")',
    );
  });

  it('matches categorical numbers by value and never confuses numbers, strings and booleans', () => {
    expect(mixed.validate({ ...valid, mode: 1.0 }).mode).toBe(1);
    expect(() => mixed.validate({ ...valid, mode: '1' })).toThrow('parameter "mode"');
    expect(mixed.validate({ ...valid, mode: true }).mode).toBe(true);
    expect(() => mixed.validate({ ...valid, mode: 'true' })).toThrow('(got "true")');
    const flags = createSpace({ parameters: [{ name: 'on', type: 'categorical', values: [true, false] }] });
    expect(() => flags.validate({ on: 1 })).toThrow('parameter "on": expected one of true, false (got 1)');
    expect(() => flags.validate({ on: 0 })).toThrow(SpaceError);
  });

  it('rejects non-objects and does not check constraints', () => {
    expect(() => mixed.validate(null as never)).toThrow('a point must be an object');
    const constrained = createSpace({ ...mixedDefinition, constraints: [{ reason: 'never', test: () => false }] });
    expect(constrained.validate(valid)).toEqual(valid);
  });
});

describe('parse', () => {
  const text = { mode: 'b', rows: '16', sram_kb: '128', lines: '100', width: '17', freq: '1.2', leak: '1e-3', single: '7' };

  it('turns text into a typed, validated point', () => {
    expect(mixed.parse(text)).toEqual(valid);
    expect(mixed.parse({ ...text, mode: '1' }).mode).toBe(1);
    expect(mixed.parse({ ...text, mode: 'true' }).mode).toBe(true);
    expect(mixed.parse({ ...text, rows: ' 16 ' }).rows).toBe(16);
    expect(mixed.parse({ ...text, sram_kb: '1.28e2' }).sram_kb).toBe(128);
  });

  it('reads booleans and spreadsheet spellings of listed values', () => {
    const space = createSpace({
      parameters: [
        { name: 'on', type: 'categorical', values: [true, false] },
        { name: 'n', type: 'categorical', values: [4, 'x'] },
      ],
    });
    expect(space.parse({ on: 'false', n: '4' })).toEqual({ on: false, n: 4 });
    expect(space.parse({ on: 'TRUE', n: '4.0' })).toEqual({ on: true, n: 4 });
    expect(() => space.parse({ on: 'yes', n: 'x' })).toThrow('parameter "on": expected one of true, false (got "yes")');
  });

  it('rejects malformed numbers strictly', () => {
    for (const bad of ['12abc', '', ' ', '0x10', 'Infinity', 'NaN', '1,5', '--1']) {
      const error = errorOf(() => mixed.parse({ ...text, rows: bad }));
      expect(error.message).toContain('parameter "rows": cannot read');
      expect(error.message).toContain('expected one of 4, 8, 16, 32, 64');
    }
    expect(() => mixed.parse({ ...text, freq: '1.2x' })).toThrow(
      'parameter "freq": cannot read "1.2x" as a number; expected a number from 0.5 to 3',
    );
    expect(() => mixed.parse({ ...text, sram_kb: '12.5' })).toThrow(
      'parameter "sram_kb": expected an integer from 4 to 512 in steps of 4 (got 12.5)',
    );
  });

  it('fills unset parameters from the defaults unless told not to', () => {
    expect(mixed.parse({ rows: '32' })).toEqual({ ...mixed.defaultPoint(), rows: 32 });
    expect(() => mixed.parse({ rows: '32' }, { useDefaults: false })).toThrow('missing parameter "mode"');
  });

  it('rejects unknown names like validate', () => {
    expect(() => mixed.parse({ row: '32' })).toThrow('unknown parameter "row" (known parameters: mode, rows,');
  });
});

describe('check', () => {
  const space = createSpace({
    parameters: [
      { name: 'rows', type: 'ordinal', values: [4, 8, 16] },
      { name: 'cols', type: 'ordinal', values: [4, 8, 16] },
    ],
    constraints: [
      { name: 'square-ish', reason: 'rows and cols may differ by at most 2x', test: (p) => Math.max(p.rows as number, p.cols as number) / Math.min(p.rows as number, p.cols as number) <= 2 },
      { reason: 'the array must have at least 64 cells', test: (p) => (p.rows as number) * (p.cols as number) >= 64 },
      { name: 'fragile', reason: 'the timing model needs rows < 16', test: (p) => { if (p.rows === 16) throw new Error('no timing data for 16 rows'); return true; } },
    ],
  });

  it('passes a point that satisfies every constraint', () => {
    expect(space.check({ rows: 8, cols: 8 })).toEqual({ ok: true });
  });

  it('reports the first failing constraint, prefixed with its name when it has one', () => {
    expect(space.check({ rows: 4, cols: 16 })).toEqual({ ok: false, reason: 'square-ish: rows and cols may differ by at most 2x' });
    expect(space.check({ rows: 4, cols: 8 })).toEqual({ ok: false, reason: 'the array must have at least 64 cells' });
  });

  it('counts a constraint that throws as failed, with the thrown message', () => {
    expect(space.check({ rows: 16, cols: 16 })).toEqual({
      ok: false,
      reason: 'fragile: the timing model needs rows < 16 (the check threw: no timing data for 16 rows)',
    });
  });
});

describe('key', () => {
  it('ignores property order', () => {
    const reversed = Object.fromEntries(Object.entries(valid).reverse()) as Point;
    expect(mixed.key(reversed)).toBe(mixed.key(valid));
  });

  it('treats 4 and 4.0 as the same design', () => {
    expect(mixed.key(mixed.parse({ rows: '4.0' }))).toBe(mixed.key(mixed.parse({ rows: '4' })));
    expect(mixed.key({ ...valid, freq: Number('1.20') })).toBe(mixed.key(valid));
  });

  it('distinguishes values that print alike', () => {
    const space = createSpace({
      parameters: [
        { name: 'a', type: 'categorical', values: [1, 'x', true] },
        { name: 'b', type: 'categorical', values: ['1', 'true', 'y'] },
      ],
    });
    const keys = [...space.enumerate()].map((point) => space.key(point));
    expect(new Set(keys).size).toBe(9);
    // A categorical value is identified by its position, so a look-alike of another type is refused.
    expect(() => space.key({ a: '1', b: '1' })).toThrow(/"a"/);
    expect(() => space.key({ a: 1, b: true })).toThrow(/"b"/);
  });

  it('differs for different reals and refuses incomplete points', () => {
    expect(mixed.key({ ...valid, freq: 1.2000000000000002 })).not.toBe(mixed.key(valid));
    const { leak: _leak, ...rest } = valid;
    expect(() => mixed.key(rest)).toThrow('missing parameter "leak"');
  });
});

describe('defaultPoint', () => {
  it('uses the first value, min, and the (geometric) midpoint of reals', () => {
    const point = mixed.defaultPoint();
    expect(point).toMatchObject({ mode: 'a', rows: 4, sram_kb: 4, lines: 1, width: 3, freq: 1.75, single: 7 });
    expect(point.leak).toBeCloseTo(1e-4, 18);
  });

  it('uses declared defaults and returns a fresh object each time', () => {
    const space = createSpace({
      parameters: [
        { name: 'rows', type: 'ordinal', values: [4, 8, 16], default: 8 },
        { name: 'mem', type: 'categorical', values: ['ddr4', 'hbm'], default: 'hbm' },
        { name: 'kb', type: 'integer', min: 4, max: 64, step: 4, default: 32 },
        { name: 'f', type: 'real', min: 0, max: 1, default: 0.9 },
      ],
    });
    const point = space.defaultPoint();
    expect(point).toEqual({ rows: 8, mem: 'hbm', kb: 32, f: 0.9 });
    point.rows = 16;
    expect(space.defaultPoint().rows).toBe(8);
  });
});
