import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildGraph, GraphError, graphToSpec, loadGraphFile, parseGraphJson, topologicalCheck } from '../../spaces/scratchpad/graph.js';
import type { GraphSpec, OperatorSpec, TensorSpec } from '../../spaces/scratchpad/types.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

/** A small valid graph: input and weight into a conv, a second layer, and an add joining both. */
function sample(): { name: string; tensors: TensorSpec[]; operators: OperatorSpec[] } {
  return {
    name: 'sample',
    tensors: [
      { name: 'x', sizeBytes: 64, kind: 'input' },
      { name: 'w1', sizeBytes: 9, kind: 'weight' },
      { name: 'a', sizeBytes: 32 },
      { name: 'b', sizeBytes: 32, kind: 'activation' },
      { name: 'y', sizeBytes: 32, kind: 'activation' },
    ],
    operators: [
      { name: 'conv1', type: 'conv', inputs: ['x', 'w1'], outputs: ['a'] },
      { name: 'relu', inputs: ['a'], outputs: ['b'] },
      { name: 'sum', type: 'add', inputs: ['a', 'b'], outputs: ['y'] },
    ],
  };
}

/** The message of the error building `spec` throws. */
function errorOf(spec: unknown, origin?: string): string {
  try {
    buildGraph(spec as GraphSpec, origin);
  } catch (error) {
    expect(error).toBeInstanceOf(GraphError);
    return (error as Error).message;
  }
  throw new Error('expected the graph to be rejected');
}

