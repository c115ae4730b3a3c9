/**
 * CNN workloads derived from the original papers, with zero padding folded into the ifmap
 * size (ifmap = input + 2 * pad), the convention of SCALE-Sim topology files. Batch size 1,
 * 224 x 224 x 3 input. Pooling, activation, batch-norm and element-wise (residual add)
 * layers carry no MACs on the array and are omitted; fully connected layers are written
 * as convs whose filter covers the whole ifmap (1 x 1 after global pooling), as SCALE-Sim does.
 *
 * Note: SCALE-Sim's own CSVs for these networks (see scalesim.ts) mostly leave padding out,
 * so their layers do not chain; these tables do.
 */
import { conv, dwconv, fc, type ConvLayer } from './types.js';

/**
 * MobileNetV1 (1.0, 224), Howard et al. 2017, "MobileNets", Table 1: 28 layers
 * (conv1, 13 depthwise + 13 pointwise, FC). The last depthwise conv uses stride 1 on 7x7
 * (Table 1 prints "s2", a known typo; the reference implementation and the 7x7 output use s1).
 * Paper: 569 M mult-adds.
 */
function mobilenetV1(): ConvLayer[] {
  const layers: ConvLayer[] = [conv('conv1', 224, 1, 3, 3, 32, 2)];
  // [input size, input channels, output channels, depthwise stride]
  const blocks: Array<[number, number, number, number]> = [
    [112, 32, 64, 1],
    [112, 64, 128, 2],
    [56, 128, 128, 1],
    [56, 128, 256, 2],
    [28, 256, 256, 1],
    [28, 256, 512, 2],
    [14, 512, 512, 1],
    [14, 512, 512, 1],
    [14, 512, 512, 1],
    [14, 512, 512, 1],
    [14, 512, 512, 1],
    [14, 512, 1024, 2],
    [7, 1024, 1024, 1],
  ];
  blocks.forEach(([size, cin, cout, s], i) => {
    const out = s === 2 ? size / 2 : size;
    layers.push(dwconv(`conv_dw${i + 1}`, size, 1, 3, cin, s));
    layers.push(conv(`conv_pw${i + 1}`, out, 0, 1, cin, cout, 1));
  });
  layers.push(fc('fc', 1, 1024, 1000)); // after 7x7 global average pool
  return layers;
}

/**
 * ResNet bottleneck stage as in He et al. 2016 (ResNet v1): the stride-2 downsampling is on
 * the first 1x1 conv of the first block and on the 1x1 projection shortcut (the same
 * placement as SCALE-Sim's topologies/conv_nets/Resnet50.csv).
 */
function bottleneckStage(
  stage: number,
  blocks: number,
  input: number,
  cin: number,
  mid: number,
  stride: number,
  strideOn3x3 = false,
): ConvLayer[] {
  const out = input / stride;
  const cout = mid * 4;
  const layers: ConvLayer[] = [];
  for (let b = 0; b < blocks; b++) {
    const tag = `conv${stage}_${b + 1}`;
    const first = b === 0;
    const s = first ? stride : 1;
    const convBIn = first && strideOn3x3 ? input : out; // input size of the 3x3 conv
    if (strideOn3x3) {
      layers.push(conv(`${tag}a`, first ? input : out, 0, 1, first ? cin : cout, mid, 1));
      layers.push(conv(`${tag}b`, convBIn, 1, 3, mid, mid, s));
    } else {
      layers.push(conv(`${tag}a`, first ? input : out, 0, 1, first ? cin : cout, mid, s));
      layers.push(conv(`${tag}b`, out, 1, 3, mid, mid, 1));
    }
    layers.push(conv(`${tag}c`, out, 0, 1, mid, cout, 1));
    if (first) layers.push(conv(`${tag}_proj`, input, 0, 1, cin, cout, stride));
  }
  return layers;
}

/**
 * ResNet-50 v1, He et al. 2016, "Deep Residual Learning", Table 1: 54 layers (conv1, 16
 * bottleneck blocks of 3 convs, 4 projection shortcuts, FC). Paper: 3.8 x 10^9 FLOPs
 * (multiply-adds); this table gives 3.86 G MACs including FC (torchvision's "ResNet-50 v1.5",
 * with the stride on the 3x3 conv, is the 4.1 G figure).
 */
function resnet50(strideOn3x3 = false): ConvLayer[] {
  return [
    conv('conv1', 224, 3, 7, 3, 64, 2), // 112x112, then 3x3/2 max pool -> 56x56
    ...bottleneckStage(2, 3, 56, 64, 64, 1, strideOn3x3),
    ...bottleneckStage(3, 4, 56, 256, 128, 2, strideOn3x3),
    ...bottleneckStage(4, 6, 28, 512, 256, 2, strideOn3x3),
    ...bottleneckStage(5, 3, 14, 1024, 512, 2, strideOn3x3),
    fc('fc', 1, 2048, 1000),
  ];
}

/** ResNet basic-block stage (two 3x3 convs; 1x1 stride-2 projection in the first block when downsampling). */
function basicStage(stage: number, blocks: number, input: number, cin: number, cout: number, stride: number): ConvLayer[] {
  const out = input / stride;
  const layers: ConvLayer[] = [];
  for (let b = 0; b < blocks; b++) {
    const tag = `conv${stage}_${b + 1}`;
    const first = b === 0;
    layers.push(conv(`${tag}a`, first ? input : out, 1, 3, first ? cin : cout, cout, first ? stride : 1));
    layers.push(conv(`${tag}b`, out, 1, 3, cout, cout, 1));
    if (first && stride !== 1) layers.push(conv(`${tag}_proj`, input, 0, 1, cin, cout, stride));
  }
  return layers;
}

