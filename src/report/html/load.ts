/**
 * Everything a report shows, gathered from run directories: the runs, the study's front and the
 * designs chosen from it, the comparison `archdse compare` prints (and the same computation at
 * more evaluation counts for the curves), and the environment's pictures of the chosen designs.
 */
import { existsSync, statSync } from 'node:fs';
import { loadEnvironment } from '../../environment/registry.js';
import type { DesignFigure, Environment } from '../../environment/types.js';
import type { MetricSpec, ObjectiveSpec } from '../../objective/types.js';
import { compareLoadedRuns, objectivesKey, type Comparison } from '../../study/compare.js';
import { findRunDirs, loadRun, type RunData } from '../../study/results.js';
import { PALETTE } from '../svg-chart.js';
import { chooseDesigns, feasibleMembers, frontOf, type ChosenDesign, type FrontMember } from './front.js';

export interface DesignFigures {
  design: ChosenDesign;
  figures: DesignFigure[];
  /** Why this design has no pictures (the model failed on it). */
  error?: string;
}

export interface ReportData {
  runs: RunData[];
  /** Agent configurations (run labels), in the order `archdse compare` lists them. */
  labels: string[];
  colors: Record<string, string>;
  objectives: ObjectiveSpec[];
  /** Metric descriptions from the environment, when it loads here. */
  metrics: MetricSpec[];
  environment: { title: string; description?: string } | null;
  /** Why the environment could not be rebuilt here; the report then has no design pictures. */
  environmentError: string | null;
  /** Samples of the true front (minimization form) when the space knows it (test problems). */
  trueFront: number[][];
  /** Feasible evaluations of all runs. */
  feasible: FrontMember[];
  front: FrontMember[];
  chosen: ChosenDesign[];
  /** Exactly what `archdse compare` prints for these directories; null when no run has a feasible design. */
  comparison: Comparison | null;
  /** The same computation at evenly spaced evaluation counts, for the convergence curves. */
  curves: Comparison | null;
  figures: DesignFigures[];
  /** Set when pictures were not drawn at all, with the reason. */
  figuresNote: string | null;
  /** Things a reader must know (truncated journals, unfinished runs). */
  notes: string[];
  generatedAt: Date;
}

export interface LoadOptions {
  /** Draw the environment's pictures of the chosen designs (default true). */
  figures?: boolean;
  /** Points of the convergence curves (default 24). */
  curvePoints?: number;
}

/** Run directories under each path; a path that is missing, a file, or holds no run is an error naming it. */
export function runDirectories(paths: readonly string[]): string[] {
  if (paths.length === 0) throw new Error('no directory given');
  const dirs: string[] = [];
  for (const path of paths) {
    if (!existsSync(path)) throw new Error(`${path}: no such directory`);
    if (!statSync(path).isDirectory()) throw new Error(`${path}: not a directory (give a run or sweep directory)`);
    const found = findRunDirs(path);
    if (found.length === 0) throw new Error(`${path}: no runs here (no journal.jsonl in it or in its subdirectories)`);
    dirs.push(...found);
  }
  return [...new Set(dirs)];
}

function curveCheckpoints(runs: readonly RunData[], count: number, tableCheckpoints: readonly number[]): number[] {
  const longest = Math.max(...runs.map((r) => r.evaluations.length));
  const points = Array.from({ length: count }, (_, i) => Math.max(1, Math.round((longest * (i + 1)) / count)));
  return [...new Set([...points, ...tableCheckpoints])].filter((n) => n <= longest).sort((a, b) => a - b);
}

async function environmentOf(run: RunData): Promise<{ environment: Environment | null; error: string | null }> {
  try {
    return { environment: (await loadEnvironment(run.contents.header.source)).environment, error: null };
  } catch (error) {
    return { environment: null, error: `space "${run.contents.header.source.space}" does not load here: ${(error as Error).message}` };
  }
}

async function drawFigures(environment: Environment, chosen: readonly ChosenDesign[]): Promise<DesignFigures[]> {
  const out: DesignFigures[] = [];
  for (const design of chosen) {
    try {
      out.push({ design, figures: await environment.figures!(design.member.evaluation.point) });
    } catch (error) {
      out.push({ design, figures: [], error: (error as Error).message });
    }
  }
  return out;
}

/** The runs must optimize the same objectives to share one front (the comparison checks it too, when it runs). */
function checkOneStudy(runs: readonly RunData[]): void {
  const first = objectivesKey(runs[0]);
  const other = runs.find((r) => objectivesKey(r) !== first);
  if (other) throw new Error(`runs optimize different objectives: ${runs[0].dir} has ${first}, ${other.dir} has ${objectivesKey(other)}; report runs of one study`);
}

export async function loadReportData(paths: readonly string[], options: LoadOptions = {}): Promise<ReportData> {
  const dirs = runDirectories(paths);
  const runs = await Promise.all(dirs.map((d) => loadRun(d)));
  checkOneStudy(runs);
  const feasible = feasibleMembers(runs);
  // The comparison fixes the reference point from all the runs; without a feasible design there is
  // no front, no reference point and nothing to compare.
  const comparison = feasible.length > 0 ? await compareLoadedRuns(runs) : null;
  const curves = comparison ? await compareLoadedRuns(runs, { at: curveCheckpoints(runs, options.curvePoints ?? 24, comparison.checkpoints) }) : null;

  const labels = [...new Set(runs.map((r) => r.contents.header.run.label))];
  const colors = Object.fromEntries(labels.map((label, i) => [label, PALETTE[i % PALETTE.length]]));
  const objectives = runs[0].contents.header.objectives;
  const front = frontOf(feasible);
  const chosen = chooseDesigns(
    front,
    objectives.map((o) => o.metric),
    objectives.map((o) => o.direction),
  );

  const notes: string[] = [];
  for (const run of runs) {
    if (run.contents.truncated) notes.push(`${run.dir}/journal.jsonl: line ${run.contents.truncated.line} was cut short (a killed writer) and is left out; the rest of the run is shown.`);
    else if (!run.contents.end) notes.push(`${run.dir}: the run has not finished (no end record); it is shown as far as it got.`);
  }

  const { environment, error } = await environmentOf(runs[0]);
  let figures: DesignFigures[] = [];
  let figuresNote: string | null = null;
  if (options.figures === false) figuresNote = 'Design pictures were not asked for (--no-figures).';
  else if (!environment) figuresNote = `No design pictures: ${error}.`;
  else if (!environment.figures) figuresNote = `The space "${environment.id}" draws no design pictures.`;
  else if (chosen.length === 0) figuresNote = 'No feasible design, so no design pictures.';
  else figures = await drawFigures(environment, chosen);
  const trueFront = environment?.trueFront ? environment.trueFront(400).map((p) => runs[0].scoring.objectiveVector(p)) : [];
  await environment?.close?.();

  return {
    runs,
    labels,
    colors,
    objectives,
    metrics: environment?.metrics ?? [],
    environment: environment ? { title: environment.title, description: environment.description } : null,
    environmentError: error,
    trueFront,
    feasible,
    front,
    chosen,
    comparison,
    curves,
    figures,
    figuresNote,
    notes,
    generatedAt: new Date(),
  };
}
