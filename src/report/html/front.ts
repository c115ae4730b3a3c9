/**
 * Which designs the report shows as the Pareto front: the non-dominated feasible designs of all
 * runs together (the study's front), each agent's own front, and a few designs worth a closer
 * look (the extremes and the knee).
 */
import type { Evaluation } from '../../agent/types.js';
import { nonDominated } from '../../pareto/dominance.js';
import type { RunData } from '../../study/results.js';

export interface FrontMember {
  run: RunData;
  evaluation: Evaluation;
}

/** Feasible evaluations of the runs, each with its run. */
export function feasibleMembers(runs: readonly RunData[]): FrontMember[] {
  return runs.flatMap((run) => run.evaluations.filter((e) => e.feasible && e.objectives).map((evaluation) => ({ run, evaluation })));
}

/**
 * The non-dominated members, in the order of the first objective. A design found by several runs
 * (same parameters, hence the same objectives) is listed once, with the first run that found it.
 */
export function frontOf(members: readonly FrontMember[]): FrontMember[] {
  const kept = nonDominated(members.map((m) => m.evaluation.objectives as number[])).map((i) => members[i]);
  const seen = new Set<string>();
  const unique = kept.filter((m) => {
    const key = JSON.stringify(m.evaluation.point);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort((a, b) => compareObjectives(a.evaluation.objectives as number[], b.evaluation.objectives as number[]));
}

function compareObjectives(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

export interface ChosenDesign {
  /** Short mark shown on the plots and in the table ("K", "A", "B", ...). */
  tag: string;
  /** Why it was chosen, e.g. "knee" or "lowest latencyNs". */
  role: string;
  member: FrontMember;
}

/**
 * The design of each objective's best value (ties go to the better sum of the other, scaled
 * objectives) and the knee: the design nearest to the ideal point once every objective is scaled
 * to [0, 1] over the front. A design chosen twice keeps its first role.
 */
export function chooseDesigns(front: readonly FrontMember[], objectiveNames: readonly string[], directions: readonly ('min' | 'max')[]): ChosenDesign[] {
  if (front.length === 0) return [];
  const vectors = front.map((m) => m.evaluation.objectives as number[]);
  const m = objectiveNames.length;
  const lo = Array.from({ length: m }, (_, i) => Math.min(...vectors.map((v) => v[i])));
  const hi = Array.from({ length: m }, (_, i) => Math.max(...vectors.map((v) => v[i])));
  const scaled = vectors.map((v) => v.map((x, i) => (hi[i] > lo[i] ? (x - lo[i]) / (hi[i] - lo[i]) : 0)));
  const chosen: ChosenDesign[] = [];
  const used = new Set<number>();
  const add = (index: number, tag: string, role: string): void => {
    if (used.has(index)) return;
    used.add(index);
    chosen.push({ tag, role, member: front[index] });
  };
  if (front.length > 2 || m > 2) {
    let knee = 0;
    let best = Infinity;
    scaled.forEach((s, i) => {
      const distance = Math.hypot(...s);
      if (distance < best) {
        best = distance;
        knee = i;
      }
    });
    add(knee, 'K', 'knee (nearest to the ideal point, objectives scaled to the front)');
  }
  for (let i = 0; i < m; i++) {
    let bestIndex = 0;
    scaled.forEach((s, j) => {
      const cur = scaled[bestIndex];
      const others = (v: number[]): number => v.reduce((sum, x, k) => (k === i ? sum : sum + x), 0);
      if (s[i] < cur[i] || (s[i] === cur[i] && others(s) < others(cur))) bestIndex = j;
    });
    add(bestIndex, String.fromCharCode(65 + i), `${directions[i] === 'max' ? 'highest' : 'lowest'} ${objectiveNames[i]}`);
  }
  return chosen;
}

/**
 * The staircase bounding what a 2-D front dominates, through its points sorted by the first
 * objective (minimization form): from each point across to the next point's first objective,
 * then down to its second.
 */
export function staircase(points: readonly (readonly [number, number])[]): [number, number][] {
  const sorted = [...points].sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const out: [number, number][] = [];
  sorted.forEach((p, i) => {
    if (i > 0) out.push([p[0], sorted[i - 1][1]]);
    out.push([p[0], p[1]]);
  });
  return out;
}

/** Each agent configuration's own front over all its seeds, by run label. */
export function frontsByLabel(feasible: readonly FrontMember[], labels: readonly string[]): Map<string, FrontMember[]> {
  return new Map(labels.map((label) => [label, frontOf(feasible.filter((m) => m.run.contents.header.run.label === label))]));
}
