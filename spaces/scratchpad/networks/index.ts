/**
 * The built-in graphs of the scratchpad model, by name. Each entry writes its GraphSpec afresh;
 * builtInGraph() also validates it.
 */
import { buildGraph } from '../graph.js';
import type { Graph, GraphSpec } from '../types.js';
import { densenet121 } from './densenet121.js';
import { inception } from './inception.js';
import { mobilenetv2 } from './mobilenetv2.js';
import { resnet50 } from './resnet50.js';
import { toy } from './toy.js';
import { transformer } from './transformer.js';

export const builtInGraphs: Readonly<Record<string, () => GraphSpec>> = {
  toy,
  resnet50,
  mobilenetv2,
  inception,
  densenet121,
  transformer,
};

/** A built-in graph, validated; unknown names are reported with the list of known ones. */
export function builtInGraph(name: string): Graph {
  const write = Object.hasOwn(builtInGraphs, name) ? builtInGraphs[name] : undefined;
  if (!write) throw new Error(`unknown built-in graph "${name}"; built-in graphs: ${Object.keys(builtInGraphs).join(', ')}`);
  return buildGraph(write(), `built-in graph ${name}`);
}