describe('buildGraph', () => {
  it('resolves names to indices, producers, sorted consumers and defaults', () => {
    const g = buildGraph(sample());
    expect(g.title).toBe('sample');
    expect(g.source).toBe('');
    expect(g.tensors.map((t) => [t.name, t.kind, t.producer, t.consumers])).toEqual([
      ['x', 'input', -1, [0]],
      ['w1', 'weight', -1, [0]],
      ['a', 'activation', 0, [1, 2]],
      ['b', 'activation', 1, [2]],
      ['y', 'activation', 2, []],
    ]);
    expect(g.operators[1]).toEqual({ index: 1, name: 'relu', type: 'op', inputs: [2], outputs: [3] });
    expect(g.operators[2].inputs).toEqual([2, 3]);
  });

  it('accepts operators without inputs', () => {
    const g = buildGraph({ name: 'g', tensors: [{ name: 't', sizeBytes: 1 }], operators: [{ name: 'make', inputs: [], outputs: ['t'] }] });
    expect(g.tensors[0].producer).toBe(0);
  });

  it('prefixes every problem with the origin, or the graph name without one', () => {
    const spec = sample();
    spec.tensors[0] = { name: 'x', sizeBytes: 0, kind: 'input' };
    spec.tensors[1] = { name: 'w1', sizeBytes: -3, kind: 'weight' };
    const lines = errorOf(spec, 'nets/sample.json').split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.startsWith('nets/sample.json: ')).toBe(true);
    expect(errorOf(spec)).toMatch(/^graph "sample": /);
  });

  it('rejects duplicate tensor and operator names', () => {
    const spec = sample();
    spec.tensors.push({ name: 'a', sizeBytes: 4 });
    expect(errorOf(spec)).toContain('tensors[5].name: tensor "a" is declared twice (first at tensors[2])');
    const ops = sample();
    ops.operators.push({ name: 'relu', inputs: ['y'], outputs: ['z'] });
    ops.tensors.push({ name: 'z', sizeBytes: 4 });
    expect(errorOf(ops)).toContain('operators[3].name: operator "relu" is declared twice (first at operators[1])');
  });

  it.each([
    ['zero', 0, 'got 0'],
    ['negative', -5, 'got -5'],
    ['non-integer', 2.5, 'got 2.5'],
    ['non-number', '64', 'got "64" (a string)'],
    ['missing', undefined, 'got nothing'],
    ['infinite', Infinity, 'got Infinity'],
  ])('rejects a %s size, naming the tensor', (_label, size, got) => {
    const spec = sample();
    spec.tensors[3] = { name: 'b', sizeBytes: size as number };
    expect(errorOf(spec)).toContain(`tensors[3].sizeBytes: tensor "b" needs a size in bytes that is a positive integer, ${got}`);
  });

  it('rejects an unknown kind and lists the allowed ones', () => {
    const spec = sample();
    spec.tensors[1] = { name: 'w1', sizeBytes: 9, kind: 'parameter' as 'weight' };
    expect(errorOf(spec)).toContain('tensors[1].kind: tensor "w1" has kind "parameter" (a string); allowed: activation, weight, input');
  });

  it('rejects a reference to an undeclared tensor (a dangling reference)', () => {
    const spec = sample();
    spec.operators[2] = { name: 'sum', inputs: ['a', 'bb'], outputs: ['y'] };
    const message = errorOf(spec);
    expect(message).toContain('operators[2].inputs[1]: operator "sum" reads tensor "bb", which is not declared in tensors');
    spec.operators[0] = { name: 'conv1', inputs: ['x', 'w1'], outputs: ['aa'] };
    expect(errorOf(spec)).toContain('operators[0].outputs[0]: operator "conv1" writes tensor "aa", which is not declared in tensors');
  });

  it('rejects a tensor no operator uses (a dangling tensor)', () => {
    const spec = sample();
    spec.tensors.push({ name: 'w2', sizeBytes: 9, kind: 'weight' });
    expect(errorOf(spec)).toContain('tensors[5]: tensor "w2" is used by no operator');
    const activation = sample();
    activation.tensors.push({ name: 'orphan', sizeBytes: 9 });
    expect(errorOf(activation)).toContain('tensors[5]: tensor "orphan" is used by no operator');
  });

  it('rejects an activation without a producer, suggesting kind "input"', () => {
    const spec = sample();
    spec.tensors[0] = { name: 'x', sizeBytes: 64 };
    expect(errorOf(spec)).toContain('tensors[0]: activation "x" has no producer; give it kind "input"');
  });

  it('rejects an activation with two producers, naming both', () => {
    const spec = sample();
    spec.operators[1] = { name: 'relu', inputs: ['x'], outputs: ['a'] };
    spec.tensors.splice(3, 1);
    spec.operators[2] = { name: 'sum', inputs: ['a'], outputs: ['y'] };
    expect(errorOf(spec)).toContain(
      'operators[1].outputs: activation "a" is produced by operator "conv1" (operators[0]) and again by operator "relu"; an activation has exactly one producer',
    );
  });

  it('rejects an operator writing a weight or an input', () => {
    const spec = sample();
    spec.operators[1] = { name: 'relu', inputs: ['a'], outputs: ['b', 'w1'] };
    expect(errorOf(spec)).toContain('operators[1].outputs: operator "relu" writes tensor "w1", a weight; weights and inputs have no producer');
  });

  it('rejects an operator without outputs', () => {
    const spec = sample();
    spec.operators.push({ name: 'sink', inputs: ['y'], outputs: [] });
    expect(errorOf(spec)).toContain('operators[3].outputs: operator "sink" has no outputs');
  });

  it('rejects a tensor listed as both input and output, or twice', () => {
    const both = sample();
    both.operators[1] = { name: 'relu', inputs: ['a', 'b'], outputs: ['b'] };
    expect(errorOf(both)).toContain('operators[1].outputs[0]: operator "relu" lists tensor "b" as both input and output');
    const twice = sample();
    twice.operators[2] = { name: 'sum', inputs: ['a', 'a'], outputs: ['y'] };
    expect(errorOf(twice)).toContain('operators[2].inputs[1]: operator "sum" lists tensor "a" twice among its inputs');
    const twiceOut = sample();
    twiceOut.operators[2] = { name: 'sum', inputs: ['a', 'b'], outputs: ['y', 'y'] };
    expect(errorOf(twiceOut)).toContain('operators[2].outputs[1]: operator "sum" lists tensor "y" twice among its outputs');
  });

  it('names the operators of a cycle in order', () => {
    const spec: GraphSpec = {
      name: 'loop',
      tensors: [
        { name: 'x', sizeBytes: 1, kind: 'input' },
        { name: 'ta', sizeBytes: 1 },
        { name: 'tb', sizeBytes: 1 },
        { name: 'tc', sizeBytes: 1 },
        { name: 'out', sizeBytes: 1 },
      ],
      operators: [
        { name: 'start', inputs: ['x'], outputs: ['out'] },
        { name: 'a', inputs: ['tc'], outputs: ['ta'] },
        { name: 'b', inputs: ['ta'], outputs: ['tb'] },
        { name: 'c', inputs: ['tb', 'out'], outputs: ['tc'] },
      ],
    };
    expect(errorOf(spec)).toBe('graph "loop": cycle: a -> b -> c -> a (each operator reads a tensor the one before it writes); a graph must be acyclic');
  });

  it('rejects a declared order that reads a tensor before its producer, naming both', () => {
    const spec = sample();
    spec.operators.reverse();
    const message = errorOf(spec);
    expect(message).toContain('operators[0]: operator "sum" reads tensor "a" before its producer "conv1" (operators[2]) runs');
    expect(message).toContain('operators[1]: operator "relu" reads tensor "a" before its producer "conv1" (operators[2]) runs');
  });

  it('rejects unknown fields, naming the allowed ones', () => {
    const spec = { ...sample(), comment: 'x' };
    expect(errorOf(spec)).toContain('graph: has unknown field "comment"; allowed: name, title, source, tensors, operators');
    const tensor = sample();
    (tensor.tensors as unknown[])[0] = { name: 'x', size: 64, kind: 'input' };
    const message = errorOf(tensor);
    expect(message).toContain('tensors[0]: tensor "x" has unknown field "size"; allowed: name, sizeBytes, kind');
    expect(message).toContain('tensors[0].sizeBytes: tensor "x" needs a size in bytes that is a positive integer, got nothing');
  });

  it('rejects shapes that are not a graph, with the field path', () => {
    expect(errorOf(null)).toBe('graph: expected a graph { "name", "tensors", "operators" }, got null');
    expect(errorOf({ name: 'g', tensors: {}, operators: [] })).toContain('tensors: expected a list of tensors, got an object');
    expect(errorOf({ name: '', tensors: [], operators: [] })).toContain('name: expected a non-empty graph name, got "" (a string)');
    expect(errorOf({ name: 'g', tensors: [], operators: [] })).toContain('operators: the graph has no operators');
    const spec = sample();
    (spec.operators as unknown[])[1] = { name: 'relu', inputs: 'a', outputs: ['b'] };
    expect(errorOf(spec)).toContain('operators[1].inputs: operator "relu" needs a list of tensor names as its inputs, got "a" (a string)');
    (spec.operators as unknown[])[1] = { name: 'relu', inputs: ['a', 7], outputs: ['b'] };
    expect(errorOf(spec)).toContain('operators[1].inputs[1]: expected a tensor name, got 7');
    (spec.tensors as unknown[])[2] = 'a';
    expect(errorOf(spec)).toContain('tensors[2]: expected a tensor { "name", "sizeBytes", "kind" }, got "a" (a string)');
  });

  it('lists at most twenty problems and counts the rest', () => {
    const spec = sample();
    for (let i = 0; i < 25; i++) spec.tensors.push({ name: `unused${i}`, sizeBytes: 1 });
    const lines = errorOf(spec).split('\n');
    expect(lines).toHaveLength(21);
    expect(lines[20]).toBe('graph "sample": ... and 5 more problems');
  });

  it('validates a chain of 20,000 operators in linear time', () => {
    // Quadratic work at this size would take far longer than the bound; linear takes a few hundred ms.
    const n = 20_000;
    const tensors: TensorSpec[] = [{ name: 't0', sizeBytes: 1, kind: 'input' }];
    const operators: OperatorSpec[] = [];
    for (let i = 1; i <= n; i++) {
      tensors.push({ name: `t${i}`, sizeBytes: i });
      // Each operator also reads the graph input, so the input has n consumers.
      operators.push({ name: `op${i}`, inputs: i === 1 ? ['t0'] : [`t${i - 1}`, 't0'], outputs: [`t${i}`] });
    }
    const start = performance.now();
    const g = buildGraph({ name: 'chain', tensors, operators });
    expect(performance.now() - start).toBeLessThan(3000);
    expect(g.tensors[0].consumers).toHaveLength(n);
  });
});

