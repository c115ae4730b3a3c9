/**
 * DenseNet-121 at 224 x 224 x 3: Huang, Liu, van der Maaten and Weinberger, "Densely Connected
 * Convolutional Networks", CVPR 2017, Table 1 (DenseNet-BC, growth rate k = 32, blocks of 6, 12,
 * 24 and 16 layers, bottleneck 1x1 conv of 4k channels then 3x3 conv of k channels, transitions
 * halving the channels with a 1x1 conv and a 2x2 average pool).
 *
 * A dense layer reads the concatenation of its block's input and of every earlier layer's output
 * in the block. The concatenation is a view: the layer's 1x1 conv (and the transition's conv)
 * consumes each of those feature maps directly, so every map stays live until the last layer of
 * its block has read it, and no copy is made. The pre-activation batch norm and ReLU of each conv
 * (and the final norm5 + ReLU) are folded into the operator that reads them.
 */
import type { GraphSpec } from '../types.js';
import { GraphBuilder, type FeatureMap } from './builder.js';

export const DENSENET121_SOURCE =
  'Huang et al., "Densely Connected Convolutional Networks", CVPR 2017, Table 1 (DenseNet-121, k = 32); layer names as torchvision.models.densenet121';

export const DENSENET121_GROWTH = 32;
export const DENSENET121_BLOCKS: readonly number[] = [6, 12, 24, 16];
/** Width of each dense layer's 1x1 bottleneck: 4k. */
const BOTTLENECK_WIDTH = 4 * DENSENET121_GROWTH;

/** A dense block; returns the block input and all layer outputs, whose concatenation is the block's output. */
function denseBlock(g: GraphBuilder, tag: string, input: FeatureMap, layers: number): FeatureMap[] {
  const features = [input];
  for (let i = 1; i <= layers; i++) {
    const bottleneck = g.conv(`${tag}.layer${i}.conv1`, [...features], { kernel: 1, filters: BOTTLENECK_WIDTH });
    features.push(g.conv(`${tag}.layer${i}.conv2`, bottleneck, { kernel: 3, filters: DENSENET121_GROWTH }));
  }
  return features;
}

export function densenet121(): GraphSpec {
  const g = new GraphBuilder();
  let x = g.input('image', 224, 224, 3);
  x = g.conv('conv0', x, { kernel: 7, filters: 64, stride: 2 });
  x = g.maxPool('pool0', x, { kernel: 3, stride: 2, pad: 1 });
  let features: FeatureMap[] = [];
  DENSENET121_BLOCKS.forEach((layers, b) => {
    features = denseBlock(g, `denseblock${b + 1}`, x, layers);
    if (b === DENSENET121_BLOCKS.length - 1) return;
    const channels = features.reduce((s, f) => s + f.channels, 0);
    const reduced = g.conv(`transition${b + 1}.conv`, features, { kernel: 1, filters: channels / 2 });
    x = g.avgPool(`transition${b + 1}.pool`, reduced, { kernel: 2, stride: 2 });
  });
  const pooled = g.globalAvgPool('avgpool', features);
  g.fullyConnected('fc', pooled, 1000);
  return g.spec({ name: 'densenet121', title: 'DenseNet-121, 224x224, int8', source: DENSENET121_SOURCE });
}
