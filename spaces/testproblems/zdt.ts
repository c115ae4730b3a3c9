/**
 * The ZDT bi-objective benchmark problems of Zitzler, Deb and Thiele, "Comparison of Multiobjective
 * Evolutionary Algorithms: Empirical Results", Evolutionary Computation 8(2), 2000.
 *
 * Every problem has the form f1 = f1(x1), f2 = g(x2..xn) * h(f1, g), both minimized; the Pareto
 * front is reached at g = 1 and is f2 = h(f1, 1) over the non-dominated range of f1.
 *
 * Reference point for hypervolume: (1.1, 1.1), the customary choice for ZDT (the front lies in
 * [0, 1] x [-0.774, 1]; ZDT3's negative f2 values are fine since only the upper bound matters).
 * The exact hypervolume there follows from the closed-form antiderivative of each front, see
 * `frontHypervolume`.
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

/** A connected part of a 2-D Pareto front, as an interval of f1. */
export interface FrontPiece {
  from: number;
  to: number;
}

/** The shape of a ZDT front: its pieces, f2 as a function of f1, and an antiderivative of it. */
export interface ZdtFront {
  pieces: readonly FrontPiece[];
  f2(f1: number): number;
  /** Antiderivative of f2 over f1, used for the exact hypervolume. */
  integral(f1: number): number;
}

interface ZdtProblem {
  id: string;
  title: string;
  description: string;
  defaultVariables: number;
  /** Bounds of x2..xn; x1 is always in [0, 1]. */
  tailBounds: readonly [number, number];
  f1(x1: number): number;
  /** g over x2..xn (names[1..]). */
  g(point: Point, names: readonly string[]): number;
  h(f1: number, g: number): number;
  front(): ZdtFront;
}

export const ZDT_REFERENCE = 1.1;

const TEN_PI = 10 * Math.PI;

/** g of ZDT1-3: 1 + 9 * mean(x2..xn). */
function linearG(point: Point, names: readonly string[]): number {
  let sum = 0;
  for (let i = 1; i < names.length; i++) sum += point[names[i]] as number;
  return 1 + (9 * sum) / (names.length - 1);
}

function convexH(f1: number, g: number): number {
  return 1 - Math.sqrt(f1 / g);
}

function concaveH(f1: number, g: number): number {
  const ratio = f1 / g;
  return 1 - ratio * ratio;
}

const convexFront: ZdtFront = {
  pieces: [{ from: 0, to: 1 }],
  f2: (f1) => 1 - Math.sqrt(f1),
  integral: (f1) => f1 - (2 / 3) * f1 * Math.sqrt(f1),
};

const concaveFront: ZdtFront = {
  pieces: [{ from: 0, to: 1 }],
  f2: (f1) => 1 - f1 * f1,
  integral: (f1) => f1 - (f1 * f1 * f1) / 3,
};

function zdt3H(f1: number, g: number): number {
  const ratio = f1 / g;
  return 1 - Math.sqrt(ratio) - ratio * Math.sin(TEN_PI * f1);
}

const zdt3Curve = (f1: number): number => zdt3H(f1, 1);

/** d/df of 1 - sqrt(f) - f sin(10 pi f). */
function zdt3Slope(f1: number): number {
  return -0.5 / Math.sqrt(f1) - Math.sin(TEN_PI * f1) - TEN_PI * f1 * Math.cos(TEN_PI * f1);
}

