import { describe, expect, it } from 'vitest';
import { baselinePlan } from '../../spaces/scratchpad/baselines.js';
import { memoryBounds } from '../../spaces/scratchpad/bounds.js';
import { solveCosma } from '../../spaces/scratchpad/cosma.js';
import { buildFixedOrderModel } from '../../spaces/scratchpad/cosma-fixed.js';
import { solve } from '../../src/ilp/index.js';
import { solveDivideAndConquer } from '../../spaces/scratchpad/divide-and-conquer.js';
import { defaultOrder, isTracked, stepOfOperators } from '../../spaces/scratchpad/liveness.js';
import { checkPlan } from '../../spaces/scratchpad/plan-check.js';
import type { Graph } from '../../spaces/scratchpad/types.js';
import { chainWithSkips, randomGraph, toyGraph, weightedGraph } from './fixtures.js';

/**
 * An independent lower bound on non-compulsory traffic for a fixed order: dynamic programming over
 * which tensors are resident after each step and which activations have an off-chip copy,
 * requiring only that resident sizes fit the budget (no addresses, so fragmentation is ignored).
 */
function capacityOnlyOptimum(graph: Graph, order: readonly number[], budgetBytes: number, trackWeights: boolean): number {
  const stepOf = stepOfOperators(order);
  const tracked = graph.tensors.filter((t) => isTracked(graph, t.index, trackWeights));
  const uses = tracked.map((t) => [...t.consumers.map((c) => stepOf[c]!), ...(t.producer >= 0 ? [stepOf[t.producer]!] : [])].sort((a, b) => a - b));
  const firstUse = uses.map((u) => u[0]!);
  const lastUse = uses.map((u) => u[u.length - 1]!);
  const bit = (i: number): bigint => 1n << BigInt(i);
  let states = new Map<string, number>([['0:0', 0]]);
  for (let step = 0; step < order.length; step++) {
    const op = graph.operators[order[step]!]!;
    const operands = tracked.map((t, i) => ([...op.inputs, ...op.outputs].includes(t.index) ? i : -1)).filter((i) => i >= 0);
    const next = new Map<string, number>();
    for (const [key, cost] of states) {
      const [residentText, copyText] = key.split(':');
      const resident = BigInt(residentText!);
      const copies = BigInt(copyText!);
      // Candidates at this step: live tensors that are resident, created now, or loadable.
      const live = tracked.map((_, i) => i).filter((i) => firstUse[i]! <= step && step <= lastUse[i]!);
      const optional = live.filter((i) => !operands.includes(i) && (resident & bit(i)) !== 0n);
      for (let mask = 0; mask < 1 << optional.length; mask++) {
        let kept = 0n;
        optional.forEach((i, k) => {
          if (mask & (1 << k)) kept |= bit(i);
        });
        for (const i of operands) kept |= bit(i);
        let bytes = 0;
        let added = cost;
        let newCopies = copies;
        let valid = true;
        for (const i of live) {
          if ((kept & bit(i)) === 0n) continue;
          bytes += tracked[i]!.sizeBytes;
          const wasResident = (resident & bit(i)) !== 0n;
          const appears = step === firstUse[i];
          if (!wasResident && !appears) {
            const hasCopy = tracked[i]!.kind !== 'activation' || (copies & bit(i)) !== 0n;
            if (!hasCopy) valid = false;
            added += tracked[i]!.sizeBytes;
          }
        }
        for (const i of live) {
          // Leaving while still needed: an activation without a copy is spilled.
          const leaves = (resident & bit(i)) !== 0n && (kept & bit(i)) === 0n;
          if (leaves && tracked[i]!.kind === 'activation' && (copies & bit(i)) === 0n) {
            added += tracked[i]!.sizeBytes;
            newCopies |= bit(i);
          }
        }
        if (!valid || bytes > budgetBytes) continue;
        const nextKey = `${kept}:${newCopies}`;
        if ((next.get(nextKey) ?? Infinity) > added) next.set(nextKey, added);
      }
    }
    states = next;
  }
  return Math.min(...states.values());
}

