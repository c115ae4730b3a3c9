/**
 * Verbatim transcriptions of topology CSVs shipped with SCALE-Sim v2
 * (https://github.com/scalesim-project/scale-sim-v2), for cross-checking this model against
 * SCALE-Sim run on the very same files. Rows are
 * [name, IFMAP H, IFMAP W, filter H, filter W, channels, num filter, stride].
 *
 * These files do NOT fold padding in consistently (e.g. Resnet50.csv runs 3x3 convs on an
 * unpadded 56x56 ifmap, giving 54x54 outputs), so their layers do not chain and their MAC
 * totals are below the papers'. Use the paper-derived tables in cnn.ts for workload studies.
 */
import type { ConvLayer } from './types.js';

type Row = [string, number, number, number, number, number, number, number];

function fromRows(rows: Row[], isDepthwise: (name: string) => boolean = () => false): ConvLayer[] {
  return rows.map(([name, ifmapH, ifmapW, filterH, filterW, channels, filters, stride]) => {
    const layer: ConvLayer = { kind: 'conv', name, ifmapH, ifmapW, filterH, filterW, channels, filters, stride };
    if (isDepthwise(name)) layer.depthwise = true;
    return layer;
  });
}

/**
 * topologies/conv_nets/mobilnet_paper.csv (commit 1f53104f). SCALE-Sim models each depthwise
 * layer as a single-channel, single-filter conv (channels = filters = 1); those rows (names
 * containing "_dw") are marked depthwise here. Note Conv18_dw has stride 2 on 7x7 as in the file.
 */
export const scaleSimMobilenetPaper: ConvLayer[] = fromRows(
  [
    ['Conv1', 224, 224, 3, 3, 3, 32, 2],
    ['Conv2_dw', 112, 112, 3, 3, 1, 1, 1],
    ['Conv3', 112, 112, 1, 1, 32, 64, 1],
    ['Conv4_dw', 112, 112, 3, 3, 1, 1, 2],
    ['Conv5', 56, 56, 1, 1, 64, 128, 1],
    ['Conv6_dw', 56, 56, 3, 3, 1, 1, 1],
    ['Conv7', 56, 56, 1, 1, 128, 128, 1],
    ['Conv8_dw', 56, 56, 3, 3, 1, 1, 2],
    ['Conv9', 28, 28, 1, 1, 128, 256, 1],
    ['Conv10_dw', 28, 28, 3, 3, 1, 1, 1],
    ['Conv11', 28, 28, 1, 1, 256, 256, 1],
    ['Conv12_dw', 28, 28, 3, 3, 1, 1, 2],
    ['Conv13', 14, 14, 1, 1, 256, 512, 1],
    ['Conv14_dw_0', 14, 14, 3, 3, 1, 1, 1],
    ['Conv15_0', 14, 14, 1, 1, 512, 512, 1],
    ['Conv14_dw_1', 14, 14, 3, 3, 1, 1, 1],
    ['Conv15_1', 14, 14, 1, 1, 512, 512, 1],
    ['Conv14_dw_2', 14, 14, 3, 3, 1, 1, 1],
    ['Conv15_2', 14, 14, 1, 1, 512, 512, 1],
    ['Conv14_dw_3', 14, 14, 3, 3, 1, 1, 1],
    ['Conv15_3', 14, 14, 1, 1, 512, 512, 1],
    ['Conv14_dw_4', 14, 14, 3, 3, 1, 1, 1],
    ['Conv15_4', 14, 14, 1, 1, 512, 512, 1],
    ['Conv16_dw', 14, 14, 3, 3, 1, 1, 2],
    ['Conv17', 7, 7, 1, 1, 512, 1024, 1],
    ['Conv18_dw', 7, 7, 3, 3, 1, 1, 2],
    ['Conv19', 7, 7, 1, 1, 1024, 1024, 1],
    ['FC', 1, 1, 1, 1, 1024, 1000, 1],
  ],
  (name) => name.includes('_dw'),
);

