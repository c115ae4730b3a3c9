import { beforeAll, describe, expect, it } from 'vitest';
import type { Highs } from 'highs';
import { LinearModel, exportLp, isLegalLpName, solve } from '../../src/ilp/index.js';
import { lpNames } from '../../src/ilp/lp-format.js';

let highs: Highs;

beforeAll(async () => {
  const module: unknown = await import('highs');
  const exported = (module as { default?: unknown }).default;
  const loader = (typeof exported === 'function' ? exported : (exported as { default: unknown }).default) as () => Promise<Highs>;
  highs = await loader();
});

/** Solves LP text with HiGHS directly: status, objective and column values by LP name. */
function solveText(text: string): { status: number; objective: number; columns: Map<string, number> } {
  const model = highs.createModel({ format: 'lp', data: text });
  try {
    model.options.set({ output_flag: false, mip_rel_gap: 0 });
    model.run();
    const columns = new Map<string, number>();
    const values = model.getSolution().colValue;
    for (let j = 0; j < model.getDimensions().numCols; j += 1) columns.set(model.getColName(j), values[j]);
    return { status: model.getModelStatus(), objective: model.getObjectiveValue(), columns };
  } finally {
    model.dispose();
  }
}

describe('LP names', () => {
  it('keeps legal names as they are', () => {
    for (const name of ['x', 'assign(op3,unit2)', 'x_1.b', 'use#4', 'Energy', 'edge', 'a{b}|c~d']) {
      expect(isLegalLpName(name), name).toBe(true);
    }
  });

  it('rejects names LP readers misparse', () => {
    for (const name of ['3x', '.x', 'e1', 'E2x', 'e', 'e+', 'inf', 'infx', 'NaNa', 'end', 'Bounds', 'st', 's.t.', 'bin', 'free',
      'x y', 'a/b', 'a-b', 'a+b', 'a:b', 'a*b', 'x[1]', 'a=b', 'a<b', 'xé', '', 'n'.repeat(256)]) {
      expect(isLegalLpName(name), name).toBe(false);
    }
  });

  it('rewrites deterministically, one-to-one, never taking a name the caller used', () => {
    const names = ['x[1]', 'x(1)', 'x(1)_2', 'end', '_end', 'a b', 'a_b', '1st', 'n'.repeat(300), `${'n'.repeat(300)}!`];
    const mapped = lpNames(names);
    expect(mapped).toEqual(lpNames(names));
    expect(new Set(mapped).size).toBe(names.length);
    for (const name of mapped) expect(isLegalLpName(name), name).toBe(true);
    // Legal names the caller chose are kept even when a rewrite would have produced them.
    expect(mapped[1]).toBe('x(1)');
    expect(mapped[2]).toBe('x(1)_2');
    expect(mapped[4]).toBe('_end');
    expect(mapped[6]).toBe('a_b');
    expect(mapped[0]).toBe('x(1)_3');
    expect(mapped[3]).toBe('_end_2');
    expect(mapped[5]).toBe('a_b_2');
    expect(mapped[8].length).toBeLessThanOrEqual(255);
  });

  it('keeps constraint names off the objective row name', () => {
    const model = new LinearModel();
    const x = model.binary('x');
    model.constrain('obj', [[1, x]], '<=', 1);
    const lp = exportLp(model);
    expect(lp.constraintNames[0]).not.toBe('obj');
    expect(lp.text).toContain(`${lp.constraintNames[0]}: x <= 1`);
  });
});

describe('LP export', () => {
  it('writes objective with constant, senses, bounds and integrality sections', () => {
    const model = new LinearModel('plan');
    const a = model.integer('a', -3, 8);
    const b = model.binary('b');
    const c = model.continuous('c', -Infinity, Infinity);
    const d = model.continuous('d', 2, 2);
    const e = model.continuous('d2', 0, Infinity);
    model.constrain('le', [[1, a], [-2.5, b]], '<=', 4);
    model.constrain('ge', [[-1, c], [1e-7, d]], '>=', -1);
    model.constrain('eq', [[3, e], [1, a]], '=', 6);
    model.maximize([[1, a], [-1, b], [2, c]], -4.5);
    const text = model.toLpFormat();
    expect(text).toContain('Maximize\n obj: a - b + 2 c - 4.5\n');
    expect(text).toContain(' le: a - 2.5 b <= 4\n');
    expect(text).toContain(' ge: - c + 1e-7 d >= -1\n');
    expect(text).toContain(' eq: 3 d2 + a = 6\n');
    expect(text).toContain(' -3 <= a <= 8\n');
    expect(text).toContain(' c free\n');
    expect(text).toContain(' d = 2\n');
    expect(text).toContain(' 0 <= d2 <= +inf\n');
    expect(text).toContain('Generals\n a\n');
    expect(text).toContain('Binaries\n b\n');
    expect(text.trimEnd().endsWith('End')).toBe(true);
  });

  it('wraps long rows', () => {
    const model = new LinearModel();
    const xs = Array.from({ length: 200 }, (_, i) => model.binary(`select_operator_${i}`));
    model.constrain('one', xs.map((x) => [1, x] as const), '=', 1);
    const text = model.toLpFormat();
    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(255);
  });

  it('round-trips through HiGHS: the exported text has the same optimum, with awkward names', async () => {
    const model = new LinearModel('round trip');
    const names = ['x[0]', 'e1', 'end', 'inf cost', 'a/b', 'x(0)'];
    const xs = names.map((name, i) => (i % 2 === 0 ? model.integer(name, -5, 5) : model.continuous(name, -3.5, 10)));
    model.constrain('sum', xs.map((x) => [1, x] as const), '<=', 7.25);
    model.constrain('st', [[2, xs[0]], [-1, xs[1]], [1, xs[2]]], '>=', -4);
    model.constrain('Bounds', [[1, xs[3]], [1, xs[4]]], '=', 2);
    model.maximize(xs.map((x, i) => [i + 1, x] as const), 1.5);
    const lp = exportLp(model);
    const direct = solveText(lp.text);
    expect(direct.status).toBe(7);
    const ours = await solve(model);
    expect(ours.status).toBe('optimal');
    expect(direct.objective).toBeCloseTo(ours.objective!, 6);
    // Values read back through the name mapping agree with the solution.
    model.variables.forEach((v) => expect(direct.columns.get(lp.variableNames[v.index])).toBeCloseTo(ours.values![v.index], 6));
  });

  it('round-trips a model whose objective is dropped (a feasibility check)', () => {
    const model = new LinearModel();
    const x = model.integer('x', 0, 10);
    model.constrain('c', [[1, x]], '>=', 3);
    model.maximize([[1, x]]);
    const text = exportLp(model, { objective: false }).text;
    expect(text).toContain('Minimize\n obj: 0\n');
    const result = solveText(text);
    expect(result.status).toBe(7);
    expect(result.objective).toBe(0);
  });
});
