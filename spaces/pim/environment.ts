/**
 * The processing-in-memory environment for GPT inference (PIM-GPT style): a GPT-2 or GPT-3 model
 * decoded token by token on DRAM banks with MAC units, an ASIC for the non-linear functions, the
 * device and mapping parameters of design.ts as the design space, and latency, energy, row hits,
 * off-chip traffic and roofline speed-ups as metrics.
 */
import { OptionError, type DesignReport, type Environment, type EnvironmentProvider, type OptionValues } from '../../src/environment/types.js';
import type { MetricSpec, ObjectiveSpec } from '../../src/objective/types.js';
import type { Point } from '../../src/space/types.js';
import { assignTiles } from './assigned-placement.js';
import { deviceOf, mappingOf, pimConstraints, pimParameters } from './design.js';
import { evaluatePim, PHASES, tokenContexts, type Phase, type PimResult, type PimWorkload } from './evaluate.js';
import { DEFAULT_MODEL, GPT_MODELS, gptModel, validateModel, type GptModel } from './models.js';
import { pimReport } from './report.js';
import { pimFigures } from './figures.js';

export const DEFAULT_CONTEXT_LENGTH = 512;

export const pimMetrics: MetricSpec[] = [
  { name: 'latencyPerTokenUs', unit: 'us', direction: 'min', description: 'time per token, refresh and ASIC work included' },
  { name: 'tokensPerSecond', unit: 'tokens/s', direction: 'max', description: 'tokens per second at batch 1' },
  { name: 'energyPerTokenUj', unit: 'uJ', direction: 'min', description: 'DRAM activations, column accesses, MACs, off-chip bytes, ASIC ops, refresh and background per token (cited per-operation energies)' },
  { name: 'rowHitRatePct', unit: '%', direction: 'max', description: 'column accesses that find their row open' },
  { name: 'mvSharePct', unit: '%', direction: 'max', description: 'share of the token time spent in matrix-vector steps' },
  { name: 'refreshStallPct', unit: '%', direction: 'min', description: 'share of the token time banks stall for refresh' },
  { name: 'offChipBytes', unit: 'B', direction: 'min', description: 'bytes moved between the PIM channels, the ASIC and the host per token' },
  { name: 'speedupVsGpu', unit: 'x', direction: 'max', description: 'NVIDIA T4 roofline time / PIM time' },
  { name: 'speedupVsCpu', unit: 'x', direction: 'max', description: 'Xeon Gold 6154 roofline time / PIM time' },
  { name: 'gpuLatencyPerTokenUs', unit: 'us', direction: 'min', description: 'T4 roofline time per token' },
  { name: 'cpuLatencyPerTokenUs', unit: 'us', direction: 'min', description: 'Xeon Gold 6154 roofline time per token' },
  { name: 'macLanes', unit: 'lanes', direction: 'min', description: 'BF16 MAC lanes of the whole system (cost proxy)' },
  { name: 'macAreaMm2', unit: 'mm^2', direction: 'min', description: 'MAC lane area at 45 nm (Horowitz 2014): a relative cost proxy' },
  { name: 'capacityGiB', unit: 'GiB', direction: 'min', description: 'DRAM capacity of the design' },
];

export const pimObjectives: ObjectiveSpec[] = [
  { metric: 'latencyPerTokenUs', direction: 'min' },
  { metric: 'energyPerTokenUj', direction: 'min' },
  { metric: 'macAreaMm2', direction: 'min' },
];

function integerOption(options: OptionValues, name: string, fallback: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) throw new OptionError(`option "${name}": must be a positive integer, got ${JSON.stringify(value)}`, name);
  return value;
}

function modelOption(options: OptionValues): GptModel {
  const value = options.model ?? DEFAULT_MODEL;
  if (typeof value === 'string') {
    if (!Object.hasOwn(GPT_MODELS, value)) throw new OptionError(`option "model": unknown model ${JSON.stringify(value)}; known models: ${Object.keys(GPT_MODELS).join(', ')}`, 'model');
    return gptModel(value);
  }
  throw new OptionError('option "model": must be a model name', 'model');
}

export function workloadOf(options: OptionValues, model: GptModel): PimWorkload {
  const phase = (options.phase ?? 'decode') as Phase;
  if (!PHASES.includes(phase)) throw new OptionError(`option "phase": must be one of ${PHASES.join(', ')}, got ${JSON.stringify(options.phase)}`, 'phase');
  const workload = { phase, contextLength: integerOption(options, 'contextLength', DEFAULT_CONTEXT_LENGTH), tokens: integerOption(options, 'tokens', 1) };
  try {
    tokenContexts(model, workload);
  } catch (error) {
    throw new OptionError(`option "contextLength": ${(error as Error).message}`, 'contextLength');
  }
  return workload;
}

export const pimProvider: EnvironmentProvider = {
  id: 'pim',
  title: 'Processing-in-memory GPT inference (PIM-GPT style, GDDR6-AiM banks + ASIC)',
  description:
    'GPT-2/GPT-3 token generation on DRAM banks with BF16 MAC units (GDDR6-AiM timing) and an ASIC for layer norm, softmax, GELU ' +
    'and partial sums: per-token timeline with tRCD/tCCD/tRP/tRAS/tRC/tFAW and refresh, cited energies, roofline T4 and Xeon baselines.',
  options: [
    { name: 'model', type: 'string', description: 'GPT model', default: DEFAULT_MODEL, values: Object.keys(GPT_MODELS) },
    { name: 'contextLength', type: 'integer', description: 'prompt tokens already in the K/V cache (decode) or the prompt length (prefill)', default: DEFAULT_CONTEXT_LENGTH },
    { name: 'tokens', type: 'integer', description: 'tokens decoded after the prompt; metrics are per-token averages (decode only)', default: 1 },
    { name: 'phase', type: 'string', description: 'decode: new tokens after the prompt; prefill: the prompt fed token by token', default: 'decode', values: [...PHASES] },
  ],
  create(options): Environment {
    const model = validateModel(modelOption(options));
    const workload = workloadOf(options, model);
    const contexts = tokenContexts(model, workload);
    const maxContext = contexts[contexts.length - 1]!;
    // Uniform designs evaluate synchronously (errors throw at once); ILP designs first solve their op shapes.
    const run = (point: Point, withSteps: boolean): PimResult | Promise<PimResult> => {
      const device = deviceOf(point);
      const mapping = mappingOf(point);
      if (mapping.assignment !== 'ilp') return evaluatePim(model, device, mapping, workload, withSteps);
      return assignTiles(model, device, mapping, contexts).then((assignments) => evaluatePim(model, device, mapping, workload, withSteps, assignments));
    };
    return {
      id: 'pim',
      title: pimProvider.title,
      description: `${model.name}: ${workload.phase}, context ${workload.contextLength}${workload.phase === 'decode' ? `, ${workload.tokens} token(s)` : ''}`,
      space: { parameters: pimParameters.map((p) => ({ ...p })), constraints: pimConstraints(model, maxContext) },
      metrics: pimMetrics.map((m) => ({ ...m })),
      objectives: pimObjectives.map((o) => ({ ...o })),
      evaluate: (point: Point) => {
        const result = run(point, false);
        return result instanceof Promise ? result.then((r) => r.metrics) : result.metrics;
      },
      async report(point: Point): Promise<DesignReport> {
        const result = await run(point, true);
        return pimReport(result, deviceOf(point), contexts.length);
      },
      async figures(point: Point) {
        return pimFigures(pimReport(await run(point, true), deviceOf(point), contexts.length));
      },
    };
  },
};
