/**
 * The PIM benchmark (`npm run bench -- pim`): the pim environment's behaviour against PIM-GPT's
 * claims. For the eight GPT models on the PIM-GPT device (8 channels x 16 banks, GDDR6-AiM timing,
 * default mapping): latency, energy, row hits, matrix-vector share and the speed-up and energy
 * ratio over roofline T4 and Xeon Gold 6154 baselines; then row hits with and without head
 * concatenation, channel scaling, the ASIC clock study, the tFAW sensitivity and evaluation time.
 */
import { pimDevice, type PimDeviceParameters } from '../spaces/pim/device.js';
import { evaluatePim, type PimWorkload } from '../spaces/pim/evaluate.js';
import type { PimMapping } from '../spaces/pim/mapping.js';
import { GPT_MODELS, gptModel, totalParameters } from '../spaces/pim/models.js';
import { PIM_GPT_DEFAULTS, T4_BASELINE, XEON_6154_BASELINE } from '../spaces/pim/presets.js';
import { machine, writeResult } from './common.js';

const CONTEXT = 512;
const MAPPING: PimMapping = { split: 'rows', headConcat: true, kvLayout: 'k-row-v-col', tileElements: 1024, reduction: 'asic' };
const DECODE: PimWorkload = { phase: 'decode', contextLength: CONTEXT, tokens: 1 };

function run(model: string, device: Partial<PimDeviceParameters> = {}, mapping: Partial<PimMapping> = {}, workload: PimWorkload = DECODE): Record<string, number> {
  return evaluatePim(gptModel(model), pimDevice({ ...PIM_GPT_DEFAULTS, ...device }), { ...MAPPING, ...mapping }, workload).metrics;
}

const fixed = (value: number, digits = 1): string => value.toFixed(digits);

