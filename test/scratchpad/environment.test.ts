import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import type { Point } from '../../src/space/types.js';
import { parseSpec } from '../../src/study/spec.js';
import { startSweep } from '../../src/study/sweep.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

async function load(options: Record<string, unknown>, baseDir = process.cwd(), parameters?: Record<string, unknown>) {
  return loadEnvironment({ space: 'scratchpad', options, baseDir, parameters: parameters as never });
}

describe('scratchpad environment', () => {
  it('shows the bounds before any solve and evaluates every policy on the toy', async () => {
    const { environment, space } = await load({ graph: 'toy' });
    expect(environment.description).toMatch(/M_R = 200 B, default-order peak = 210 B, minimum live peak over orders = 200 B/);
    const at = (budgetBytes: number, policy: string, schedule = 'default'): Point => ({ ...space.defaultPoint(), budgetBytes, policy, schedule });
    const traffic = async (point: Point) => ((await environment.evaluate(point)) as Record<string, number>).nonCompulsoryBytes;
    for (const policy of ['cosma', 'cosma-dc', 'baseline-belady', 'baseline-greedy']) expect(await traffic(at(200, policy))).toBe(20);
    expect(await traffic(at(210, 'cosma'))).toBe(0);
    // The min-peak order (op1, op2, op0, op3) needs no spill at 200 B, nor does the free schedule.
    expect(await traffic(at(200, 'baseline-belady', 'min-peak'))).toBe(0);
    expect(await traffic(at(200, 'cosma', 'free'))).toBe(0);
    const metrics = (await environment.evaluate(at(200, 'cosma'))) as Record<string, number>;
    expect(metrics).toMatchObject({ spillBytes: 10, reloadBytes: 10, compulsoryBytes: 10, offChipBytes: 30, scratchpadBytes: 200, provenOptimal: 1, gapPct: 0 });
    expect(metrics.areaMm2).toBeGreaterThan(0);
    expect(metrics.offChipEnergyPj).toBeCloseTo(30 * 162.5, 6);
  });

  it('rejects budgets below M_R and a free schedule without the ILP before evaluating', async () => {
    const dir = tempDir();
    const graph = {
      name: 'weighted',
      tensors: [
        { name: 'x', sizeBytes: 64, kind: 'input' },
        { name: 'w', sizeBytes: 100, kind: 'weight' },
        { name: 'y', sizeBytes: 32 },
      ],
      operators: [{ name: 'f', inputs: ['x', 'w'], outputs: ['y'] }],
    };
    writeFileSync(join(dir, 'weighted.json'), JSON.stringify(graph));
    const { space } = await load({ graph: 'weighted.json' }, dir);
    // M_R is 96 B with activations only and 196 B once the weight occupies the scratchpad.
    expect(space.parameter('budgetBytes').definition).toMatchObject({ min: 96 });
    expect(space.check({ ...space.defaultPoint(), budgetBytes: 150, tracking: 'activations' })).toEqual({ ok: true });
    expect(space.check({ ...space.defaultPoint(), budgetBytes: 150, tracking: 'activations+weights' })).toEqual({ ok: false, reason: expect.stringMatching(/below M_R.*196 B with weights/) });
    const free = space.check({ ...space.defaultPoint(), budgetBytes: 150, schedule: 'free', policy: 'baseline-belady' });
    expect(free).toEqual({ ok: false, reason: expect.stringMatching(/needs policy cosma/) });
    expect(() => space.validate({ ...space.defaultPoint(), budgetBytes: 50 })).toThrow(/budgetBytes/);
  });

  it('loads a JSON graph file, and names the file and tensor of a bad one', async () => {
    const dir = tempDir();
    const graph = {
      name: 'pair',
      tensors: [
        { name: 'x', sizeBytes: 64, kind: 'input' },
        { name: 'y', sizeBytes: 32 },
      ],
      operators: [{ name: 'f', inputs: ['x'], outputs: ['y'] }],
    };
    writeFileSync(join(dir, 'pair.json'), JSON.stringify(graph));
    const { environment } = await load({ graph: 'pair.json' }, dir);
    expect(environment.description).toMatch(/pair: 1 operators/);
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ ...graph, tensors: [graph.tensors[0], { name: 'y', sizeBytes: -4 }] }));
    await expect(load({ graph: 'bad.json' }, dir)).rejects.toThrow(/bad\.json.*"y"|bad\.json[\s\S]*sizeBytes/);
    await expect(load({ graph: 'nonsense' })).rejects.toThrow(/unknown graph "nonsense".*toy/);
  });

  it('writes the occupancy picture with spill and reload marks from simulate', async () => {
    const dir = tempDir();
    const svg = join(dir, 'occupancy.svg');
    const { environment, space } = await load({ graph: 'toy', occupancySvg: svg });
    const report = await environment.report!({ ...space.defaultPoint(), budgetBytes: 200, policy: 'cosma' });
    expect(report.files).toEqual([svg]);
    const text = readFileSync(svg, 'utf8');
    expect(text.match(/<rect [^>]*fill-opacity="0.55"/g)).toHaveLength(5); // t10 twice, t11, t12, t13
    expect(text).toContain('t10 (10 B, steps 3-3, reloaded)');
    expect(text).toContain('spilled after');
    expect(report.view).toMatch(/Off-chip: 30 B = compulsory 10 B \+ spills 10 B \+ reloads 10 B/);
    expect(report.parts).toHaveLength(4);
  });

  it('the ilp agent returns the exact budget-traffic front, which the grid confirms', async () => {
    const dir = tempDir();
    const parameters = { schedule: 'default', tracking: 'activations', policy: 'cosma' };
    const spec = parseSpec({ name: 'toy-front', space: 'scratchpad', options: { graph: 'toy' }, parameters, agents: ['ilp', 'grid'], seeds: [1], budget: { evaluations: 20 } });
    const result = await startSweep(spec, process.cwd(), join(dir, 'out'));
    const front = (label: string) =>
      readFileSync(join(result.runs.find((r) => r.plan.label === label)!.dir, 'pareto.csv'), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => line.split(',').slice(1, 2).join())
        .sort();
    // Budgets 200..210 at 1 B steps: 11 designs; the front is (200 B, 20 B) and (210 B, 0 B).
    expect(front('ilp')).toEqual(['200', '210']);
    expect(front('grid')).toEqual(['200', '210']);
    expect(existsSync(join(result.runs[0]!.dir, 'summary.json'))).toBe(true);
  });
});
