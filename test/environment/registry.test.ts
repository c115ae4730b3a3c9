import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isModulePath, loadEnvironment } from '../../src/environment/registry.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

const environmentSource = (extra = '') => `
  export default {
    id: 'plug', title: 'plug-in',
    space: { parameters: [{ name: 'n', type: 'integer', min: 1, max: 4 }] },
    metrics: [{ name: 'cost' }],
    objectives: [{ metric: 'cost', direction: 'min' }],
    evaluate: (p) => ({ cost: p.n * 2 }),
    ${extra}
  };`;

describe('environment registry', () => {
  it('tells module paths from built-in names', () => {
    expect(isModulePath('zdt1')).toBe(false);
    expect(isModulePath('./space.js')).toBe(true);
    expect(isModulePath('space.ts')).toBe(true);
    expect(isModulePath('/abs/space')).toBe(true);
  });

  it('loads a JavaScript module exporting an environment, relative to the base directory', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'space.mjs'), environmentSource());
    const loaded = await loadEnvironment({ space: './space.mjs', options: {}, baseDir: dir });
    expect(loaded.environment.evaluate({ n: 3 })).toEqual({ cost: 6 });
    expect(loaded.space.size()).toBe(4n);
  });

  it('loads a TypeScript provider with typed options', async () => {
    const dir = tempDir();
    writeFileSync(
      join(dir, 'space.ts'),
      `const scale: number = 3;
       export const provider = {
         id: 'ts-plug', title: 'TypeScript plug-in',
         options: [{ name: 'factor', type: 'number', description: 'multiplier', default: 1 }],
         create(options: Record<string, unknown>) {
           return {
             id: 'ts-plug', title: 'TypeScript plug-in',
             space: { parameters: [{ name: 'x', type: 'real', min: 0, max: 1 }] },
             metrics: [{ name: 'y' }], objectives: [{ metric: 'y', direction: 'min' }],
             evaluate: (p: { x: number }) => ({ y: p.x * scale * (options.factor as number) }),
           };
         },
       };`,
    );
    const loaded = await loadEnvironment({ space: join(dir, 'space.ts'), options: { factor: '2' }, baseDir: '/' }, { fromText: true });
    expect(await loaded.environment.evaluate({ x: 0.5 })).toEqual({ y: 3 });
  });

  it('explains what is wrong with a module', async () => {
    const dir = tempDir();
    await expect(loadEnvironment({ space: './missing.mjs', options: {}, baseDir: dir })).rejects.toThrow(/missing\.mjs does not exist/);
    writeFileSync(join(dir, 'wrong.mjs'), 'export default 42;');
    await expect(loadEnvironment({ space: './wrong.mjs', options: {}, baseDir: dir })).rejects.toThrow(/must export .* an environment/);
    writeFileSync(join(dir, 'syntax.mjs'), 'export default {');
    await expect(loadEnvironment({ space: './syntax.mjs', options: {}, baseDir: dir })).rejects.toThrow(/syntax\.mjs failed to load/);
    writeFileSync(join(dir, 'badspace.mjs'), environmentSource().replace("min: 1, max: 4", "min: 4, max: 1"));
    await expect(loadEnvironment({ space: './badspace.mjs', options: {}, baseDir: dir })).rejects.toThrow(/space ".\/badspace.mjs": .*"n"/);
    writeFileSync(join(dir, 'badobjective.mjs'), environmentSource().replace("objectives: [{ metric: 'cost'", "objectives: [{ metric: 'price'"));
    await expect(loadEnvironment({ space: './badobjective.mjs', options: {}, baseDir: dir })).rejects.toThrow(/unknown metric "price"; known metrics: cost/);
  });
});
