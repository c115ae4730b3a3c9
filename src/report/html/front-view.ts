/**
 * The plain data the front charts draw, taken from a report: objective vectors (minimization
 * form) of every evaluation with objectives, each agent's front, and the chosen designs.
 */
import { frontsByLabel, type ChosenDesign, type FrontMember } from './front.js';
import { objectiveInfo, type ObjectiveInfo } from './labels.js';
import type { ReportData } from './load.js';

export interface FrontPoint {
  label: string;
  /** Minimization form, in objective order. */
  vector: number[];
  /** Run directory and evaluation id, for tooltips. */
  where: string;
}

export interface FrontView {
  objectives: ObjectiveInfo[];
  labels: string[];
  colors: Record<string, string>;
  /** Every feasible evaluation. */
  evaluated: FrontPoint[];
  /** Evaluated designs that break a metric constraint. */
  infeasible: FrontPoint[];
  /** Each agent's non-dominated designs. */
  fronts: Map<string, FrontPoint[]>;
  chosen: { tag: string; role: string; vector: number[] }[];
  /** The true front, when known, drawn as a reference line. */
  trueFront: number[][];
}

function pointOf(member: FrontMember): FrontPoint {
  return { label: member.run.contents.header.run.label, vector: member.evaluation.objectives as number[], where: `${member.run.dir} #${member.evaluation.id}` };
}

export function frontView(data: ReportData): FrontView {
  const infeasible = data.runs.flatMap((run) => run.evaluations.filter((e) => !e.feasible && e.objectives).map((evaluation) => pointOf({ run, evaluation })));
  const fronts = new Map([...frontsByLabel(data.feasible, data.labels)].map(([label, members]) => [label, members.map(pointOf)]));
  return {
    objectives: objectiveInfo(data.objectives, data.metrics),
    labels: data.labels,
    colors: data.colors,
    evaluated: data.feasible.map(pointOf),
    infeasible,
    fronts,
    chosen: data.chosen.map((c: ChosenDesign) => ({ tag: c.tag, role: c.role, vector: c.member.evaluation.objectives as number[] })),
    trueFront: data.trueFront,
  };
}
