/** Looks agents up by name; an unknown name lists the known ones. */
import { builtinAgents } from '../../agents/index.js';
import type { AgentFactory } from './types.js';

export function listAgents(): readonly AgentFactory[] {
  return builtinAgents;
}

export function findAgent(name: string, where = 'agent'): AgentFactory {
  const found = builtinAgents.find((a) => a.name === name);
  if (!found) throw new Error(`${where}: unknown agent "${name}"; known agents: ${builtinAgents.map((a) => a.name).join(', ')}`);
  return found;
}
