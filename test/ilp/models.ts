/** Models shared by the ILP tests. */
import { LinearModel } from '../../src/ilp/index.js';

/** A 0-1 knapsack whose weights and values are strongly correlated: hard for branch and bound. */
export function correlatedKnapsack(items: number, seed: number): LinearModel {
  let state = seed;
  const random = (): number => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const model = new LinearModel(`correlated knapsack ${items}`);
  const weights = Array.from({ length: items }, () => 1 + Math.floor(random() * 1000));
  const take = weights.map((_, i) => model.binary(`take${i}`));
  const capacity = Math.floor(weights.reduce((a, b) => a + b, 0) / 2);
  model.constrain('capacity', take.map((x, i) => [weights[i]!, x] as const), '<=', capacity);
  model.maximize(take.map((x, i) => [weights[i]! + 100, x] as const));
  return model;
}
