import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import { OptionError } from '../../src/environment/types.js';
import { checkCapacity, PimInfeasibleError, pimDevice } from '../../spaces/pim/device.js';
import { placeOp, type PimMapping } from '../../spaces/pim/mapping.js';
import { gptModel } from '../../spaces/pim/models.js';
import { PIM_GPT_DEFAULTS } from '../../spaces/pim/presets.js';

const mapping: PimMapping = { split: 'rows', headConcat: true, kvLayout: 'k-row-v-col', tileElements: 1024, reduction: 'asic' };

function infeasible(run: () => unknown): PimInfeasibleError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PimInfeasibleError);
    return error as PimInfeasibleError;
  }
  throw new Error('expected an infeasible design');
}

describe('PIM infeasible designs and bad input', () => {
  it('rejects a model that does not fit, with the sizes', () => {
    const error = infeasible(() => checkCapacity(gptModel('gpt2-xl'), pimDevice({ ...PIM_GPT_DEFAULTS, channels: 4 })));
    expect(error.parameter).toBe('channels');
    expect(error.message).toMatch(/gpt2-xl needs 3\.\d+ GiB .* hold 2\.00 GiB/);
    expect(() => checkCapacity(gptModel('gpt2-xl'), pimDevice({ ...PIM_GPT_DEFAULTS }))).not.toThrow();
  });

  it('rejects tiles and in-bank running sums that overflow the global buffer', () => {
    const device = pimDevice({ ...PIM_GPT_DEFAULTS, globalBufferBytes: 1024 });
    const tile = infeasible(() => placeOp({ name: 'w', groups: 1, outputs: 64, inputs: 1024 }, device, mapping));
    expect(tile.parameter).toBe('tileElements');
    expect(tile.message).toMatch(/tileElements 1024 \(2048 B\) overflows the global buffer \(globalBufferBytes 1024\)/);
    const sums = infeasible(() => placeOp({ name: 'qkv', groups: 1, outputs: 4800, inputs: 1600 }, pimDevice({ ...PIM_GPT_DEFAULTS }), { ...mapping, reduction: 'in-bank' }));
    expect(sums.parameter).toBe('globalBufferBytes');
    expect(sums.message).toMatch(/reduction=in-bank keeps 608 running sums of qkv/);
    // Smaller tiles leave room for the sums.
    expect(() => placeOp({ name: 'qkv', groups: 1, outputs: 4800, inputs: 1600 }, pimDevice({ ...PIM_GPT_DEFAULTS }), { ...mapping, reduction: 'in-bank', tileElements: 256 })).not.toThrow();
  });

  it('names the device parameter that is out of range', () => {
    expect(infeasible(() => pimDevice({ ...PIM_GPT_DEFAULTS, channels: 0 })).parameter).toBe('channels');
    expect(infeasible(() => pimDevice({ ...PIM_GPT_DEFAULTS, rowBytes: 1000 })).parameter).toBe('rowBytes');
  });

  it('turns infeasible points into space constraints with reasons, and bad options into option errors', async () => {
    const { space, environment } = await loadEnvironment({ space: 'pim', options: { model: 'gpt2-xl' }, baseDir: process.cwd() });
    const base = space.defaultPoint();
    expect(space.check(base)).toEqual({ ok: true });
    expect(space.check({ ...base, channels: 2 })).toMatchObject({ ok: false, reason: expect.stringMatching(/gpt2-xl needs .* GiB/) });
    expect(space.check({ ...base, tileElements: 2048 })).toMatchObject({ ok: false, reason: expect.stringMatching(/tileElements/) });
    expect(space.check({ ...base, reduction: 'in-bank' })).toMatchObject({ ok: false, reason: expect.stringMatching(/in-bank .* globalBufferBytes/) });
    // The LM head's 6,283 running sums per channel need a tile covering all of d_model (one segment, no sums kept).
    expect(space.check({ ...base, reduction: 'in-bank', tileElements: 256 })).toMatchObject({ ok: false });
    expect(space.check({ ...base, reduction: 'in-bank', globalBufferBytes: 8192, tileElements: 2048 })).toEqual({ ok: true });
    expect(() => environment.evaluate({ ...base, channels: 2 })).toThrow(PimInfeasibleError);
    await expect(loadEnvironment({ space: 'pim', options: { model: 'gpt2-xl', contextLength: 1024 }, baseDir: process.cwd() })).rejects.toThrow(OptionError);
    await expect(loadEnvironment({ space: 'pim', options: { model: 'gpt2-xl', contextLength: 1024 }, baseDir: process.cwd() })).rejects.toThrow(/contextLength.*1025 tokens of context but gpt2-xl has 1024 positions/);
    await expect(loadEnvironment({ space: 'pim', options: { model: 'gpt5' }, baseDir: process.cwd() })).rejects.toThrow(/model/);
  });
});
