import { describe, expect, it } from 'vitest';
import { OptionError, type Environment } from '../../src/environment/types.js';
import { hypervolume, nonDominated } from '../../src/pareto/index.js';
import type { Point } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';
import { dtlzFrontSamples, dtlzProviders, dtlzTrueHypervolume, unitBallVolume } from '../../spaces/testproblems/dtlz.js';

const context = { baseDir: '.' };
const ids = ['dtlz1', 'dtlz2', 'dtlz3', 'dtlz4'];

async function create(id: string, options: Record<string, unknown> = {}): Promise<Environment> {
  const provider = dtlzProviders.find((p) => p.id === id);
  if (!provider) throw new Error(`no provider ${id}`);
  return provider.create(options, context);
}

function objectiveVector(env: Environment, point: Point): number[] {
  const metrics = env.evaluate(point) as Record<string, number>;
  return env.objectives.map((o) => metrics[o.metric]);
}

/** Position variables as given, distance variables (the last k) all set to `distance`. */
function designPoint(env: Environment, position: number[], distance: (i: number) => number): Point {
  const point: Point = {};
  const n = env.space.parameters.length;
  for (let i = 0; i < n; i++) point[`x${i + 1}`] = i < position.length ? position[i] : distance(i);
  return point;
}

const sum = (v: number[]): number => v.reduce((a, b) => a + b, 0);
const norm = (v: number[]): number => Math.hypot(...v);

