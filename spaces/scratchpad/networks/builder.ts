/**
 * Writes built-in graphs layer by layer: each helper adds one operator, its weight tensor and its
 * output activation, and computes the output shape, so every size in a graph follows from the
 * network's layer parameters. Shapes are N x H x W x C at batch 1; sizes are elements times the
 * bytes per element (1 for int8). Biases are left out of weights (they are tiny next to the
 * kernels and usually folded into requantization).
 */
import type { GraphSpec, OperatorSpec, TensorKind, TensorSpec } from '../types.js';

/** An activation (or the graph input) as a feature map of height x width x channels. */
export interface FeatureMap {
  readonly tensor: string;
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

/**
 * What a layer reads: one feature map, or several of equal height and width read as their
 * channel concatenation in place (the concatenation is a view, never copied).
 */
export type LayerInput = FeatureMap | readonly FeatureMap[];

export interface ConvOptions {
  readonly kernel: number;
  readonly filters: number;
  readonly stride?: number;
  /** Zero padding on each side; default floor(kernel / 2) ("same" padding at stride 1). */
  readonly pad?: number;
}

export interface PoolOptions {
  readonly kernel: number;
  readonly stride: number;
  readonly pad?: number;
  /** Round the output size up, as Caffe and PyTorch's ceil_mode do (GoogLeNet's pools). */
  readonly ceil?: boolean;
}

/** Output size of a sliding window: floor((size + 2 pad - kernel) / stride) + 1, or ceil with `ceil`. */
export function windowOutput(size: number, kernel: number, stride: number, pad: number, ceil = false): number {
  const span = size + 2 * pad - kernel;
  if (span < 0) throw new Error(`a ${kernel}-wide window does not fit ${size} + 2 x ${pad} padding`);
  return (ceil ? Math.ceil(span / stride) : Math.floor(span / stride)) + 1;
}

function parts(input: LayerInput): readonly FeatureMap[] {
  return Array.isArray(input) ? (input as readonly FeatureMap[]) : [input as FeatureMap];
}

/** Height, width and total channels of a layer input; concatenated parts must share height and width. */
function inputShape(name: string, input: LayerInput): { height: number; width: number; channels: number; tensors: string[] } {
  const list = parts(input);
  if (list.length === 0) throw new Error(`layer ${name} has no input`);
  const { height, width } = list[0];
  for (const p of list) {
    if (p.height !== height || p.width !== width) {
      throw new Error(`layer ${name} concatenates ${p.tensor} (${p.height}x${p.width}) with ${list[0].tensor} (${height}x${width})`);
    }
  }
  return { height, width, channels: list.reduce((s, p) => s + p.channels, 0), tensors: list.map((p) => p.tensor) };
}

export class GraphBuilder {
  private readonly tensors: TensorSpec[] = [];
  private readonly operators: OperatorSpec[] = [];

  constructor(readonly bytesPerElement = 1) {}

  /** Declares a tensor of `elements` elements. */
  tensor(name: string, elements: number, kind: TensorKind): string {
    if (!Number.isInteger(elements) || elements <= 0) throw new Error(`tensor ${name} would have ${elements} elements`);
    this.tensors.push({ name, sizeBytes: elements * this.bytesPerElement, kind });
    return name;
  }

  /** Appends an operator; operators run in the order they are added. */
  operator(name: string, type: string, inputs: readonly string[], outputs: readonly string[]): void {
    this.operators.push({ name, type, inputs: [...inputs], outputs: [...outputs] });
  }

  /** The graph input image or feature map. */
  input(name: string, height: number, width: number, channels: number): FeatureMap {
    this.tensor(name, height * width * channels, 'input');
    return { tensor: name, height, width, channels };
  }

  /** An operator writing one feature map named after it. */
  private layer(name: string, type: string, inputs: readonly string[], height: number, width: number, channels: number): FeatureMap {
    this.tensor(name, height * width * channels, 'activation');
    this.operator(name, type, inputs, [name]);
    return { tensor: name, height, width, channels };
  }

  /** Convolution (batch norm and activation folded in); weight kernel x kernel x Cin x filters. */
  conv(name: string, input: LayerInput, o: ConvOptions): FeatureMap {
    const x = inputShape(name, input);
    const stride = o.stride ?? 1;
    const pad = o.pad ?? Math.floor(o.kernel / 2);
    const weight = this.tensor(`${name}.weight`, o.kernel * o.kernel * x.channels * o.filters, 'weight');
    const height = windowOutput(x.height, o.kernel, stride, pad);
    const width = windowOutput(x.width, o.kernel, stride, pad);
    return this.layer(name, 'conv', [...x.tensors, weight], height, width, o.filters);
  }

  /** Depthwise convolution, channel multiplier 1; weight kernel x kernel x C. */
  depthwise(name: string, input: FeatureMap, o: Omit<ConvOptions, 'filters'>): FeatureMap {
    const stride = o.stride ?? 1;
    const pad = o.pad ?? Math.floor(o.kernel / 2);
    const weight = this.tensor(`${name}.weight`, o.kernel * o.kernel * input.channels, 'weight');
    const height = windowOutput(input.height, o.kernel, stride, pad);
    const width = windowOutput(input.width, o.kernel, stride, pad);
    return this.layer(name, 'depthwise', [input.tensor, weight], height, width, input.channels);
  }

  maxPool(name: string, input: LayerInput, o: PoolOptions): FeatureMap {
    return this.pool(name, 'maxpool', input, o);
  }

  avgPool(name: string, input: LayerInput, o: PoolOptions): FeatureMap {
    return this.pool(name, 'avgpool', input, o);
  }

  /** Average over the whole height and width: 1 x 1 x C. */
  globalAvgPool(name: string, input: LayerInput): FeatureMap {
    const x = inputShape(name, input);
    return this.layer(name, 'avgpool', x.tensors, 1, 1, x.channels);
  }

  private pool(name: string, type: string, input: LayerInput, o: PoolOptions): FeatureMap {
    const x = inputShape(name, input);
    const pad = o.pad ?? 0;
    const height = windowOutput(x.height, o.kernel, o.stride, pad, o.ceil);
    const width = windowOutput(x.width, o.kernel, o.stride, pad, o.ceil);
    return this.layer(name, type, x.tensors, height, width, x.channels);
  }

  /** Element-wise sum of two equal feature maps (a residual connection). */
  add(name: string, a: FeatureMap, b: FeatureMap): FeatureMap {
    if (a.height !== b.height || a.width !== b.width || a.channels !== b.channels) {
      throw new Error(`add ${name}: ${a.tensor} and ${b.tensor} differ in shape`);
    }
    return this.layer(name, 'add', [a.tensor, b.tensor], a.height, a.width, a.channels);
  }

  /** Channel concatenation written as a new tensor (a copy, as an operator). */
  concat(name: string, input: readonly FeatureMap[]): FeatureMap {
    const x = inputShape(name, input);
    return this.layer(name, 'concat', x.tensors, x.height, x.width, x.channels);
  }

  /** Fully connected layer on the flattened input (flattening is a view); weight (H W C) x outputs. */
  fullyConnected(name: string, input: FeatureMap, outputs: number): FeatureMap {
    const weight = this.tensor(`${name}.weight`, input.height * input.width * input.channels * outputs, 'weight');
    return this.layer(name, 'fc', [input.tensor, weight], 1, 1, outputs);
  }

  spec(meta: { name: string; title: string; source: string }): GraphSpec {
    return { ...meta, tensors: [...this.tensors], operators: [...this.operators] };
  }
}
