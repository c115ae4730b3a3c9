/** The agents that ship with archdse, as the registry lists them. */
import type { AgentFactory } from '../src/agent/types.js';
import { gridAgent } from './grid.js';
import { ilpAgent } from './ilp.js';
import { nsga2Agent } from './nsga2/index.js';
import { randomAgent } from './random.js';
import { marlAgent } from './rl/marl.js';
import { ppoAgent } from './rl/ppo.js';
import { sacAgent } from './rl/sac.js';

export { GridAgent, gridAgent, IndexPermutation } from './grid.js';
export { EpsilonConstraintAgent, ilpAgent } from './ilp.js';
export { Nsga2Agent, nsga2Agent } from './nsga2/index.js';
export { RandomAgent, randomAgent } from './random.js';
export { marlAgent } from './rl/marl.js';
export { ppoAgent } from './rl/ppo.js';
export { SacAgent, sacAgent } from './rl/sac.js';

export const builtinAgents: AgentFactory[] = [randomAgent, gridAgent, nsga2Agent, marlAgent, ppoAgent, sacAgent, ilpAgent];
