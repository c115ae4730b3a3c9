/**
 * The HTML page around the report's sections: one file with its style sheet inline and no
 * reference to anything outside it (no fonts, scripts or images to fetch), so it opens the same
 * offline, attached to a mail or years later.
 */
import { escapeXml } from '../svg-chart.js';

/**
 * Escapes text for HTML element content and double- or single-quoted attribute values: the same
 * five characters as in SVG, so the SVG escape serves both.
 */
export const escapeHtml = escapeXml;

export interface PageSection {
  /** Anchor id, also used in the navigation bar. */
  id: string;
  title: string;
  html: string;
}

const STYLE = `
:root { --ink: #1d2330; --muted: #5b6475; --rule: #d9dde5; --band: #f5f6f9; --accent: #0072B2; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
header.top { padding: 18px 32px 12px; border-bottom: 1px solid var(--rule); background: var(--band); }
header.top h1 { margin: 0 0 4px; font-size: 24px; }
header.top p { margin: 2px 0; color: var(--muted); max-width: 1100px; }
nav { position: sticky; top: 0; z-index: 1; background: #fff; border-bottom: 1px solid var(--rule); padding: 6px 32px; font-size: 14px; }
nav a { color: var(--accent); text-decoration: none; margin-right: 18px; }
main { padding: 4px 32px 40px; max-width: 1500px; }
section { margin-top: 26px; }
h2 { font-size: 20px; margin: 0 0 8px; padding-bottom: 4px; border-bottom: 2px solid var(--rule); }
h3 { font-size: 16px; margin: 18px 0 6px; }
p.note, .caption { color: var(--muted); font-size: 13.5px; margin: 4px 0 10px; max-width: 1100px; }
.warning { background: #fff4e0; border-left: 4px solid #E69F00; padding: 6px 12px; margin: 8px 0; max-width: 1100px; }
.cards { display: flex; flex-wrap: wrap; gap: 12px; margin: 14px 0 4px; }
.card { border: 1px solid var(--rule); border-radius: 6px; padding: 8px 14px; min-width: 150px; background: #fff; }
.card .value { font-size: 22px; font-weight: 600; }
.card .label { color: var(--muted); font-size: 13px; }
figure { margin: 8px 0 18px; }
figure svg { display: block; max-width: 100%; height: auto; }
figcaption { color: var(--muted); font-size: 13.5px; margin-top: 4px; max-width: 1100px; }
figure.design-figure { max-width: 100%; }
figure.design-figure figcaption { max-width: min(1100px, 100%); }
.plots { display: flex; flex-wrap: wrap; gap: 12px 28px; align-items: flex-start; }
.scroll { overflow-x: auto; max-width: 100%; }
table { border-collapse: collapse; font-size: 13.5px; margin: 6px 0 12px; }
th, td { padding: 3px 10px; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; white-space: nowrap; }
table.agents td { white-space: normal; }
th { background: var(--band); font-weight: 600; white-space: nowrap; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.marked td { background: #eef6fc; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 6px; vertical-align: -1px; }
.tag { display: inline-block; min-width: 20px; padding: 0 5px; border-radius: 9px; background: var(--ink); color: #fff; font-size: 12px; font-weight: 600; text-align: center; }
dl.settings { display: grid; grid-template-columns: max-content 1fr; gap: 3px 18px; margin: 6px 0 12px; font-size: 14px; }
dl.settings dt { color: var(--muted); }
dl.settings dd { margin: 0; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace; font-size: 12.5px; }
pre { background: var(--band); padding: 8px 12px; overflow-x: auto; max-width: 1100px; }
.design { border-top: 1px solid var(--rule); padding-top: 6px; }
`;

/** The whole document: a title block, a navigation bar, and the sections in order. */
export function renderPage(title: string, subtitle: readonly string[], sections: readonly PageSection[]): string {
  const nav = sections.map((s) => `<a href="#${escapeHtml(s.id)}">${escapeHtml(s.title)}</a>`).join('');
  const body = sections.map((s) => `<section id="${escapeHtml(s.id)}">\n<h2>${escapeHtml(s.title)}</h2>\n${s.html}\n</section>`).join('\n');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<header class="top"><h1>${escapeHtml(title)}</h1>${subtitle.map((line) => `<p>${escapeHtml(line)}</p>`).join('')}</header>
<nav>${nav}</nav>
<main>
${body}
</main>
</body>
</html>
`;
}
