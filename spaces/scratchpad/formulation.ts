/**
 * The scratchpad model as a linear formulation for exact agents: the fixed-order COSMA ILP with
 * the budget as a variable, so that budget (or area) and traffic (or energy) are both linear
 * objectives and the epsilon-constraint method can trace their exact Pareto front.
 */
import type { LinearExpression, LinearFormulation } from '../../src/environment/types.js';
import type { SolveOptions } from '../../src/ilp/index.js';
import type { Space } from '../../src/space/types.js';
import { buildFixedOrderModel, sizeUnitBytes } from './cosma-fixed.js';
import { isTracked } from './liveness.js';
import type { GraphBounds, Schedule, Tracking } from './policies.js';
import type { Graph } from './types.js';

export interface CostConstants {
  readonly areaMm2PerByte: number;
  readonly energyPjPerByte: number;
}

/** Compulsory off-chip bytes: first loads of tracked weights and of inputs, one write per graph output. */
export function compulsoryBytes(graph: Graph, trackWeights: boolean): number {
  let total = 0;
  for (const tensor of graph.tensors) {
    const output = tensor.kind === 'activation' && tensor.consumers.length === 0;
    const loaded = tensor.kind !== 'activation' && isTracked(graph, tensor.index, trackWeights);
    if (output || loaded) total += tensor.sizeBytes;
  }
  return total;
}

function scaled(expression: LinearExpression, factor: number, offset = 0): LinearExpression {
  return { terms: expression.terms.map(([c, v]) => [c * factor, v] as const), constant: expression.constant * factor + offset };
}

/**
 * The formulation over the space's policy `cosma`, at the default schedule and tracking of the
 * space (narrow them in the sweep's `parameters` to choose others).
 */
export function scratchpadFormulation(bounds: GraphBounds, space: Space, solver: SolveOptions, costs: CostConstants): LinearFormulation {
  const { graph } = bounds;
  const defaults = space.defaultPoint();
  const schedule = defaults.schedule as Schedule;
  const tracking = defaults.tracking as Tracking;
  if (schedule === 'free') throw new Error('the scratchpad linear formulation needs a fixed schedule (default or min-peak), not free');
  if (!space.parameter('policy').values!.includes('cosma')) throw new Error('the scratchpad linear formulation stands for policy cosma, which the space excludes');
  const budget = space.parameter('budgetBytes').definition as { min: number; max: number };
  const trackWeights = tracking !== 'activations';
  const order = bounds.order(schedule, tracking);
  const minimumBytes = Math.max(budget.min, bounds.of(tracking).minimumBudgetBytes);
  const compulsory = compulsoryBytes(graph, trackWeights);
  const unitBytes = sizeUnitBytes(graph, trackWeights);
  return {
    description: `COSMA ILP of ${graph.name} (${schedule} order, tracking ${tracking}) with the budget as a variable in [${minimumBytes}, ${budget.max}] B`,
    solver,
    resolution: {
      scratchpadBytes: unitBytes,
      areaMm2: unitBytes * costs.areaMm2PerByte,
      nonCompulsoryBytes: unitBytes,
      offChipBytes: unitBytes,
      offChipEnergyPj: unitBytes * costs.energyPjPerByte,
    },
    build() {
      const fixed = buildFixedOrderModel({ graph, order, budgetBytes: budget.max, trackWeights, variableBudget: true });
      const budgetVariable = fixed.budget!;
      // Budgets are whole units inside the space's range.
      fixed.model.constrain('budget_at_least_min', [[1, budgetVariable]], '>=', Math.ceil(minimumBytes / unitBytes));
      const budgetBytes: LinearExpression = { terms: [[unitBytes, budgetVariable]], constant: 0 };
      const trafficBytes = scaled(fixed.traffic, unitBytes);
      const offChip = scaled(trafficBytes, 1, compulsory);
      return {
        model: fixed.model,
        objectives: {
          scratchpadBytes: budgetBytes,
          areaMm2: scaled(budgetBytes, costs.areaMm2PerByte),
          nonCompulsoryBytes: trafficBytes,
          offChipBytes: offChip,
          offChipEnergyPj: scaled(offChip, costs.energyPjPerByte),
        },
        decode: (values) => ({ budgetBytes: Math.round(values[budgetVariable.index]!) * unitBytes, policy: 'cosma', schedule, tracking }),
      };
    },
  };
}
