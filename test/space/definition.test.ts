import { describe, expect, it } from 'vitest';
import { createSpace, SpaceError, type ParameterDefinition } from '../../src/space/index.js';

/** Builds a one-parameter space and returns the SpaceError it throws. */
function definitionError(parameter: unknown): SpaceError {
  try {
    createSpace({ parameters: [parameter as ParameterDefinition] });
  } catch (error) {
    expect(error).toBeInstanceOf(SpaceError);
    return error as SpaceError;
  }
  throw new Error(`expected ${JSON.stringify(parameter)} to be rejected`);
}

describe('parameter definitions', () => {
  it('rejects ordinal values that are not strictly ascending, naming the parameter and the pair', () => {
    const error = definitionError({ name: 'rows', type: 'ordinal', values: [4, 8, 4] });
    expect(error.message).toBe('parameter "rows": ordinal values must be strictly ascending numbers (got 8, 4)');
    expect(error.parameter).toBe('rows');
    expect(definitionError({ name: 'rows', type: 'ordinal', values: [4, 4] }).message).toContain('(got 4, 4)');
  });

  it('rejects non-numeric and non-finite ordinal values', () => {
    expect(definitionError({ name: 'rows', type: 'ordinal', values: [1, '2'] }).message).toMatch(
      /parameter "rows": ordinal values must be finite numbers \(got "2" at position 1\)/,
    );
    expect(definitionError({ name: 'rows', type: 'ordinal', values: [1, Infinity] }).message).toContain('finite');
    expect(definitionError({ name: 'rows', type: 'ordinal', values: [] }).message).toContain('must not be empty');
  });

  it('rejects duplicate categorical values and values that read back as the same text', () => {
    expect(definitionError({ name: 'mem', type: 'categorical', values: ['ddr4', 'hbm', 'ddr4'] }).message).toBe(
      'parameter "mem": categorical values must not repeat (got "ddr4" twice)',
    );
    expect(definitionError({ name: 'mem', type: 'categorical', values: [1, '1'] }).message).toContain(
      'values 1 and "1" have the same text form',
    );
    expect(definitionError({ name: 'mem', type: 'categorical', values: ['a', NaN] }).message).toContain(
      'strings, finite numbers or booleans (got NaN at position 1)',
    );
    expect(definitionError({ name: 'mem', type: 'categorical', values: ['a', null] }).message).toContain('(got null');
  });

  it('checks integer bounds, step and log', () => {
    expect(definitionError({ name: 'n', type: 'integer', min: 1.5, max: 4 }).message).toBe(
      'parameter "n": min must be an integer (got 1.5)',
    );
    expect(definitionError({ name: 'n', type: 'integer', min: 5, max: 4 }).message).toContain('min must not exceed max');
    expect(definitionError({ name: 'n', type: 'integer', min: 1, max: 4, step: 0 }).message).toContain(
      'step must be a positive integer (got 0)',
    );
    expect(definitionError({ name: 'n', type: 'integer', min: 0, max: 4, log: true }).message).toBe(
      'parameter "n": log scale needs min > 0 (got min 0)',
    );
    expect(definitionError({ name: 'n', type: 'integer', min: 1, max: NaN }).message).toContain('max must be an integer');
  });

  it('checks real bounds and log', () => {
    expect(definitionError({ name: 'f', type: 'real', min: 1, max: 1 }).message).toBe(
      'parameter "f": min must be less than max (got min 1, max 1)',
    );
    expect(definitionError({ name: 'f', type: 'real', min: -Infinity, max: 1 }).message).toContain(
      'min must be a finite number',
    );
    expect(definitionError({ name: 'f', type: 'real', min: -1, max: 1, log: true }).message).toContain(
      'log scale needs min > 0',
    );
    expect(definitionError({ name: 'f', type: 'real', min: 1, max: 2, log: 'yes' }).message).toContain(
      'log must be true or false',
    );
  });

  it('checks names', () => {
    expect(definitionError({ name: '', type: 'real', min: 0, max: 1 }).message).toContain('name must be a non-empty string');
    expect(definitionError({ type: 'real', min: 0, max: 1 }).message).toContain('parameter 1: name');
    for (const bad of ['rows=4', '4rows', 'a b', 'a,b', '-x']) {
      const error = definitionError({ name: bad, type: 'real', min: 0, max: 1 });
      expect(error.message).toContain(`parameter "${bad}": names must start with a letter or underscore`);
    }
    expect(definitionError({ name: '__proto__', type: 'real', min: 0, max: 1 }).message).toContain('reserved');
    expect(() => createSpace({ parameters: [{ name: 'l2.size_kb-x', type: 'real', min: 0, max: 1 }] })).not.toThrow();
  });

  it('rejects unknown types and properties that do not belong to the kind', () => {
    expect(definitionError({ name: 'x', type: 'float', min: 0, max: 1 }).message).toContain(
      'unknown type "float" (expected categorical, ordinal, integer, real)',
    );
    expect(definitionError({ name: 'x', type: 'integer', min: 0, max: 8, setp: 2 }).message).toContain(
      'unknown property "setp" (allowed for integer parameters: name, type, description, unit, default, min, max, step, log)',
    );
    expect(definitionError({ name: 'x', type: 'real', min: 0, max: 1, step: 0.1 }).message).toContain(
      'unknown property "step"',
    );
  });

  it('checks defaults against the allowed values', () => {
    expect(definitionError({ name: 'rows', type: 'ordinal', values: [4, 8], default: 6 }).message).toBe(
      'parameter "rows": default 6 is not allowed; expected one of 4, 8',
    );
    expect(definitionError({ name: 'kb', type: 'integer', min: 4, max: 16, step: 4, default: 6 }).message).toContain(
      'expected an integer from 4 to 16 in steps of 4',
    );
    expect(definitionError({ name: 'f', type: 'real', min: 0, max: 1, default: 2 }).message).toContain(
      'expected a number from 0 to 1',
    );
    expect(definitionError({ name: 'on', type: 'categorical', values: [true, false], default: 'true' }).message).toContain(
      'default "true" is not allowed',
    );
  });

  it('rejects duplicate parameter names and empty spaces', () => {
    expect(() =>
      createSpace({
        parameters: [
          { name: 'a', type: 'real', min: 0, max: 1 },
          { name: 'b', type: 'real', min: 0, max: 1 },
          { name: 'a', type: 'ordinal', values: [1] },
        ],
      }),
    ).toThrow('duplicate parameter name "a" (parameters 1 and 3)');
    expect(() => createSpace({ parameters: [] })).toThrow(SpaceError);
  });

  it('checks constraints are well formed', () => {
    const parameters: ParameterDefinition[] = [{ name: 'a', type: 'ordinal', values: [1, 2] }];
    expect(() => createSpace({ parameters, constraints: [{ reason: '', test: () => true }] })).toThrow(
      'constraint 1: reason must be a non-empty string',
    );
    expect(() =>
      createSpace({ parameters, constraints: [{ name: 'fits', reason: 'r', test: 'a < 2' as never }] }),
    ).toThrow('constraint "fits": test must be a function');
  });
});

describe('parameter facts', () => {
  const space = createSpace({
    parameters: [
      { name: 'mode', type: 'categorical', values: ['x', 2, false] },
      { name: 'kb', type: 'integer', min: 4, max: 18, step: 4 },
      { name: 'f', type: 'real', min: 0, max: 1 },
    ],
  });

  it('lists values, cardinality and discreteness per kind', () => {
    expect(space.parameter('mode')).toMatchObject({ kind: 'categorical', discrete: true, cardinality: 3 });
    expect(space.parameter('mode').values).toEqual(['x', 2, false]);
    // max 18 is not on the grid 4, 8, 12, 16: the grid stops at 16.
    expect(space.parameter('kb').values).toEqual([4, 8, 12, 16]);
    expect(space.parameter('kb').cardinality).toBe(4);
    expect(space.parameter('f')).toMatchObject({ kind: 'real', discrete: false, cardinality: null, values: null });
    expect(space.discrete).toBe(false);
  });

  it('throws for an unknown parameter, listing the known names', () => {
    expect(() => space.parameter('freq')).toThrow('unknown parameter "freq" (known parameters: mode, kb, f)');
  });
});
