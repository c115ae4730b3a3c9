import { describe, expect, it } from 'vitest';
import { checkPlan, PlanRuleError, trafficOf, type PlanRule } from '../../spaces/scratchpad/plan-check.js';
import type { AllocationPlan, Graph, Placement } from '../../spaces/scratchpad/types.js';
import { toyGraph, weightedGraph } from './fixtures.js';

const toy = toyGraph(); // t10 = 0, t11 = 1, t12 = 2, t13 = 3
const weighted = weightedGraph(); // in = 0, w1 = 1, w2 = 2, x = 3, y = 4, z = 5

function place(tensor: number, offsetBytes: number, firstStep: number, lastStep: number, start: Placement['start'], spilledAtEnd = false): Placement {
  return { tensor, offsetBytes, firstStep, lastStep, start, spilledAtEnd };
}

/** A plan whose traffic and peak are taken from its placements, so only the rule under test is broken. */
function planOf(graph: Graph, placements: Placement[], overrides: Partial<AllocationPlan> = {}): AllocationPlan {
  const trackWeights = overrides.trackWeights ?? true;
  const placedTensors = placements.filter((p) => p.tensor >= 0 && p.tensor < graph.tensors.length);
  return {
    order: graph.operators.map((op) => op.index),
    budgetBytes: 1000,
    trackWeights,
    placements,
    traffic: trafficOf(graph, placedTensors, trackWeights),
    peakBytes: placedTensors.reduce((peak, p) => Math.max(peak, p.offsetBytes + graph.tensors[p.tensor].sizeBytes), 0),
    ...overrides,
  };
}

/** The toy at budget 200: t10 spilled after step 0 and reloaded at step 3. */
const toySpillPlacements = (): Placement[] => [
  place(0, 0, 0, 0, 'created', true),
  place(1, 0, 1, 2, 'created'),
  place(2, 100, 2, 3, 'created'),
  place(0, 0, 3, 3, 'reloaded'),
  place(3, 10, 3, 3, 'created'),
];

/** The weighted graph with weights tracked, no spills, peak 38. */
const weightedPlacements = (): Placement[] => [
  place(0, 0, 0, 2, 'loaded'),
  place(1, 24, 0, 0, 'loaded'),
  place(3, 8, 0, 1, 'created'),
  place(2, 24, 1, 1, 'loaded'),
  place(4, 30, 1, 2, 'created'),
  place(5, 8, 2, 2, 'created'),
];

function expectBroken(graph: Graph, plan: AllocationPlan, rule: PlanRule, ...mentions: string[]): void {
  let error: unknown;
  try {
    checkPlan(graph, plan);
  } catch (caught) {
    error = caught;
  }
  expect(error, `expected rule '${rule}' to be broken`).toBeInstanceOf(PlanRuleError);
  expect((error as PlanRuleError).rule).toBe(rule);
  for (const mention of mentions) expect((error as Error).message).toContain(mention);
}

describe('checkPlan accepts valid plans and recomputes their traffic and peak', () => {
  it('the toy spilling t10 at budget 200: 20 B non-compulsory, the graph output 10 B compulsory', () => {
    const result = checkPlan(toy, planOf(toy, toySpillPlacements(), { budgetBytes: 200, trackWeights: false }));
    expect(result.traffic).toEqual({ compulsoryBytes: 10, spillBytes: 10, reloadBytes: 10, nonCompulsoryBytes: 20, totalBytes: 30 });
    expect(result.peakBytes).toBe(200);
  });

  it('the weighted graph: compulsory = first loads of the input and tracked weights + the output write', () => {
    const result = checkPlan(weighted, planOf(weighted, weightedPlacements(), { budgetBytes: 38 }));
    expect(result.traffic).toEqual({ compulsoryBytes: 20, spillBytes: 0, reloadBytes: 0, nonCompulsoryBytes: 0, totalBytes: 20 });
    expect(result.peakBytes).toBe(38);
  });

  it('without tracked weights the weights cost nothing and an input may be reloaded', () => {
    const placements = [place(0, 0, 0, 0, 'loaded'), place(3, 8, 0, 1, 'created'), place(4, 0, 1, 2, 'created'), place(0, 8, 2, 2, 'reloaded'), place(5, 16, 2, 2, 'created')];
    const result = checkPlan(weighted, planOf(weighted, placements, { budgetBytes: 24, trackWeights: false }));
    expect(result.traffic).toEqual({ compulsoryBytes: 10, spillBytes: 0, reloadBytes: 8, nonCompulsoryBytes: 8, totalBytes: 18 });
    expect(result.peakBytes).toBe(24);
  });

  it('allows a placement to stay after the last use (wasteful, not wrong)', () => {
    // x (last used at step 1) stays through step 2; z moves above it.
    const placements = weightedPlacements().map((p) => (p.tensor === 3 ? { ...p, lastStep: 2 } : p.tensor === 5 ? { ...p, offsetBytes: 24 } : p));
    expect(() => checkPlan(weighted, planOf(weighted, placements, { budgetBytes: 38 }))).not.toThrow();
  });
});

