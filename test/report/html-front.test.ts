import { describe, expect, it } from 'vitest';
import type { Evaluation } from '../../src/agent/types.js';
import { dominates } from '../../src/pareto/dominance.js';
import { chooseDesigns, frontOf, frontsByLabel, staircase, type FrontMember } from '../../src/report/html/front.js';
import { frontScatter } from '../../src/report/html/front-scatter.js';
import type { FrontView } from '../../src/report/html/front-view.js';
import { scatterMatrix } from '../../src/report/html/scatter-matrix.js';
import type { RunData } from '../../src/study/results.js';
import { Rng } from '../../src/util/rng.js';

function fakeRun(label: string, seed = 1): RunData {
  return { dir: `/runs/${label}-seed${seed}`, contents: { header: { run: { label, seed } } } } as unknown as RunData;
}

function member(run: RunData, id: number, objectives: number[]): FrontMember {
  const evaluation: Evaluation = { id, point: { id }, status: 'ok', metrics: {}, objectives, violation: 0, feasible: true };
  return { run, evaluation };
}

function randomMembers(run: RunData, count: number, dims: number, seed: number): FrontMember[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => member(run, i, Array.from({ length: dims }, () => 0.01 + rng.next())));
}

function viewOf(members: readonly FrontMember[], labels: string[], dims: number): FrontView {
  const fronts = frontsByLabel(members, labels);
  const toPoint = (m: FrontMember) => ({ label: m.run.contents.header.run.label, vector: m.evaluation.objectives as number[], where: `${m.run.dir} #${m.evaluation.id}` });
  return {
    objectives: Array.from({ length: dims }, (_, i) => ({ metric: `f${i + 1}`, unit: i === 0 ? 'ns' : '', direction: 'min' as const })),
    labels,
    colors: Object.fromEntries(labels.map((l, i) => [l, ['#0072B2', '#D55E00'][i]])),
    evaluated: members.map(toPoint),
    infeasible: [],
    fronts: new Map([...fronts].map(([l, ms]) => [l, ms.map(toPoint)])),
    chosen: chooseDesigns(frontOf(members), ['f1', 'f2', 'f3'].slice(0, dims), Array(dims).fill('min')).map((c) => ({ tag: c.tag, role: c.role, vector: c.member.evaluation.objectives as number[] })),
    trueFront: [],
  };
}

describe('report front', () => {
  it('keeps exactly the non-dominated designs, once each, in the order of the first objective', () => {
    const run = fakeRun('a');
    const members = randomMembers(run, 300, 2, 7);
    // The same design found again by another seed is listed once.
    const first = frontOf(members)[0];
    members.push({ run: fakeRun('a', 2), evaluation: { ...first.evaluation, id: 900 } });
    const front = frontOf(members);
    const nonDominated = members.filter((m) => !members.some((o) => dominates(o.evaluation.objectives as number[], m.evaluation.objectives as number[])));
    expect(nonDominated).toHaveLength(front.length + 1);
    expect(front.every((m) => nonDominated.includes(m))).toBe(true);
    expect(front.filter((m) => m.evaluation.point.id === first.evaluation.point.id)).toHaveLength(1);
    const vectors = front.map((m) => m.evaluation.objectives as number[]);
    for (let i = 1; i < vectors.length; i++) expect(vectors[i][0]).toBeGreaterThanOrEqual(vectors[i - 1][0]);
  });

  it('draws the staircase through every front point, across then down', () => {
    expect(staircase([[3, 1], [1, 3], [2, 2]])).toEqual([[1, 3], [2, 3], [2, 2], [3, 2], [3, 1]]);
  });

  it('chooses the extremes and the knee', () => {
    const run = fakeRun('a');
    const front = frontOf([member(run, 0, [0, 10]), member(run, 1, [1, 1]), member(run, 2, [10, 0]), member(run, 3, [5, 0.5])]);
    const chosen = chooseDesigns(front, ['f1', 'f2'], ['min', 'max']);
    expect(chosen.map((c) => [c.tag, c.member.evaluation.id])).toEqual([['K', 1], ['A', 0], ['B', 2]]);
    expect(chosen[2].role).toBe('highest f2');
  });

  it('marks exactly the non-dominated points of each agent in the 2-D chart', () => {
    const a = fakeRun('nsga2');
    const b = fakeRun('<random & co>');
    const members = [...randomMembers(a, 200, 2, 1), ...randomMembers(b, 200, 2, 2)];
    const view = viewOf(members, ['nsga2', '<random & co>'], 2);
    const svg = frontScatter(view);
    for (const [label, points] of view.fronts) {
      const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
      const marked = svg.match(new RegExp(`class="front-point" data-label="${escaped.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"`, 'g')) ?? [];
      expect(marked.length).toBe(points.length);
      const own = members.filter((m) => m.run.contents.header.run.label === label).map((m) => m.evaluation.objectives as number[]);
      for (const p of points) expect(own.some((o) => dominates(o, p.vector))).toBe(false);
    }
    expect(svg).toContain('&lt;random &amp; co&gt; (front');
    expect(svg).not.toContain('<random');
    expect(svg.match(/class="staircase"/g)).toHaveLength(2);
    expect(svg).toContain('f1 (ns), lower is better');
    // Every mark inside the drawing.
    for (const m of svg.matchAll(/<circle class="front-point"[^>]* cx="([\d.-]+)" cy="([\d.-]+)"/g)) {
      expect(Number(m[1])).toBeGreaterThan(0);
      expect(Number(m[2])).toBeGreaterThan(0);
    }
  });

  it('switches an axis to a log scale when values crowd the bottom of a range spanning decades', () => {
    const run = fakeRun('a');
    const rng = new Rng(3);
    const members = Array.from({ length: 200 }, (_, i) => member(run, i, [10 ** (rng.next() * 4), rng.next()]));
    const svg = frontScatter(viewOf(members, ['a'], 2));
    expect(svg).toContain('f1 (ns), lower is better, log scale');
    expect(svg).not.toContain('f2, lower is better, log scale');
  });

  it('draws a cell per pair and the objective names on the diagonal for three objectives', () => {
    const run = fakeRun('a');
    const members = randomMembers(run, 150, 3, 5);
    const view = viewOf(members, ['a'], 3);
    const svg = scatterMatrix(view);
    const frontSize = view.fronts.get('a')!.length;
    // Six off-diagonal cells, each marking the whole 3-D front.
    expect(svg.match(/class="front-point"/g)).toHaveLength(6 * frontSize);
    expect(svg.match(/clip-path="url\(#/g)).toHaveLength(6);
    for (const name of ['f1 (ns)', 'f2', 'f3']) expect(svg).toContain(`font-weight="700">${name}</text>`);
  });
});
