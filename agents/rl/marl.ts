/**
 * Multi-agent RL: one agent per design parameter (or per user-defined group of parameters), each a
 * small actor-critic network with a categorical head over its parameter's values, all trained with
 * the clipped policy gradient on one shared team reward and acting without seeing each other
 * (decentralized training and execution, as in the DRAM study of Krishnan et al. 2022, where each
 * agent owns one memory-controller knob). See clipped-policy-gradient.ts for the learner.
 */
import type { AgentFactory } from '../../src/agent/types.js';
import { rlCommonOptionSpecs, unsupportedByRl } from './base.js';
import { ClippedPolicyGradientAgent, clippedOptionSpecs } from './clipped-policy-gradient.js';

export const marlAgent: AgentFactory = {
  name: 'marl',
  description: 'Multi-agent RL: one PPO agent per parameter (or parameter group) on a shared multi-objective reward (TensorFlow.js).',
  options: [
    {
      name: 'groups',
      type: 'string',
      description: 'parameter groups, one agent each: groups separated by ";", parameters by "," (e.g. "PagePolicy,Scheduler;Arbiter"); parameters not named get an agent each; empty: one agent per parameter',
      default: '',
    },
    ...rlCommonOptionSpecs,
    ...clippedOptionSpecs,
  ],
  unsupported: unsupportedByRl,
  create: (context) => new ClippedPolicyGradientAgent(context, 'marl', context.options.groups as string),
};
