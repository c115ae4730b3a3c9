/**
 * Small self-contained SVG charts (no scripts, no fonts to fetch): lines with a shaded spread band
 * (hypervolume against evaluations, mean and spread over seeds) and scatter plots (Pareto fronts
 * overlaid). Colours are the Okabe-Ito palette, distinguishable with the common colour-vision
 * deficiencies; every series also has its own marker shape.
 */

export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];
const MARKERS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'circle', 'square', 'triangle'] as const;

export interface BandPoint {
  x: number;
  y: number;
  low: number;
  high: number;
}

export interface LineSeries {
  label: string;
  points: readonly BandPoint[];
}

export interface ScatterSeries {
  label: string;
  points: readonly (readonly [number, number])[];
  /** Joins the points in x order. */
  connect?: boolean;
  /** A reference drawn in black under the other series (e.g. the exact front), outside the palette. */
  reference?: boolean;
}

const REFERENCE_COLOR = '#000000';

export interface ChartFrame {
  title: string;
  xLabel: string;
  yLabel: string;
  /** Logarithmic x axis (e.g. evaluation budgets 250..2000). */
  xLog?: boolean;
  /** Values labelled on the x axis; default: every x of the data (line charts) or round values. */
  xTicks?: readonly number[];
  width?: number;
  height?: number;
}

const MARGIN = { left: 72, right: 170, top: 36, bottom: 52 };

/** Escapes text for SVG content and for quoted attribute values alike. */
export function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** About five round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? 10 * magnitude;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

/**
 * Tick values for a logarithmic axis over [lo, hi] (both > 0): the powers of ten inside, with 2
 * and 5 between them when the range spans few decades, so that a log axis always shows at least
 * two labelled values.
 */
export function logTicks(lo: number, hi: number): number[] {
  if (!(lo > 0) || !(hi > lo)) return [lo];
  const first = Math.floor(Math.log10(lo));
  const last = Math.ceil(Math.log10(hi));
  const decades = last - first;
  const steps = decades <= 2 ? [1, 2, 5] : decades <= 4 ? [1, 3] : [1];
  const stride = Math.max(1, Math.ceil(decades / 8));
  const ticks: number[] = [];
  for (let e = first; e <= last; e += steps.length === 1 ? stride : 1) {
    for (const m of steps) {
      const t = Number((m * 10 ** e).toPrecision(12));
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(t);
    }
  }
  return ticks.length >= 2 ? ticks : niceTicks(lo, hi);
}

/** A short tick label: thousands separators, exponent form for very large or small values. */
export function tickText(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs >= 1e6 || abs < 1e-3)) return value.toExponential(1);
  return Number(value.toPrecision(4)).toLocaleString('en-US');
}

function marker(kind: (typeof MARKERS)[number], x: number, y: number, color: string): string {
  const r = 3.5;
  switch (kind) {
    case 'square':
      return `<rect x="${x - r}" y="${y - r}" width="${2 * r}" height="${2 * r}" fill="${color}"/>`;
    case 'triangle':
      return `<polygon points="${x},${y - r - 1} ${x - r - 0.5},${y + r} ${x + r + 0.5},${y + r}" fill="${color}"/>`;
    case 'diamond':
      return `<polygon points="${x},${y - r - 1} ${x + r + 1},${y} ${x},${y + r + 1} ${x - r - 1},${y}" fill="${color}"/>`;
    case 'cross':
      return `<path d="M${x - r},${y - r}L${x + r},${y + r}M${x - r},${y + r}L${x + r},${y - r}" stroke="${color}" stroke-width="2"/>`;
    default:
      return `<circle cx="${x}" cy="${y}" r="${r}" fill="${color}"/>`;
  }
}

/** A plot area with axes, for charts of their own (e.g. scratchpad occupancy). */
export class Frame {
  readonly width: number;
  readonly height: number;
  readonly parts: string[] = [];
  constructor(
    readonly frame: ChartFrame,
    readonly xRange: [number, number],
    readonly yRange: [number, number],
  ) {
    this.width = frame.width ?? 640;
    this.height = frame.height ?? 380;
  }

  x(value: number): number {
    const [lo, hi] = this.frame.xLog ? this.xRange.map(Math.log10) : this.xRange;
    const v = this.frame.xLog ? Math.log10(value) : value;
    return MARGIN.left + ((v - lo) / (hi - lo || 1)) * (this.width - MARGIN.left - MARGIN.right);
  }

