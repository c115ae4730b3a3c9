/**
 * Built-in DNN workloads for the systolic-array model. See types.ts for the layer format,
 * cnn.ts / transformers.ts for the sources and conventions of each network, and scalesim.ts
 * for verbatim copies of SCALE-Sim v2's own topology files.
 */
import { alexnetLayers, mobilenetV1Layers, mobilenetV2Layers, resnet18Layers, resnet50Layers, resnet50V15Layers, vgg16Layers } from './cnn.js';
import { scaleSimAlexnet, scaleSimMobilenetPaper, scaleSimResnet18, scaleSimResnet50 } from './scalesim.js';
import { bertBaseEncoderLayer, gpt2Small } from './transformers.js';
import type { NetworkLayer } from './types.js';

export * from './types.js';

export const networks: Record<string, NetworkLayer[]> = {
  mobilenet_v1: mobilenetV1Layers,
  resnet50: resnet50Layers,
  resnet50_v1_5: resnet50V15Layers,
  alexnet: alexnetLayers,
  vgg16: vgg16Layers,
  resnet18: resnet18Layers,
  mobilenet_v2: mobilenetV2Layers,
  /** One encoder layer, sequence length 512. */
  bert_base_layer: bertBaseEncoderLayer(512),
  /** Whole model, prompt of 1024 tokens (the full context window). */
  gpt2_small_prefill: gpt2Small(1024, 1024),
  /** Whole model, one new token attending over a 1024-position context (1023 cached + itself). */
  gpt2_small_decode: gpt2Small(1, 1024),
  /** Verbatim SCALE-Sim v2 topology files (not padded consistently; see scalesim.ts). */
  'scalesim/mobilnet_paper': scaleSimMobilenetPaper,
  'scalesim/Resnet50': scaleSimResnet50,
  'scalesim/alexnet': scaleSimAlexnet,
  'scalesim/Resnet18': scaleSimResnet18,
};
