/**
 * Compares runs at equal budgets: hypervolume after the same number of unique evaluations, at one
 * reference point shared by every run, with mean and spread over seeds per agent configuration.
 */
import { loadEnvironment } from '../environment/registry.js';
import type { Environment } from '../environment/types.js';
import { hypervolume } from '../pareto/hypervolume.js';
import { derivedReference, fixedReference, type ReferencePoint } from './reference.js';
import { findRunDirs, hypervolumeAt, loadRun, type RunData } from './results.js';
import { mean, std } from '../util/stats.js';

export interface CompareOptions {
  /** Evaluation counts to compare at; default: quarters of the smallest run. */
  at?: number[];
  /** Reference point (natural units) overriding the runs' own policy. */
  referencePoint?: Record<string, number>;
}

export interface CompareRow {
  label: string;
  evaluations: number;
  runs: number;
  seeds: number[];
  values: number[];
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Hypervolume divided by the true front's, when the space knows its true front. */
  ratioMean: number | null;
  ratioStd: number | null;
}

export interface Comparison {
  reference: ReferencePoint;
  trueHypervolume: number | null;
  checkpoints: number[];
  rows: CompareRow[];
  runs: { dir: string; label: string; seed: number; evaluations: number; complete: boolean }[];
}

/** What runs must share to be compared: their objectives and directions. */
export function objectivesKey(run: RunData): string {
  return run.contents.header.objectives.map((o) => `${o.metric}:${o.direction}`).join(',');
}

async function environmentOf(run: RunData): Promise<Environment | undefined> {
  try {
    return (await loadEnvironment(run.contents.header.source)).environment;
  } catch {
    // The space may not load here (a plug-in that moved); comparisons still work without it.
    return undefined;
  }
}

function defaultCheckpoints(runs: readonly RunData[]): number[] {
  const smallest = Math.min(...runs.map((r) => r.evaluations.length));
  const points = [0.25, 0.5, 0.75, 1].map((f) => Math.round(smallest * f)).filter((n) => n > 0);
  return [...new Set(points)];
}

export async function compareRuns(paths: readonly string[], options: CompareOptions = {}): Promise<Comparison> {
  const dirs = [...new Set(paths.flatMap((p) => findRunDirs(p)))];
  if (dirs.length === 0) throw new Error(`no runs (directories with journal.jsonl) under ${paths.join(', ')}`);
  return compareLoadedRuns(await Promise.all(dirs.map((d) => loadRun(d))), options);
}

/** The comparison of runs already read (at least one), for callers that need the runs themselves too. */
export async function compareLoadedRuns(runs: readonly RunData[], options: CompareOptions = {}): Promise<Comparison> {
  const key = objectivesKey(runs[0]);
  for (const run of runs) {
    if (objectivesKey(run) !== key) {
      throw new Error(`runs optimize different objectives: ${runs[0].dir} has ${key}, ${run.dir} has ${objectivesKey(run)}; compare runs of one study`);
    }
  }
  const objectives = runs[0].contents.header.objectives;
  const environment = await environmentOf(runs[0]);
  const specReference = runs[0].contents.header.spec.referencePoint;
  const reference =
    fixedReference(objectives, options.referencePoint ?? specReference, environment?.referencePoint) ??
    derivedReference(objectives, runs.flatMap((r) => r.front.map((e) => e.objectives as number[])));
  if (!reference) throw new Error('no feasible evaluation in any run: there is no front to compare');

  let trueHypervolume: number | null = null;
  if (environment?.trueFront && reference.policy !== 'derived') {
    trueHypervolume =
      reference.policy === 'environment' && environment.trueHypervolume !== undefined
        ? environment.trueHypervolume
        : hypervolume(environment.trueFront(2000).map((p) => runs[0].scoring.objectiveVector(p)), reference.vector);
  }

  const checkpoints = options.at && options.at.length > 0 ? [...options.at].sort((a, b) => a - b) : defaultCheckpoints(runs);
  const labels = [...new Set(runs.map((r) => r.contents.header.run.label))];
  const rows: CompareRow[] = [];
  for (const label of labels) {
    const group = runs.filter((r) => r.contents.header.run.label === label);
    for (const at of checkpoints) {
      // A run that stopped before `at` evaluations is left out of that column rather than padded.
      const reached = group.filter((r) => r.evaluations.length >= at);
      if (reached.length === 0) continue;
      const values = reached.map((r) => hypervolumeAt(r, at, reference.vector));
      const ratios = trueHypervolume ? values.map((v) => v / trueHypervolume!) : null;
      rows.push({
        label,
        evaluations: at,
        runs: reached.length,
        seeds: reached.map((r) => r.contents.header.run.seed),
        values,
        mean: mean(values),
        std: std(values),
        min: Math.min(...values),
        max: Math.max(...values),
        ratioMean: ratios ? mean(ratios) : null,
        ratioStd: ratios ? std(ratios) : null,
      });
    }
  }
  return {
    reference,
    trueHypervolume,
    checkpoints,
    rows,
    runs: runs.map((r) => ({
      dir: r.dir,
      label: r.contents.header.run.label,
      seed: r.contents.header.run.seed,
      evaluations: r.evaluations.length,
      complete: r.contents.end !== null,
    })),
  };
}