/** Bisection for a sign change of `fn` in [lo, hi], to machine precision. */
function bisect(fn: (x: number) => number, lo: number, hi: number): number {
  const loSign = fn(lo) < 0;
  for (let i = 0; i < 200 && hi - lo > 1e-16; i++) {
    const mid = 0.5 * (lo + hi);
    if (fn(mid) < 0 === loSign) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/**
 * The non-dominated pieces of ZDT3's curve f2 = 1 - sqrt(f1) - f1 sin(10 pi f1): a point is on the
 * front when its f2 is below every f2 at smaller f1. Each piece ends at a local minimum of the curve
 * (root of its slope) and the next starts where the curve falls back below that minimum. Found by
 * a dense scan refined with bisection, which reproduces the published intervals
 * [0, 0.0830015349], [0.1822287280, 0.2577623634], ... to all printed digits.
 */
function computeZdt3Pieces(): FrontPiece[] {
  const steps = 100_000;
  const pieces: FrontPiece[] = [];
  let runningMin = Infinity;
  let start = -1;
  for (let j = 0; j <= steps; j++) {
    const f = j / steps;
    const value = zdt3Curve(f);
    if (value < runningMin) {
      if (start < 0) {
        const target = runningMin;
        start = j === 0 ? 0 : bisect((x) => zdt3Curve(x) - target, (j - 1) / steps, f);
      }
      runningMin = value;
    } else if (start >= 0) {
      const end = bisect(zdt3Slope, Math.max((j - 2) / steps, 1e-12), f);
      pieces.push({ from: start, to: end });
      runningMin = zdt3Curve(end);
      start = -1;
    }
  }
  if (start >= 0) pieces.push({ from: start, to: 1 });
  return pieces;
}

let zdt3FrontCache: ZdtFront | undefined;

function zdt3Front(): ZdtFront {
  zdt3FrontCache ??= {
    pieces: computeZdt3Pieces(),
    f2: zdt3Curve,
    // Integral of f sin(c f) is sin(c f) / c^2 - f cos(c f) / c.
    integral: (f1) =>
      f1 - (2 / 3) * f1 * Math.sqrt(f1) - Math.sin(TEN_PI * f1) / (TEN_PI * TEN_PI) + (f1 * Math.cos(TEN_PI * f1)) / TEN_PI,
  };
  return zdt3FrontCache;
}

/**
 * ZDT6's f1 = 1 - exp(-4 x1) sin^6(6 pi x1) is smallest where tan(6 pi x1) = 9 pi (first branch),
 * so the front starts at f1 = 1 - exp(-4 atan(9 pi) / (6 pi)) * (81 pi^2 / (1 + 81 pi^2))^3
 * = 0.28077531881537 (often printed as 0.2807753191, a few units off in the ninth digit; a
 * dense scan of f1 confirms the closed form).
 */
export const ZDT6_MIN_F1 =
  1 -
  Math.exp((-4 * Math.atan(9 * Math.PI)) / (6 * Math.PI)) *
    Math.pow((81 * Math.PI * Math.PI) / (1 + 81 * Math.PI * Math.PI), 3);

const zdt6Front: ZdtFront = { ...concaveFront, pieces: [{ from: ZDT6_MIN_F1, to: 1 }] };

/**
 * Exact hypervolume dominated by a 2-D front with reference (r1, r2), assuming every front point
 * is within it: the area between r2 and the front's lower envelope, which follows each piece and
 * stays flat (at the previous piece's last f2) across gaps and after the last piece up to r1.
 */
export function frontHypervolume(front: ZdtFront, r1: number, r2: number): number {
  let area = 0;
  const { pieces } = front;
  for (let p = 0; p < pieces.length; p++) {
    const { from, to } = pieces[p];
    area += r2 * (to - from) - (front.integral(to) - front.integral(from));
    const nextFrom = p + 1 < pieces.length ? pieces[p + 1].from : r1;
    area += (nextFrom - to) * (r2 - front.f2(to));
  }
  return area;
}

/**
 * `count` points spread evenly by arc length along the front pieces (gaps excluded), so that
 * steep parts such as ZDT1 near f1 = 0 are sampled as densely as flat ones. f2 is computed from
 * f1 exactly, so every sample satisfies the front equation.
 */
export function sampleFront(front: ZdtFront, count: number): Array<[number, number]> {
  if (count <= 0) return [];
  // Nodes are spaced quadratically (dense at each piece's start), where the fronts are steepest:
  // f2 ~ 1 - sqrt(f1) near f1 = 0 has unbounded slope, and linear interpolation there needs short segments.
  const segmentsPerPiece = 8192;
  const f1s: number[] = [];
  const lengths: number[] = [];
  let total = 0;
  for (const { from, to } of front.pieces) {
    let prevF1 = from;
    let prevF2 = front.f2(from);
    if (f1s.length > 0) {
      // A zero-length link from the previous piece's end: never selected by the search below.
      f1s.push(from);
      lengths.push(total);
    } else {
      f1s.push(from);
      lengths.push(0);
    }
    for (let s = 1; s <= segmentsPerPiece; s++) {
      const t = s / segmentsPerPiece;
      const f1 = s === segmentsPerPiece ? to : from + (to - from) * t * t;
      const f2 = front.f2(f1);
      total += Math.hypot(f1 - prevF1, f2 - prevF2);
      f1s.push(f1);
      lengths.push(total);
      prevF1 = f1;
      prevF2 = f2;
    }
  }
  const samples: Array<[number, number]> = [];
  for (let j = 0; j < count; j++) {
    const target = count === 1 ? 0 : (total * j) / (count - 1);
    // Smallest node i >= 1 with lengths[i] >= target; segment (i - 1, i) has positive length.
    let lo = 1;
    let hi = lengths.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (lengths[mid] >= target) hi = mid;
      else lo = mid + 1;
    }
    const span = lengths[lo] - lengths[lo - 1];
    const t = span > 0 ? Math.min(1, Math.max(0, (target - lengths[lo - 1]) / span)) : 0;
    const f1 = f1s[lo - 1] + t * (f1s[lo] - f1s[lo - 1]);
    samples.push([f1, front.f2(f1)]);
  }
  return samples;
}

const problems: readonly ZdtProblem[] = [
  {
    id: 'zdt1',
    title: 'ZDT1 (convex front)',
    description: 'Zitzler-Deb-Thiele problem 1: 30 variables in [0, 1], convex front f2 = 1 - sqrt(f1).',
    defaultVariables: 30,
    tailBounds: [0, 1],
    f1: (x1) => x1,
    g: linearG,
    h: convexH,
    front: () => convexFront,
  },
  {
    id: 'zdt2',
    title: 'ZDT2 (concave front)',
    description: 'Zitzler-Deb-Thiele problem 2: 30 variables in [0, 1], non-convex front f2 = 1 - f1^2.',
    defaultVariables: 30,
    tailBounds: [0, 1],
    f1: (x1) => x1,
    g: linearG,
    h: concaveH,
    front: () => concaveFront,
  },
  {
    id: 'zdt3',
    title: 'ZDT3 (disconnected front)',
    description:
      'Zitzler-Deb-Thiele problem 3: 30 variables in [0, 1], front made of five disconnected pieces of f2 = 1 - sqrt(f1) - f1 sin(10 pi f1).',
    defaultVariables: 30,
    tailBounds: [0, 1],
    f1: (x1) => x1,
    g: linearG,
    h: zdt3H,
    front: zdt3Front,
  },
  {
    id: 'zdt4',
    title: 'ZDT4 (multimodal)',
    description:
      'Zitzler-Deb-Thiele problem 4: x1 in [0, 1], 9 variables in [-5, 5] with a Rastrigin-like g (21^9 local fronts); global front f2 = 1 - sqrt(f1).',
    defaultVariables: 10,
    tailBounds: [-5, 5],
    f1: (x1) => x1,
    g: (point, names) => {
      let sum = 0;
      for (let i = 1; i < names.length; i++) {
        const x = point[names[i]] as number;
        sum += x * x - 10 * Math.cos(4 * Math.PI * x);
      }
      return 1 + 10 * (names.length - 1) + sum;
    },
    h: convexH,
    front: () => convexFront,
  },
  {
    id: 'zdt6',
    title: 'ZDT6 (non-uniform, biased)',
    description:
      'Zitzler-Deb-Thiele problem 6: 10 variables in [0, 1], solutions thin out towards the front, which is f2 = 1 - f1^2 for f1 in [0.2808, 1].',
    defaultVariables: 10,
    tailBounds: [0, 1],
    f1: (x1) => {
      const s = Math.sin(6 * Math.PI * x1);
      const s2 = s * s;
      return 1 - Math.exp(-4 * x1) * s2 * s2 * s2;
    },
    g: (point, names) => {
      let sum = 0;
      for (let i = 1; i < names.length; i++) sum += point[names[i]] as number;
      return 1 + 9 * Math.pow(sum / (names.length - 1), 0.25);
    },
    h: concaveH,
    front: () => zdt6Front,
  },
];

function createZdt(problem: ZdtProblem, options: OptionValues): Environment {
  const n = readIntegerOption(options, 'variables', problem.defaultVariables, 2);
  const names = variableNames(n);
  const objectives = objectiveNames(2);
  const [tailMin, tailMax] = problem.tailBounds;
  const { f1: computeF1, g: computeG, h: computeH } = problem;
  const first = names[0];
  const front = problem.front();
  return {
    id: problem.id,
    title: problem.title,
    description: problem.description,
    space: { parameters: realParameters(names, (i) => (i === 0 ? [0, 1] : [tailMin, tailMax])) },
    metrics: minimizedMetrics(objectives),
    objectives: minimizedObjectives(objectives),
    referencePoint: uniformReferencePoint(objectives, ZDT_REFERENCE),
    trueFront: (count) => sampleFront(front, count).map(([f1, f2]) => ({ f1, f2 })),
    trueHypervolume: frontHypervolume(front, ZDT_REFERENCE, ZDT_REFERENCE),
    evaluate(point: Point): Metrics {
      const f1 = computeF1(point[first] as number);
      const g = computeG(point, names);
      return { f1, f2: g * computeH(f1, g) };
    },
  };
}

export const zdtProviders: EnvironmentProvider[] = problems.map((problem) => ({
  id: problem.id,
  title: problem.title,
  description: problem.description,
  options: [
    {
      name: 'variables',
      type: 'integer',
      description: `number of decision variables x1..xn (at least 2; literature setting ${problem.defaultVariables})`,
      default: problem.defaultVariables,
    },
  ],
  create: (options) => createZdt(problem, options),
}));

/** The fronts by problem id, for tests and tools that need the exact curve. */
export function zdtFront(id: string): ZdtFront {
  const problem = problems.find((p) => p.id === id);
  if (!problem) throw new Error(`unknown ZDT problem "${id}"`);
  return problem.front();
}