/**
 * ResNet-18, He et al. 2016, Table 1: 21 layers (conv1, 16 3x3 convs, 3 projection shortcuts, FC).
 * Paper: 1.8 x 10^9 FLOPs; this table gives 1.82 G MACs including FC.
 */
function resnet18(): ConvLayer[] {
  return [
    conv('conv1', 224, 3, 7, 3, 64, 2),
    ...basicStage(2, 2, 56, 64, 64, 1),
    ...basicStage(3, 2, 56, 64, 128, 2),
    ...basicStage(4, 2, 28, 128, 256, 2),
    ...basicStage(5, 2, 14, 256, 512, 2),
    fc('fc', 1, 512, 1000),
  ];
}

/**
 * AlexNet, single-tower variant without grouped convs: Krizhevsky 2014, "One weird trick for
 * parallelizing convolutional neural networks" (64-192-384-256-256 filters; the torchvision
 * model). Max pools (3x3/2) follow conv1, conv2 and conv5. 8 layers, 0.714 G MACs incl. FC.
 * (The 2012 two-GPU model has grouped conv2/4/5, which this layer type cannot express.)
 */
function alexnet(): ConvLayer[] {
  return [
    conv('conv1', 224, 2, 11, 3, 64, 4), // 55x55 -> pool 27
    conv('conv2', 27, 2, 5, 64, 192, 1), // 27 -> pool 13
    conv('conv3', 13, 1, 3, 192, 384, 1),
    conv('conv4', 13, 1, 3, 384, 256, 1),
    conv('conv5', 13, 1, 3, 256, 256, 1), // 13 -> pool 6
    fc('fc6', 6, 256, 4096),
    fc('fc7', 1, 4096, 4096),
    fc('fc8', 1, 4096, 1000),
  ];
}

/**
 * VGG-16 (configuration D), Simonyan & Zisserman 2015, Table 1: 13 3x3/1 pad-1 convs with
 * 2x2/2 max pools after each block, then 3 FC layers. 16 layers, 15.47 G MACs incl. FC.
 */
function vgg16(): ConvLayer[] {
  const layers: ConvLayer[] = [];
  const cfg: Array<[number, number, number]> = [
    // [input size, output channels, convs in block]
    [224, 64, 2],
    [112, 128, 2],
    [56, 256, 3],
    [28, 512, 3],
    [14, 512, 3],
  ];
  let cin = 3;
  cfg.forEach(([size, cout, n], b) => {
    for (let i = 0; i < n; i++) {
      layers.push(conv(`conv${b + 1}_${i + 1}`, size, 1, 3, cin, cout, 1));
      cin = cout;
    }
  });
  layers.push(fc('fc6', 7, 512, 4096), fc('fc7', 1, 4096, 4096), fc('fc8', 1, 4096, 1000));
  return layers;
}

/** MobileNetV2 (Sandler et al. 2018) Table 2 rows after the stem: [expansion t, output channels c, repeats n, stride s]. */
export const MOBILENET_V2_BOTTLENECKS: ReadonlyArray<readonly [number, number, number, number]> = [
  [1, 16, 1, 1],
  [6, 24, 2, 2],
  [6, 32, 3, 2],
  [6, 64, 4, 2],
  [6, 96, 3, 1],
  [6, 160, 3, 2],
  [6, 320, 1, 1],
];

/**
 * MobileNetV2 (1.0, 224), Sandler et al. 2018, Table 2: conv 3x3/2 (32), 17 inverted-residual
 * bottlenecks (1x1 expand by t — omitted when t = 1 —, 3x3 depthwise with the block's stride
 * on its first repeat, 1x1 linear projection), conv 1x1 (1280), FC (the paper's final 1x1 conv,
 * k = 1000). 53 layers, 300 M MACs (paper: 300 M multiply-adds).
 */
function mobilenetV2(): ConvLayer[] {
  const layers: ConvLayer[] = [conv('conv1', 224, 1, 3, 3, 32, 2)];
  const cfg = MOBILENET_V2_BOTTLENECKS;
  let size = 112;
  let cin = 32;
  let block = 0;
  for (const [t, c, n, s] of cfg) {
    for (let i = 0; i < n; i++) {
      block++;
      const stride = i === 0 ? s : 1;
      const hidden = cin * t;
      const tag = `block${block}`;
      if (t !== 1) layers.push(conv(`${tag}_expand`, size, 0, 1, cin, hidden, 1));
      layers.push(dwconv(`${tag}_dw`, size, 1, 3, hidden, stride));
      size = size / stride;
      layers.push(conv(`${tag}_project`, size, 0, 1, hidden, c, 1));
      cin = c;
    }
  }
  layers.push(conv('conv_last', 7, 0, 1, 320, 1280, 1));
  layers.push(fc('fc', 1, 1280, 1000)); // after 7x7 global average pool
  return layers;
}

export const mobilenetV1Layers = mobilenetV1();
export const resnet50Layers = resnet50();
/**
 * ResNet-50 v1.5 (torchvision / NVIDIA / MLPerf): identical to v1 except that the first block
 * of stages 3-5 strides on the 3x3 conv instead of the first 1x1. 54 layers, 4.09 G MACs incl. FC.
 */
export const resnet50V15Layers = resnet50(true);
export const alexnetLayers = alexnet();
export const vgg16Layers = vgg16();
export const resnet18Layers = resnet18();
export const mobilenetV2Layers = mobilenetV2();
