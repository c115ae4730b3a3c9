/**
 * Graph files and their validation: a GraphSpec (what a file or a built-in network writes) becomes
 * a Graph (names resolved to indices, producers and consumers known) only when it is a valid
 * dataflow graph, and every problem is reported with the field path and the tensor or operator it
 * concerns. Everything here is linear in the size of the graph.
 */
import { readFileSync } from 'node:fs';
import type { Graph, GraphSpec, Operator, OperatorSpec, Tensor, TensorKind, TensorSpec } from './types.js';

/** A graph that cannot be used; `problems` are the individual messages, each without the origin. */
export class GraphError extends Error {
  constructor(
    /** File path, `built-in graph X`, or `graph "X"`. */
    readonly origin: string,
    readonly problems: readonly string[],
  ) {
    super(formatProblems(origin, problems));
    this.name = 'GraphError';
  }
}

/** Beyond this many, the message counts the rest instead of listing them. */
const MAX_LISTED_PROBLEMS = 20;

function formatProblems(origin: string, problems: readonly string[]): string {
  const listed = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `${origin}: ${p}`);
  const rest = problems.length - listed.length;
  if (rest > 0) listed.push(`${origin}: ... and ${rest} more problem${rest > 1 ? 's' : ''}`);
  return listed.join('\n');
}

const TENSOR_KINDS: readonly TensorKind[] = ['activation', 'weight', 'input'];
const GRAPH_FIELDS = ['name', 'title', 'source', 'tensors', 'operators'];
const TENSOR_FIELDS = ['name', 'sizeBytes', 'kind'];
const OPERATOR_FIELDS = ['name', 'type', 'inputs', 'outputs'];

