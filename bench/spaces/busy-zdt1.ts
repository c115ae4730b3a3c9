/**
 * ZDT1 with a fixed amount of CPU work per evaluation (option `busyMs`), standing in for a model
 * that costs about a millisecond: the workload of the worker-scaling benchmark.
 */
import type { EnvironmentProvider } from '../../src/environment/types.js';
import { testProblemProviders } from '../../spaces/testproblems/index.js';

function burn(ms: number): number {
  const until = performance.now() + ms;
  let x = 0;
  while (performance.now() < until) x += Math.sqrt(x + 1);
  return x;
}

const zdt1 = testProblemProviders.find((p) => p.id === 'zdt1')!;

const provider: EnvironmentProvider = {
  id: 'busy-zdt1',
  title: 'ZDT1 with a fixed CPU cost per evaluation',
  options: [
    { name: 'busyMs', type: 'number', description: 'CPU time burnt per evaluation (ms)', default: 1 },
    { name: 'variables', type: 'integer', description: 'decision variables', default: 30 },
  ],
  async create(options, context) {
    const base = await zdt1.create({ variables: options.variables }, context);
    const busyMs = options.busyMs as number;
    return {
      ...base,
      id: 'busy-zdt1',
      evaluate(point) {
        burn(busyMs);
        return base.evaluate(point);
      },
    };
  },
};

export default provider;
