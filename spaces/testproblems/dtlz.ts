/**
 * The scalable DTLZ benchmark problems of Deb, Thiele, Laumanns and Zitzler, "Scalable Test
 * Problems for Evolutionary Multi-Objective Optimization" (TIK report 112, 2001; in Evolutionary
 * Multiobjective Optimization, Springer, 2005) and "Scalable multi-objective optimization test
 * problems", CEC 2002.
 *
 * M objectives over n = M + k - 1 variables in [0, 1]: the first M - 1 ("position") variables
 * place a point on the front's shape, the last k ("distance") variables feed g, and g = 0 (all
 * distance variables 0.5) puts it on the front.
 *
 * Reference points for hypervolume, with the exact hypervolume of the true front there:
 * - DTLZ1 at 1.0 in every objective: the front is the simplex sum f = 0.5, which dominates
 *   everything in [0, 1]^M except the corner simplex below it, so HV = 1 - 0.5^M / M!.
 * - DTLZ2, DTLZ3, DTLZ4 at 1.1, as in published comparisons: the front is the unit sphere's
 *   positive orthant, which dominates everything in [0, 1.1]^M outside the unit ball, so
 *   HV = 1.1^M - V_M / 2^M with V_M the volume of the M-dimensional unit ball (M = 3: 1.331 - pi/6).
 */
import type { Environment, EnvironmentProvider, OptionValues } from '../../src/environment/types.js';
import type { Metrics } from '../../src/objective/types.js';
import type { Point } from '../../src/space/types.js';
import {
  minimizedMetrics,
  minimizedObjectives,
  objectiveNames,
  readIntegerOption,
  realParameters,
  uniformReferencePoint,
  variableNames,
} from './shared.js';

type FrontShape = 'linear' | 'spherical';
type DistanceFunction = 'rastrigin' | 'sphere';

interface DtlzProblem {
  id: string;
  title: string;
  description: string;
  /** Number of distance variables in the literature setting (Deb et al. 2005, section 6). */
  defaultK: number;
  shape: FrontShape;
  distance: DistanceFunction;
  /** Exponent applied to the position variables (DTLZ4's density bias); 1 elsewhere. */
  alpha: number;
}

export const DTLZ_DEFAULT_OBJECTIVES = 3;

/** DTLZ4's bias exponent, the value used by Deb et al. */
export const DTLZ4_ALPHA = 100;

const problems: readonly DtlzProblem[] = [
  {
    id: 'dtlz1',
    title: 'DTLZ1 (linear front, multimodal)',
    description:
      'Deb-Thiele-Laumanns-Zitzler problem 1: linear front sum f = 0.5 with 11^k - 1 local fronts from a Rastrigin-like g (k = 5).',
    defaultK: 5,
    shape: 'linear',
    distance: 'rastrigin',
    alpha: 1,
  },
  {
    id: 'dtlz2',
    title: 'DTLZ2 (spherical front)',
    description: 'Deb-Thiele-Laumanns-Zitzler problem 2: spherical front sum f^2 = 1 with a unimodal g (k = 10).',
    defaultK: 10,
    shape: 'spherical',
    distance: 'sphere',
    alpha: 1,
  },
  {
    id: 'dtlz3',
    title: 'DTLZ3 (spherical front, multimodal)',
    description:
      "Deb-Thiele-Laumanns-Zitzler problem 3: DTLZ2's spherical front with DTLZ1's multimodal g, 3^k - 1 local fronts (k = 10).",
    defaultK: 10,
    shape: 'spherical',
    distance: 'rastrigin',
    alpha: 1,
  },
  {
    id: 'dtlz4',
    title: 'DTLZ4 (spherical front, biased density)',
    description:
      'Deb-Thiele-Laumanns-Zitzler problem 4: DTLZ2 with position variables raised to the power 100, so solutions crowd near the f_M axis and f1-fM planes (k = 10).',
    defaultK: 10,
    shape: 'spherical',
    distance: 'sphere',
    alpha: DTLZ4_ALPHA,
  },
];

