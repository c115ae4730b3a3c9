/**
 * A small discrete bi-objective problem with a known front, for testing search agents: a ZDT1-like
 * shape over integer levels. Parameter p (0..L-1) moves along the front; the distance parameters
 * d1..dk must each hit a hidden target level for a design to be Pareto-optimal:
 *   f1 = p / (L - 1),   g = 1 + sum_i |d_i - t_i| / (L - 1),   f2 = g (1 - sqrt(f1 / g)).
 * The front is the L designs with every d_i = t_i; a uniform random design is on it with
 * probability L^-k.
 */
import type { Evaluation } from '../../src/agent/types.js';
import { hypervolume } from '../../src/pareto/hypervolume.js';
import { nonDominated } from '../../src/pareto/dominance.js';
import { createSpace } from '../../src/space/space.js';
import type { Point, Space } from '../../src/space/types.js';

export interface DiscreteProblem {
  space: Space;
  evaluate(point: Point): number[];
  /** Hypervolume of the true front at the reference point (1.1, 1.1). */
  trueHypervolume: number;
  reference: number[];
}

export function discreteProblem(levels: number, distanceParameters: number): DiscreteProblem {
  const targets = Array.from({ length: distanceParameters }, (_, i) => (i * 3 + 1) % levels);
  const space = createSpace({
    parameters: [
      { name: 'p', type: 'ordinal', values: Array.from({ length: levels }, (_, i) => i) },
      ...targets.map((_, i) => ({ name: `d${i + 1}`, type: 'categorical' as const, values: Array.from({ length: levels }, (_, v) => `v${v}`) })),
    ],
  });
  const evaluate = (point: Point): number[] => {
    const f1 = (point.p as number) / (levels - 1);
    let g = 1;
    targets.forEach((t, i) => {
      g += Math.abs(Number(String(point[`d${i + 1}`]).slice(1)) - t) / (levels - 1);
    });
    return [f1, g * (1 - Math.sqrt(f1 / g))];
  };
  const reference = [1.1, 1.1];
  const front = Array.from({ length: levels }, (_, p) => {
    const f1 = p / (levels - 1);
    return [f1, 1 - Math.sqrt(f1)];
  });
  return { space, evaluate, trueHypervolume: hypervolume(front, reference), reference };
}

/** Runs an agent (ask/tell, unique evaluations counted) and returns HV / true HV. */
export async function hypervolumeRatio(
  problem: DiscreteProblem,
  agent: { ask(n: number): Point[] | Promise<Point[]>; tell(e: readonly Evaluation[]): void | Promise<void> },
  budget: number,
  batch: number,
): Promise<number> {
  const seen = new Map<string, number[]>();
  let id = 0;
  for (let round = 0; seen.size < budget && round < 10 * budget; round++) {
    const points = await agent.ask(Math.min(batch, budget - seen.size));
    const told: Evaluation[] = [];
    for (const point of points) {
      const key = problem.space.key(point);
      let objectives = seen.get(key);
      if (!objectives) {
        if (seen.size >= budget) break;
        objectives = problem.evaluate(point);
        seen.set(key, objectives);
      }
      told.push({ id: id++, point, status: 'ok', metrics: {}, objectives, violation: 0, feasible: true });
    }
    await agent.tell(told);
  }
  const all = [...seen.values()];
  const front = nonDominated(all).map((i) => all[i]);
  return hypervolume(front, problem.reference) / problem.trueHypervolume;
}
