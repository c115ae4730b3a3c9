/**
 * The report as a reader sees it: rendered by headless Chromium, every figure laid out with a
 * size, and its pixels not blank. Skipped, with the reason printed, where Chromium is missing.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadReportData } from '../../src/report/html/load.js';
import { renderReport } from '../../src/report/html/render.js';
import { removeTempDirs, tempDir } from '../helpers.js';
import { findChromium, ink, renderInChromium } from './browser.js';
import { runSweep, SYSTOLIC_SPEC, ZDT_SPEC } from './fixtures.js';

const chromium = findChromium();
if (!chromium) console.warn('report-browser tests skipped: no Chromium found (install the Debian package "chromium" or set CHROMIUM=/path/to/chrome)');

afterAll(removeTempDirs);

async function reportFile(spec: unknown): Promise<string> {
  const dir = tempDir();
  const out = await runSweep(dir, spec);
  const path = join(dir, 'report.html');
  writeFileSync(path, renderReport(await loadReportData([out])));
  return path;
}

describe('ink measure', () => {
  it('finds no ink in a white area and some in a drawn one', () => {
    const width = 20;
    const height = 10;
    const pixels = new Uint8Array(width * height * 4).fill(255);
    expect(ink({ width, height, pixels }, { x: 0, y: 0, width, height })).toEqual({ inkShare: 0, colours: 0 });
    for (let x = 0; x < 10; x++) pixels.set([0, 114, 178, 255], (5 * width + x) * 4);
    const { inkShare, colours } = ink({ width, height, pixels }, { x: 0, y: 0, width, height });
    expect(inkShare).toBeCloseTo(10 / 200, 9);
    expect(colours).toBe(1);
  });
});

describe.skipIf(!chromium)('report in a browser', () => {
  it('draws the 2-D front and the hypervolume curves, none of them blank', async () => {
    const page = renderInChromium(chromium!, await reportFile(ZDT_SPEC));
    // Front and hypervolume curves; ZDT has no design pictures.
    expect(page.figures).toHaveLength(2);
    for (const rect of page.figures) {
      expect(rect.width).toBeGreaterThan(600);
      expect(rect.height).toBeGreaterThan(300);
      const { inkShare, colours } = ink(page.screenshot, rect);
      expect(inkShare).toBeGreaterThan(0.03);
      // Agent colours, grid, text: a plot, not a single-colour box.
      expect(colours).toBeGreaterThan(8);
    }
    expect(page.dom.match(/class="front-point"/g)!.length).toBeGreaterThan(5);
    expect(page.dom).toContain('<table class="comparison">');
  }, 180_000);

  it('draws the scatter matrix and the per-layer pictures of a systolic study', async () => {
    const page = renderInChromium(chromium!, await reportFile(SYSTOLIC_SPEC));
    // Matrix, curves, then one per-layer picture per chosen design (knee and three extremes at most).
    expect(page.figures.length).toBeGreaterThanOrEqual(3);
    expect(page.dom.match(/class="util-bar"/g)!.length % 28).toBe(0);
    for (const rect of page.figures) {
      expect(rect.width).toBeGreaterThan(500);
      expect(rect.height).toBeGreaterThan(250);
      expect(rect.x + rect.width).toBeLessThanOrEqual(1400);
      const { inkShare, colours } = ink(page.screenshot, rect);
      expect(inkShare).toBeGreaterThan(0.03);
      expect(colours).toBeGreaterThan(5);
    }
  }, 180_000);
});