export function dtlzReference(shape: FrontShape): number {
  return shape === 'linear' ? 1 : 1.1;
}

/** Volume of the unit ball in `dimensions` dimensions: V_0 = 1, V_1 = 2, V_d = V_{d-2} 2 pi / d. */
export function unitBallVolume(dimensions: number): number {
  let volume = dimensions % 2 === 0 ? 1 : 2;
  for (let d = dimensions % 2 === 0 ? 2 : 3; d <= dimensions; d += 2) volume *= (2 * Math.PI) / d;
  return volume;
}

function factorial(n: number): number {
  let product = 1;
  for (let i = 2; i <= n; i++) product *= i;
  return product;
}

/** Exact hypervolume of the true front at the problem's reference point (see the file comment). */
export function dtlzTrueHypervolume(shape: FrontShape, objectives: number): number {
  const reference = dtlzReference(shape);
  if (shape === 'linear') return Math.pow(reference, objectives) - Math.pow(0.5, objectives) / factorial(objectives);
  return Math.pow(reference, objectives) - unitBallVolume(objectives) / Math.pow(2, objectives);
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return Math.round(result);
}

/** Every weight vector with M entries in {0, 1/H, ..., 1} summing to 1 (Das and Dennis 1998). */
function simplexLattice(objectives: number, divisions: number): number[][] {
  const lattice: number[][] = [];
  const parts = new Array<number>(objectives).fill(0);
  const fill = (position: number, remaining: number): void => {
    if (position === objectives - 1) {
      parts[position] = remaining;
      lattice.push(parts.map((p) => p / divisions));
      return;
    }
    for (let p = remaining; p >= 0; p--) {
      parts[position] = p;
      fill(position + 1, remaining - p);
    }
  };
  fill(0, divisions);
  return lattice;
}

/** Maps simplex weights (summing to 1) onto the front: scaled for DTLZ1, normalized onto the sphere otherwise. */
function onFront(shape: FrontShape, weights: readonly number[]): number[] {
  if (shape === 'linear') return weights.map((w) => 0.5 * w);
  const norm = Math.hypot(...weights);
  return weights.map((w) => w / norm);
}

function squaredDistance(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let k = 0; k < a.length; k++) sum += (a[k] - b[k]) ** 2;
  return sum;
}

/**
 * `count` well-spread points of the front.
 * - Two objectives: exactly even spacing along the front (uniform in f1 on the line, in angle on
 *   the circle).
 * - More: the largest Das-Dennis lattice (Das and Dennis 1998) with at most `count` points, mapped
 *   onto the front as in the NSGA-III reference directions, topped up to `count` with the points of
 *   the next finer lattice farthest from those already chosen (greedy maximin), which fills the
 *   largest holes first.
 */
export function dtlzFrontSamples(shape: FrontShape, objectives: number, count: number): number[][] {
  if (count <= 0) return [];
  if (objectives === 2) {
    return Array.from({ length: count }, (_, i) => {
      const t = count === 1 ? 0.5 : i / (count - 1);
      return shape === 'linear' ? [0.5 * t, 0.5 * (1 - t)] : [Math.cos((t * Math.PI) / 2), Math.sin((t * Math.PI) / 2)];
    });
  }
  let divisions = 0;
  while (binomial(divisions + objectives, objectives - 1) <= count) divisions++;
  if (divisions === 0) {
    // Fewer samples than objectives: some of the extreme points.
    return Array.from({ length: count }, (_, i) => onFront(shape, Array.from({ length: objectives }, (_, k) => (k === i ? 1 : 0))));
  }
  const chosen = simplexLattice(objectives, divisions).map((w) => onFront(shape, w));
  if (chosen.length === count) return chosen;

  const candidates = simplexLattice(objectives, divisions + 1).map((w) => onFront(shape, w));
  const nearest = candidates.map((candidate) => {
    let best = Infinity;
    for (const point of chosen) best = Math.min(best, squaredDistance(candidate, point));
    return best;
  });
  while (chosen.length < count) {
    let farthest = 0;
    for (let i = 1; i < candidates.length; i++) if (nearest[i] > nearest[farthest]) farthest = i;
    const picked = candidates[farthest];
    chosen.push(picked);
    for (let i = 0; i < candidates.length; i++) nearest[i] = Math.min(nearest[i], squaredDistance(candidates[i], picked));
  }
  return chosen;
}

