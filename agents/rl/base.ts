/**
 * What the RL agents share: the action layout and its heads, TensorFlow.js loading, the seeded
 * generator, the multi-objective reward, preference weights as policy input, and the avoidance of
 * designs already evaluated.
 *
 * Formulation (as in the DRAM study this reproduces): one episode = one design, chosen whole and
 * evaluated once, i.e. a contextual bandit. The context is the preference weight vector w of the
 * Tchebycheff reward (reward.ts), drawn afresh for every design; the policy input is [w, 1].
 *
 * Unique designs: budgets count unique evaluations, and a policy that has found a good region
 * proposes it again and again. Each design is therefore redrawn (from the same distribution) up to
 * `uniqueTries` times while it repeats a design already told or already in the batch. If it still
 * repeats, one parameter chosen at random is set to a random value, again until the design is new
 * (at most MAX_MUTATIONS times): a converged policy then keeps exploring the neighbourhood of its
 * choice instead of stalling the run. The log-probability recorded is the policy's for the design
 * finally proposed, so the learning update sees the redraws as the small bias they are.
 */
import type { Agent, AgentContext, AgentOptionSpec, Evaluation } from '../../src/agent/types.js';
import type { Point } from '../../src/space/types.js';
import { Rng, type RngState } from '../../src/util/rng.js';
import { designHash } from '../nsga2/design-hash.js';
import { actionLayout, parseGroups, pointOf, type ActionLayout } from './action-space.js';
import { GroupedHeads } from './heads.js';
import { ACTIVATIONS, type Activation } from './mlp.js';
import { RewardModel, REWARD_KINDS, sampleWeights, type RewardKind } from './reward.js';
import { loadTf, TF_BACKENDS, type Tf, type TfBackendChoice } from './tf-backend.js';

/** Random one-parameter changes tried on a design that the policy's draws could not make new. */
export const MAX_MUTATIONS = 64;

export interface RlCommonSettings {
  hidden: number;
  activation: Activation;
  learningRate: number;
  reward: RewardKind;
  uniqueTries: number;
  bins: number;
  backend: TfBackendChoice;
}

export const rlCommonOptionSpecs: readonly AgentOptionSpec[] = [
  { name: 'hidden', type: 'integer', description: 'units in each of the two hidden layers of every network', default: 32, min: 1, max: 1024 },
  {
    name: 'activation',
    type: 'string',
    description: 'hidden-layer activation: "tanh" (learned better in our tests) or "relu" (about twice as fast on the wasm backend)',
    default: 'tanh',
    values: ACTIVATIONS,
  },
  { name: 'learningRate', type: 'number', description: 'Adam step size', default: 0.01, min: 0 },
  {
    name: 'reward',
    type: 'string',
    description:
      'how results become the reward: "tchebycheff" (augmented Tchebycheff scalarization of the front-normalized objectives, ' +
      'with a preference weight vector drawn per design and fed to the policy) or "hypervolume" (hypervolume added to the front, ' +
      'or minus the distance to it when dominated)',
    default: 'tchebycheff',
    values: REWARD_KINDS,
  },
  {
    name: 'uniqueTries',
    type: 'integer',
    description: 'draws per design while it repeats one already evaluated, then random one-parameter changes (1: neither, repeats are proposed as drawn)',
    default: 8,
    min: 1,
  },
  { name: 'bins', type: 'integer', description: 'choices of the head of a real parameter, or of a numeric one with more values', default: 32, min: 2 },
  {
    name: 'backend',
    type: 'string',
    description: 'TensorFlow.js backend: "auto" (tensorflow where @tensorflow/tfjs-node is installed, else wasm), "tensorflow", "wasm" or "cpu"',
    default: 'auto',
    values: TF_BACKENDS,
  },
];

export function rlCommonSettings(options: Record<string, unknown>): RlCommonSettings {
  return {
    hidden: options.hidden as number,
    activation: options.activation as Activation,
    learningRate: options.learningRate as number,
    reward: options.reward as RewardKind,
    uniqueTries: options.uniqueTries as number,
    bins: options.bins as number,
    backend: options.backend as TfBackendChoice,
  };
}

/** The space must be searchable by categorical heads: only a space with no parameter is not. */
export function unsupportedByRl(space: { parameters: readonly unknown[] }): string | null {
  return space.parameters.length === 0 ? 'the space has no parameters' : null;
}

/** A batch asked and not yet told. */
export interface AskedBatch {
  size: number;
  /** Policy inputs, [size, inputs]. */
  observations: Float32Array;
  weights: number[][];
  /** Chosen index per head, [size, heads]. */
  choices: Int32Array;
  /** Log-probability of each group's chosen actions, [size, groups]. */
  logProbabilities: Float64Array;
}

export interface RlBaseSnapshot {
  rng: RngState;
  reward: unknown;
  seen: number[];
}

export abstract class RlAgent implements Agent {
  protected rng: Rng;
  protected tf!: Tf;
  protected backend = '';
  readonly layout: ActionLayout;
  readonly heads: GroupedHeads;
  protected readonly reward: RewardModel;
  /** Policy input width: one weight per objective, then a constant 1. */
  readonly inputs: number;
  protected asked: AskedBatch | null = null;
  private seen = new Set<number>();
  private readonly names: string[];