describe('topologicalCheck', () => {
  const g = buildGraph(sample());

  it('accepts the declared order', () => {
    expect(() => topologicalCheck(g, [0, 1, 2])).not.toThrow();
  });

  it('names the operator that runs before an input\'s producer', () => {
    expect(() => topologicalCheck(g, [1, 0, 2])).toThrow('order for graph "sample": step 0: operator "relu" reads tensor "a" before its producer "conv1" runs (step 1)');
  });

  it('names missing and repeated operators and bad indices', () => {
    expect(() => topologicalCheck(g, [0, 1])).toThrow(/the order has 2 steps for 3 operators\n.*operator "sum" \(index 2\) is missing from the order/);
    expect(() => topologicalCheck(g, [0, 1, 1])).toThrow(/operator "relu" \(index 1\) runs twice, at steps 1 and 2/);
    expect(() => topologicalCheck(g, [0, 1, 7])).toThrow(/step 2: 7 is not an operator index \(0\.\.2\)/);
  });
});

describe('graphToSpec', () => {
  it('round-trips through buildGraph and JSON', () => {
    const g = buildGraph({ ...sample(), title: 'Sample', source: 'hand-written' });
    const spec = graphToSpec(g);
    expect(buildGraph(spec)).toEqual(g);
    expect(parseGraphJson(JSON.stringify(spec), 'sample.json')).toEqual(g);
    expect(spec.tensors[2]).toEqual({ name: 'a', sizeBytes: 32, kind: 'activation' });
    expect(spec.operators[1]).toEqual({ name: 'relu', type: 'op', inputs: ['a'], outputs: ['b'] });
  });
});

