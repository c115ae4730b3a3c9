import { describe, expect, it } from 'vitest';
import { baselinePlan, runBaseline, scheduleOrder, type EvictionPolicy } from '../../spaces/scratchpad/baselines.js';
import { memoryBounds } from '../../spaces/scratchpad/bounds.js';
import { defaultOrder } from '../../spaces/scratchpad/liveness.js';
import { allocateGreedyBySize } from '../../spaces/scratchpad/offset-allocator.js';
import { checkPlan } from '../../spaces/scratchpad/plan-check.js';
import type { AllocationPlan, Graph } from '../../spaces/scratchpad/types.js';
import { Rng } from '../../src/util/rng.js';
import { chainWithSkips, graphOf, randomGraph, toyGraph, weightedGraph } from './fixtures.js';

const policies: EvictionPolicy[] = ['belady', 'greedy'];

/** Placements as readable strings: name@offset[first,last]start(+spill). */
function describePlacements(graph: Graph, plan: AllocationPlan): string[] {
  return plan.placements.map(
    (p) => `${graph.tensors[p.tensor].name}@${p.offsetBytes}[${p.firstStep},${p.lastStep}]${p.start}${p.spilledAtEnd ? '+spill' : ''}`,
  );
}

function plan(graph: Graph, budgetBytes: number, eviction: EvictionPolicy, trackWeights = false): AllocationPlan {
  return baselinePlan(graph, { budgetBytes, trackWeights, order: defaultOrder(graph), eviction });
}

describe('greedy-by-size offset allocator', () => {
  it('places largest first at the lowest free offset among blocks alive at the same time', () => {
    const blocks = [
      { sizeBytes: 10, firstStep: 0, lastStep: 3, key: 0 },
      { sizeBytes: 100, firstStep: 1, lastStep: 2, key: 1 },
      { sizeBytes: 100, firstStep: 2, lastStep: 3, key: 2 },
      { sizeBytes: 10, firstStep: 3, lastStep: 3, key: 3 },
    ];
    expect(allocateGreedyBySize(blocks, 210, 4)).toEqual({ offsetsBytes: [200, 0, 100, 0], failures: [] });
  });

  it('reuses a gap below a block when it is large enough', () => {
    const blocks = [
      { sizeBytes: 50, firstStep: 0, lastStep: 0, key: 0 },
      { sizeBytes: 40, firstStep: 1, lastStep: 2, key: 1 },
      { sizeBytes: 30, firstStep: 0, lastStep: 1, key: 2 },
      { sizeBytes: 10, firstStep: 1, lastStep: 1, key: 3 },
    ];
    // 30 sits above 50 (step 0) and 40 (step 1) at 50; 10 fits in the hole [40, 50) at step 1.
    expect(allocateGreedyBySize(blocks, 100, 3).offsetsBytes).toEqual([0, 0, 50, 40]);
  });

  it('reports a failure at its first over-budget step, or none when only fragmentation is to blame', () => {
    const overBudget = [
      { sizeBytes: 60, firstStep: 0, lastStep: 1, key: 0 },
      { sizeBytes: 50, firstStep: 1, lastStep: 2, key: 1 },
    ];
    expect(allocateGreedyBySize(overBudget, 100, 3)).toEqual({ offsetsBytes: [0, undefined], failures: [{ block: 1, overBudgetStep: 1 }] });
    const fragmented = [
      { sizeBytes: 60, firstStep: 0, lastStep: 0, key: 0 },
      { sizeBytes: 40, firstStep: 0, lastStep: 1, key: 1 },
      { sizeBytes: 55, firstStep: 2, lastStep: 2, key: 2 },
      { sizeBytes: 40, firstStep: 1, lastStep: 2, key: 3 },
    ];
    // The last block has room at step 1 ([0, 60): 80 B used of 100) and at step 2 ([55, 100): 95 B),
    // but no offset is free at both.
    const result = allocateGreedyBySize(fragmented, 100, 3);
    expect(result.offsetsBytes).toEqual([0, 60, 0, undefined]);
    expect(result.failures).toEqual([{ block: 3, overBudgetStep: undefined }]);
  });
});