/** How a value that has the wrong type is shown in a message. */
function shown(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') return `"${value.length > 40 ? `${value.slice(0, 40)}...` : value}" (a string)`;
  return String(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isName(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}

/** Reports fields of `record` outside `allowed` (misspelt fields would otherwise be ignored silently). */
function checkFields(record: Record<string, unknown>, allowed: readonly string[], path: string, who: string, problems: string[]): void {
  for (const key in record) {
    if (!allowed.includes(key)) problems.push(`${path}: ${who}has unknown field "${key}"; allowed: ${allowed.join(', ')}`);
  }
}

/** A tensor entry that passed its own checks; graph relations are filled in while reading operators. */
interface TensorDraft {
  readonly name: string;
  readonly sizeBytes: number;
  readonly kind: TensorKind;
  producer: number;
  readonly consumers: number[];
}

/** An operator entry with its references resolved (only those that resolved). */
interface OperatorDraft {
  readonly name: string;
  readonly type: string;
  readonly inputs: number[];
  readonly outputs: number[];
}

/** Reads `tensors`: names unique, sizes positive integers, kinds known. Index i of the result is tensors[i] (undefined when broken). */
function readTensors(list: readonly unknown[], problems: string[]): { drafts: (TensorDraft | undefined)[]; byName: Map<string, number> } {
  const byName = new Map<string, number>();
  const drafts = list.map((entry, i): TensorDraft | undefined => {
    const path = `tensors[${i}]`;
    if (!isRecord(entry)) {
      problems.push(`${path}: expected a tensor { "name", "sizeBytes", "kind" }, got ${shown(entry)}`);
      return undefined;
    }
    const { name, sizeBytes, kind = 'activation' } = entry;
    if (!isName(name)) {
      problems.push(`${path}.name: expected a non-empty tensor name, got ${shown(name)}`);
      return undefined;
    }
    const who = `tensor "${name}" `;
    let valid = true;
    checkFields(entry, TENSOR_FIELDS, path, who, problems);
    const earlier = byName.get(name);
    if (earlier !== undefined) {
      problems.push(`${path}.name: ${who}is declared twice (first at tensors[${earlier}]); tensor names must be unique`);
      valid = false;
    } else {
      byName.set(name, i);
    }
    if (typeof sizeBytes !== 'number' || !Number.isInteger(sizeBytes) || sizeBytes <= 0) {
      problems.push(`${path}.sizeBytes: ${who}needs a size in bytes that is a positive integer, got ${shown(sizeBytes)}`);
      valid = false;
    }
    if (!TENSOR_KINDS.includes(kind as TensorKind)) {
      problems.push(`${path}.kind: ${who}has kind ${shown(kind)}; allowed: ${TENSOR_KINDS.join(', ')}`);
      valid = false;
    }
    return valid ? { name, sizeBytes: sizeBytes as number, kind: kind as TensorKind, producer: -1, consumers: [] } : undefined;
  });
  return { drafts, byName };
}

/**
 * Reads one operator's `inputs` or `outputs`: every entry a declared tensor, none twice, and no
 * output among the inputs. `listedBy[t]` holds the stamp of the last list that named tensor t
 * (2k + 1 for operator k's inputs, 2k + 2 for its outputs), which finds repeats without a set per
 * operator. Returns the tensor indices that resolved and are not repeats.
 */
function readTensorList(
  value: unknown,
  path: string,
  who: string,
  role: 'input' | 'output',
  stamp: number,
  listedBy: Int32Array,
  byName: ReadonlyMap<string, number>,
  problems: string[],
): number[] {
  if (!Array.isArray(value)) {
    problems.push(`${path}: ${who}needs a list of tensor names as its ${role}s, got ${shown(value)}`);
    return [];
  }
  const indices: number[] = [];
  for (let j = 0; j < value.length; j++) {
    const entry: unknown = value[j];
    const index = isName(entry) ? byName.get(entry) : undefined;
    if (!isName(entry)) {
      problems.push(`${path}[${j}]: expected a tensor name, got ${shown(entry)}`);
    } else if (index === undefined) {
      problems.push(`${path}[${j}]: ${who}${role === 'input' ? 'reads' : 'writes'} tensor "${entry}", which is not declared in tensors`);
    } else if (listedBy[index] === stamp) {
      problems.push(`${path}[${j}]: ${who}lists tensor "${entry}" twice among its ${role}s`);
    } else if (role === 'output' && listedBy[index] === stamp - 1) {
      problems.push(`${path}[${j}]: ${who}lists tensor "${entry}" as both input and output`);
    } else {
      listedBy[index] = stamp;
      indices.push(index);
    }
  }
  return indices;
}

/**
 * Reads `operators` and records producers and consumers on the tensor drafts. Consumers come out
 * ascending and without repeats because operators are visited in order and an operator's inputs
 * are distinct.
 */
function readOperators(
  list: readonly unknown[],
  tensors: readonly (TensorDraft | undefined)[],
  byName: ReadonlyMap<string, number>,
  problems: string[],
): (OperatorDraft | undefined)[] {
  const operatorByName = new Map<string, number>();
  const listedBy = new Int32Array(tensors.length);
  return list.map((entry, k): OperatorDraft | undefined => {
    const path = `operators[${k}]`;
    if (!isRecord(entry)) {
      problems.push(`${path}: expected an operator { "name", "type", "inputs", "outputs" }, got ${shown(entry)}`);
      return undefined;
    }
    const { name, type = 'op' } = entry;
    if (!isName(name)) {
      problems.push(`${path}.name: expected a non-empty operator name, got ${shown(name)}`);
      return undefined;
    }
    const who = `operator "${name}" `;
    checkFields(entry, OPERATOR_FIELDS, path, who, problems);
    const earlier = operatorByName.get(name);
    if (earlier !== undefined) problems.push(`${path}.name: ${who}is declared twice (first at operators[${earlier}]); operator names must be unique`);
    else operatorByName.set(name, k);
    if (typeof type !== 'string' || type === '') problems.push(`${path}.type: ${who}needs a non-empty type, got ${shown(type)}`);

    const inputs = readTensorList(entry.inputs, `${path}.inputs`, who, 'input', 2 * k + 1, listedBy, byName, problems);
    const outputs = readTensorList(entry.outputs, `${path}.outputs`, who, 'output', 2 * k + 2, listedBy, byName, problems);
    if (Array.isArray(entry.outputs) && entry.outputs.length === 0) {
      problems.push(`${path}.outputs: ${who}has no outputs; every operator produces at least one tensor`);
    }
    for (const t of outputs) {
      const tensor = tensors[t];
      if (tensor === undefined) continue;
      if (tensor.kind !== 'activation') {
        problems.push(`${path}.outputs: ${who}writes tensor "${tensor.name}", a ${tensor.kind}; weights and inputs have no producer, only activations do`);
      } else if (tensor.producer >= 0) {
        const first = list[tensor.producer] as { name: string };
        problems.push(
          `${path}.outputs: activation "${tensor.name}" is produced by operator "${first.name}" (operators[${tensor.producer}]) and again by ${who.trim()}; an activation has exactly one producer`,
        );
      } else {
        tensor.producer = k;
      }
    }
    for (const t of inputs) tensors[t]?.consumers.push(k);
    return { name, type: type as string, inputs, outputs };
  });
}

/** Tensors no operator touches, and activations nobody produces. */
function checkTensorUse(tensors: readonly (TensorDraft | undefined)[], problems: string[]): void {
  tensors.forEach((tensor, i) => {
    if (tensor === undefined) return;
    if (tensor.producer < 0 && tensor.consumers.length === 0) {
      problems.push(`tensors[${i}]: tensor "${tensor.name}" is used by no operator; remove it or connect it`);
    } else if (tensor.kind === 'activation' && tensor.producer < 0) {
      problems.push(
        `tensors[${i}]: activation "${tensor.name}" has no producer; give it kind "input" if it comes from off chip, or add the operator that writes it`,
      );
    }
  });
}

/**
 * The first cycle found by an iterative depth-first search over operator dependencies
 * (producer -> consumer), as the operators on it in order, or undefined when the graph is acyclic.
 */
function findCycle(operators: readonly Operator[], tensors: readonly Tensor[]): number[] | undefined {
  const n = operators.length;
  const state = new Uint8Array(n); // 0 unvisited, 1 on the current path, 2 finished
  const path: number[] = [];
  const pathPos = new Int32Array(n).fill(-1);
  // Successors of an operator are visited output by output, consumer by consumer; the cursors say where each path entry stands.
  const outputCursor: number[] = [];
  const consumerCursor: number[] = [];
  for (let root = 0; root < n; root++) {
    if (state[root] !== 0) continue;
    state[root] = 1;
    pathPos[root] = 0;
    path.push(root);
    outputCursor.push(0);
    consumerCursor.push(0);
    while (path.length > 0) {
      const top = path.length - 1;
      const op = operators[path[top]];
      if (outputCursor[top] >= op.outputs.length) {
        state[op.index] = 2;
        pathPos[op.index] = -1;
        path.pop();
        outputCursor.pop();
        consumerCursor.pop();
        continue;
      }
      const consumers = tensors[op.outputs[outputCursor[top]]].consumers;
      if (consumerCursor[top] >= consumers.length) {
        outputCursor[top]++;
        consumerCursor[top] = 0;
        continue;
      }
      const next = consumers[consumerCursor[top]++];
      if (state[next] === 1) return startAtFirstDeclared(path.slice(pathPos[next]));
      if (state[next] === 0) {
        state[next] = 1;
        pathPos[next] = path.length;
        path.push(next);
        outputCursor.push(0);
        consumerCursor.push(0);
      }
    }
  }
  return undefined;
}

/** A cycle's operators rotated to start at the one declared first, and closed by repeating it. */
function startAtFirstDeclared(cycle: readonly number[]): number[] {
  const first = cycle.indexOf(Math.min(...cycle));
  return [...cycle.slice(first), ...cycle.slice(0, first), cycle[first]];
}

/** Operators that read an activation before its producer in the declared order. */
function checkDeclaredOrder(operators: readonly Operator[], tensors: readonly Tensor[], problems: string[]): void {
  for (const op of operators) {
    for (const t of op.inputs) {
      const producer = tensors[t].producer;
      if (producer > op.index) {
        problems.push(
          `operators[${op.index}]: operator "${op.name}" reads tensor "${tensors[t].name}" before its producer "${operators[producer].name}" (operators[${producer}]) runs; list operators in an execution order, each after the producers of its inputs`,
        );
      }
    }
  }
}

function defaultOrigin(spec: unknown): string {
  return isRecord(spec) && isName(spec.name) ? `graph "${spec.name}"` : 'graph';
}

/**
 * Validates a graph description and resolves it to indices. `origin` (a file path, or
 * `built-in graph X`) starts every line of the error; the error lists every problem found before
 * it stops (shape and reference problems together, then a cycle, then the declared order).
 */
export function buildGraph(spec: GraphSpec, origin?: string): Graph {
  const where = origin ?? defaultOrigin(spec);
  const value: unknown = spec;
  if (!isRecord(value)) throw new GraphError(where, [`expected a graph { "name", "tensors", "operators" }, got ${shown(value)}`]);
  const problems: string[] = [];
  checkFields(value, GRAPH_FIELDS, 'graph', '', problems);
  const { name, title, source, tensors: tensorList, operators: operatorList } = value;
  if (!isName(name)) problems.push(`name: expected a non-empty graph name, got ${shown(name)}`);
  if (title !== undefined && typeof title !== 'string') problems.push(`title: expected a string, got ${shown(title)}`);
  if (source !== undefined && typeof source !== 'string') problems.push(`source: expected a string, got ${shown(source)}`);
  if (!Array.isArray(tensorList)) problems.push(`tensors: expected a list of tensors, got ${shown(tensorList)}`);
  if (!Array.isArray(operatorList)) problems.push(`operators: expected a list of operators, got ${shown(operatorList)}`);
  else if (operatorList.length === 0) problems.push('operators: the graph has no operators');
  if (!Array.isArray(tensorList) || !Array.isArray(operatorList)) throw new GraphError(where, problems);

  const { drafts, byName } = readTensors(tensorList, problems);
  const operatorDrafts = readOperators(operatorList, drafts, byName, problems);
  checkTensorUse(drafts, problems);
  if (problems.length > 0) throw new GraphError(where, problems);

  // Every entry is defined from here on: any broken entry reported a problem above.
  const tensors: Tensor[] = drafts.map((d, index) => {
    const draft = d as TensorDraft;
    return { index, name: draft.name, sizeBytes: draft.sizeBytes, kind: draft.kind, producer: draft.producer, consumers: draft.consumers };
  });
  const operators: Operator[] = operatorDrafts.map((d, index) => ({ index, ...(d as OperatorDraft) }));

  const cycle = findCycle(operators, tensors);
  if (cycle) {
    const names = cycle.map((k) => operators[k].name).join(' -> ');
    throw new GraphError(where, [`cycle: ${names} (each operator reads a tensor the one before it writes); a graph must be acyclic`]);
  }
  checkDeclaredOrder(operators, tensors, problems);
  if (problems.length > 0) throw new GraphError(where, problems);

  return { name: name as string, title: (title as string | undefined) ?? (name as string), source: (source as string | undefined) ?? '', tensors, operators };
}

/** "(line L, column C)" for the position a JSON.parse message names, or '' when it names none. */
function jsonErrorLocation(message: string, text: string): string {
  if (/line \d+/.test(message)) return '';
  const match = /at position (\d+)/.exec(message);
  if (!match) return '';
  const position = Number(match[1]);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < position && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return ` (line ${line}, column ${position - lineStart + 1})`;
}

/** Parses and validates a graph file's text; `file` names the file in every error. */
export function parseGraphJson(text: string, file: string): Graph {
  // A byte-order mark is invisible in editors but JSON.parse rejects it.
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const message = (error as Error).message;
    throw new GraphError(file, [`not valid JSON: ${message}${jsonErrorLocation(message, body)}`]);
  }
  return buildGraph(value as GraphSpec, file);
}

/** Reads and validates a graph file (JSON, the GraphSpec format). */
export function loadGraphFile(path: string): Graph {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new GraphError(path, [`cannot read the graph file: ${(error as Error).message}`]);
  }
  return parseGraphJson(text, path);
}

