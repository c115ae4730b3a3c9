import { describe, expect, it } from 'vitest';
import { memoryBounds, unavoidablePeakBytes } from '../../spaces/scratchpad/bounds.js';
import {
  defaultOrder,
  isTracked,
  liveBytesPerStep,
  orderProblem,
  stepOfOperators,
  useSteps,
  workingSetBytes,
} from '../../spaces/scratchpad/liveness.js';
import type { Graph } from '../../spaces/scratchpad/types.js';
import { allTopologicalOrders, chainWithSkips, graphOf, randomGraph, toyGraph, weightedGraph } from './fixtures.js';

const peakOf = (graph: Graph, order: readonly number[], trackWeights: boolean) =>
  Math.max(0, ...liveBytesPerStep(graph, order, trackWeights));

describe('liveness', () => {
  it('tracks weights only when asked, activations and inputs always', () => {
    const g = weightedGraph();
    const kinds = g.tensors.map((t) => [t.name, isTracked(g, t.index, false), isTracked(g, t.index, true)]);
    expect(kinds).toEqual([
      ['in', true, true],
      ['w1', false, true],
      ['w2', false, true],
      ['x', true, true],
      ['y', true, true],
      ['z', true, true],
    ]);
  });

  it('maps orders to steps and back', () => {
    expect(defaultOrder(toyGraph())).toEqual([0, 1, 2, 3]);
    expect(stepOfOperators([2, 0, 3, 1])).toEqual([1, 3, 0, 2]);
  });

  it('lists use steps under an order: producer and consumers, ascending; nothing for untracked weights', () => {
    const toy = toyGraph();
    expect(useSteps(toy, [0, 1, 2, 3], false)).toEqual([[0, 3], [1, 2], [2, 3], [3]]);
    expect(useSteps(toy, [1, 2, 0, 3], false)).toEqual([[2, 3], [0, 1], [1, 3], [3]]);
    const g = weightedGraph();
    expect(useSteps(g, [0, 1, 2], false)).toEqual([[0, 2], [], [], [0, 1], [1, 2], [2]]);
    expect(useSteps(g, [0, 1, 2], true)).toEqual([[0, 2], [0], [1], [0, 1], [1, 2], [2]]);
  });

  it('sums working sets of tracked operands', () => {
    const g = weightedGraph();
    expect(g.operators.map((op) => workingSetBytes(g, op.index, true))).toEqual([28, 30, 18]);
    expect(g.operators.map((op) => workingSetBytes(g, op.index, false))).toEqual([24, 24, 18]);
  });

  it('counts live bytes per step: activations from creation, inputs and weights from first use, graph outputs once', () => {
    expect(liveBytesPerStep(toyGraph(), [0, 1, 2, 3], false)).toEqual([10, 110, 210, 120]);
    expect(liveBytesPerStep(toyGraph(), [1, 2, 0, 3], false)).toEqual([100, 200, 110, 120]);
    // in lives 0..2 (first use to last), w2 only at step 1, z only at step 2.
    expect(liveBytesPerStep(weightedGraph(), [0, 1, 2], true)).toEqual([28, 38, 18]);
    expect(liveBytesPerStep(weightedGraph(), [0, 1, 2], false)).toEqual([24, 32, 18]);
  });

  it('rejects orders that are not permutations or run a consumer before its producer', () => {
    const toy = toyGraph();
    expect(orderProblem(toy, [1, 0, 2, 3])).toBeUndefined();
    expect(orderProblem(toy, [0, 2, 1, 3])).toMatch(/before step 2 produces its input 't11'/);
    expect(orderProblem(toy, [0, 1, 1, 3])).toMatch(/runs twice/);
    expect(orderProblem(toy, [0, 1, 2])).toMatch(/3 steps but the graph has 4/);
    expect(() => memoryBounds(toy, { trackWeights: false, order: [3, 0, 1, 2] })).toThrow(/invalid operator order/);
  });
});