describe('baseline plans on hand-computed graphs', () => {
  it('COSMA toy at budget 200: both policies spill t10 after step 0 and reload it at step 3 (20 B)', () => {
    const toy = toyGraph();
    for (const eviction of policies) {
      const result = plan(toy, 200, eviction);
      expect(describePlacements(toy, result)).toEqual([
        't10@0[0,0]created+spill',
        't11@0[1,2]created',
        't12@100[2,3]created',
        't10@0[3,3]reloaded',
        't13@10[3,3]created',
      ]);
      expect(result.traffic).toEqual({ compulsoryBytes: 10, spillBytes: 10, reloadBytes: 10, nonCompulsoryBytes: 20, totalBytes: 30 });
      expect(result.peakBytes).toBe(200);
      expect(checkPlan(toy, result).traffic).toEqual(result.traffic);
    }
  });

  it('COSMA toy at its no-spill peak 210: nothing spilled', () => {
    const toy = toyGraph();
    const result = plan(toy, 210, 'belady');
    expect(result.traffic.nonCompulsoryBytes).toBe(0);
    expect(result.peakBytes).toBe(210);
    expect(describePlacements(toy, result)).toEqual(['t10@200[0,3]created', 't11@0[1,2]created', 't12@100[2,3]created', 't13@0[3,3]created']);
  });

  it('COSMA toy in the minimum-peak order needs no spill at 200', () => {
    const toy = toyGraph();
    const order = scheduleOrder(toy, 'min-peak', { trackWeights: false });
    expect(order).toEqual([1, 2, 0, 3]);
    expect(scheduleOrder(toy, 'default', { trackWeights: false })).toEqual([0, 1, 2, 3]);
    const result = baselinePlan(toy, { budgetBytes: 200, trackWeights: false, order, eviction: 'belady' });
    expect(result.traffic.nonCompulsoryBytes).toBe(0);
    checkPlan(toy, result);
  });

  it('refuses budgets below M_R and invalid orders', () => {
    expect(() => plan(toyGraph(), 199, 'belady')).toThrow(/below M_R = 200 bytes.*'op2'/);
    expect(() => baselinePlan(toyGraph(), { budgetBytes: 300, trackWeights: false, order: [0, 2, 1, 3], eviction: 'greedy' })).toThrow(/invalid operator order/);
  });

  it('Belady evicts the farthest next use, greedy the largest tensor', () => {
    // At step 2, A (50 B, next use 3) and B (10 B, next use 4) are resident and unused; 120 B > 115 B.
    const g = graphOf(
      'far-vs-large',
      [['A', 50], ['B', 10], ['C', 60], ['D', 5], ['E', 5]],
      [['p0', [], ['A']], ['p1', [], ['B']], ['p2', [], ['C']], ['p3', ['A', 'C'], ['D']], ['p4', ['B', 'D'], ['E']]],
    );
    const belady = plan(g, 115, 'belady');
    expect(belady.traffic).toMatchObject({ spillBytes: 10, reloadBytes: 10 });
    expect(describePlacements(g, belady)).toEqual([
      'A@60[0,3]created',
      'B@0[1,1]created+spill',
      'C@0[2,3]created',
      'D@110[3,4]created',
      'B@0[4,4]reloaded',
      'E@10[4,4]created',
    ]);
    // Greedy frees 50 B by evicting A, then still needs B out at step 3 (125 B live): 2 x (50 + 10).
    const greedy = plan(g, 115, 'greedy');
    expect(greedy.traffic).toMatchObject({ spillBytes: 60, reloadBytes: 60, nonCompulsoryBytes: 120 });
    expect(describePlacements(g, greedy).filter((p) => p.includes('spill') || p.includes('reloaded'))).toEqual([
      'A@0[0,0]created+spill',
      'B@0[1,1]created+spill',
      'A@60[3,3]reloaded',
      'B@0[4,4]reloaded',
    ]);
    for (const eviction of policies) {
      checkPlan(g, plan(g, 115, eviction));
      expect(plan(g, 125, eviction).traffic.nonCompulsoryBytes).toBe(0);
    }
  });

  it('reloads inputs and tracked weights without spilling them', () => {
    const weighted = weightedGraph();
    const input = plan(weighted, 24, 'belady');
    expect(input.traffic).toEqual({ compulsoryBytes: 10, spillBytes: 0, reloadBytes: 8, nonCompulsoryBytes: 8, totalBytes: 18 });
    expect(describePlacements(weighted, input).filter((p) => p.startsWith('in@'))).toEqual(['in@16[0,0]loaded', 'in@0[2,2]reloaded']);

    const g = graphOf(
      'shared-weight',
      [['in', 10, 'input'], ['w', 50, 'weight'], ['a', 10], ['b', 60], ['c', 10], ['d', 5]],
      [['op0', ['in', 'w'], ['a']], ['op1', ['a'], ['b']], ['op2', ['b'], ['c']], ['op3', ['c', 'w'], ['d']]],
    );
    const tracked = plan(g, 70, 'greedy', true);
    expect(tracked.traffic).toEqual({ compulsoryBytes: 65, spillBytes: 0, reloadBytes: 50, nonCompulsoryBytes: 50, totalBytes: 115 });
    expect(describePlacements(g, tracked).filter((p) => p.startsWith('w@'))).toEqual(['w@0[0,0]loaded', 'w@0[3,3]reloaded']);
    // Untracked, the weight takes no room and 70 B is the no-spill peak.
    expect(plan(g, 70, 'greedy', false).traffic).toEqual({ compulsoryBytes: 15, spillBytes: 0, reloadBytes: 0, nonCompulsoryBytes: 0, totalBytes: 15 });
  });

  it('isolates a step whose working set fits in bytes but not in the layout (fragmentation fallback)', () => {
    // in (59 B) sits at 0 through step 1, so a4 lands at 59; at step 2 a4, a2 and a5 need exactly
    // the budget (125 B = M_R) but a4 at 59 leaves only holes: a4 is spilled after step 1 and
    // reloaded at 0 for step 2 alone.
    const g = graphOf(
      'fragmented',
      [['in', 59, 'input'], ['a2', 46], ['a4', 51], ['a5', 28]],
      [['op0', ['in'], ['a2']], ['op1', ['in'], ['a4']], ['op2', ['a4', 'a2'], ['a5']]],
    );
    const run = runBaseline(g, { budgetBytes: 125, trackWeights: false, order: [0, 1, 2], eviction: 'belady' });
    expect(run.evictions).toBe(1);
    expect(run.isolatedSteps).toEqual([2]);
    expect(run.allocations).toBe(3);
    expect(describePlacements(g, run.plan)).toEqual([
      'in@0[0,1]loaded',
      'a2@59[0,0]created+spill',
      'a4@59[1,1]created+spill',
      'a2@51[2,2]reloaded',
      'a4@0[2,2]reloaded',
      'a5@97[2,2]created',
    ]);
    expect(checkPlan(g, run.plan).traffic.nonCompulsoryBytes).toBe(2 * (46 + 51));
  });
});

