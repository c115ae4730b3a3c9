import { describe, expect, it } from 'vitest';
import { pimDevice, type PimDeviceParameters } from '../../spaces/pim/device.js';
import { evaluatePim, type PimWorkload } from '../../spaces/pim/evaluate.js';
import type { PimMapping } from '../../spaces/pim/mapping.js';
import { gptModel } from '../../spaces/pim/models.js';
import { PIM_GPT_DEFAULTS } from '../../spaces/pim/presets.js';

const mapping: PimMapping = { split: 'rows', headConcat: true, kvLayout: 'k-row-v-col', tileElements: 1024, reduction: 'asic' };
const decode: PimWorkload = { phase: 'decode', contextLength: 512, tokens: 1 };

function metrics(model: string, deviceChanges: Partial<PimDeviceParameters> = {}, mappingChanges: Partial<PimMapping> = {}, workload: PimWorkload = decode): Record<string, number> {
  return evaluatePim(gptModel(model), pimDevice({ ...PIM_GPT_DEFAULTS, ...deviceChanges }), { ...mapping, ...mappingChanges }, workload).metrics;
}

describe('PIM behaviour against PIM-GPT claims', () => {
  it('fills rows to about 98% row hits on GPT-2 XL with heads concatenated, fewer without', () => {
    for (const contextLength of [64, 512]) {
      const on = metrics('gpt2-xl', {}, {}, { ...decode, contextLength }).rowHitRatePct;
      const off = metrics('gpt2-xl', {}, { headConcat: false }, { ...decode, contextLength }).rowHitRatePct;
      expect(on).toBeGreaterThan(97.5);
      expect(on).toBeLessThan(98.5);
      expect(off).toBeLessThan(on);
    }
  });

  it('spends over 90% of a GPT-3 XL token in matrix-vector work', () => {
    expect(metrics('gpt3-xl').mvSharePct).toBeGreaterThan(90);
  });

  it('scales near-linearly with channels: 16 channels are 1.8-2.0x faster than 8', () => {
    for (const model of ['gpt2-xl', 'gpt3-xl']) {
      const ratio = metrics(model, { channels: 8 }).latencyPerTokenUs / metrics(model, { channels: 16 }).latencyPerTokenUs;
      expect(ratio, model).toBeGreaterThan(1.8);
      expect(ratio, model).toBeLessThan(2.0);
    }
  });

  // PIM-GPT reports at most about 20%; our op-count model gives 10-23% at a 512-token context.
  it('loses about 20% at most when the ASIC drops from 1 GHz to 100 MHz', () => {
    for (const model of ['gpt2-small', 'gpt3-xl']) {
      const slowdown = metrics(model, { asicClockMHz: 100 }).latencyPerTokenUs / metrics(model, { asicClockMHz: 1000 }).latencyPerTokenUs;
      expect(slowdown, model).toBeGreaterThan(1);
      expect(slowdown, model).toBeLessThan(1.25);
    }
  });

  it('beats both roofline baselines and keeps off-chip traffic far below the weights', () => {
    const m = metrics('gpt2-xl');
    expect(m.speedupVsGpu).toBeGreaterThan(1);
    expect(m.speedupVsCpu).toBeGreaterThan(m.speedupVsGpu);
    expect(m.offChipBytes).toBeLessThan(0.01 * 1_557_611_200 * 2);
    expect(m.tokensPerSecond).toBeCloseTo(1e6 / m.latencyPerTokenUs, 6);
  });

  it('puts V row-major attention on the ASIC: more off-chip bytes and a slower token', () => {
    const colMajor = metrics('gpt2-medium');
    const rowMajor = metrics('gpt2-medium', {}, { kvLayout: 'k-row-v-row' });
    expect(rowMajor.offChipBytes).toBeGreaterThan(colMajor.offChipBytes);
    expect(rowMajor.latencyPerTokenUs).toBeGreaterThan(colMajor.latencyPerTokenUs);
  });

  it('times prefill token by token, with the growing context in every token', () => {
    const prefill = metrics('gpt2-small', {}, {}, { phase: 'prefill', contextLength: 32, tokens: 1 });
    const first = metrics('gpt2-small', {}, {}, { phase: 'decode', contextLength: 1, tokens: 1 });
    const last = metrics('gpt2-small', {}, {}, { phase: 'decode', contextLength: 31, tokens: 1 });
    expect(prefill.latencyPerTokenUs).toBeGreaterThan(first.latencyPerTokenUs * 0.97);
    expect(prefill.latencyPerTokenUs).toBeLessThan(last.latencyPerTokenUs * 1.03);
  });
});