describe('DTLZ providers', () => {
  it('use n = M + k - 1 variables in [0, 1] with k = 5 for DTLZ1 and 10 otherwise', async () => {
    const expected: Record<string, number> = { dtlz1: 7, dtlz2: 12, dtlz3: 12, dtlz4: 12 };
    for (const id of ids) {
      const env = await create(id);
      expect(env.space.parameters).toHaveLength(expected[id]);
      for (const p of env.space.parameters) expect(p).toMatchObject({ type: 'real', min: 0, max: 1 });
      expect(env.objectives.map((o) => o.metric)).toEqual(['f1', 'f2', 'f3']);
      expect(env.objectives.every((o) => o.direction === 'min')).toBe(true);
    }
    expect((await create('dtlz1', { objectives: 5 })).space.parameters).toHaveLength(9);
    expect((await create('dtlz2', { objectives: 5 })).space.parameters).toHaveLength(14);
    expect((await create('dtlz2', { objectives: 2, variables: 4 })).space.parameters).toHaveLength(4);
    await expect(create('dtlz2', { objectives: 1 })).rejects.toThrow(OptionError);
    await expect(create('dtlz2', { objectives: 4, variables: 3 })).rejects.toThrow(/at least 4/);
  });

  it('documents the reference points: 1.0 for DTLZ1, 1.1 for DTLZ2-4', async () => {
    expect((await create('dtlz1')).referencePoint).toEqual({ f1: 1, f2: 1, f3: 1 });
    for (const id of ['dtlz2', 'dtlz3', 'dtlz4']) expect((await create(id)).referencePoint).toEqual({ f1: 1.1, f2: 1.1, f3: 1.1 });
  });

  it('puts designs with distance variables at 0.5 on the front', async () => {
    const rng = new Rng(5);
    for (const id of ids) {
      for (const m of [2, 3, 5]) {
        const env = await create(id, { objectives: m });
        for (let trial = 0; trial < 200; trial++) {
          const position = Array.from({ length: m - 1 }, () => rng.next());
          const f = objectiveVector(env, designPoint(env, position, () => 0.5));
          expect(f).toHaveLength(m);
          if (id === 'dtlz1') expect(sum(f)).toBeCloseTo(0.5, 12);
          else expect(norm(f)).toBeCloseTo(1, 12);
          for (const value of f) expect(value).toBeGreaterThanOrEqual(0);
        }
      }
    }
  });

  it('matches the published formulas at a hand-computed design', async () => {
    const dtlz1 = await create('dtlz1');
    // g = 0: f = 0.5 * (x1 x2, x1 (1 - x2), 1 - x1)
    expect(objectiveVector(dtlz1, designPoint(dtlz1, [0.3, 0.7], () => 0.5))).toEqual([
      expect.closeTo(0.105, 12),
      expect.closeTo(0.045, 12),
      expect.closeTo(0.35, 12),
    ]);
    // One distance variable off: g = 100 * (5 + (0.25^2 - cos(20 pi 0.25)) + 4 * (0 - 1)) = 100 * (1 + 0.0625 - 1)
    const g = 100 * (5 + (0.0625 - Math.cos(20 * Math.PI * 0.25)) - 4);
    const f = objectiveVector(dtlz1, designPoint(dtlz1, [0.3, 0.7], (i) => (i === 2 ? 0.75 : 0.5)));
    expect(f[2]).toBeCloseTo(0.5 * 0.7 * (1 + g), 9);

    const dtlz2 = await create('dtlz2');
    const [a, b] = [0.3 * (Math.PI / 2), 0.7 * (Math.PI / 2)];
    const gd = 0.2 ** 2; // one distance variable at 0.7
    expect(objectiveVector(dtlz2, designPoint(dtlz2, [0.3, 0.7], (i) => (i === 11 ? 0.7 : 0.5)))).toEqual([
      expect.closeTo((1 + gd) * Math.cos(a) * Math.cos(b), 12),
      expect.closeTo((1 + gd) * Math.cos(a) * Math.sin(b), 12),
      expect.closeTo((1 + gd) * Math.sin(a), 12),
    ]);

    // DTLZ3 shares DTLZ1's multimodal g: a distance variable at 0.75 multiplies by 1 + g.
    const dtlz3 = await create('dtlz3');
    const g3 = 100 * (10 + (0.0625 - Math.cos(20 * Math.PI * 0.25)) - 9);
    expect(objectiveVector(dtlz3, designPoint(dtlz3, [0, 0], (i) => (i === 5 ? 0.75 : 0.5)))[0]).toBeCloseTo(1 + g3, 9);

    // DTLZ4 raises position variables to the power 100 before taking angles.
    const dtlz4 = await create('dtlz4');
    const angle = 0.99 ** 100 * (Math.PI / 2);
    const f4 = objectiveVector(dtlz4, designPoint(dtlz4, [0.99, 0], () => 0.5));
    expect(f4[2]).toBeCloseTo(Math.sin(angle), 12);
    expect(f4[0]).toBeCloseTo(Math.cos(angle), 12);
  });

  it('never lets a random design beat the true front', async () => {
    const rng = new Rng(8);
    for (const id of ids) {
      const env = await create(id);
      const n = env.space.parameters.length;
      for (let trial = 0; trial < 2000; trial++) {
        const point: Point = {};
        for (let i = 1; i <= n; i++) point[`x${i}`] = rng.next();
        const f = objectiveVector(env, point);
        if (id === 'dtlz1') expect(sum(f)).toBeGreaterThanOrEqual(0.5 - 1e-12);
        else expect(norm(f)).toBeGreaterThanOrEqual(1 - 1e-12);
      }
    }
  });

  it('samples the true front: exact count, on the front, mutually non-dominated', async () => {
    for (const id of ids) {
      for (const m of [2, 3, 4]) {
        const env = await create(id, { objectives: m });
        for (const count of [1, 2, 3, 10, 91, 150]) {
          const samples = env.trueFront!(count).map((s) => env.objectives.map((o) => s[o.metric]));
          expect(samples).toHaveLength(count);
          for (const f of samples) {
            expect(f).toHaveLength(m);
            if (id === 'dtlz1') expect(sum(f)).toBeCloseTo(0.5, 12);
            else expect(norm(f)).toBeCloseTo(1, 12);
          }
          expect(nonDominated(samples)).toHaveLength(count);
        }
      }
    }
  });

  it('spreads front samples evenly', () => {
    const minimumDistance = (points: number[][]): number => {
      let best = Infinity;
      for (let i = 0; i < points.length; i++) {
        for (let j = i + 1; j < points.length; j++) best = Math.min(best, Math.hypot(...points[i].map((v, k) => v - points[j][k])));
      }
      return best;
    };
    // Two objectives: equal spacing along the quarter circle, arc length (pi / 2) / 49 per step.
    const circle = dtlzFrontSamples('spherical', 2, 50);
    expect(minimumDistance(circle)).toBeCloseTo(2 * Math.sin(Math.PI / 4 / 49), 12);
    // Three objectives, 91 samples = the 12-division lattice; 100 adds 9 points in its largest holes.
    const lattice = dtlzFrontSamples('linear', 3, 91);
    expect(minimumDistance(lattice)).toBeCloseTo((0.5 / 12) * Math.SQRT2, 12);
    expect(minimumDistance(dtlzFrontSamples('linear', 3, 100))).toBeGreaterThan(0.4 * (0.5 / 12) * Math.SQRT2);
    // The extreme points are always included.
    const sphere = dtlzFrontSamples('spherical', 3, 30);
    for (let k = 0; k < 3; k++) expect(sphere.some((f) => Math.abs(f[k] - 1) < 1e-12)).toBe(true);
  });

  it('gives the exact hypervolume of the true front', async () => {
    expect((await create('dtlz1')).trueHypervolume).toBeCloseTo(1 - 0.125 / 6, 12);
    expect((await create('dtlz1', { objectives: 2 })).trueHypervolume).toBeCloseTo(0.875, 12);
    for (const id of ['dtlz2', 'dtlz3', 'dtlz4']) {
      expect((await create(id)).trueHypervolume).toBeCloseTo(1.331 - Math.PI / 6, 12);
      expect((await create(id, { objectives: 2 })).trueHypervolume).toBeCloseTo(1.21 - Math.PI / 4, 12);
    }
    expect(unitBallVolume(1)).toBe(2);
    expect(unitBallVolume(2)).toBeCloseTo(Math.PI, 12);
    expect(unitBallVolume(3)).toBeCloseTo((4 / 3) * Math.PI, 12);
    expect(unitBallVolume(4)).toBeCloseTo(Math.PI ** 2 / 2, 12);
    // Dense samples approach the closed form from below.
    for (const [shape, m, reference] of [
      ['linear', 3, 1],
      ['spherical', 3, 1.1],
      ['spherical', 2, 1.1],
    ] as const) {
      const measured = hypervolume(dtlzFrontSamples(shape, m, 3000), new Array(m).fill(reference));
      const exact = dtlzTrueHypervolume(shape, m);
      expect(measured).toBeLessThanOrEqual(exact + 1e-12);
      expect(exact - measured).toBeLessThan(0.015);
    }
  });
});
