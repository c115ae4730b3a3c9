/**
 * The built-in graphs: every one validates, and their operator counts, weight bytes and tensor
 * sizes match figures computed here independently of the graph builder (closed-form sums over
 * the papers' layer tables) and the published parameter counts of the reference models.
 */
import { describe, expect, it } from 'vitest';
import { buildGraph, graphToSpec, topologicalCheck } from '../../spaces/scratchpad/graph.js';
import { builtInGraph, builtInGraphs } from '../../spaces/scratchpad/networks/index.js';
import type { Graph, Tensor } from '../../spaces/scratchpad/types.js';

const sum = (values: readonly number[]): number => values.reduce((s, v) => s + v, 0);
const bytesOf = (g: Graph, kind: Tensor['kind']): number => sum(g.tensors.filter((t) => t.kind === kind).map((t) => t.sizeBytes));
const opsOfType = (g: Graph, type: string): number => g.operators.filter((op) => op.type === type).length;

function tensor(g: Graph, name: string): Tensor {
  const t = g.tensors.find((x) => x.name === name);
  if (!t) throw new Error(`${g.name} has no tensor ${name}`);
  return t;
}
function inputsOf(g: Graph, operator: string): string[] {
  const op = g.operators.find((o) => o.name === operator);
  if (!op) throw new Error(`${g.name} has no operator ${operator}`);
  return op.inputs.map((t) => g.tensors[t].name);
}

describe('built-in graphs', () => {
  it('has exactly the expected names', () => {
    expect(Object.keys(builtInGraphs)).toEqual(['toy', 'resnet50', 'mobilenetv2', 'inception', 'densenet121', 'transformer']);
    expect(() => builtInGraph('vgg')).toThrow('unknown built-in graph "vgg"; built-in graphs: toy, resnet50');
  });

  it.each(Object.keys(builtInGraphs))('%s validates, cites a source, runs in its declared order and round-trips', (name) => {
    const g = builtInGraph(name);
    expect(g.name).toBe(name);
    expect(g.source.length).toBeGreaterThan(20);
    topologicalCheck(g, g.operators.map((op) => op.index));
    expect(buildGraph(graphToSpec(g))).toEqual(g);
    for (const t of g.tensors) {
      // Every layer has its own weights, read once.
      if (t.kind === 'weight') expect(t.consumers, t.name).toHaveLength(1);
    }
    // One graph output: the classifier, or the block's last layer norm.
    const outputs = g.tensors.filter((t) => t.kind === 'activation' && t.consumers.length === 0);
    expect(outputs).toHaveLength(1);
    expect(outputs[0].producer).toBe(g.operators.length - 1);
  });

  it.each(Object.keys(builtInGraphs).filter((n) => n !== 'toy'))('%s has one input tensor and classifier-sized output', (name) => {
    const g = builtInGraph(name);
    const inputs = g.tensors.filter((t) => t.kind === 'input');
    expect(inputs).toHaveLength(1);
    const expected = name === 'transformer' ? 128 * 768 : 224 * 224 * 3;
    expect(inputs[0].sizeBytes).toBe(expected);
    const last = g.tensors[g.operators[g.operators.length - 1].outputs[0]];
    expect(last.sizeBytes).toBe(name === 'transformer' ? 128 * 768 : 1000);
  });
});

describe('toy', () => {
  it('is the COSMA toy graph', () => {
    const g = builtInGraph('toy');
    expect(g.tensors.map((t) => [t.name, t.sizeBytes, t.kind, t.producer, t.consumers])).toEqual([
      ['t10', 10, 'activation', 0, [3]],
      ['t11', 100, 'activation', 1, [2]],
      ['t12', 100, 'activation', 2, [3]],
      ['t13', 10, 'activation', 3, []],
    ]);
    expect(g.operators.map((op) => [op.name, op.inputs, op.outputs])).toEqual([
      ['op0', [], [0]],
      ['op1', [], [1]],
      ['op2', [1], [2]],
      ['op3', [0, 2], [3]],
    ]);
  });
});

