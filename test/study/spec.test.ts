import { describe, expect, it } from 'vitest';
import { parseSpec, planRuns, SpecError } from '../../src/study/spec.js';

const valid = { space: 'zdt1', agents: ['nsga2'], budget: { evaluations: 100 } };

function errorOf(value: unknown): string {
  try {
    parseSpec(value, 'spec.json');
  } catch (error) {
    expect(error).toBeInstanceOf(SpecError);
    return (error as Error).message;
  }
  throw new Error('expected the spec to be rejected');
}

describe('sweep spec', () => {
  it('accepts a minimal spec and plans one run per agent and seed', () => {
    const spec = parseSpec({ ...valid, agents: ['nsga2', { name: 'random', label: 'rnd', budget: 50 }], seeds: [1, 2] });
    const runs = planRuns(spec);
    expect(runs.map((r) => `${r.dir}:${r.budget.evaluations}`)).toEqual(['nsga2-seed1:100', 'nsga2-seed2:100', 'rnd-seed1:50', 'rnd-seed2:50']);
    expect(planRuns(parseSpec(valid))[0].dir).toBe('');
  });

  it('names the JSON path of each problem', () => {
    expect(errorOf({ ...valid, agents: [{ name: 'nsga2', budget: -3 }] })).toContain('agents[0].budget: must be a positive integer');
    expect(errorOf({ ...valid, agents: [{ name: 'nsga2', budget: 2.5 }] })).toContain('agents[0].budget: must be a positive integer');
    expect(errorOf({ ...valid, budget: {} })).toContain('budget: must set at least one of evaluations, timeSeconds, targetHypervolume');
    expect(errorOf({ ...valid, workers: 0 })).toContain('workers: must be a positive integer');
    expect(errorOf({ ...valid, agents: [] })).toContain('agents: must list at least one agent');
    expect(errorOf({ ...valid, objectives: [{ metric: 'f1', direction: 'up' }] })).toContain('objectives[0]');
    const message = errorOf({ agents: ['nsga2'], budget: { evaluations: 1 } });
    expect(message).toMatch(/^spec\.json: space:/);
  });

  it('rejects unknown fields by name and bad constraint strings', () => {
    expect(errorOf({ ...valid, budgett: 3 })).toContain('unknown field "budgett"');
    expect(errorOf({ ...valid, constraints: ['area_mm2 <= lots'] })).toContain('constraints[0]');
    expect(errorOf({ ...valid, constraints: ['area_mm2 ~ 4'] })).toContain('expected METRIC OP NUMBER');
  });

  it('rejects one label used twice', () => {
    expect(() => planRuns(parseSpec({ ...valid, agents: ['nsga2', 'nsga2'] }))).toThrow(/label "nsga2" is used twice/);
  });
});