describe('checkPlan rejects each broken rule by name', () => {
  const toyPlan = (placements: Placement[], overrides: Partial<AllocationPlan> = {}) =>
    planOf(toy, placements, { budgetBytes: 200, trackWeights: false, ...overrides });
  const edit = (index: number, change: Partial<Placement>) => toySpillPlacements().map((p, i) => (i === index ? { ...p, ...change } : p));

  it('order: not topological, or not a permutation', () => {
    expectBroken(toy, toyPlan(toySpillPlacements(), { order: [0, 2, 1, 3] }), 'order', "'t11'");
    expectBroken(toy, toyPlan(toySpillPlacements(), { order: [0, 1, 1, 3] }), 'order', 'runs twice');
  });

  it('budget: negative', () => {
    expectBroken(toy, toyPlan(toySpillPlacements(), { budgetBytes: -1 }), 'budget');
  });

  it('tracked: an unknown tensor, or a weight when weights are not tracked', () => {
    expectBroken(toy, toyPlan([...toySpillPlacements(), place(9, 0, 0, 0, 'created')]), 'tracked', 'tensor 9');
    const untracked = planOf(weighted, weightedPlacements(), { budgetBytes: 38, trackWeights: false });
    expectBroken(weighted, untracked, 'tracked', "tensor 'w1'", 'weight');
  });

  it('step-range: past the last step, or reversed', () => {
    expectBroken(toy, toyPlan(edit(2, { lastStep: 4 })), 'step-range', "tensor 't12'", '2..4');
    expectBroken(toy, toyPlan(edit(1, { firstStep: 2, lastStep: 1 })), 'step-range', "tensor 't11'");
  });

  it('address-range: above the budget, or negative', () => {
    expectBroken(toy, toyPlan(edit(2, { offsetBytes: 101 })), 'address-range', "tensor 't12'", '[101, 201)');
    expectBroken(toy, toyPlan(edit(4, { offsetBytes: -5 })), 'address-range', "tensor 't13'");
  });

  it('time-overlap: two placements of one tensor at the same step', () => {
    expectBroken(toy, toyPlan(edit(3, { firstStep: 0, offsetBytes: 150 })), 'time-overlap', "tensor 't10'", 'step 0');
  });

  it('resident-at-use: an operand missing at its step', () => {
    const placements = toySpillPlacements().filter((_, i) => i !== 3);
    expectBroken(toy, toyPlan(placements), 'resident-at-use', 'at step 3', "tensor 't10'", "'op3'");
  });

  it('creation: resident before its producer, created late, or created twice', () => {
    expectBroken(toy, toyPlan([place(1, 100, 0, 0, 'created'), ...edit(1, { start: 'reloaded' })]), 'creation', "tensor 't11'");
    expectBroken(toy, toyPlan(edit(2, { firstStep: 3 })), 'creation', "tensor 't12'", 'step 2');
    expectBroken(toy, toyPlan(edit(3, { start: 'created' })), 'creation', "tensor 't10'", 'again at step 3');
    expectBroken(toy, toyPlan(edit(0, { start: 'loaded' })), 'creation', "tensor 't10'");
  });

  it('reload-needs-copy: reloading an activation never spilled', () => {
    expectBroken(toy, toyPlan(edit(0, { spilledAtEnd: false })), 'reload-needs-copy', "tensor 't10'", 'step 3');
  });

  it('first-load: a weight or input not loaded first, or loaded twice', () => {
    const firstReloaded = weightedPlacements().map((p) => (p.tensor === 1 ? { ...p, start: 'reloaded' as const } : p));
    expectBroken(weighted, planOf(weighted, firstReloaded, { budgetBytes: 38 }), 'first-load', "tensor 'w1'", "'loaded'");
    const loadedTwice = [...weightedPlacements().filter((p) => p.tensor !== 0), place(0, 0, 0, 0, 'loaded'), place(0, 0, 2, 2, 'loaded')];
    expectBroken(weighted, planOf(weighted, loadedTwice, { budgetBytes: 38 }), 'first-load', "tensor 'in'", "'reloaded'");
  });

  it('spill: of an input, twice, or with no later use', () => {
    const inputSpilled = weightedPlacements().map((p) => (p.tensor === 0 ? { ...p, lastStep: 0, spilledAtEnd: true } : p));
    expectBroken(weighted, planOf(weighted, [...inputSpilled, place(0, 0, 2, 2, 'reloaded')], { budgetBytes: 38 }), 'spill', "tensor 'in'", 'off-chip copy');
    const twice = [place(0, 0, 0, 0, 'created', true), place(0, 150, 1, 1, 'reloaded', true), ...toySpillPlacements().slice(1)];
    const toyTwice = planOf(toy, twice, { budgetBytes: 200, trackWeights: false });
    expectBroken(toy, toyTwice, 'spill', "tensor 't10'", 'again');
    expectBroken(toy, toyPlan(edit(4, { spilledAtEnd: true })), 'spill', "tensor 't13'", 'never used after');
  });

  it('address-overlap: two tensors resident together sharing bytes', () => {
    expectBroken(toy, toyPlan(edit(4, { offsetBytes: 5 })), 'address-overlap', "tensor 't10'", "tensor 't13'", 'at step 3');
  });

  it('traffic and peak: reported values that the placements do not give', () => {
    const plan = toyPlan(toySpillPlacements());
    expectBroken(toy, { ...plan, traffic: { ...plan.traffic, reloadBytes: 0 } }, 'traffic', 'reloadBytes');
    expectBroken(toy, { ...plan, peakBytes: 210 }, 'peak', '200');
  });
});