describe('resnet50', () => {
  const g = builtInGraph('resnet50');
  /** [blocks, bottleneck width] of conv2_x .. conv5_x, He et al. 2016, Table 1. */
  const stages = [
    [3, 64],
    [4, 128],
    [6, 256],
    [3, 512],
  ];

  it('has 53 convs (stem, 16 x 3, 4 projections), 16 adds, two pools and the fc', () => {
    expect(opsOfType(g, 'conv')).toBe(1 + 16 * 3 + 4);
    expect(opsOfType(g, 'add')).toBe(16);
    expect(opsOfType(g, 'fc')).toBe(1);
    expect(opsOfType(g, 'maxpool') + opsOfType(g, 'avgpool')).toBe(2);
    expect(g.operators).toHaveLength(72);
  });

  it('has the weight bytes of the 50-layer table, and torchvision\'s 25,557,032 parameters with batch norm and fc bias', () => {
    let weights = 7 * 7 * 3 * 64;
    let normChannels = 64;
    let cin = 64;
    for (const [blocks, m] of stages) {
      weights += cin * m + 9 * m * m + m * 4 * m + cin * 4 * m; // first block, with its projection
      weights += (blocks - 1) * (4 * m * m + 9 * m * m + m * 4 * m);
      normChannels += blocks * (m + m + 4 * m) + 4 * m;
      cin = 4 * m;
    }
    weights += 2048 * 1000;
    expect(bytesOf(g, 'weight')).toBe(weights);
    expect(weights + 2 * normChannels + 1000).toBe(25_557_032);
  });

  it('has the activation sizes of the table: 112x112x64 stem, 56..7 stages, 7x7x2048 = 100352 B at the end', () => {
    expect(tensor(g, 'conv1').sizeBytes).toBe(112 * 112 * 64);
    expect(tensor(g, 'maxpool').sizeBytes).toBe(56 * 56 * 64);
    expect(tensor(g, 'layer1.2.add').sizeBytes).toBe(56 * 56 * 256);
    expect(tensor(g, 'layer2.0.conv1').sizeBytes).toBe(28 * 28 * 128);
    expect(tensor(g, 'layer3.5.add').sizeBytes).toBe(14 * 14 * 1024);
    expect(tensor(g, 'layer4.2.add').sizeBytes).toBe(100352);
    expect(tensor(g, 'avgpool').sizeBytes).toBe(2048);
    let activations = 112 * 112 * 64 + 56 * 56 * 64 + 2048 + 1000;
    let size = 56;
    let cin = 64;
    stages.forEach(([blocks, m], s) => {
      const out = s === 0 ? size : size / 2;
      activations += out * out * (m + m + 4 * m + 4 * m) + out * out * 4 * m; // first block: 3 convs, projection, add
      activations += (blocks - 1) * out * out * (m + m + 4 * m + 4 * m);
      size = out;
      cin = 4 * m;
    });
    expect(cin).toBe(2048);
    expect(bytesOf(g, 'activation')).toBe(activations);
  });

  it('adds the projection shortcut in the first block and the identity in the others', () => {
    expect(inputsOf(g, 'layer2.0.add')).toEqual(['layer2.0.conv3', 'layer2.0.downsample']);
    expect(inputsOf(g, 'layer2.1.add')).toEqual(['layer2.1.conv3', 'layer2.0.add']);
  });
});

describe('mobilenetv2', () => {
  const g = builtInGraph('mobilenetv2');
  /** Sandler et al. 2018, Table 2: [t, c, n, s]. */
  const table = [
    [1, 16, 1, 1],
    [6, 24, 2, 2],
    [6, 32, 3, 2],
    [6, 64, 4, 2],
    [6, 96, 3, 1],
    [6, 160, 3, 2],
    [6, 320, 1, 1],
  ];

  it('has 17 blocks (16 expansions), 10 residual adds and torchvision\'s 3,504,872 parameters with batch norm and fc bias', () => {
    let weights = 3 * 3 * 3 * 32;
    let normChannels = 32;
    let adds = 0;
    let cin = 32;
    for (const [t, c, n, s] of table) {
      for (let i = 0; i < n; i++) {
        const hidden = cin * t;
        if (t !== 1) {
          weights += cin * hidden;
          normChannels += hidden;
        }
        weights += 9 * hidden + hidden * c;
        normChannels += hidden + c;
        if ((i > 0 || s === 1) && cin === c) adds++;
        cin = c;
      }
    }
    weights += 320 * 1280 + 1280 * 1000;
    normChannels += 1280;
    expect(adds).toBe(10);
    expect(opsOfType(g, 'add')).toBe(adds);
    expect(opsOfType(g, 'depthwise')).toBe(17);
    expect(opsOfType(g, 'conv')).toBe(1 + 16 + 17 + 1);
    expect(g.operators).toHaveLength(64);
    expect(bytesOf(g, 'weight')).toBe(weights);
    expect(weights + 2 * normChannels + 1000).toBe(3_504_872);
  });

  it('has the feature-map sizes of Table 2', () => {
    expect(tensor(g, 'conv1').sizeBytes).toBe(112 * 112 * 32);
    expect(tensor(g, 'block2.expand').sizeBytes).toBe(112 * 112 * 96);
    expect(tensor(g, 'block2.dw').sizeBytes).toBe(56 * 56 * 96);
    expect(tensor(g, 'block17.project').sizeBytes).toBe(7 * 7 * 320);
    expect(tensor(g, 'conv_last').sizeBytes).toBe(7 * 7 * 1280);
    expect(inputsOf(g, 'block3.add')).toEqual(['block3.project', 'block2.project']);
  });
});