/** topologies/conv_nets/Resnet50.csv (commit 51074edc); the file's extra Eh/Ew/e2 columns are dropped. */
export const scaleSimResnet50: ConvLayer[] = fromRows([
  ['Conv1', 224, 224, 7, 7, 3, 64, 2],
  ['CB2a_1', 56, 56, 1, 1, 64, 64, 1],
  ['CB2a_2', 56, 56, 3, 3, 64, 64, 1],
  ['CB2a_3', 56, 56, 1, 1, 64, 256, 1],
  ['CB2s', 56, 56, 1, 1, 64, 256, 1],
  ['IB2b_1', 56, 56, 1, 1, 256, 64, 1],
  ['IB2b_2', 56, 56, 3, 3, 64, 64, 1],
  ['IB2b_3', 56, 56, 1, 1, 64, 256, 1],
  ['IB2c_1', 56, 56, 1, 1, 256, 64, 1],
  ['IB2c_2', 56, 56, 3, 3, 64, 64, 1],
  ['IB2c_3', 56, 56, 1, 1, 64, 256, 1],
  ['CB3a_1', 56, 56, 1, 1, 256, 128, 2],
  ['CB3a_2', 28, 28, 3, 3, 128, 128, 1],
  ['CB3a_3', 28, 28, 1, 1, 128, 512, 1],
  ['CB3s', 56, 56, 1, 1, 256, 512, 2],
  ['IB3b_1', 28, 28, 1, 1, 512, 128, 1],
  ['IB3b_2', 28, 28, 3, 3, 128, 128, 1],
  ['IB3b_3', 28, 28, 1, 1, 128, 512, 1],
  ['IB3c_1', 28, 28, 1, 1, 512, 128, 1],
  ['IB3c_2', 28, 28, 3, 3, 128, 128, 1],
  ['IB3c_3', 28, 28, 1, 1, 128, 512, 1],
  ['IB3d_1', 28, 28, 1, 1, 512, 128, 1],
  ['IB3d_2', 28, 28, 3, 3, 128, 128, 1],
  ['IB3d_3', 28, 28, 1, 1, 128, 512, 1],
  ['CB4a_1', 28, 28, 1, 1, 512, 256, 2],
  ['CB4a_2', 14, 14, 3, 3, 256, 256, 1],
  ['CB4a_3', 14, 14, 1, 1, 256, 1024, 1],
  ['CB4s', 28, 28, 1, 1, 512, 1024, 2],
  ['IB4b_1', 14, 14, 1, 1, 1024, 256, 1],
  ['IB4b_2', 14, 14, 3, 3, 256, 256, 1],
  ['IB4b_3', 14, 14, 1, 1, 256, 1024, 1],
  ['IB4c_1', 14, 14, 1, 1, 1024, 256, 1],
  ['IB4c_2', 14, 14, 3, 3, 256, 256, 1],
  ['IB4c_3', 14, 14, 1, 1, 256, 1024, 1],
  ['IB4d_1', 14, 14, 1, 1, 1024, 256, 1],
  ['IB4d_2', 14, 14, 3, 3, 256, 256, 1],
  ['IB4d_3', 14, 14, 1, 1, 256, 1024, 1],
  ['IB4e_1', 14, 14, 1, 1, 1024, 256, 1],
  ['IB4e_2', 14, 14, 3, 3, 256, 256, 1],
  ['IB4e_3', 14, 14, 1, 1, 256, 1024, 1],
  ['IB4f_1', 14, 14, 1, 1, 1024, 256, 1],
  ['IB4f_2', 14, 14, 3, 3, 256, 256, 1],
  ['IB4f_3', 14, 14, 1, 1, 256, 1024, 1],
  ['CB5a_1', 14, 14, 1, 1, 1024, 512, 2],
  ['CB5a_2', 7, 7, 3, 3, 512, 512, 1],
  ['CB5a_3', 7, 7, 1, 1, 512, 2048, 1],
  ['CB5s', 14, 14, 1, 1, 1024, 2048, 2],
  ['IB5b_1', 7, 7, 1, 1, 2048, 512, 1],
  ['IB5b_2', 7, 7, 3, 3, 512, 512, 1],
  ['IB5b_3', 7, 7, 1, 1, 512, 2048, 1],
  ['IB5c_1', 7, 7, 1, 1, 2048, 512, 1],
  ['IB5c_2', 7, 7, 3, 3, 512, 512, 1],
  ['IB5c_3', 7, 7, 1, 1, 512, 2048, 1],
  ['FC6', 1, 1, 1, 1, 2048, 1000, 1],
]);

/** topologies/conv_nets/alexnet.csv (commit 1179bd58): the five conv layers only, ungrouped. */
export const scaleSimAlexnet: ConvLayer[] = fromRows([
  ['Conv1', 224, 224, 11, 11, 3, 96, 4],
  ['Conv2', 27, 27, 5, 5, 96, 256, 1],
  ['Conv3', 13, 13, 3, 3, 256, 384, 1],
  ['Conv4', 13, 13, 3, 3, 384, 384, 1],
  ['Conv5', 13, 13, 3, 3, 384, 256, 1],
]);

/** topologies/sparsity/Resnet18.csv (commit c5675a31). */
export const scaleSimResnet18: ConvLayer[] = fromRows([
  ['Conv1', 224, 224, 7, 7, 3, 64, 2],
  ['Conv2_1a', 56, 56, 3, 3, 64, 64, 1],
  ['Conv2_1b', 56, 56, 3, 3, 64, 64, 1],
  ['Conv2_2a', 56, 56, 3, 3, 64, 64, 1],
  ['Conv2_2b', 56, 56, 3, 3, 64, 64, 1],
  ['Conv3_1a', 56, 56, 3, 3, 64, 128, 2],
  ['Conv3_1b', 28, 28, 3, 3, 128, 128, 1],
  ['Conv3_s', 56, 56, 1, 1, 64, 128, 2],
  ['Conv3_2a', 28, 28, 3, 3, 128, 128, 1],
  ['Conv3_2b', 28, 28, 3, 3, 128, 128, 1],
  ['Conv4_1a', 28, 28, 3, 3, 128, 256, 2],
  ['Conv4_1b', 14, 14, 3, 3, 256, 256, 1],
  ['Conv4_s', 28, 28, 1, 1, 128, 256, 2],
  ['Conv4_2a', 14, 14, 3, 3, 256, 256, 1],
  ['Conv4_2b', 14, 14, 3, 3, 256, 256, 1],
  ['Conv5_1a', 14, 14, 3, 3, 256, 512, 2],
  ['Conv5_1b', 7, 7, 3, 3, 512, 512, 1],
  ['Conv5_s', 14, 14, 1, 1, 256, 512, 2],
  ['Conv5_2a', 7, 7, 3, 3, 512, 512, 1],
  ['Conv5_2b', 7, 7, 3, 3, 512, 512, 1],
  ['FC', 1, 1, 1, 1, 512, 1000, 1],
]);