  y(value: number): number {
    const [lo, hi] = this.yRange;
    return this.height - MARGIN.bottom - ((value - lo) / (hi - lo || 1)) * (this.height - MARGIN.top - MARGIN.bottom);
  }

  axes(xTicks: readonly number[]): void {
    const { width, height, frame } = this;
    const plotRight = width - MARGIN.right;
    const plotBottom = height - MARGIN.bottom;
    for (const t of niceTicks(this.yRange[0], this.yRange[1])) {
      const y = this.y(t);
      this.parts.push(`<line x1="${MARGIN.left}" x2="${plotRight}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`);
      this.parts.push(`<text x="${MARGIN.left - 6}" y="${y + 4}" text-anchor="end">${tickText(t)}</text>`);
    }
    for (const t of xTicks) {
      const x = this.x(t);
      this.parts.push(`<line x1="${x}" x2="${x}" y1="${MARGIN.top}" y2="${plotBottom}" stroke="#eeeeee"/>`);
      this.parts.push(`<text x="${x}" y="${plotBottom + 16}" text-anchor="middle">${tickText(t)}</text>`);
    }
    this.parts.push(`<rect x="${MARGIN.left}" y="${MARGIN.top}" width="${plotRight - MARGIN.left}" height="${plotBottom - MARGIN.top}" fill="none" stroke="#888"/>`);
    this.parts.push(`<text x="${(MARGIN.left + plotRight) / 2}" y="${height - 12}" text-anchor="middle">${escapeXml(frame.xLabel)}</text>`);
    this.parts.push(`<text transform="translate(16 ${(MARGIN.top + plotBottom) / 2}) rotate(-90)" text-anchor="middle">${escapeXml(frame.yLabel)}</text>`);
    this.parts.push(`<text x="${MARGIN.left}" y="22" font-size="14" font-weight="bold">${escapeXml(frame.title)}</text>`);
  }

  legend(entries: readonly { label: string; color: string; marker: (typeof MARKERS)[number] | null; line: boolean }[]): void {
    const x = this.width - MARGIN.right + 14;
    entries.forEach((entry, i) => {
      const y = MARGIN.top + 10 + i * 20;
      if (entry.line) this.parts.push(`<line x1="${x}" x2="${x + 22}" y1="${y}" y2="${y}" stroke="${entry.color}" stroke-width="2"/>`);
      if (entry.marker) this.parts.push(marker(entry.marker, x + 11, y, entry.color));
      this.parts.push(`<text x="${x + 30}" y="${y + 4}">${escapeXml(entry.label)}</text>`);
    });
  }

  render(): string {
    return [
      `<svg xmlns="http://www.w3.org/2000/svg" width="${this.width}" height="${this.height}" viewBox="0 0 ${this.width} ${this.height}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
      `<rect width="100%" height="100%" fill="white"/>`,
      ...this.parts,
      '</svg>',
      '',
    ].join('\n');
  }
}

function padded([lo, hi]: [number, number], fraction = 0.05): [number, number] {
  const span = hi - lo || Math.abs(hi) || 1;
  return [lo - span * fraction, hi + span * fraction];
}

/** Mean lines with a shaded low-high band per series. */
export function lineChart(frame: ChartFrame, series: readonly LineSeries[], yRange?: [number, number]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.low, p.high]));
  const f = new Frame(frame, [Math.min(...xs), Math.max(...xs)], yRange ?? padded([Math.min(...ys), Math.max(...ys)]));
  f.axes(frame.xTicks ?? [...new Set(xs)].sort((a, b) => a - b));
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    const upper = s.points.map((p) => `${f.x(p.x)},${f.y(p.high)}`);
    const lower = [...s.points].reverse().map((p) => `${f.x(p.x)},${f.y(p.low)}`);
    f.parts.push(`<polygon points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.15" stroke="none"/>`);
    f.parts.push(`<polyline points="${s.points.map((p) => `${f.x(p.x)},${f.y(p.y)}`).join(' ')}" fill="none" stroke="${color}" stroke-width="2"/>`);
    for (const p of s.points) f.parts.push(marker(MARKERS[i % MARKERS.length], f.x(p.x), f.y(p.y), color));
  });
  f.legend(series.map((s, i) => ({ label: s.label, color: PALETTE[i % PALETTE.length], marker: MARKERS[i % MARKERS.length], line: true })));
  return f.render();
}