describe('inception (GoogLeNet)', () => {
  const g = builtInGraph('inception');
  /** Szegedy et al. 2015, Table 1: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj, and the module's input channels. */
  const modules = [
    [64, 96, 128, 16, 32, 32, 192],
    [128, 128, 192, 32, 96, 64, 256],
    [192, 96, 208, 16, 48, 64, 480],
    [160, 112, 224, 24, 64, 64, 512],
    [128, 128, 256, 24, 64, 64, 512],
    [112, 144, 288, 32, 64, 64, 512],
    [256, 160, 320, 32, 128, 128, 528],
    [256, 160, 320, 32, 128, 128, 832],
    [384, 192, 384, 48, 128, 128, 832],
  ];

  it('has 9 modules of 6 convs, a pool and a concat, and the stem, pools and classifier', () => {
    expect(opsOfType(g, 'concat')).toBe(9);
    expect(opsOfType(g, 'conv')).toBe(3 + 9 * 6);
    expect(opsOfType(g, 'maxpool')).toBe(4 + 9);
    expect(g.operators).toHaveLength(81);
  });

  it('has the weights of Table 1, and torchvision\'s 6,624,904 parameters once its 3x3 "5x5" branch, batch norm and fc bias are accounted', () => {
    let weights = 7 * 7 * 3 * 64 + 64 * 64 + 9 * 64 * 192 + 1024 * 1000;
    let normChannels = 64 + 64 + 192;
    let fiveByFive = 0;
    modules.forEach(([a, b, c, d, e, f, cin], i) => {
      weights += cin * (a + b + d + f) + 9 * b * c + 25 * d * e;
      normChannels += a + b + c + d + e + f;
      fiveByFive += d * e;
      // The four branches concatenated are the next module's input.
      if (i + 1 < modules.length) expect(a + c + e + f).toBe(modules[i + 1][6]);
    });
    expect(bytesOf(g, 'weight')).toBe(weights);
    // torchvision's GoogLeNet keeps a 3x3 conv where the paper has 5x5, for compatibility with its weights.
    expect(weights - (25 - 9) * fiveByFive + 2 * normChannels + 1000).toBe(6_624_904);
    // Table 1's parameter column (in units of 1024) sums to 6797.7 K.
    expect(Math.abs(weights / (6797.7 * 1024) - 1)).toBeLessThan(0.01);
  });

  it('has the sizes of Table 1: 28x28x256 after 3a, 7x7x1024 after 5b', () => {
    expect(tensor(g, 'pool2').sizeBytes).toBe(28 * 28 * 192);
    expect(tensor(g, 'inception3a.concat').sizeBytes).toBe(28 * 28 * 256);
    expect(tensor(g, 'inception3b.concat').sizeBytes).toBe(28 * 28 * 480);
    expect(tensor(g, 'pool3').sizeBytes).toBe(14 * 14 * 480);
    expect(tensor(g, 'inception4e.concat').sizeBytes).toBe(14 * 14 * 832);
    expect(tensor(g, 'pool4').sizeBytes).toBe(7 * 7 * 832);
    expect(tensor(g, 'inception5b.concat').sizeBytes).toBe(7 * 7 * 1024);
    expect(inputsOf(g, 'inception4a.concat')).toEqual(['inception4a.1x1', 'inception4a.3x3', 'inception4a.5x5', 'inception4a.pool_proj']);
    expect(tensor(g, 'pool3').consumers).toHaveLength(4);
  });
});