function createDtlz(problem: DtlzProblem, options: OptionValues): Environment {
  const m = readIntegerOption(options, 'objectives', DTLZ_DEFAULT_OBJECTIVES, 2);
  const n = readIntegerOption(options, 'variables', m + problem.defaultK - 1, m);
  const k = n - m + 1;
  const names = variableNames(n);
  const objectives = objectiveNames(m);
  const { shape, distance, alpha } = problem;
  const reference = dtlzReference(shape);
  // Scratch buffers: evaluation is synchronous, so one set per environment is safe.
  const x = new Float64Array(n);
  const f = new Float64Array(m);
  const halfPi = Math.PI / 2;
  const twentyPi = 20 * Math.PI;

  const evaluate = (point: Point): Metrics => {
    for (let i = 0; i < n; i++) x[i] = point[names[i]] as number;
    let g = 0;
    if (distance === 'rastrigin') {
      for (let i = m - 1; i < n; i++) {
        const d = x[i] - 0.5;
        g += d * d - Math.cos(twentyPi * d);
      }
      g = 100 * (k + g);
    } else {
      for (let i = m - 1; i < n; i++) {
        const d = x[i] - 0.5;
        g += d * d;
      }
    }
    // f_{M-p} = scale * prod_{j<p} a(x_j) * b(x_p) for p < M - 1, and f_1 = scale * prod_{j<M-1} a(x_j),
    // with (a, b) = (x, 1 - x) for the linear front and (cos, sin) of x^alpha pi / 2 for the sphere.
    let product = shape === 'linear' ? 0.5 * (1 + g) : 1 + g;
    for (let p = 0; p < m - 1; p++) {
      if (shape === 'linear') {
        f[m - 1 - p] = product * (1 - x[p]);
        product *= x[p];
      } else {
        const angle = (alpha === 1 ? x[p] : Math.pow(x[p], alpha)) * halfPi;
        f[m - 1 - p] = product * Math.sin(angle);
        product *= Math.cos(angle);
      }
    }
    f[0] = product;
    const metrics: Metrics = {};
    for (let i = 0; i < m; i++) metrics[objectives[i]] = f[i];
    return metrics;
  };

  return {
    id: problem.id,
    title: problem.title,
    description: problem.description,
    space: { parameters: realParameters(names, () => [0, 1]) },
    metrics: minimizedMetrics(objectives),
    objectives: minimizedObjectives(objectives),
    referencePoint: uniformReferencePoint(objectives, reference),
    trueFront: (count) =>
      dtlzFrontSamples(shape, m, count).map((values) => {
        const sample: Record<string, number> = {};
        for (let i = 0; i < m; i++) sample[objectives[i]] = values[i];
        return sample;
      }),
    trueHypervolume: dtlzTrueHypervolume(shape, m),
    evaluate,
  };
}

export const dtlzProviders: EnvironmentProvider[] = problems.map((problem) => ({
  id: problem.id,
  title: problem.title,
  description: problem.description,
  options: [
    {
      name: 'objectives',
      type: 'integer',
      description: 'number of objectives M (at least 2)',
      default: DTLZ_DEFAULT_OBJECTIVES,
    },
    {
      name: 'variables',
      type: 'integer',
      description: `number of decision variables n (at least M); unset means M + ${problem.defaultK - 1}, i.e. k = ${problem.defaultK} distance variables as in the literature`,
    },
  ],
  create: (options) => createDtlz(problem, options),
}));
