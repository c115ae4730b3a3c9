/** Small real sweeps for the report tests, run in-process. */
import { join } from 'node:path';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';

export async function runSweep(dir: string, spec: unknown, baseDir = dir): Promise<string> {
  const out = join(dir, 'out');
  await startSweep(parseSpec(spec), baseDir, out);
  return out;
}

/** Two agents, two seeds each, on ZDT1 (whose true front is known). */
export const ZDT_SPEC = {
  name: 'zdt report test',
  space: 'zdt1',
  options: { variables: 6 },
  agents: [{ name: 'nsga2', options: { populationSize: 12 } }, 'random'],
  seeds: [1, 2],
  budget: { evaluations: 120 },
  batchSize: 20,
};

/** The systolic space with three objectives and its per-layer pictures. */
export const SYSTOLIC_SPEC = {
  name: 'systolic report test',
  space: 'systolic',
  options: { network: 'mobilenet_v1', mode: 'native' },
  parameters: { dramBandwidthWords: 16, clockMHz: 1000, wordBytes: 1 },
  objectives: ['latencyNs', 'energyPj', 'areaMm2'],
  agents: ['random'],
  seeds: [1, 2],
  budget: { evaluations: 60 },
  batchSize: 20,
};
