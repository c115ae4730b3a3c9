/**
 * A run's results rebuilt from its journal: scored evaluations, the Pareto front, and the numbers
 * of its summary. Everything users get (CSV files, summary.json, compare tables) is derived from
 * the journal through here, so a live run, `export` and `compare` always agree.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Evaluation } from '../agent/types.js';
import { scoreRecord } from '../engine/scoring.js';
import { Scoring } from '../objective/objectives.js';
import { ParetoArchive } from '../pareto/archive.js';
import { hypervolume } from '../pareto/hypervolume.js';
import { readJournal, type JournalContents } from './journal.js';

export interface RunData {
  dir: string;
  contents: JournalContents;
  scoring: Scoring;
  evaluations: Evaluation[];
  front: Evaluation[];
  counts: { unique: number; ok: number; failed: number; invalid: number; infeasible: number; feasible: number };
}

export function scoringOf(contents: JournalContents): Scoring {
  return new Scoring(contents.header.objectives, contents.header.constraints);
}

export function analyzeRun(dir: string, contents: JournalContents): RunData {
  const scoring = scoringOf(contents);
  const evaluations = contents.evaluations.map((r) => scoreRecord(r, scoring));
  const archive = new ParetoArchive<Evaluation>();
  const counts = { unique: evaluations.length, ok: 0, failed: 0, invalid: 0, infeasible: 0, feasible: 0 };
  for (const e of evaluations) {
    if (e.status === 'failed') counts.failed++;
    else if (e.status === 'invalid') counts.invalid++;
    else {
      counts.ok++;
      if (e.feasible) {
        counts.feasible++;
        archive.add(e, e.objectives as number[]);
      } else counts.infeasible++;
    }
  }
  const front = archive.items().sort((a, b) => a.id - b.id);
  return { dir, contents, scoring, evaluations, front, counts };
}

export async function loadRun(dir: string): Promise<RunData> {
  const path = join(dir, 'journal.jsonl');
  if (!existsSync(path)) throw new Error(`${dir}: no journal.jsonl here`);
  return analyzeRun(dir, await readJournal(path));
}

/**
 * Hypervolume of the feasible front formed by the first `count` evaluations (ask order), at the
 * reference point (minimization form); used for convergence curves at equal budgets.
 */
export function hypervolumeAt(run: RunData, count: number, reference: readonly number[]): number {
  const archive = new ParetoArchive<number>();
  const n = Math.min(count, run.evaluations.length);
  for (let i = 0; i < n; i++) {
    const e = run.evaluations[i];
    if (e.feasible && e.objectives) archive.add(e.id, e.objectives);
  }
  return archive.size === 0 ? 0 : hypervolume(archive.objectives(), reference);
}

/** Run directories at or below `root` (a run directory holds journal.jsonl), depth-first, sorted. */
export function findRunDirs(root: string, depth = 3): string[] {
  if (!existsSync(root)) throw new Error(`${root}: no such directory`);
  if (existsSync(join(root, 'journal.jsonl'))) return [root];
  if (depth === 0 || !statSync(root).isDirectory()) return [];
  return readdirSync(root)
    .sort()
    .flatMap((name) => {
      const child = join(root, name);
      return statSync(child).isDirectory() ? findRunDirs(child, depth - 1) : [];
    });
}
