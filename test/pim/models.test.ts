import { describe, expect, it } from 'vitest';
import { GPT_MODELS, gptModel, headDim, ModelShapeError, totalParameters, validateModel, type GptModel } from '../../spaces/pim/models.js';

/** Parameters counted from the architecture directly: per layer 12 d^2 + 13 d, plus embeddings and the final norm. */
function countedIndependently(layers: number, d: number, context: number): number {
  return layers * (12 * d * d + 13 * d) + 50_257 * d + context * d + 2 * d;
}

describe('GPT model shapes', () => {
  it('has the eight PIM-GPT models with their published parameter totals', () => {
    // GPT-2: exact totals of the released checkpoints (124M, 355M, 774M, 1558M).
    const gpt2: Record<string, number> = { 'gpt2-small': 124_439_808, 'gpt2-medium': 354_823_168, 'gpt2-large': 774_030_080, 'gpt2-xl': 1_557_611_200 };
    for (const [name, total] of Object.entries(gpt2)) expect(totalParameters(gptModel(name)), name).toBe(total);
    // GPT-3 Table 2.1 rounds its totals; the shapes must land within 2%.
    const gpt3: Record<string, number> = { 'gpt3-small': 125e6, 'gpt3-medium': 350e6, 'gpt3-large': 760e6, 'gpt3-xl': 1.3e9 };
    for (const [name, total] of Object.entries(gpt3)) expect(Math.abs(totalParameters(gptModel(name)) / total - 1), name).toBeLessThan(0.02);
    expect(Object.keys(GPT_MODELS)).toHaveLength(8);
    for (const model of Object.values(GPT_MODELS)) expect(validateModel(model)).toBe(model);
  });

  it('matches an independent count and the head widths of GPT-3 Table 2.1', () => {
    for (const model of Object.values(GPT_MODELS)) {
      expect(totalParameters(model), model.name).toBe(countedIndependently(model.layers, model.dModel, model.maxContext));
      expect(model.ffnWidth).toBe(4 * model.dModel);
      expect(model.vocabulary).toBe(50_257);
    }
    expect(['gpt3-small', 'gpt3-medium', 'gpt3-large', 'gpt3-xl'].map((n) => headDim(gptModel(n)))).toEqual([64, 64, 96, 128]);
    expect(gptModel('gpt2-xl').maxContext).toBe(1024);
    expect(gptModel('gpt3-xl').maxContext).toBe(2048);
  });

  it('rejects a shape whose heads do not divide d_model, naming the field', () => {
    const bad: GptModel = { ...gptModel('gpt2-small'), name: 'odd', heads: 7 };
    expect(() => validateModel(bad)).toThrow(ModelShapeError);
    try {
      validateModel(bad);
    } catch (error) {
      expect((error as ModelShapeError).field).toBe('heads');
      expect((error as Error).message).toMatch(/heads \(7\) must divide dModel \(768\)/);
    }
    expect(() => validateModel({ ...gptModel('gpt2-small'), layers: 0 })).toThrow(/layers must be a positive integer/);
    expect(() => gptModel('gpt4')).toThrow(/unknown model "gpt4"; known models: gpt2-small/);
  });
});
