/**
 * ResNet-50 v1 at 224 x 224 x 3: He, Zhang, Ren and Sun, "Deep Residual Learning for Image
 * Recognition", CVPR 2016, Table 1 (50-layer column). The stride-2 downsampling sits on the first
 * 1x1 conv of a stage's first block and on its 1x1 projection shortcut (v1; torchvision's v1.5
 * moves it to the 3x3 conv, which changes no tensor size here and no weight size). Batch norm and
 * ReLU are folded into the conv before them, and the ReLU after each residual sum into the add.
 */
import type { GraphSpec } from '../types.js';
import { GraphBuilder, type FeatureMap } from './builder.js';

export const RESNET50_SOURCE =
  'He et al., "Deep Residual Learning for Image Recognition", CVPR 2016, Table 1 (ResNet-50 v1); layer names as torchvision.models.resnet50';

/** [blocks, bottleneck width, stride of the first block] of conv2_x .. conv5_x. */
const STAGES: ReadonlyArray<readonly [number, number, number]> = [
  [3, 64, 1],
  [4, 128, 2],
  [6, 256, 2],
  [3, 512, 2],
];

/** Bottleneck block as torchvision runs it: conv1 (1x1), conv2 (3x3), conv3 (1x1, 4x wide), shortcut, add. */
function bottleneck(g: GraphBuilder, tag: string, x: FeatureMap, width: number, stride: number): FeatureMap {
  const a = g.conv(`${tag}.conv1`, x, { kernel: 1, filters: width, stride });
  const b = g.conv(`${tag}.conv2`, a, { kernel: 3, filters: width });
  const c = g.conv(`${tag}.conv3`, b, { kernel: 1, filters: 4 * width });
  const projected = x.channels !== 4 * width || stride !== 1;
  const shortcut = projected ? g.conv(`${tag}.downsample`, x, { kernel: 1, filters: 4 * width, stride }) : x;
  return g.add(`${tag}.add`, c, shortcut);
}

export function resnet50(): GraphSpec {
  const g = new GraphBuilder();
  let x = g.input('image', 224, 224, 3);
  x = g.conv('conv1', x, { kernel: 7, filters: 64, stride: 2 });
  x = g.maxPool('maxpool', x, { kernel: 3, stride: 2, pad: 1 });
  STAGES.forEach(([blocks, width, stride], s) => {
    for (let b = 0; b < blocks; b++) x = bottleneck(g, `layer${s + 1}.${b}`, x, width, b === 0 ? stride : 1);
  });
  x = g.globalAvgPool('avgpool', x);
  g.fullyConnected('fc', x, 1000);
  return g.spec({ name: 'resnet50', title: 'ResNet-50 v1, 224x224, int8', source: RESNET50_SOURCE });
}
