import { describe, expect, it } from 'vitest';
import { loadEnvironment } from '../../src/environment/registry.js';
import type { DesignFigure } from '../../src/environment/types.js';
import { createSpace } from '../../src/space/space.js';

async function figuresOf(space: string, options: Record<string, unknown>, point: Record<string, unknown> = {}): Promise<DesignFigure[]> {
  const { environment } = await loadEnvironment({ space, options, baseDir: process.cwd() });
  return environment.figures!({ ...createSpace(environment.space).defaultPoint(), ...point });
}

function expectSelfContained(figures: readonly DesignFigure[]): void {
  expect(figures.length).toBeGreaterThan(0);
  for (const f of figures) {
    expect(f.title).not.toBe('');
    expect(f.svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(f.svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(f.svg).not.toMatch(/(href|src)=|<script/);
    expect(f.svg).not.toContain('NaN');
  }
}

describe('design pictures of the spaces', () => {
  it('systolic: one utilization and one cycle-share bar per layer', async () => {
    const figures = await figuresOf('systolic', { network: 'mobilenet_v1', mode: 'native' }, { rows: 16, cols: 16 });
    expectSelfContained(figures);
    expect(figures[0].svg.match(/class="util-bar"/g)).toHaveLength(28);
    expect(figures[0].svg.match(/class="share-bar"/g)).toHaveLength(28);
    expect(figures[0].svg).toContain('depthwise layer');
    expect(figures[0].caption).toContain('mapping efficiency');
  });

  it('scratchpad: the occupancy of the plan', async () => {
    const figures = await figuresOf('scratchpad', { graph: 'toy' }, { policy: 'baseline-belady' });
    expectSelfContained(figures);
    expect(figures[0].svg).toContain('scratchpad address (KiB)');
    expect(figures[0].caption).toMatch(/off-chip [\d,]+ B = compulsory/);
  });

  it('pim: time per step and energy per part of a token', async () => {
    const figures = await figuresOf('pim', {});
    expectSelfContained(figures);
    expect(figures.map((f) => f.title)).toEqual(['Time per token by step', 'Energy per token by part']);
    expect(figures[0].svg).toContain('ffn up [mv]');
  });

  it('dram: read latency made of service and waiting, row-buffer outcomes, energy', async () => {
    const figures = await figuresOf('dram', { trace: 'random', requests: 500 });
    expectSelfContained(figures);
    expect(figures[0].title).toMatch(/^Read latency: mean [\d.]+ ns/);
    expect(figures.map((f) => f.title.split(':')[0])).toEqual(['Read latency', 'Row-buffer outcomes', 'Energy']);
    // The parts add up to the measured mean (waiting is what is left of it).
    const values = [...figures[0].svg.matchAll(/<text x="[\d.]+" y="[\d.]+">([\d.,]+)(?: \(|<)/g)].map((m) => Number(m[1].replace(/,/g, '')));
    const [column, activate, precharge, waiting, mean] = values;
    expect(column + activate + precharge + waiting).toBeCloseTo(mean, 0);
  });
});
