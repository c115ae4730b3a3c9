/**
 * MobileNetV2 1.0 at 224 x 224 x 3: Sandler, Howard, Zhu, Zhmoginov and Chen, "MobileNetV2:
 * Inverted Residuals and Linear Bottlenecks", CVPR 2018, Table 2. Each bottleneck is a 1x1
 * expansion by t (absent when t = 1), a 3x3 depthwise conv carrying the stride on the first
 * repeat, and a linear 1x1 projection, with a residual add when the stride is 1 and the channel
 * count is unchanged. Batch norm and ReLU6 are folded into the convs; the classifier is the
 * torchvision one (global average pool, fully connected 1280 -> 1000).
 */
import type { GraphSpec } from '../types.js';
import { MOBILENET_V2_BOTTLENECKS as BOTTLENECKS } from '../../systolic/networks/cnn.js';
import { GraphBuilder, type FeatureMap } from './builder.js';

export const MOBILENETV2_SOURCE =
  'Sandler et al., "MobileNetV2: Inverted Residuals and Linear Bottlenecks", CVPR 2018, Table 2 (width 1.0, 224); classifier as torchvision.models.mobilenet_v2';

function invertedResidual(g: GraphBuilder, tag: string, x: FeatureMap, expansion: number, filters: number, stride: number): FeatureMap {
  const expanded = expansion === 1 ? x : g.conv(`${tag}.expand`, x, { kernel: 1, filters: x.channels * expansion });
  const filtered = g.depthwise(`${tag}.dw`, expanded, { kernel: 3, stride });
  const projected = g.conv(`${tag}.project`, filtered, { kernel: 1, filters });
  return stride === 1 && x.channels === filters ? g.add(`${tag}.add`, projected, x) : projected;
}

export function mobilenetv2(): GraphSpec {
  const g = new GraphBuilder();
  let x = g.input('image', 224, 224, 3);
  x = g.conv('conv1', x, { kernel: 3, filters: 32, stride: 2 });
  let block = 0;
  for (const [t, c, n, s] of BOTTLENECKS) {
    for (let i = 0; i < n; i++) x = invertedResidual(g, `block${++block}`, x, t, c, i === 0 ? s : 1);
  }
  x = g.conv('conv_last', x, { kernel: 1, filters: 1280 });
  x = g.globalAvgPool('avgpool', x);
  g.fullyConnected('fc', x, 1000);
  return g.spec({ name: 'mobilenetv2', title: 'MobileNetV2 1.0, 224x224, int8', source: MOBILENETV2_SOURCE });
}