describe('densenet121', () => {
  const g = builtInGraph('densenet121');
  const blocks = [6, 12, 24, 16];

  it('has 58 dense layers of two convs, 3 transitions, and torchvision\'s 7,978,856 parameters with batch norm and fc bias', () => {
    let weights = 7 * 7 * 3 * 64 + 1024 * 1000;
    let normChannels = 64 + 1024; // norm0, norm5
    let channels = 64;
    blocks.forEach((layers, b) => {
      for (let i = 0; i < layers; i++) {
        weights += channels * 128 + 9 * 128 * 32;
        normChannels += channels + 128;
        channels += 32;
      }
      if (b < blocks.length - 1) {
        weights += channels * (channels / 2);
        normChannels += channels;
        channels /= 2;
      }
    });
    expect(channels).toBe(1024);
    expect(opsOfType(g, 'conv')).toBe(1 + 2 * 58 + 3);
    expect(g.operators).toHaveLength(126);
    expect(bytesOf(g, 'weight')).toBe(weights);
    expect(weights + 2 * normChannels + 1000).toBe(7_978_856);
  });

  it('reads each block\'s concatenation as a view: every layer consumes the block input and all earlier outputs', () => {
    expect(inputsOf(g, 'denseblock1.layer1.conv1')).toEqual(['pool0', 'denseblock1.layer1.conv1.weight']);
    expect(inputsOf(g, 'denseblock1.layer3.conv1')).toEqual(['pool0', 'denseblock1.layer1.conv2', 'denseblock1.layer2.conv2', 'denseblock1.layer3.conv1.weight']);
    expect(inputsOf(g, 'denseblock4.layer16.conv1')).toHaveLength(16 + 1);
    expect(inputsOf(g, 'transition1.conv')).toHaveLength(1 + 6 + 1);
    expect(inputsOf(g, 'avgpool')).toHaveLength(1 + 16);
    // pool0 is read by the six layers of block 1 and by transition 1.
    expect(tensor(g, 'pool0').consumers).toHaveLength(7);
    expect(g.operators.some((op) => op.type === 'concat')).toBe(false);
  });

  it('has the sizes of Table 1: 56, 28, 14, 7; growth 32; transitions halve the channels', () => {
    expect(tensor(g, 'denseblock1.layer1.conv1').sizeBytes).toBe(56 * 56 * 128);
    expect(tensor(g, 'denseblock1.layer6.conv2').sizeBytes).toBe(56 * 56 * 32);
    expect(tensor(g, 'transition1.conv').sizeBytes).toBe(56 * 56 * 128);
    expect(tensor(g, 'transition1.pool').sizeBytes).toBe(28 * 28 * 128);
    expect(tensor(g, 'transition2.pool').sizeBytes).toBe(14 * 14 * 256);
    expect(tensor(g, 'transition3.pool').sizeBytes).toBe(7 * 7 * 512);
    expect(tensor(g, 'avgpool').sizeBytes).toBe(1024);
  });
});

describe('transformer (BERT-base encoder block, sequence 128)', () => {
  const g = builtInGraph('transformer');
  const [s, d, heads, ff] = [128, 768, 12, 3072];

  it('has 3 projections, 3 operators per head, and the output projection, two adds, two layer norms and the FFN', () => {
    expect(g.operators).toHaveLength(3 + 3 * heads + 8);
    expect(opsOfType(g, 'softmax')).toBe(heads);
    expect(opsOfType(g, 'layernorm')).toBe(2);
    expect(opsOfType(g, 'add')).toBe(2);
    expect(g.operators.filter((op) => op.outputs.length === heads).map((op) => op.name)).toEqual(['query', 'key', 'value']);
  });

  it('has BERT-base weights: with biases, 12 layers, embeddings and pooler it is the 109,482,240 parameters of bert-base-uncased', () => {
    const weights = 4 * d * d + 2 * d * ff + 2 * 2 * d;
    expect(bytesOf(g, 'weight')).toBe(weights);
    const layer = weights + 4 * d + ff + d;
    const embeddings = (30522 + 512 + 2) * d + 2 * d;
    const pooler = d * d + d;
    expect(12 * layer + embeddings + pooler).toBe(109_482_240);
  });

  it('has per-head tensor sizes', () => {
    expect(tensor(g, 'query.head0').sizeBytes).toBe(s * (d / heads));
    expect(tensor(g, 'head5.scores').sizeBytes).toBe(s * s);
    expect(tensor(g, 'head11.context').sizeBytes).toBe(s * 64);
    expect(tensor(g, 'ffn_up').sizeBytes).toBe(s * ff);
    expect(inputsOf(g, 'head3.scores')).toEqual(['query.head3', 'key.head3']);
    expect(inputsOf(g, 'attention_output')).toHaveLength(heads + 1);
    expect(inputsOf(g, 'ffn_add')).toEqual(['attention_norm', 'ffn_down']);
    expect(bytesOf(g, 'activation')).toBe(3 * s * d + heads * (2 * s * s + s * 64) + 6 * s * d + 2 * s * ff);
  });
});
