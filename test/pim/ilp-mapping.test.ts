import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import { assignOp, assignTiles, placementBusyNs, tileProblemOf } from '../../spaces/pim/assigned-placement.js';
import { pimDevice, type PimDeviceParameters } from '../../spaces/pim/device.js';
import { evaluatePim } from '../../spaces/pim/evaluate.js';
import { placeOp, type MvOp, type PimMapping } from '../../spaces/pim/mapping.js';
import { gptModel } from '../../spaces/pim/models.js';
import { PIM_GPT_DEFAULTS } from '../../spaces/pim/presets.js';
import { realizeShares, solveTileProblem } from '../../spaces/pim/tile-ilp.js';

const ilp: PimMapping = { split: 'rows', headConcat: true, kvLayout: 'k-row-v-col', tileElements: 1024, reduction: 'asic', assignment: 'ilp' };
const device = (changes: Partial<PimDeviceParameters> = {}) => pimDevice({ ...PIM_GPT_DEFAULTS, ...changes });
const op = (name: string, groups: number, outputs: number, inputs: number): MvOp => ({ name, groups, outputs, inputs });
// HiGHS runs single-threaded on a shared machine: allow for slow solves.
const SLOW = 60_000;

describe('ILP tile assignment', () => {
  it('beats the uniform split where it leaves banks unbalanced: GPT-2 XL projection, 1,600 outputs on 128 banks', async () => {
    const dev = device();
    const projection = op('projection', 1, 1600, 1600);
    const uniform = placeOp(projection, dev, ilp);
    // 200 outputs per channel, 13 per bank (12.5 on average): 1,300 MAC columns, 21 row rounds.
    expect(uniform.outputsPerBank).toBe(13);
    expect(uniform.rowRounds.reduce((sum, [, n]) => sum + n, 0)).toBe(21);
    const assigned = await assignOp(projection, dev, ilp);
    expect(assigned.chosen).toBe('ilp');
    expect(['optimal', 'feasible']).toContain(assigned.status);
    // Splitting four row blocks by input segment over the channels fits every bank in 20 rounds.
    expect(assigned.placement.rowRounds.reduce((sum, [, n]) => sum + n, 0)).toBe(20);
    expect(assigned.ilpBusyNs!).toBeLessThan(assigned.uniformBusyNs);
    expect(placementBusyNs(dev, assigned.placement)).toBe(assigned.ilpBusyNs);
  }, SLOW);

  it('splits a head run alone over idle banks: GPT-2 XL QKV per head (64 outputs) without head concatenation', async () => {
    const dev = device();
    const mapping: PimMapping = { ...ilp, headConcat: false };
    const assigned = await assignOp(op('qkv', 75, 64, 1600), dev, mapping);
    expect(assigned.chosen).toBe('ilp');
    expect(assigned.ilpBusyNs! / assigned.uniformBusyNs).toBeLessThan(0.8);
  }, SLOW);

  it('ties with the uniform split where that is balanced, solving the ILP all the same', async () => {
    const dev = device();
    // 2,048 outputs on 128 banks: 16 each, one input segment; the uniform deal is the optimum.
    const balanced = op('balanced', 1, 2048, 1024);
    const uniform = placeOp(balanced, dev, ilp);
    const solution = await solveTileProblem(tileProblemOf(balanced, dev, ilp, uniform));
    expect(solution.status).toBe('optimal');
    const counts = solution.shares!.map((share) => share.wholeBlocks[0]);
    expect(counts).toEqual(Array(8).fill(16));
    // GPT-3 XL's LM head: 50,257 outputs over 2,048 inputs take 786 rounds however they are split; the ILP finds no shorter makespan.
    const lmHead = await assignOp(op('lm-head', 1, 50_257, 2048), dev, ilp);
    expect(lmHead.status).toBe('optimal');
    expect(lmHead.ilpBusyNs).toBe(lmHead.uniformBusyNs);
    expect(lmHead.chosen).toBe('uniform');
  }, SLOW);

  it('is never slower than the uniform split, op by op and for whole tokens', async () => {
    const cases: Array<[string, Partial<PimDeviceParameters>, Partial<PimMapping>]> = [
      ['gpt2-xl', {}, {}],
      ['gpt2-xl', { channels: 16, banksPerChannel: 8 }, { split: '2d', tileElements: 512 }],
      ['gpt2-large', { channels: 4, banksPerChannel: 32, rowBytes: 4096 }, { headConcat: false }],
      ['gpt3-xl', { channels: 16 }, { split: 'columns', tileElements: 256 }],
    ];
    for (const [name, deviceChanges, mappingChanges] of cases) {
      const model = gptModel(name);
      const dev = device(deviceChanges);
      const mapping = { ...ilp, ...mappingChanges };
      const table = await assignTiles(model, dev, mapping, [129]);
      for (const assigned of table.values()) {
        expect(placementBusyNs(dev, assigned.placement), `${name} ${assigned.op.name}`).toBeLessThanOrEqual(assigned.uniformBusyNs);
      }
      const workload = { phase: 'decode' as const, contextLength: 128, tokens: 1 };
      const withIlp = evaluatePim(model, dev, mapping, workload, false, table).metrics;
      const uniform = evaluatePim(model, dev, { ...mapping, assignment: 'uniform' }, workload).metrics;
      expect(withIlp.latencyPerTokenUs, name).toBeLessThanOrEqual(uniform.latencyPerTokenUs!);
    }
  }, SLOW);

  it('keeps in-bank running sums within the global buffer', async () => {
    // 100 row blocks of two segments on 8 channels: the best split needs 14 blocks' running sums on some channel.
    const problem = { groups: 1, blocksPerGroup: 100, segmentMacs: [64, 36], channels: 8, macsPerRow: 64, roundFixedNs: 107, macNs: 1, broadcastNsPerGroup: 0, allowSplit: true };
    const free = await solveTileProblem(problem);
    const freeBlocks = free.shares!.map((s) => s.wholeBlocks[0]! + s.splitTiles[0]!.reduce((a, b) => a + b, 0));
    expect(Math.max(...freeBlocks)).toBeGreaterThan(13);
    const bounded = await solveTileProblem({ ...problem, runningSumBlocksPerChannel: 13 });
    const boundedBlocks = bounded.shares!.map((s) => s.wholeBlocks[0]! + s.splitTiles[0]!.reduce((a, b) => a + b, 0));
    expect(Math.max(...boundedBlocks)).toBeLessThanOrEqual(13);
    expect(bounded.objectiveNs!).toBeGreaterThan(free.objectiveNs!);

    // On a device: GPT-2 XL with in-bank reduction, 2,048-element tiles and an 8 KB buffer.
    const dev = device({ globalBufferBytes: 8192 });
    const mapping: PimMapping = { ...ilp, tileElements: 2048, reduction: 'in-bank' };
    const table = await assignTiles(gptModel('gpt2-xl'), dev, mapping, [129]);
    for (const assigned of table.values()) {
      const p = assigned.placement;
      if (p.segments > 1) expect(p.segmentInputs + p.outputsPerBank * dev.banksPerChannel, assigned.op.name).toBeLessThanOrEqual(dev.bufferElements);
    }
  }, SLOW);

  it('lays counted blocks out head by head', () => {
    const problem = { groups: 3, blocksPerGroup: 4, segmentMacs: [8, 8], channels: 2, macsPerRow: 64, roundFixedNs: 100, macNs: 1, broadcastNsPerGroup: 1, allowSplit: true };
    const shares = realizeShares(problem, { whole: [6, 5], tiles: [[1, 0], [0, 1]] });
    expect(shares[0]).toEqual({ wholeBlocks: [4, 2, 0], splitTiles: [[0, 0], [0, 0], [1, 0]] });
    expect(shares[1]).toEqual({ wholeBlocks: [0, 2, 3], splitTiles: [[0, 0], [0, 0], [0, 1]] });
  });

  it('solves each op shape once per device and mapping, and shows the solves in the report', async () => {
    const dev = device();
    const first = assignOp(op('ffn-down', 1, 1600, 6400), dev, ilp);
    expect(assignOp(op('ffn-down', 1, 1600, 6400), dev, ilp)).toBe(first);
    expect(assignOp(op('ffn-down', 1, 1600, 6400), dev, { ...ilp, tileElements: 512 })).not.toBe(first);
    const { environment, space } = await loadEnvironment({ space: 'pim', options: { model: 'gpt2-xl', contextLength: 128 }, baseDir: process.cwd() });
    const point = { ...space.defaultPoint(), assignment: 'ilp' };
    const report = await environment.report!(point);
    expect(report.view).toMatch(/tile assignment \(ILP per op shape\)/);
    expect(report.view).toMatch(/projection 1x1600x1600\s+optimal\s+ilp/);
    const withIlp = (await environment.evaluate(point)) as Record<string, number>;
    const uniform = (await environment.evaluate(space.defaultPoint())) as Record<string, number>;
    expect(withIlp.latencyPerTokenUs).toBeLessThan(uniform.latencyPerTokenUs!);
  }, SLOW);
});