describe('parseGraphJson and loadGraphFile', () => {
  it('names the file and, when JSON.parse gives a position, the line and column', () => {
    expect(() => parseGraphJson('{"name": "g",\n  "tensors": [}', 'bad.json')).toThrow(/^bad\.json: not valid JSON: /);
    expect(() => parseGraphJson('{"name": "g",\n  "tensors": []', 'cut.json')).toThrow(/^cut\.json: not valid JSON: .*\(line 2, column 16\)$/);
    expect(() => parseGraphJson('', 'empty.json')).toThrow(/^empty\.json: not valid JSON: Unexpected end of JSON input$/);
  });

  it('names the file and field path for shape errors', () => {
    const text = JSON.stringify({ name: 'g', tensors: [{ name: 't', sizeBytes: 1 }], operators: [{ name: 'op', inputs: [], outputs: ['t', 3] }] });
    expect(() => parseGraphJson(text, 'g.json')).toThrow('g.json: operators[0].outputs[1]: expected a tensor name, got 3');
  });

  it('ignores a byte-order mark', () => {
    expect(parseGraphJson(`\uFEFF${JSON.stringify(sample())}`, 'bom.json').operators).toHaveLength(3);
  });

  it('reads a file, and names it when it cannot', () => {
    const path = join(tempDir(), 'sample.json');
    writeFileSync(path, JSON.stringify(sample(), null, 2));
    expect(loadGraphFile(path).tensors).toHaveLength(5);
    const missing = join(tempDir(), 'none.json');
    expect(() => loadGraphFile(missing)).toThrow(`${missing}: cannot read the graph file`);
  });
});