  constructor(
    protected readonly context: AgentContext,
    protected readonly common: RlCommonSettings,
    groups: 'per-parameter' | 'single' | string,
  ) {
    const { space } = context;
    this.rng = new Rng(context.seed);
    const groupIndices =
      groups === 'single' ? [space.parameters.map((_, i) => i)] : parseGroups(space, groups === 'per-parameter' ? '' : groups, `agent option groups`);
    this.layout = actionLayout(space, common.bins, groupIndices);
    this.heads = new GroupedHeads(this.layout);
    this.reward = new RewardModel(common.reward, context.objectives.length);
    this.inputs = context.objectives.length + 1;
    this.names = space.parameters.map((p) => p.name);
  }

  /** Log-probabilities [G,B,stride] (first `heads.width` columns per row) for a batch of inputs. */
  protected abstract policyLogProbabilities(observations: Float32Array, batch: number): { logp: Float32Array; stride: number };
  /** Learns from a told batch (its first rewards.length designs). */
  protected abstract learn(batch: AskedBatch, rewards: number[]): void;

  protected async ready(): Promise<void> {
    if (this.backend) return;
    const loaded = await loadTf(this.common.backend);
    this.tf = loaded.tf;
    this.backend = loaded.backend;
  }

  async ask(n: number): Promise<Point[]> {
    await this.ready();
    const heads = this.layout.heads.length;
    const groups = this.heads.groups;
    const observations = new Float32Array(n * this.inputs);
    const weights: number[][] = [];
    const m = this.context.objectives.length;
    for (let b = 0; b < n; b++) {
      const w = this.reward.usesWeights ? sampleWeights(this.rng, m) : new Array<number>(m).fill(0);
      weights.push(w);
      for (let i = 0; i < m; i++) observations[b * this.inputs + i] = w[i];
      observations[b * this.inputs + m] = 1;
    }
    const { logp, stride } = this.policyLogProbabilities(observations, n);
    const choices = new Int32Array(n * heads);
    const logProbabilities = new Float64Array(n * groups);
    const draw = new Int32Array(heads);
    const drawLogp = new Float64Array(groups);
    const inBatch = new Set<number>();
    const points: Point[] = [];
    for (let b = 0; b < n; b++) {
      const isNew = (hash: number) => !this.seen.has(hash) && !inBatch.has(hash);
      let point: Point;
      let hash: number;
      let tries = 0;
      do {
        this.heads.sample(logp, n, b, stride, this.rng, draw, drawLogp);
        point = pointOf(this.context.space, this.layout, draw);
        hash = designHash(point, this.names);
        tries++;
      } while (tries < this.common.uniqueTries && !isNew(hash));
      for (let mutation = 0; mutation < MAX_MUTATIONS && !isNew(hash) && this.common.uniqueTries > 1; mutation++) {
        const h = this.rng.int(heads);
        draw[h] = this.rng.int(this.layout.heads[h].values.length);
        point = pointOf(this.context.space, this.layout, draw);
        hash = designHash(point, this.names);
      }
      if (tries > 1) this.heads.logProbabilityOf(logp, n, b, stride, draw, drawLogp);
      inBatch.add(hash);
      choices.set(draw, b * heads);
      logProbabilities.set(drawLogp, b * groups);
      points.push(point);
    }
    this.asked = { size: n, observations, weights, choices, logProbabilities };
    return points;
  }

  async tell(evaluations: readonly Evaluation[]): Promise<void> {
    const batch = this.asked;
    if (!batch) throw new Error('tell without a preceding ask');
    this.asked = null;
    if (evaluations.length === 0) return;
    for (const e of evaluations) this.seen.add(designHash(e.point, this.names));
    const rewards = this.reward.rewards(evaluations, batch.weights.slice(0, evaluations.length));
    this.learn(batch, rewards);
  }

  /** Facts about this run's agent, recorded in the run summary. */
  runInfo(): Record<string, string | number> {
    return { tfBackend: this.backend || 'not loaded', groups: this.heads.groups, heads: this.layout.heads.length };
  }

  protected baseSnapshot(): RlBaseSnapshot {
    return { rng: this.rng.state(), reward: this.reward.snapshot(), seen: [...this.seen] };
  }

  protected restoreBase(state: Partial<RlBaseSnapshot>, where: string): void {
    const rng = state.rng;
    if (!Array.isArray(rng) || rng.length !== 4 || !rng.every((x) => Number.isInteger(x))) throw new Error(`${where}: rng must be 4 integers`);
    if (!Array.isArray(state.seen) || !state.seen.every((x) => Number.isInteger(x))) throw new Error(`${where}: seen must be a list of design hashes`);
    this.rng = new Rng(rng as RngState);
    this.reward.restore(state.reward, where);
    this.seen = new Set(state.seen);
    this.asked = null;
  }

  abstract snapshot(): unknown;
  abstract restore(state: unknown): void | Promise<void>;
}