describe('baseline plans pass checkPlan on random graphs', () => {
  it('both policies, weights tracked or not, budgets from M_R to beyond the no-spill peak', () => {
    const rng = new Rng(2024);
    let spilling = 0;
    let isolating = 0;
    let plans = 0;
    for (let seed = 1; seed <= 150; seed++) {
      const graph = randomGraph(seed, { minOperators: 3, maxOperators: 12 });
      for (const trackWeights of [false, true]) {
        const bounds = memoryBounds(graph, { trackWeights, maxStates: 0 });
        const budgets = [bounds.minimumBudgetBytes, bounds.fixedOrderPeakBytes, bounds.fixedOrderPeakBytes * 2];
        for (let i = 0; i < 4; i++) budgets.push(bounds.minimumBudgetBytes + rng.int(bounds.fixedOrderPeakBytes - bounds.minimumBudgetBytes + 1));
        for (const budgetBytes of budgets) {
          for (const eviction of policies) {
            const run = runBaseline(graph, { budgetBytes, trackWeights, order: defaultOrder(graph), eviction });
            const checked = checkPlan(graph, run.plan);
            expect(checked.peakBytes).toBeLessThanOrEqual(budgetBytes);
            if (budgetBytes >= 2 * bounds.fixedOrderPeakBytes) expect(checked.traffic.nonCompulsoryBytes).toBe(0);
            plans++;
            if (run.evictions > 0) spilling++;
            if (run.isolatedSteps.length > 0) isolating++;
          }
        }
      }
    }
    // The suite must exercise eviction and the fragmentation fallback, not only easy budgets.
    expect(plans).toBe(150 * 2 * 7 * 2);
    expect(spilling).toBeGreaterThan(plans / 4);
    expect(isolating).toBeGreaterThan(10);
  });

  it('plans a 200-operator chain with skip connections in well under a second at any budget', () => {
    const chain = chainWithSkips(200);
    plan(chain, 10_000, 'belady', true); // warm-up
    for (const trackWeights of [false, true]) {
      const bounds = memoryBounds(chain, { trackWeights, maxStates: 0 });
      for (const fraction of [0, 0.5, 1]) {
        const budgetBytes = Math.round(bounds.minimumBudgetBytes + fraction * (bounds.fixedOrderPeakBytes - bounds.minimumBudgetBytes));
        for (const eviction of policies) {
          const started = performance.now();
          const result = plan(chain, budgetBytes, eviction, trackWeights);
          const elapsedMs = performance.now() - started;
          expect(elapsedMs, `${budgetBytes} B, ${eviction}`).toBeLessThan(1000);
          checkPlan(chain, result);
        }
      }
    }
  });
});
