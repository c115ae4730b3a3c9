import { describe, expect, it } from 'vitest';
import { OptionError, type Environment } from '../../src/environment/types.js';
import { hypervolume, nonDominated } from '../../src/pareto/index.js';
import type { Point, RealDefinition } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';
import { testProblemProviders } from '../../spaces/testproblems/index.js';
import { frontHypervolume, sampleFront, ZDT6_MIN_F1, zdtFront, zdtProviders } from '../../spaces/testproblems/zdt.js';

const context = { baseDir: '.' };

async function create(id: string, options: Record<string, unknown> = {}): Promise<Environment> {
  const provider = zdtProviders.find((p) => p.id === id);
  if (!provider) throw new Error(`no provider ${id}`);
  return provider.create(options, context);
}

function objectives(env: Environment, point: Point): [number, number] {
  const metrics = env.evaluate(point) as Record<string, number>;
  return [metrics.f1, metrics.f2];
}

function randomPoint(env: Environment, rng: Rng): Point {
  const point: Point = {};
  for (const parameter of env.space.parameters as RealDefinition[]) point[parameter.name] = rng.uniform(parameter.min, parameter.max);
  return point;
}

/** The lowest f2 the true front reaches at or before f1: following pieces, flat across gaps. */
function frontEnvelope(id: string, f1: number): number {
  const front = zdtFront(id);
  let best = Infinity;
  for (const { from, to } of front.pieces) {
    if (f1 < from) break;
    best = front.f2(Math.min(f1, to));
  }
  return best;
}

const ids = ['zdt1', 'zdt2', 'zdt3', 'zdt4', 'zdt6'];