/** Points per series, optionally joined in x order; reference series first, in black, without markers. */
export function scatterChart(frame: ChartFrame, series: readonly ScatterSeries[]): string {
  const xs = series.flatMap((s) => s.points.map((p) => p[0]));
  const ys = series.flatMap((s) => s.points.map((p) => p[1]));
  const f = new Frame(frame, padded([Math.min(...xs), Math.max(...xs)]), padded([Math.min(...ys), Math.max(...ys)]));
  f.axes(niceTicks(f.xRange[0], f.xRange[1]));
  const styled = [...series.filter((s) => s.reference), ...series.filter((s) => !s.reference)];
  let paletteIndex = 0;
  const styles = styled.map((s) => {
    if (s.reference) return { color: REFERENCE_COLOR, marker: null };
    const k = paletteIndex++;
    return { color: PALETTE[k % PALETTE.length], marker: MARKERS[k % MARKERS.length] };
  });
  styled.forEach((s, i) => {
    const { color, marker: shape } = styles[i];
    if (s.connect && s.points.length > 1) {
      const sorted = [...s.points].sort((a, b) => a[0] - b[0]);
      f.parts.push(`<polyline points="${sorted.map((p) => `${f.x(p[0])},${f.y(p[1])}`).join(' ')}" fill="none" stroke="${color}" stroke-width="1.5" stroke-opacity="0.7"/>`);
    }
    for (const p of s.points) f.parts.push(shape ? marker(shape, f.x(p[0]), f.y(p[1]), color) : `<circle cx="${f.x(p[0])}" cy="${f.y(p[1])}" r="2" fill="${color}"/>`);
  });
  f.legend(styled.map((s, i) => ({ label: s.label, color: styles[i].color, marker: styles[i].marker, line: s.connect === true || s.reference === true })));
  return f.render();
}

export interface Bar {
  label: string;
  value: number;
  /** Palette colour by default. */
  color?: string;
  /** Text after the value (e.g. a share in %). */
  note?: string;
}

/**
 * Horizontal bars with their labels on the left and values at their ends: for breakdowns of one
 * design (time per step, energy per part), where labels are long and bars few.
 */
export function horizontalBarChart(title: string, unit: string, bars: readonly Bar[], width = 640): string {
  const labelWidth = Math.min(300, 16 + 6.6 * Math.max(8, ...bars.map((b) => b.label.length)));
  const valueWidth = 150;
  const rowHeight = 22;
  const top = title === '' ? 8 : 34;
  const height = top + bars.length * rowHeight + 28;
  const plotLeft = labelWidth;
  const plotRight = width - valueWidth;
  const max = Math.max(0, ...bars.map((b) => b.value));
  const scale = (v: number): number => (max > 0 ? ((plotRight - plotLeft) * Math.max(0, v)) / max : 0);
  const parts: string[] = [];
  if (title !== '') parts.push(`<text x="8" y="22" font-size="14" font-weight="bold">${escapeXml(title)}</text>`);
  for (const t of niceTicks(0, max || 1)) {
    const x = plotLeft + scale(t);
    if (x > plotRight + 0.5) continue;
    parts.push(`<line x1="${x}" x2="${x}" y1="${top - 4}" y2="${top + bars.length * rowHeight}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${x}" y="${top + bars.length * rowHeight + 14}" text-anchor="middle" fill="#555">${tickText(t)}</text>`);
  }
  parts.push(`<text x="${(plotLeft + plotRight) / 2}" y="${height - 2}" text-anchor="middle" fill="#333">${escapeXml(unit)}</text>`);
  bars.forEach((bar, i) => {
    const y = top + i * rowHeight;
    const color = bar.color ?? PALETTE[0];
    parts.push(`<text x="${plotLeft - 8}" y="${y + rowHeight / 2 + 4}" text-anchor="end">${escapeXml(bar.label)}</text>`);
    parts.push(`<rect x="${plotLeft}" y="${y + 3}" width="${Math.max(0.5, scale(bar.value))}" height="${rowHeight - 6}" fill="${color}"/>`);
    const text = `${tickText(bar.value)}${bar.note ? ` ${bar.note}` : ''}`;
    parts.push(`<text x="${plotLeft + scale(bar.value) + 6}" y="${y + rowHeight / 2 + 4}">${escapeXml(text)}</text>`);
  });
  parts.push(`<line x1="${plotLeft}" x2="${plotLeft}" y1="${top - 4}" y2="${top + bars.length * rowHeight}" stroke="#888"/>`);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
    '',
  ].join('\n');
}
