import { describe, expect, it } from 'vitest';
import { IlpModelError, LinearModel } from '../../src/ilp/index.js';

describe('LinearModel', () => {
  it('has a default name and a default objective of minimize 0', () => {
    const model = new LinearModel();
    expect(model.name).toBe('model');
    expect(model.objective).toEqual({ sense: 'minimize', terms: [], constant: 0 });
    expect(new LinearModel('cores').name).toBe('cores');
  });

  it('numbers variables in creation order and keeps kinds and bounds', () => {
    const model = new LinearModel();
    const b = model.binary('use unit[3]');
    const i = model.integer('copies', -2, 7);
    const c = model.continuous('area mm²', -Infinity, Infinity);
    expect([b.index, i.index, c.index]).toEqual([0, 1, 2]);
    expect(b).toMatchObject({ name: 'use unit[3]', kind: 'binary', lower: 0, upper: 1 });
    expect(i).toMatchObject({ kind: 'integer', lower: -2, upper: 7 });
    expect(c).toMatchObject({ kind: 'continuous', lower: -Infinity, upper: Infinity });
    expect(model.variables).toEqual([b, i, c]);
  });

  it('rejects duplicate variable and constraint names, naming the name', () => {
    const model = new LinearModel();
    const x = model.binary('x');
    expect(() => model.integer('x', 0, 3)).toThrow(/duplicate variable name "x"/);
    model.constrain('limit', [[1, x]], '<=', 1);
    expect(() => model.constrain('limit', [[1, x]], '>=', 0)).toThrow(/duplicate constraint name "limit"/);
    // Variables and constraints are separate namespaces.
    expect(() => model.constrain('x', [[1, x]], '<=', 1)).not.toThrow();
    expect(() => model.continuous('limit', 0, 1)).not.toThrow();
  });

  it('rejects empty names', () => {
    const model = new LinearModel();
    expect(() => model.binary('')).toThrow(IlpModelError);
    expect(() => model.constrain('', [], '<=', 0)).toThrow(/non-empty/);
  });

  it('rejects crossed and non-numeric bounds, naming the variable', () => {
    const model = new LinearModel();
    expect(() => model.integer('n', 5, 4)).toThrow(/variable "n": lower bound 5 is above upper bound 4/);
    expect(() => model.continuous('y', Number.NaN, 1)).toThrow(/variable "y": lower bound/);
    expect(() => model.continuous('z', 0, -Infinity)).toThrow(/variable "z": upper bound/);
    expect(() => model.continuous('w', Infinity, Infinity)).toThrow(/variable "w"/);
    expect(model.variables).toHaveLength(0);
  });

  it('rejects non-finite coefficients and right-hand sides, naming the constraint and variable', () => {
    const model = new LinearModel();
    const x = model.continuous('x', 0, 1);
    expect(() => model.constrain('bad rhs', [[1, x]], '<=', Infinity)).toThrow(/constraint "bad rhs": right-hand side/);
    expect(() => model.constrain('bad coef', [[Number.NaN, x]], '<=', 1)).toThrow(
      /constraint "bad coef": coefficient of variable "x" must be finite/,
    );
    expect(() => model.minimize([[Infinity, x]])).toThrow(/objective: coefficient of variable "x"/);
    expect(() => model.maximize([[1, x]], Number.NaN)).toThrow(/objective: constant/);
    expect(() => model.constrain('sense', [[1, x]], '<' as never, 1)).toThrow(/constraint "sense": sense/);
    expect(model.constraints).toHaveLength(0);
  });

  it('merges repeated variables and drops zero coefficients', () => {
    const model = new LinearModel();
    const x = model.continuous('x', 0, 10);
    const y = model.continuous('y', 0, 10);
    const z = model.continuous('z', 0, 10);
    const c = model.constrain('c', [[2, x], [0, y], [3, z], [-1, x], [1, z], [-4, z]], '>=', 1);
    expect(c.terms.map(([k, v]) => [k, v.name])).toEqual([[1, 'x']]);
    model.minimize([[1, y], [-1, y], [5, x], [0.5, x]], 3);
    expect(model.objective.terms.map(([k, v]) => [k, v.name])).toEqual([[5.5, 'x']]);
    expect(model.objective.constant).toBe(3);
  });

  it('rejects variables of another model', () => {
    const model = new LinearModel('mine');
    model.binary('a');
    const foreign = new LinearModel('other').binary('a');
    expect(() => model.constrain('c', [[1, foreign]], '<=', 1)).toThrow(/variable "a" does not belong to model "mine"/);
    expect(() => model.minimize([[1, foreign]])).toThrow(/does not belong/);
  });

  it('replaces the objective on each call and freezes what it stores', () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, 3);
    model.minimize([[1, x]]);
    model.maximize([[2, x]], -1);
    expect(model.objective.sense).toBe('maximize');
    expect(model.objective.terms[0][0]).toBe(2);
    expect(Object.isFrozen(model.objective)).toBe(true);
    expect(Object.isFrozen(x)).toBe(true);
  });
});
