/**
 * Single-agent PPO: one actor-critic network over the joint action (a factored categorical head
 * per parameter), one probability ratio and trust region for the whole design. The baseline the
 * multi-agent formulation is compared with. See clipped-policy-gradient.ts for the learner.
 */
import type { AgentFactory } from '../../src/agent/types.js';
import { rlCommonOptionSpecs, unsupportedByRl } from './base.js';
import { ClippedPolicyGradientAgent, clippedOptionSpecs } from './clipped-policy-gradient.js';

export const ppoAgent: AgentFactory = {
  name: 'ppo',
  description: 'Single-agent PPO over the joint design (factored categorical heads) on a multi-objective reward (TensorFlow.js).',
  options: [...rlCommonOptionSpecs, ...clippedOptionSpecs],
  unsupported: unsupportedByRl,
  create: (context) => new ClippedPolicyGradientAgent(context, 'ppo', 'single'),
};