describe('COSMA ILP, fixed order', () => {
  it('reproduces the toy oracle on both backends: infeasible at 199 B, 20 B at 200 B, 0 at 210 B', async () => {
    const graph = toyGraph();
    const order = defaultOrder(graph);
    for (const backend of ['highs', 'jslp'] as const) {
      const below = await solveCosma({ graph, schedule: order, budgetBytes: 199, trackWeights: false, solver: { backend } });
      expect(below.status).toBe('infeasible');
      expect(below.message).toMatch(/below M_R = 200 B/);
      // The ILP itself proves it too.
      const model = buildFixedOrderModel({ graph, order, budgetBytes: 199, trackWeights: false }).model;
      expect((await solve(model, { backend })).status).toBe('infeasible');
      const tight = await solveCosma({ graph, schedule: order, budgetBytes: 200, trackWeights: false, solver: { backend } });
      expect(tight.status).toBe('optimal');
      expect(tight.plan!.traffic.nonCompulsoryBytes).toBe(20);
      // t10 is the one spilled and reloaded.
      const t10 = graph.tensors.find((t) => t.name === 't10')!.index;
      expect(tight.plan!.placements.filter((p) => p.tensor === t10).map((p) => p.start)).toEqual(['created', 'reloaded']);
      const roomy = await solveCosma({ graph, schedule: order, budgetBytes: 210, trackWeights: false, solver: { backend } });
      expect(roomy.plan!.traffic.nonCompulsoryBytes).toBe(0);
    }
  });

  it('lies between the capacity-only lower bound and the baselines on random graphs, both trackings', async () => {
    let strictlyBetterThanBaseline = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const graph = randomGraph(seed, { minOperators: 4, maxOperators: 6 });
      const trackWeights = seed % 2 === 0;
      const order = defaultOrder(graph);
      const bounds = memoryBounds(graph, { trackWeights, maxStates: 0 });
      const budgetBytes = Math.round((bounds.minimumBudgetBytes + bounds.fixedOrderPeakBytes) / 2);
      const answer = await solveCosma({ graph, schedule: order, budgetBytes, trackWeights });
      expect(answer.status, `seed ${seed}`).toBe('optimal');
      const cosma = answer.plan!.traffic.nonCompulsoryBytes;
      expect(() => checkPlan(graph, answer.plan!)).not.toThrow();
      expect(cosma).toBeGreaterThanOrEqual(capacityOnlyOptimum(graph, order, budgetBytes, trackWeights));
      const baselines = (['belady', 'greedy'] as const).map(
        (eviction) => baselinePlan(graph, { budgetBytes, trackWeights, order, eviction }).traffic.nonCompulsoryBytes,
      );
      expect(cosma).toBeLessThanOrEqual(Math.min(...baselines));
      if (cosma < Math.min(...baselines)) strictlyBetterThanBaseline++;
    }
    // The ILP is not just reproducing a baseline: on some graphs it finds strictly less traffic.
    expect(strictlyBetterThanBaseline).toBeGreaterThan(0);
  });

  it('never needs more traffic for a larger budget and reaches zero at the no-spill peak', async () => {
    const graph = weightedGraph();
    const order = defaultOrder(graph);
    const bounds = memoryBounds(graph, { trackWeights: true, maxStates: 0 });
    let previous = Infinity;
    for (let budget = bounds.minimumBudgetBytes; budget <= bounds.fixedOrderPeakBytes; budget += 2) {
      const answer = await solveCosma({ graph, schedule: order, budgetBytes: budget, trackWeights: true });
      const traffic = answer.plan!.traffic.nonCompulsoryBytes;
      expect(traffic).toBeLessThanOrEqual(previous);
      previous = traffic;
    }
    expect(previous).toBe(0);
  });

  it('agrees between HiGHS and javascript-lp-solver on small graphs', async () => {
    for (const seed of [3, 5, 8]) {
      const graph = randomGraph(seed, { minOperators: 3, maxOperators: 4 });
      const order = defaultOrder(graph);
      const bounds = memoryBounds(graph, { trackWeights: false, maxStates: 0 });
      const budgetBytes = bounds.minimumBudgetBytes;
      const [highs, jslp] = await Promise.all(
        (['highs', 'jslp'] as const).map((backend) => solveCosma({ graph, schedule: order, budgetBytes, trackWeights: false, solver: { backend, timeLimitSec: 20 } })),
      );
      expect(highs!.status).toBe('optimal');
      if (jslp!.status === 'optimal') expect(jslp!.plan!.traffic.nonCompulsoryBytes).toBe(highs!.plan!.traffic.nonCompulsoryBytes);
    }
  });
});

describe('COSMA ILP, free schedule', () => {
  it('finds the toy order that needs no spill at 200 B', async () => {
    const graph = toyGraph();
    const answer = await solveCosma({ graph, schedule: 'free', budgetBytes: 200, trackWeights: false });
    expect(answer.status).toBe('optimal');
    expect(answer.plan!.traffic.nonCompulsoryBytes).toBe(0);
    // t10 (op0) must come after op2 has consumed t11, so op0 runs third.
    const names = answer.plan!.order.map((op) => graph.operators[op]!.name);
    expect(names.indexOf('op0')).toBeGreaterThan(names.indexOf('op2'));
  });

  it('is never worse than the best fixed order on random graphs', async () => {
    for (const seed of [2, 4, 7]) {
      const graph = randomGraph(seed, { minOperators: 4, maxOperators: 5 });
      const bounds = memoryBounds(graph, { trackWeights: false, maxStates: 10_000 });
      const budgetBytes = bounds.minimumBudgetBytes;
      const free = await solveCosma({ graph, schedule: 'free', budgetBytes, trackWeights: false });
      const fixed = await solveCosma({ graph, schedule: defaultOrder(graph), budgetBytes, trackWeights: false });
      expect(free.status).toBe('optimal');
      expect(free.plan!.traffic.nonCompulsoryBytes).toBeLessThanOrEqual(fixed.plan!.traffic.nonCompulsoryBytes);
    }
  });
});

describe('divide-and-conquer', () => {
  it('equals the full ILP when one window covers the order, and gives a valid plan with small windows', async () => {
    const graph = chainWithSkips(12);
    const order = defaultOrder(graph);
    const bounds = memoryBounds(graph, { trackWeights: true, maxStates: 0 });
    const budgetBytes = bounds.minimumBudgetBytes + 40;
    const full = await solveCosma({ graph, schedule: order, budgetBytes, trackWeights: true });
    const oneWindow = await solveDivideAndConquer({ graph, order, budgetBytes, trackWeights: true, windowSteps: 12 });
    expect(oneWindow.plan!.traffic.nonCompulsoryBytes).toBe(full.plan!.traffic.nonCompulsoryBytes);
    const windowed = await solveDivideAndConquer({ graph, order, budgetBytes, trackWeights: true, windowSteps: 4, commitSteps: 2 });
    expect(windowed.windows).toBe(5);
    expect(() => checkPlan(graph, windowed.plan!)).not.toThrow();
    expect(windowed.plan!.traffic.nonCompulsoryBytes).toBeGreaterThanOrEqual(full.plan!.traffic.nonCompulsoryBytes);
    const belady = baselinePlan(graph, { budgetBytes, trackWeights: true, order, eviction: 'belady' });
    expect(windowed.plan!.traffic.nonCompulsoryBytes).toBeLessThanOrEqual(belady.traffic.nonCompulsoryBytes * 1.5);
  });
});
