/**
 * The systolic model's picture of one design for `archdse report`: per layer, how busy the PEs are
 * (utilization, with mapping efficiency as its upper bound from the array shape) above what share
 * of the network's cycles the layer takes (stalls marked). A layer matters when it is both low
 * above and tall below: that is where the array sits idle.
 */
import type { DesignFigure } from '../../src/environment/types.js';
import { escapeXml, niceTicks, PALETTE } from '../../src/report/svg-chart.js';
import type { SystolicLayerResult } from './layer-result.js';
import { summarizeLayerUtilization } from './report/layer-view.js';

const DENSE_COLOR = PALETTE[0];
const DEPTHWISE_COLOR = PALETTE[1];
const STALL_COLOR = '#9aa0a6';
/** Layer names are written below the bars up to this many layers; beyond, every k-th one. */
const MAX_NAMED_LAYERS = 60;

export function layerUtilizationSvg(results: readonly SystolicLayerResult[]): string {
  const summary = summarizeLayerUtilization(results);
  const rows = summary.rows;
  const n = rows.length;
  const left = 70;
  const right = 170;
  const width = Math.min(1400, Math.max(780, left + right + n * 24));
  const plotWidth = width - left - right;
  const slot = plotWidth / Math.max(1, n);
  const bar = Math.max(1, slot * 0.72);
  const top = { y: 14, height: 190 };
  const bottom = { y: 232, height: 130 };
  const longest = Math.max(4, ...rows.map((r) => Math.min(18, r.name.length)));
  const height = bottom.y + bottom.height + 16 + longest * 5.6;
  const maxShare = Math.max(1, ...rows.map((r) => r.cyclesSharePct));
  const shareStep = niceTicks(0, maxShare, 4)[1] ?? maxShare;
  const shareTop = Math.ceil(maxShare / shareStep) * shareStep;
  const yUtil = (pct: number): number => top.y + top.height * (1 - pct / 100);
  const yShare = (pct: number): number => bottom.y + bottom.height * (1 - pct / shareTop);
  const xAt = (i: number): number => left + slot * i + (slot - bar) / 2;
  const parts: string[] = [];

  for (const t of [0, 25, 50, 75, 100]) {
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${yUtil(t)}" y2="${yUtil(t)}" stroke="#e6e8ec"/>`);
    parts.push(`<text x="${left - 6}" y="${yUtil(t) + 4}" text-anchor="end" fill="#444">${t}</text>`);
  }
  for (const t of niceTicks(0, shareTop, 4)) {
    parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${yShare(t)}" y2="${yShare(t)}" stroke="#e6e8ec"/>`);
    parts.push(`<text x="${left - 6}" y="${yShare(t) + 4}" text-anchor="end" fill="#444">${t}</text>`);
  }
  parts.push(`<text transform="translate(20 ${top.y + top.height / 2}) rotate(-90)" text-anchor="middle" font-weight="600">PE utilization (%)</text>`);
  parts.push(`<text transform="translate(20 ${bottom.y + bottom.height / 2}) rotate(-90)" text-anchor="middle" font-weight="600">share of cycles (%)</text>`);

  const every = Math.ceil(n / MAX_NAMED_LAYERS);
  rows.forEach((row, i) => {
    const x = xAt(i);
    const color = row.depthwise ? DEPTHWISE_COLOR : DENSE_COLOR;
    const tip = `${row.name} (${row.shape}): utilization ${row.overallUtilPct.toFixed(1)}%, mapping efficiency ${row.mappingEfficiencyPct.toFixed(1)}%, ${row.cyclesSharePct.toFixed(1)}% of cycles, ${row.stallPct.toFixed(1)}% of them stalled`;
    parts.push(`<g class="layer"><title>${escapeXml(tip)}</title>`);
    parts.push(`<rect class="util-bar" x="${x}" y="${yUtil(row.overallUtilPct)}" width="${bar}" height="${top.y + top.height - yUtil(row.overallUtilPct)}" fill="${color}"/>`);
    parts.push(`<line x1="${x - 1}" x2="${x + bar + 1}" y1="${yUtil(row.mappingEfficiencyPct)}" y2="${yUtil(row.mappingEfficiencyPct)}" stroke="#1d2330" stroke-width="2"/>`);
    const shareY = yShare(row.cyclesSharePct);
    const stallHeight = (bottom.y + bottom.height - shareY) * (row.stallPct / 100);
    parts.push(`<rect class="share-bar" x="${x}" y="${shareY}" width="${bar}" height="${bottom.y + bottom.height - shareY}" fill="${color}" fill-opacity="0.75"/>`);
    if (stallHeight > 0.2) parts.push(`<rect x="${x}" y="${shareY}" width="${bar}" height="${stallHeight}" fill="${STALL_COLOR}"/>`);
    parts.push('</g>');
    if (i % every === 0) {
      const name = row.name.length > 18 ? `${row.name.slice(0, 17)}…` : row.name;
      const lx = x + bar / 2 + 3;
      const ly = bottom.y + bottom.height + 10;
      parts.push(`<text transform="translate(${lx} ${ly}) rotate(-60)" text-anchor="end" font-size="10" fill="#333">${escapeXml(name)}</text>`);
    }
  });
  const networkY = yUtil(summary.overallUtilPct);
  parts.push(`<line x1="${left}" x2="${left + plotWidth}" y1="${networkY}" y2="${networkY}" stroke="#1d2330" stroke-dasharray="6 4"/>`);
  parts.push(`<rect x="${left}" y="${top.y}" width="${plotWidth}" height="${top.height}" fill="none" stroke="#8a8f99"/>`);
  parts.push(`<rect x="${left}" y="${bottom.y}" width="${plotWidth}" height="${bottom.height}" fill="none" stroke="#8a8f99"/>`);

  const lx = left + plotWidth + 18;
  const legend: [string, string][] = [
    ['swatch:' + DENSE_COLOR, 'layer'],
    ['swatch:' + DEPTHWISE_COLOR, 'depthwise layer'],
    ['tick', 'mapping efficiency'],
    ['dash', `network: ${summary.overallUtilPct.toFixed(1)}%`],
    ['swatch:' + STALL_COLOR, 'stalled on DRAM'],
  ];
  legend.forEach(([kind, text], i) => {
    const y = top.y + 12 + i * 20;
    if (kind.startsWith('swatch:')) parts.push(`<rect x="${lx}" y="${y - 6}" width="14" height="12" fill="${kind.slice(7)}"/>`);
    else if (kind === 'tick') parts.push(`<line x1="${lx - 1}" x2="${lx + 15}" y1="${y}" y2="${y}" stroke="#1d2330" stroke-width="2"/>`);
    else parts.push(`<line x1="${lx - 2}" x2="${lx + 16}" y1="${y}" y2="${y}" stroke="#1d2330" stroke-dasharray="6 4"/>`);
    parts.push(`<text x="${lx + 22}" y="${y + 4}">${escapeXml(text)}</text>`);
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${Math.round(height)}" viewBox="0 0 ${width} ${Math.round(height)}" font-family="system-ui, 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}

export function systolicFigures(results: readonly SystolicLayerResult[]): DesignFigure[] {
  const summary = summarizeLayerUtilization(results);
  const idle = summary.idleGroup
    ? ` The PEs sit idle most in ${summary.idleGroup.label}: ${summary.idleGroup.cyclesSharePct.toFixed(0)}% of the cycles at ${summary.idleGroup.utilPct.toFixed(0)}% utilization, ${summary.idleGroup.idleSharePct.toFixed(0)}% of all idle PE-cycles.`
    : '';
  return [
    {
      title: `Per-layer utilization (${results.length} layers, ${summary.totalCycles.toLocaleString('en-US')} cycles)`,
      svg: layerUtilizationSvg(results),
      caption: `Top: each layer's PE utilization (MACs over cycles × PEs) and its mapping efficiency, the bound set by how the layer's GEMM folds onto the array. Bottom: the layer's share of the network's cycles, the part stalled on DRAM in grey.${idle}`,
    },
  ];
}
