import { describe, expect, it } from 'vitest';
import { lineChart, niceTicks, PALETTE, scatterChart } from '../../src/report/svg-chart.js';

describe('SVG charts', () => {
  it('picks round ticks covering the range', () => {
    expect(niceTicks(0, 1)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(0.93, 1.01)).toEqual([0.94, 0.96, 0.98, 1]);
    expect(niceTicks(50_000, 320_000)).toEqual([100_000, 200_000, 300_000]);
    expect(niceTicks(3, 3)).toEqual([3]);
  });

  it('draws a mean line, a spread band and a legend entry per series, inside the plot', () => {
    const svg = lineChart({ title: 'HV <ratio> & spread', xLabel: 'evaluations', yLabel: 'HV', xLog: true }, [
      { label: 'marl', points: [250, 500, 1000, 2000].map((x, i) => ({ x, y: 0.9 + i * 0.02, low: 0.88 + i * 0.02, high: 0.92 + i * 0.02 })) },
      { label: 'random', points: [250, 500, 1000, 2000].map((x, i) => ({ x, y: 0.8 + i * 0.01, low: 0.79 + i * 0.01, high: 0.81 + i * 0.01 })) },
    ]);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).toContain('HV &lt;ratio&gt; &amp; spread');
    expect(svg.match(/<polyline /g)).toHaveLength(2);
    expect(svg.match(/fill-opacity="0.15"/g)).toHaveLength(2);
    expect(svg).toContain(`stroke="${PALETTE[1]}"`);
    // Log x axis: 500 sits halfway between 250 and 1000.
    const xs = [...svg.matchAll(/<text x="([\d.]+)" y="[\d.]+" text-anchor="middle">(250|500|1,000)<\/text>/g)].map((m) => Number(m[1]));
    expect(xs[1] - xs[0]).toBeCloseTo(xs[2] - xs[1], 6);
    const coordinates = [...svg.matchAll(/<circle cx="([\d.]+)" cy="([\d.]+)"/g)].map((m) => [Number(m[1]), Number(m[2])]);
    for (const [x, y] of coordinates) {
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(640);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(380);
    }
  });

  it('draws a reference front in black first and the agents in palette order', () => {
    const svg = scatterChart({ title: 'fronts', xLabel: 'time', yLabel: 'power' }, [
      { label: 'nsga2', points: [[1, 3], [2, 2]] },
      { label: 'exact front', points: [[1, 2.5], [2, 1.5], [3, 1]], connect: true, reference: true },
    ]);
    expect(svg.indexOf('stroke="#000000"')).toBeGreaterThan(-1);
    expect(svg.indexOf('stroke="#000000"')).toBeLessThan(svg.indexOf(`fill="${PALETTE[0]}"`));
    expect(svg.match(/<text x="[\d.]+" y="[\d.]+">(exact front|nsga2)<\/text>/g)).toEqual([expect.stringContaining('exact front'), expect.stringContaining('nsga2')]);
  });
});