describe('ZDT providers', () => {
  it('are all listed with the literature variable counts and bounds', async () => {
    expect(testProblemProviders.map((p) => p.id)).toEqual(['zdt1', 'zdt2', 'zdt3', 'zdt4', 'zdt6', 'dtlz1', 'dtlz2', 'dtlz3', 'dtlz4']);
    const expected: Record<string, [number, number, number]> = {
      zdt1: [30, 0, 1],
      zdt2: [30, 0, 1],
      zdt3: [30, 0, 1],
      zdt4: [10, -5, 5],
      zdt6: [10, 0, 1],
    };
    for (const id of ids) {
      const env = await create(id);
      const parameters = env.space.parameters as RealDefinition[];
      const [n, min, max] = expected[id];
      expect(parameters.map((p) => p.name)).toEqual(Array.from({ length: n }, (_, i) => `x${i + 1}`));
      expect(parameters[0]).toMatchObject({ type: 'real', min: 0, max: 1 });
      for (const p of parameters.slice(1)) expect(p).toMatchObject({ type: 'real', min, max });
      expect(env.objectives).toEqual([
        { metric: 'f1', direction: 'min' },
        { metric: 'f2', direction: 'min' },
      ]);
      expect(env.referencePoint).toEqual({ f1: 1.1, f2: 1.1 });
    }
  });

  it('reads the variables option and rejects bad values', async () => {
    expect((await create('zdt1', { variables: 5 })).space.parameters).toHaveLength(5);
    expect((await create('zdt4', { variables: '3' })).space.parameters).toHaveLength(3);
    await expect(create('zdt1', { variables: 1 })).rejects.toThrow(OptionError);
    await expect(create('zdt1', { variables: 2.5 })).rejects.toThrow(/integer/);
    await expect(create('zdt1', { variables: 'many' })).rejects.toThrow(/variables/);
  });

  it('puts Pareto-optimal decision vectors on the documented front', async () => {
    for (const id of ids) {
      const env = await create(id);
      const n = env.space.parameters.length;
      for (let s = 0; s <= 50; s++) {
        const point: Point = {};
        for (let i = 1; i <= n; i++) point[`x${i}`] = 0;
        point.x1 = s / 50;
        const [f1, f2] = objectives(env, point);
        // g = 1 at x2..xn = 0 for all five problems.
        if (id === 'zdt1' || id === 'zdt4') expect(f2).toBeCloseTo(1 - Math.sqrt(f1), 12);
        if (id === 'zdt2' || id === 'zdt6') expect(f2).toBeCloseTo(1 - f1 * f1, 12);
        if (id === 'zdt3') expect(f2).toBeCloseTo(1 - Math.sqrt(f1) - f1 * Math.sin(10 * Math.PI * f1), 12);
        if (id === 'zdt6') {
          expect(f1).toBeCloseTo(1 - Math.exp(-4 * point.x1) * Math.sin(6 * Math.PI * point.x1) ** 6, 12);
        } else {
          expect(f1).toBe(point.x1);
        }
      }
    }
  });

  it('evaluates the literature formulas away from the front', async () => {
    const zdt1 = await create('zdt1', { variables: 3 });
    // g = 1 + 9 * (0.5 + 0.25) / 2 = 4.375; f2 = g * (1 - sqrt(0.36 / g))
    const g = 1 + (9 * 0.75) / 2;
    expect(objectives(zdt1, { x1: 0.36, x2: 0.5, x3: 0.25 })[1]).toBeCloseTo(g * (1 - Math.sqrt(0.36 / g)), 12);
    const zdt4 = await create('zdt4', { variables: 2 });
    const g4 = 1 + 10 + (1.5 ** 2 - 10 * Math.cos(4 * Math.PI * 1.5));
    expect(objectives(zdt4, { x1: 0.25, x2: 1.5 })[1]).toBeCloseTo(g4 * (1 - Math.sqrt(0.25 / g4)), 12);
    const zdt6 = await create('zdt6', { variables: 3 });
    const g6 = 1 + 9 * Math.pow((0.2 + 0.6) / 2, 0.25);
    const f6 = 1 - Math.exp(-4 * 0.3) * Math.sin(6 * Math.PI * 0.3) ** 6;
    expect(objectives(zdt6, { x1: 0.3, x2: 0.2, x3: 0.6 })).toEqual([expect.closeTo(f6, 12), expect.closeTo(g6 * (1 - (f6 / g6) ** 2), 12)]);
  });

  it('never lets a random design beat the true front', async () => {
    const rng = new Rng(11);
    for (const id of ids) {
      const env = await create(id);
      for (let i = 0; i < 2000; i++) {
        const [f1, f2] = objectives(env, randomPoint(env, rng));
        const envelope = frontEnvelope(id, f1);
        if (id === 'zdt6') expect(f1).toBeGreaterThanOrEqual(ZDT6_MIN_F1 - 1e-12);
        expect(f2).toBeGreaterThanOrEqual(envelope - 1e-12);
      }
    }
  });

  it('samples the true front: exact count, on the curve, mutually non-dominated, evenly spread', async () => {
    for (const id of ids) {
      const env = await create(id);
      const front = zdtFront(id);
      for (const count of [1, 2, 17, 200]) {
        const samples = env.trueFront!(count);
        expect(samples).toHaveLength(count);
        for (const { f1, f2 } of samples) {
          expect(f2).toBeCloseTo(front.f2(f1), 12);
          expect(front.pieces.some((piece) => f1 >= piece.from - 1e-12 && f1 <= piece.to + 1e-12)).toBe(true);
        }
        const vectors = samples.map(({ f1, f2 }) => [f1, f2]);
        expect(nonDominated(vectors)).toHaveLength(count);
      }
      // Arc-length spacing: neighbours along the front (within one piece) are about equally far apart.
      const samples = sampleFront(front, 101);
      const gaps: number[] = [];
      for (let i = 1; i < samples.length; i++) {
        const [a, b] = [samples[i - 1], samples[i]];
        const samePiece = front.pieces.some((p) => a[0] >= p.from && b[0] <= p.to);
        if (samePiece) gaps.push(Math.hypot(b[0] - a[0], b[1] - a[1]));
      }
      expect(Math.max(...gaps) / Math.min(...gaps)).toBeLessThan(1.05);
      // The front's end points are included.
      expect(samples[0][0]).toBeCloseTo(front.pieces[0].from, 12);
      expect(samples[100][0]).toBeCloseTo(front.pieces.at(-1)!.to, 12);
    }
  });

  it('finds the five published ZDT3 front pieces', () => {
    const published = [
      [0, 0.0830015349],
      [0.182228728, 0.2577623634],
      [0.4093136748, 0.4538821041],
      [0.6183967944, 0.6525117038],
      [0.8233317983, 0.8518328654],
    ];
    const pieces = zdtFront('zdt3').pieces;
    expect(pieces).toHaveLength(5);
    pieces.forEach((piece, i) => {
      expect(piece.from).toBeCloseTo(published[i][0], 9);
      expect(piece.to).toBeCloseTo(published[i][1], 9);
    });
  });

  it('starts the ZDT6 front at the minimum of f1', () => {
    let smallest = Infinity;
    for (let i = 0; i <= 1_000_000; i++) {
      const x = i / 1_000_000;
      smallest = Math.min(smallest, 1 - Math.exp(-4 * x) * Math.sin(6 * Math.PI * x) ** 6);
    }
    expect(ZDT6_MIN_F1).toBeLessThanOrEqual(smallest);
    expect(ZDT6_MIN_F1).toBeCloseTo(smallest, 9);
    expect(ZDT6_MIN_F1).toBeCloseTo(0.2807753188, 9);
  });

  it('gives the exact hypervolume of the true front at (1.1, 1.1)', async () => {
    expect((await create('zdt1')).trueHypervolume).toBeCloseTo(1.21 - 1 / 3, 12);
    expect((await create('zdt2')).trueHypervolume).toBeCloseTo(1.21 - 2 / 3, 12);
    expect((await create('zdt4')).trueHypervolume).toBeCloseTo(1.21 - 1 / 3, 12);
    const a = ZDT6_MIN_F1;
    expect((await create('zdt6')).trueHypervolume).toBeCloseTo(0.1 * (1 - a) + (1 - a ** 3) / 3 + 0.11, 12);
    // Against the measured hypervolume of a dense sample, which approaches it from below.
    for (const id of ids) {
      const env = await create(id);
      const dense = env.trueFront!(20_000).map(({ f1, f2 }) => [f1, f2]);
      const measured = hypervolume(dense, [1.1, 1.1]);
      expect(measured).toBeLessThanOrEqual(env.trueHypervolume! + 1e-12);
      expect(env.trueHypervolume! - measured).toBeLessThan(2e-4);
    }
    expect(frontHypervolume(zdtFront('zdt3'), 1.1, 1.1)).toBeCloseTo(1.3317629, 6);
  });
});
