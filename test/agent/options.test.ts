import { describe, expect, it } from 'vitest';
import { resolveAgentOptions } from '../../src/agent/options.js';
import { findAgent, listAgents } from '../../src/agent/registry.js';
import type { AgentFactory } from '../../src/agent/types.js';

const factory: AgentFactory = {
  name: 'demo',
  description: 'demo agent',
  options: [
    { name: 'populationSize', type: 'integer', description: 'size', default: 20, min: 2 },
    { name: 'rate', type: 'number', description: 'rate', default: 0.5, min: 0, max: 1 },
    { name: 'shuffle', type: 'boolean', description: 'shuffle', default: false },
    { name: 'mode', type: 'string', description: 'mode', default: 'a', values: ['a', 'b'] },
  ],
  create: () => {
    throw new Error('not used');
  },
};

describe('agent options', () => {
  it('fills defaults and keeps given values', () => {
    expect(resolveAgentOptions(factory, { rate: 0.25 }, 'agents[0].options')).toEqual({ populationSize: 20, rate: 0.25, shuffle: false, mode: 'a' });
  });

  it('names the JSON path, the rule and the value', () => {
    expect(() => resolveAgentOptions(factory, { populationSize: 1 }, 'agents[0].options')).toThrow('agents[0].options.populationSize: must be an integer >= 2, got 1');
    expect(() => resolveAgentOptions(factory, { rate: 2 }, 'o')).toThrow('o.rate: must be a number >= 0 and <= 1, got 2');
    expect(() => resolveAgentOptions(factory, { mode: 'c' }, 'o')).toThrow('o.mode: must be one of a, b, got "c"');
    expect(() => resolveAgentOptions(factory, { shuffle: 'yes' }, 'o')).toThrow('o.shuffle: must be true or false');
    expect(() => resolveAgentOptions(factory, { popSize: 3 }, 'o')).toThrow('o.popSize: unknown option of agent "demo"; known options: populationSize, rate, shuffle, mode');
  });

  it('finds built-in agents and lists the known ones for an unknown name', () => {
    expect(listAgents().map((a) => a.name)).toEqual(expect.arrayContaining(['random', 'grid', 'nsga2', 'marl', 'ppo', 'sac']));
    expect(findAgent('nsga2').name).toBe('nsga2');
    expect(() => findAgent('dqn', 'agents[1].name')).toThrow(/agents\[1\]\.name: unknown agent "dqn"; known agents: .*nsga2.*marl, ppo, sac/);
  });
});
