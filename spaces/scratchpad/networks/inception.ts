/**
 * GoogLeNet (Inception v1) at 224 x 224 x 3: Szegedy et al., "Going Deeper with Convolutions",
 * CVPR 2015, Table 1, without the auxiliary classifiers (training only). Each of the nine
 * inception modules runs four branches (1x1; 1x1 reduce then 3x3; 1x1 reduce then 5x5; 3x3 max
 * pool then 1x1 projection) and concatenates them into one new tensor, as the framework graph
 * does. Pools round up (Caffe's convention, torchvision's ceil_mode), which gives the table's
 * 112 -> 56 -> 28 -> 14 -> 7 sizes. Batch norm and ReLU are folded into the convs, local response
 * normalization and dropout are left out (torchvision's model has neither at inference).
 */
import type { GraphSpec } from '../types.js';
import { GraphBuilder, type FeatureMap } from './builder.js';

export const INCEPTION_SOURCE =
  'Szegedy et al., "Going Deeper with Convolutions", CVPR 2015, Table 1 (GoogLeNet, no auxiliary classifiers); layer order as torchvision.models.googlenet';

/** Table 1 columns: #1x1, #3x3 reduce, #3x3, #5x5 reduce, #5x5, pool proj. */
type ModuleWidths = readonly [number, number, number, number, number, number];

export const INCEPTION_MODULES: Readonly<Record<string, ModuleWidths>> = {
  '3a': [64, 96, 128, 16, 32, 32],
  '3b': [128, 128, 192, 32, 96, 64],
  '4a': [192, 96, 208, 16, 48, 64],
  '4b': [160, 112, 224, 24, 64, 64],
  '4c': [128, 128, 256, 24, 64, 64],
  '4d': [112, 144, 288, 32, 64, 64],
  '4e': [256, 160, 320, 32, 128, 128],
  '5a': [256, 160, 320, 32, 128, 128],
  '5b': [384, 192, 384, 48, 128, 128],
};

function inceptionModule(g: GraphBuilder, id: string, x: FeatureMap): FeatureMap {
  const [n1x1, n3x3reduce, n3x3, n5x5reduce, n5x5, poolProj] = INCEPTION_MODULES[id];
  const tag = `inception${id}`;
  const branch1 = g.conv(`${tag}.1x1`, x, { kernel: 1, filters: n1x1 });
  const reduce3 = g.conv(`${tag}.3x3_reduce`, x, { kernel: 1, filters: n3x3reduce });
  const branch2 = g.conv(`${tag}.3x3`, reduce3, { kernel: 3, filters: n3x3 });
  const reduce5 = g.conv(`${tag}.5x5_reduce`, x, { kernel: 1, filters: n5x5reduce });
  const branch3 = g.conv(`${tag}.5x5`, reduce5, { kernel: 5, filters: n5x5 });
  const pooled = g.maxPool(`${tag}.pool`, x, { kernel: 3, stride: 1, pad: 1 });
  const branch4 = g.conv(`${tag}.pool_proj`, pooled, { kernel: 1, filters: poolProj });
  return g.concat(`${tag}.concat`, [branch1, branch2, branch3, branch4]);
}

export function inception(): GraphSpec {
  const g = new GraphBuilder();
  const downsample = { kernel: 3, stride: 2, ceil: true } as const;
  let x = g.input('image', 224, 224, 3);
  x = g.conv('conv1', x, { kernel: 7, filters: 64, stride: 2 });
  x = g.maxPool('pool1', x, downsample);
  x = g.conv('conv2_reduce', x, { kernel: 1, filters: 64 });
  x = g.conv('conv2', x, { kernel: 3, filters: 192 });
  x = g.maxPool('pool2', x, downsample);
  x = inceptionModule(g, '3a', x);
  x = inceptionModule(g, '3b', x);
  x = g.maxPool('pool3', x, downsample);
  for (const id of ['4a', '4b', '4c', '4d', '4e']) x = inceptionModule(g, id, x);
  x = g.maxPool('pool4', x, downsample);
  x = inceptionModule(g, '5a', x);
  x = inceptionModule(g, '5b', x);
  x = g.globalAvgPool('avgpool', x);
  g.fullyConnected('fc', x, 1000);
  return g.spec({ name: 'inception', title: 'GoogLeNet (Inception v1), 224x224, int8', source: INCEPTION_SOURCE });
}
