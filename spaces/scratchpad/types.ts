/**
 * The dataflow graphs the scratchpad model allocates: operators consume and produce tensors, and
 * one operator runs per time step (COSMA's model of a DNN accelerator's execution).
 */

/**
 * `activation`: produced by one operator, resident on chip from its creation while needed.
 * `weight`: parameters, no producer; loaded from off-chip in (or before) the step that uses them.
 * `input`: a graph input, no producer; loaded from off-chip like a weight.
 * Activations with no consumer are graph outputs: written off chip once (compulsory traffic).
 */
export type TensorKind = 'activation' | 'weight' | 'input';

/** A tensor as written in a graph file. */
export interface TensorSpec {
  readonly name: string;
  readonly sizeBytes: number;
  /** Default: `activation`. */
  readonly kind?: TensorKind;
}

/** An operator as written in a graph file. */
export interface OperatorSpec {
  readonly name: string;
  /** Operator type for display (`conv`, `matmul`, `add`, ...); default `op`. */
  readonly type?: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
}

/** A graph file's content. `operators` are listed in a valid execution order (the default schedule). */
export interface GraphSpec {
  readonly name: string;
  readonly title?: string;
  /** Where the shapes come from (paper, model zoo). */
  readonly source?: string;
  readonly tensors: readonly TensorSpec[];
  readonly operators: readonly OperatorSpec[];
}

/** A validated tensor with its graph relations resolved to indices. */
export interface Tensor {
  readonly index: number;
  readonly name: string;
  readonly sizeBytes: number;
  readonly kind: TensorKind;
  /** Index of the producing operator, or -1 for weights and inputs. */
  readonly producer: number;
  /** Indices of consuming operators, ascending and without repeats. */
  readonly consumers: readonly number[];
}

/** A validated operator; `inputs` and `outputs` are tensor indices without repeats. */
export interface Operator {
  readonly index: number;
  readonly name: string;
  readonly type: string;
  readonly inputs: readonly number[];
  readonly outputs: readonly number[];
}

/** A validated acyclic graph; operator indices follow the declared (default) order. */
export interface Graph {
  readonly name: string;
  readonly title: string;
  readonly source: string;
  readonly tensors: readonly Tensor[];
  readonly operators: readonly Operator[];
}

/** How a placement begins. */
export type PlacementStart =
  /** An activation written by its producer in this step. */
  | 'created'
  /** A weight's or input's first load from off chip: compulsory traffic. */
  | 'loaded'
  /** A load of a tensor that has been on chip before: non-compulsory traffic. */
  | 'reloaded';

/**
 * One stretch of steps during which a tensor sits at one scratchpad address.
 * Step t runs operator `order[t]`; the tensor is resident from `firstStep` to `lastStep` inclusive.
 */
export interface Placement {
  readonly tensor: number;
  readonly offsetBytes: number;
  readonly firstStep: number;
  readonly lastStep: number;
  readonly start: PlacementStart;
  /**
   * The tensor is written off chip when this placement ends (a spill: non-compulsory traffic).
   * False when it dies, when an off-chip copy exists already (weights, inputs, spilled before), or
   * for a graph output's compulsory write.
   */
  readonly spilledAtEnd: boolean;
}

/** Off-chip traffic of a plan, in bytes. */
export interface Traffic {
  /** First loads of weights and inputs, plus one write of each graph output. */
  readonly compulsoryBytes: number;
  readonly spillBytes: number;
  readonly reloadBytes: number;
  /** spillBytes + reloadBytes: what a better schedule or allocation can remove. */
  readonly nonCompulsoryBytes: number;
  readonly totalBytes: number;
}

/** A complete schedule, allocation and replacement plan for one scratchpad budget. */
export interface AllocationPlan {
  /** Operator index run at each step. */
  readonly order: readonly number[];
  readonly budgetBytes: number;
  /** Whether weights occupy the scratchpad (otherwise only activations and inputs do). */
  readonly trackWeights: boolean;
  readonly placements: readonly Placement[];
  readonly traffic: Traffic;
  /** Highest address in use at any step (offset + size), the footprint the plan needs. */
  readonly peakBytes: number;
}