/**
 * Checks that `order` runs every operator exactly once and each after the producers of its inputs;
 * the error names the operator and tensor at fault, or the operators missing or repeated.
 */
export function topologicalCheck(graph: Graph, order: readonly number[]): void {
  const n = graph.operators.length;
  const problems: string[] = [];
  const stepOf = new Int32Array(n).fill(-1);
  if (order.length !== n) problems.push(`the order has ${order.length} steps for ${n} operators`);
  order.forEach((k, step) => {
    if (!Number.isInteger(k) || k < 0 || k >= n) {
      problems.push(`step ${step}: ${shown(k)} is not an operator index (0..${n - 1})`);
    } else if (stepOf[k] >= 0) {
      problems.push(`operator "${graph.operators[k].name}" (index ${k}) runs twice, at steps ${stepOf[k]} and ${step}`);
    } else {
      stepOf[k] = step;
    }
  });
  stepOf.forEach((step, k) => {
    if (step < 0) problems.push(`operator "${graph.operators[k].name}" (index ${k}) is missing from the order`);
  });
  if (problems.length === 0) {
    order.forEach((k, step) => {
      for (const t of graph.operators[k].inputs) {
        const tensor = graph.tensors[t];
        if (tensor.producer >= 0 && stepOf[tensor.producer] > step) {
          problems.push(
            `step ${step}: operator "${graph.operators[k].name}" reads tensor "${tensor.name}" before its producer "${graph.operators[tensor.producer].name}" runs (step ${stepOf[tensor.producer]})`,
          );
        }
      }
    });
  }
  if (problems.length > 0) throw new GraphError(`order for graph "${graph.name}"`, problems);
}

/** The GraphSpec that builds `graph` again (for writing graph files); every field written explicitly. */
export function graphToSpec(graph: Graph): GraphSpec {
  const tensors: TensorSpec[] = graph.tensors.map((t) => ({ name: t.name, sizeBytes: t.sizeBytes, kind: t.kind }));
  const operators: OperatorSpec[] = graph.operators.map((op) => ({
    name: op.name,
    type: op.type,
    inputs: op.inputs.map((t) => graph.tensors[t].name),
    outputs: op.outputs.map((t) => graph.tensors[t].name),
  }));
  return { name: graph.name, title: graph.title, ...(graph.source === '' ? {} : { source: graph.source }), tensors, operators };
}
