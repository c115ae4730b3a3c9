import { describe, expect, it } from 'vitest';
import { ilpAgent } from '../../agents/ilp.js';
import type { AgentContext } from '../../src/agent/types.js';
import type { LinearFormulation } from '../../src/environment/types.js';
import { LinearModel } from '../../src/ilp/index.js';
import { createSpace } from '../../src/space/index.js';

/** min x, min 2y subject to x + 2y >= 7, x and y integers in [0, 10]. */
function formulation(): LinearFormulation {
  return {
    description: 'x + 2y >= 7',
    resolution: { x: 1, twoY: 2 },
    build() {
      const model = new LinearModel('cover');
      const x = model.integer('x', 0, 10);
      const y = model.integer('y', 0, 10);
      model.constrain('cover', [[1, x], [2, y]], '>=', 7);
      return {
        model,
        objectives: { x: { terms: [[1, x]], constant: 0 }, twoY: { terms: [[2, y]], constant: 0 } },
        decode: (values) => ({ x: values[x.index]!, y: values[y.index]! }),
      };
    },
  };
}

const space = createSpace({
  parameters: [
    { name: 'x', type: 'integer', min: 0, max: 10 },
    { name: 'y', type: 'integer', min: 0, max: 10 },
  ],
});

function context(extra: Partial<AgentContext> = {}): AgentContext {
  return {
    space,
    objectives: [
      { metric: 'x', direction: 'min' },
      { metric: 'twoY', direction: 'min' },
    ],
    seed: 1,
    options: {},
    batchSize: 4,
    linearFormulation: formulation,
    ...extra,
  };
}

describe('ilp agent (epsilon-constraint)', () => {
  it('asks for exactly the Pareto-optimal designs, none weakly dominated, then stops', async () => {
    const agent = ilpAgent.create(context());
    const asked = [...(await agent.ask(3)), ...(await agent.ask(10))];
    // y = ceil((7 - x) / 2): (x, 2y) = (7,0) (5,2) (3,4) (1,6) (0,8); x = 2, 4, 6 are weakly dominated.
    expect(asked).toEqual([
      { x: 7, y: 0 },
      { x: 5, y: 1 },
      { x: 3, y: 2 },
      { x: 1, y: 3 },
      { x: 0, y: 4 },
    ]);
    expect(await agent.ask(5)).toEqual([]);
    expect(agent.runInfo!()).toMatchObject({ frontPoints: 5, exact: true });
  });

  it('resumes from a snapshot with the same asks', async () => {
    const first = ilpAgent.create(context());
    await first.ask(2);
    const state = JSON.parse(JSON.stringify(await first.snapshot()));
    const resumed = ilpAgent.create(context());
    await resumed.restore(state);
    expect(await resumed.ask(10)).toEqual(await first.ask(10));
  });

  it('handles a maximized objective by negating it', async () => {
    const agent = ilpAgent.create(
      context({
        objectives: [
          { metric: 'x', direction: 'min' },
          { metric: 'twoY', direction: 'max' },
        ],
      }),
    );
    // Minimizing x while maximizing 2y: one design dominates, x = 0 with y = 10.
    expect(await agent.ask(10)).toEqual([{ x: 0, y: 10 }]);
  });

  it('refuses environments without a formulation, other objective counts and non-linear objectives', () => {
    expect(() => ilpAgent.create(context({ linearFormulation: undefined }))).toThrow(/needs an environment with a linear formulation/);
    expect(() => ilpAgent.create(context({ objectives: [{ metric: 'x', direction: 'min' }] }))).toThrow(/two-objective fronts; the run has 1/);
    expect(() =>
      ilpAgent.create(
        context({
          objectives: [
            { metric: 'x', direction: 'min' },
            { metric: 'latency', direction: 'min' },
          ],
        }),
      ),
    ).toThrow(/latency is not linear.*x, twoY/);
  });
});