export async function runPim(): Promise<void> {
  const models = Object.keys(GPT_MODELS);
  const perModel = models.map((name) => {
    const m = run(name);
    const energyUj = m.energyPerTokenUj!;
    // Energy of a baseline running at its full power for its roofline time.
    const gpuEnergyUj = T4_BASELINE.tdpW * m.gpuLatencyPerTokenUs!;
    const cpuEnergyUj = XEON_6154_BASELINE.tdpW * m.cpuLatencyPerTokenUs!;
    return {
      model: name,
      parameters: totalParameters(gptModel(name)),
      latencyPerTokenUs: m.latencyPerTokenUs!,
      tokensPerSecond: m.tokensPerSecond!,
      energyPerTokenUj: energyUj,
      rowHitRatePct: m.rowHitRatePct!,
      mvSharePct: m.mvSharePct!,
      refreshStallPct: m.refreshStallPct!,
      offChipBytes: m.offChipBytes!,
      gpuLatencyPerTokenUs: m.gpuLatencyPerTokenUs!,
      speedupVsGpu: m.speedupVsGpu!,
      speedupVsCpu: m.speedupVsCpu!,
      energyRatioVsGpu: gpuEnergyUj / energyUj,
      energyRatioVsCpu: cpuEnergyUj / energyUj,
    };
  });

  const rowHits = [64, 512].map((contextLength) => ({
    contextLength,
    concatOnPct: run('gpt2-xl', {}, {}, { ...DECODE, contextLength }).rowHitRatePct!,
    concatOffPct: run('gpt2-xl', {}, { headConcat: false }, { ...DECODE, contextLength }).rowHitRatePct!,
    concatOnUs: run('gpt2-xl', {}, {}, { ...DECODE, contextLength }).latencyPerTokenUs!,
    concatOffUs: run('gpt2-xl', {}, { headConcat: false }, { ...DECODE, contextLength }).latencyPerTokenUs!,
  }));

  const channelScaling = [
    { model: 'gpt2-small', channels: [1, 2, 4, 8, 16, 32] },
    { model: 'gpt3-xl', channels: [8, 16, 32] },
  ].map(({ model, channels }) => {
    const latencies = channels.map((c) => run(model, { channels: c }).latencyPerTokenUs!);
    return { model, channels, latencyPerTokenUs: latencies, speedupPerDoubling: latencies.slice(1).map((l, i) => latencies[i]! / l) };
  });

  const asicClocks = [1000, 500, 200, 100];
  const asicClock = ['gpt2-small', 'gpt2-xl', 'gpt3-xl'].flatMap((model) =>
    [128, 2047].filter((c) => c < gptModel(model).maxContext).map((contextLength) => {
      const latencies = asicClocks.map((asicClockMHz) => run(model, { asicClockMHz }, {}, { ...DECODE, contextLength }).latencyPerTokenUs!);
      return { model, contextLength, latencyPerTokenUs: latencies, slowdownAt100MHzPct: 100 * (latencies[3]! / latencies[0]! - 1) };
    }),
  );

  const faw = models.map((model) => ({
    model,
    faw4Us: run(model, { activationsPerFaw: 4 }).latencyPerTokenUs!,
    faw16Us: run(model, { activationsPerFaw: 16 }).latencyPerTokenUs!,
    speedupVsGpuFaw16: run(model, { activationsPerFaw: 16 }).speedupVsGpu!,
  }));

  const timing = ['gpt2-small', 'gpt3-xl'].map((model) => {
    const contextLength = gptModel(model).maxContext - 1;
    let best = Infinity;
    for (let i = 0; i < 5; i++) {
      const start = performance.now();
      run(model, {}, {}, { ...DECODE, contextLength });
      best = Math.min(best, performance.now() - start);
    }
    return { model, contextLength, evaluationMs: best };
  });

  const lines: string[] = [
    '# PIM (PIM-GPT style) against the paper\'s claims',
    '',
    `Device: ${PIM_GPT_DEFAULTS.channels} channels x ${PIM_GPT_DEFAULTS.banksPerChannel} banks, GDDR6-AiM timing, ASIC ${PIM_GPT_DEFAULTS.asicLanes} lanes at 1 GHz; mapping rows / head concatenation / K row-major & V column-major / 1024-element tiles / ASIC reduction; decode of one token with ${CONTEXT} tokens cached.`,
    'Baselines are rooflines (max(bytes / bandwidth, flops / peak)); the paper measured real T4 and Xeon runs.',
    '',
    '| model | params | latency us/token | tokens/s | energy uJ/token | row hits % | MV share % | T4 roofline us | speed-up vs T4 (paper 41-137x) | vs Xeon (paper 631-1074x) | energy ratio vs T4 at TDP (paper 123-383x) | vs Xeon at TDP (paper 320-602x) |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|',
    ...perModel.map(
      (r) =>
        `| ${r.model} | ${(r.parameters / 1e6).toFixed(0)}M | ${fixed(r.latencyPerTokenUs)} | ${fixed(r.tokensPerSecond, 0)} | ${fixed(r.energyPerTokenUj, 0)} | ${fixed(r.rowHitRatePct, 2)} | ${fixed(r.mvSharePct)} | ${fixed(r.gpuLatencyPerTokenUs, 0)} | ${fixed(r.speedupVsGpu, 2)} | ${fixed(r.speedupVsCpu, 2)} | ${fixed(r.energyRatioVsGpu, 2)} | ${fixed(r.energyRatioVsCpu, 2)} |`,
    ),
    '',
    '## Row hits on GPT-2 XL (paper: about 98% with heads concatenated)',
    '',
    '| context | concat on: row hits % | concat off: row hits % | concat on: us/token | concat off: us/token |',
    '|---|---|---|---|---|',
    ...rowHits.map((r) => `| ${r.contextLength} | ${fixed(r.concatOnPct, 2)} | ${fixed(r.concatOffPct, 2)} | ${fixed(r.concatOnUs)} | ${fixed(r.concatOffUs)} |`),
    '',
    '## Channel scaling (paper: near-linear)',
    '',
    '| model | channels | latency us/token | speed-up per doubling |',
    '|---|---|---|---|',
    ...channelScaling.map((r) => `| ${r.model} | ${r.channels.join(', ')} | ${r.latencyPerTokenUs.map((l) => fixed(l)).join(', ')} | ${r.speedupPerDoubling.map((s) => fixed(s, 2)).join(', ')} |`),
    '',
    '## ASIC clock (paper: 1 GHz to 100 MHz costs at most about 20%)',
    '',
    `| model | context | latency at ${asicClocks.join(' / ')} MHz (us) | slow-down at 100 MHz |`,
    '|---|---|---|---|',
    ...asicClock.map((r) => `| ${r.model} | ${r.contextLength} | ${r.latencyPerTokenUs.map((l) => fixed(l)).join(' / ')} | ${fixed(r.slowdownAt100MHzPct)}% |`),
    '',
    '## tFAW: 4 activations per window (JEDEC) against all 16 banks at once',
    '',
    '| model | us/token, 4 per tFAW | us/token, 16 per tFAW | speed-up vs T4 roofline, 16 per tFAW |',
    '|---|---|---|---|',
    ...faw.map((r) => `| ${r.model} | ${fixed(r.faw4Us)} | ${fixed(r.faw16Us)} | ${fixed(r.speedupVsGpuFaw16, 2)} |`),
    '',
    '## Evaluation time (best of 5, one token at the longest context)',
    '',
    '| model | context | ms |',
    '|---|---|---|',
    ...timing.map((r) => `| ${r.model} | ${r.contextLength} | ${fixed(r.evaluationMs, 2)} |`),
  ];
  writeResult('pim', { machine: machine(), context: CONTEXT, mapping: MAPPING, perModel, rowHits, channelScaling, asicClock, faw, timing }, lines.join('\n'));
}
