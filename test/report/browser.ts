/**
 * Headless Chromium for looking at reports as a reader would: the DOM after layout (with each
 * figure's position written into it by a small probe script) and a screenshot of the page.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { decodePng, type Image } from './png.js';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** The Chromium binary ($CHROMIUM, else the usual Debian and Google paths), or null. */
export function findChromium(): string | null {
  const fromEnv = process.env.CHROMIUM;
  if (fromEnv && existsSync(fromEnv)) return fromEnv;
  return CANDIDATES.find((path) => existsSync(path)) ?? null;
}

/** Writes each figure's page rectangle (x, y, width, height) and the page height into the DOM. */
const PROBE = `<script>
for (const svg of document.querySelectorAll('figure svg')) {
  const r = svg.getBoundingClientRect();
  svg.setAttribute('data-rect', [r.left + scrollX, r.top + scrollY, r.width, r.height].map(Math.round).join(','));
}
document.body.setAttribute('data-page-height', String(Math.ceil(document.documentElement.scrollHeight)));
</script>`;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface RenderedPage {
  dom: string;
  /** Rectangles of the `figure svg` elements, in document order. */
  figures: Rect[];
  screenshot: Image;
}

function run(chromium: string, args: string[], profile: string): string {
  const result = spawnSync(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--hide-scrollbars', `--user-data-dir=${profile}`, ...args], { encoding: 'utf8', timeout: 90_000, maxBuffer: 64 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`chromium ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
  return result.stdout;
}

/** Lays the page out at `width` pixels, then screenshots it whole. */
export function renderInChromium(chromium: string, htmlPath: string, width = 1400): RenderedPage {
  const work = mkdtempSync(join(tmpdir(), 'archdse-chromium-'));
  try {
    // The probe goes into a copy: the report itself has no script.
    const probed = join(work, 'probed.html');
    writeFileSync(probed, readFileSync(htmlPath, 'utf8').replace('</body>', `${PROBE}</body>`));
    const url = pathToFileURL(probed).href;
    const dom = run(chromium, [`--window-size=${width},1000`, '--dump-dom', url], join(work, 'profile'));
    const height = Number(dom.match(/data-page-height="(\d+)"/)?.[1] ?? 4000);
    const figures = [...dom.matchAll(/<svg[^>]*data-rect="([\d.,-]+)"/g)].map((m) => {
      const [x, y, w, h] = m[1].split(',').map(Number);
      return { x, y, width: w, height: h };
    });
    const png = join(work, 'page.png');
    run(chromium, [`--window-size=${width},${Math.min(height, 16000)}`, `--screenshot=${png}`, url], join(work, 'profile'));
    return { dom, figures, screenshot: decodePng(readFileSync(png)) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Share of the pixels in `rect` that are not (near) white, and how many distinct colours they have. */
export function ink(image: Image, rect: Rect): { inkShare: number; colours: number } {
  let inked = 0;
  let total = 0;
  const colours = new Set<number>();
  for (let y = Math.max(0, rect.y); y < Math.min(image.height, rect.y + rect.height); y++) {
    for (let x = Math.max(0, rect.x); x < Math.min(image.width, rect.x + rect.width); x++) {
      const i = (y * image.width + x) * 4;
      const [r, g, b] = [image.pixels[i], image.pixels[i + 1], image.pixels[i + 2]];
      total++;
      if (r < 235 || g < 235 || b < 235) {
        inked++;
        // Colours quantized to 4 bits a channel, so anti-aliasing does not count as colour.
        colours.add(((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4));
      }
    }
  }
  return { inkShare: total > 0 ? inked / total : 0, colours: colours.size };
}