describe('memory bounds', () => {
  it('COSMA toy: M_R 200, declared-order peak 210, M_P 200 by running op1, op2 before op0', () => {
    const bounds = memoryBounds(toyGraph(), { trackWeights: false });
    expect(bounds.minimumBudgetBytes).toBe(200);
    expect(bounds.fixedOrderPeakBytes).toBe(210);
    expect(bounds.minimumPeakBytes).toBe(200);
    expect(bounds.minimumPeakOrder).toEqual([1, 2, 0, 3]);
    expect(bounds.statesExplored).toBeGreaterThan(0);
  });

  it('uses the given order for the fixed-order peak', () => {
    const bounds = memoryBounds(toyGraph(), { trackWeights: false, order: [1, 0, 2, 3] });
    expect(bounds.fixedOrderPeakBytes).toBe(210);
    expect(memoryBounds(toyGraph(), { trackWeights: false, order: [1, 2, 0, 3] }).fixedOrderPeakBytes).toBe(200);
  });

  it('counts weights only when tracked', () => {
    const tracked = memoryBounds(weightedGraph(), { trackWeights: true });
    const untracked = memoryBounds(weightedGraph(), { trackWeights: false });
    expect([tracked.minimumBudgetBytes, tracked.fixedOrderPeakBytes, tracked.minimumPeakBytes]).toEqual([30, 38, 38]);
    expect([untracked.minimumBudgetBytes, untracked.fixedOrderPeakBytes, untracked.minimumPeakBytes]).toEqual([24, 32, 32]);
  });

  it('skips the search when the order already meets M_R', () => {
    const g = graphOf('pair', [['a', 5], ['b', 7]], [['p', [], ['a']], ['q', ['a'], ['b']]]);
    expect(memoryBounds(g, { trackWeights: false })).toEqual({
      minimumBudgetBytes: 12,
      fixedOrderPeakBytes: 12,
      minimumPeakBytes: 12,
      minimumPeakOrder: [0, 1],
      statesExplored: 0,
    });
  });

  it('bounds every order by what must be live across each operator', () => {
    // Toy: op0 and op1..op2 are independent, so nothing is forced across op2: only M_R.
    expect(unavoidablePeakBytes(toyGraph(), false)).toBe(200);
    // Weighted: 'in' is read before and after b in every order: 30 + 8 (tracked), 24 + 8 (not).
    expect(unavoidablePeakBytes(weightedGraph(), true)).toBe(38);
    expect(unavoidablePeakBytes(weightedGraph(), false)).toBe(32);
    expect(memoryBounds(weightedGraph(), { trackWeights: true }).statesExplored).toBe(0);
  });

  it('solves many parallel branches without enumerating their interleavings', () => {
    // Twelve independent three-operator heads joined at the end (4^12 downsets), then a wide tail
    // whose peak no order avoids.
    const tensors: Array<[string, number]> = [['x', 64], ['joined', 64], ['wide', 512], ['out', 8]];
    const ops: Array<[string, string[], string[]]> = [];
    const heads = Array.from({ length: 12 }, (_, h) => h);
    ops.push(['split', ['x'], heads.map((h) => `q${h}`)]);
    for (const h of heads) {
      tensors.push([`q${h}`, 8], [`s${h}`, 16], [`p${h}`, 16], [`c${h}`, 8]);
      ops.push([`scores${h}`, [`q${h}`], [`s${h}`]], [`softmax${h}`, [`s${h}`], [`p${h}`]], [`context${h}`, [`p${h}`], [`c${h}`]]);
    }
    ops.push(['join', heads.map((h) => `c${h}`), ['joined']], ['up', ['joined'], ['wide']], ['down', ['wide', 'x'], ['out']]);
    const g = graphOf('heads', tensors.map(([name, size]) => [name, size]), ops);
    const bounds = memoryBounds(g, { trackWeights: false });
    expect(bounds.fixedOrderPeakBytes).toBe(64 + 64 + 512);
    expect(bounds.minimumPeakBytes).toBe(640);
    expect(bounds.statesExplored).toBe(0);
  });

  it('handles an empty graph', () => {
    const bounds = memoryBounds(graphOf('empty', [], []), { trackWeights: true });
    expect(bounds).toMatchObject({ minimumBudgetBytes: 0, fixedOrderPeakBytes: 0, minimumPeakBytes: 0, minimumPeakOrder: [] });
  });

  it('finds M_P equal to brute force over all topological orders on random DAGs', () => {
    let reordered = 0;
    let searched = 0;
    for (let seed = 1; seed <= 60; seed++) {
      const graph = randomGraph(seed, { minOperators: 3, maxOperators: 8 });
      for (const trackWeights of [false, true]) {
        const bruteForce = Math.min(...allTopologicalOrders(graph).map((order) => peakOf(graph, order, trackWeights)));
        const bounds = memoryBounds(graph, { trackWeights });
        expect(bounds.minimumPeakBytes, `seed ${seed}, trackWeights ${trackWeights}`).toBe(bruteForce);
        expect(orderProblem(graph, bounds.minimumPeakOrder!)).toBeUndefined();
        expect(peakOf(graph, bounds.minimumPeakOrder!, trackWeights)).toBe(bruteForce);
        expect(bounds.minimumBudgetBytes).toBeLessThanOrEqual(bruteForce);
        expect(unavoidablePeakBytes(graph, trackWeights)).toBeLessThanOrEqual(bruteForce);
        if (bruteForce < bounds.fixedOrderPeakBytes) reordered++;
        if (bounds.statesExplored > 0) searched++;
      }
    }
    // The comparison means something only if reordering often helps.
    expect(reordered).toBeGreaterThan(10);
    expect(searched).toBeGreaterThan(reordered);
  });

  it('gives up past maxStates, leaving M_P absent', () => {
    const bounds = memoryBounds(toyGraph(), { trackWeights: false, maxStates: 2 });
    expect(bounds.minimumPeakBytes).toBeUndefined();
    expect(bounds.minimumPeakOrder).toBeUndefined();
    expect(bounds.statesExplored).toBe(2);
    expect(bounds.fixedOrderPeakBytes).toBe(210);
  });

  it('finishes on a 200-operator chain with skip connections and on wide random graphs', () => {
    const chain = chainWithSkips(200);
    const bounds = memoryBounds(chain, { trackWeights: true });
    expect(bounds.minimumPeakBytes).toBeDefined();
    expect(bounds.minimumPeakBytes!).toBeLessThanOrEqual(bounds.fixedOrderPeakBytes);
    const wide = randomGraph(7, { minOperators: 40, maxOperators: 40 });
    const wideBounds = memoryBounds(wide, { trackWeights: false, maxStates: 20_000 });
    expect(wideBounds.statesExplored).toBeLessThanOrEqual(20_000);
    if (wideBounds.minimumPeakBytes !== undefined) {
      expect(peakOf(wide, wideBounds.minimumPeakOrder!, false)).toBe(wideBounds.minimumPeakBytes);
    }
  });
});
