/**
 * A plot area for the report's charts: linear or logarithmic scales on both axes, grid lines,
 * tick labels, axis titles and a clip path that keeps marks inside the frame. The charts
 * (front scatter, scatter matrix, hypervolume curves) only add their marks.
 */
import { escapeXml, logTicks, niceTicks, tickText } from '../svg-chart.js';

export interface Scale {
  lo: number;
  hi: number;
  log: boolean;
}

/** Data spanning more than an order of magnitude (this ratio) may get a logarithmic axis. */
export const LOG_SPAN = 20;

/**
 * True when a linear axis would crowd most values into its lowest tenth: the sign that the
 * values spread over orders of magnitude rather than a few outliers stretching the range.
 */
function crowdedAtBottom(values: readonly number[], lo: number, hi: number): boolean {
  const cut = lo + 0.1 * (hi - lo);
  return values.filter((v) => v <= cut).length > values.length / 2;
}

/**
 * A scale covering `values` with a small margin: logarithmic when all are positive, span
 * `LOG_SPAN` or more and would crowd a linear axis, so that a front stretching over decades is
 * not squashed into one corner while values spread evenly (e.g. over [0, 1]) stay linear.
 */
export function scaleFor(values: readonly number[], options: { allowLog?: boolean; pad?: number } = {}): Scale {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return { lo: 0, hi: 1, log: false };
  // A loop, not Math.min(...values): an exhaustive sweep has more values than a call has arguments.
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of finite) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const pad = options.pad ?? 0.05;
  if ((options.allowLog ?? true) && lo > 0 && hi / lo >= LOG_SPAN && crowdedAtBottom(finite, lo, hi)) {
    const factor = (hi / lo) ** pad;
    return { lo: lo / factor, hi: hi * factor, log: true };
  }
  // All values equal: a unit-wide range around them (from 0 when they are 0, as counts often are).
  if (hi === lo) return lo === 0 ? { lo: -pad, hi: 1, log: false } : { lo: lo - Math.abs(lo) * 0.5, hi: hi + Math.abs(hi) * 0.5, log: false };
  const span = hi - lo;
  return { lo: lo - span * pad, hi: hi + span * pad, log: false };
}

export function scaleTicks(scale: Scale, count = 5): number[] {
  return scale.log ? logTicks(scale.lo, scale.hi) : niceTicks(scale.lo, scale.hi, count);
}

let clipCounter = 0;

export class Plot {
  readonly parts: string[] = [];
  readonly clipId = `plot-clip-${++clipCounter}`;
  constructor(
    readonly left: number,
    readonly top: number,
    readonly width: number,
    readonly height: number,
    readonly xScale: Scale,
    readonly yScale: Scale,
  ) {}

  private fraction(scale: Scale, value: number): number {
    if (scale.log) return (Math.log10(value) - Math.log10(scale.lo)) / (Math.log10(scale.hi) - Math.log10(scale.lo) || 1);
    return (value - scale.lo) / (scale.hi - scale.lo || 1);
  }

  x(value: number): number {
    return round(this.left + this.fraction(this.xScale, value) * this.width);
  }

  y(value: number): number {
    return round(this.top + this.height - this.fraction(this.yScale, value) * this.height);
  }

  get right(): number {
    return this.left + this.width;
  }

  get bottom(): number {
    return this.top + this.height;
  }

  /** Grid lines and tick labels; `labels` false draws the grid only (inner cells of a matrix). */
  grid(options: { xLabels?: boolean; yLabels?: boolean; lines?: boolean; tickCount?: number } = {}): void {
    const count = options.tickCount ?? 5;
    const lines = options.lines !== false;
    for (const t of scaleTicks(this.yScale, count)) {
      const y = this.y(t);
      if (y < this.top - 0.5 || y > this.bottom + 0.5) continue;
      if (lines) this.parts.push(`<line x1="${this.left}" x2="${this.right}" y1="${y}" y2="${y}" stroke="#e6e8ec"/>`);
      if (options.yLabels !== false) this.parts.push(`<text x="${this.left - 6}" y="${y + 4}" text-anchor="end" fill="#444">${tickText(t)}</text>`);
    }
    for (const t of scaleTicks(this.xScale, count)) {
      const x = this.x(t);
      if (x < this.left - 0.5 || x > this.right + 0.5) continue;
      if (lines) this.parts.push(`<line x1="${x}" x2="${x}" y1="${this.top}" y2="${this.bottom}" stroke="#e6e8ec"/>`);
      if (options.xLabels !== false) this.parts.push(`<text x="${x}" y="${this.bottom + 16}" text-anchor="middle" fill="#444">${tickText(t)}</text>`);
    }
  }

  frame(): void {
    this.parts.push(`<rect x="${this.left}" y="${this.top}" width="${this.width}" height="${this.height}" fill="none" stroke="#8a8f99"/>`);
  }

  xTitle(text: string): void {
    this.parts.push(`<text x="${(this.left + this.right) / 2}" y="${this.bottom + 36}" text-anchor="middle" font-weight="600">${escapeXml(text)}</text>`);
  }

  yTitle(text: string): void {
    const x = this.left - 72;
    this.parts.push(`<text transform="translate(${x} ${(this.top + this.bottom) / 2}) rotate(-90)" text-anchor="middle" font-weight="600">${escapeXml(text)}</text>`);
  }

  /** Marks added through here are clipped to the plot area. */
  clipped(marks: readonly string[]): void {
    this.parts.push(`<clipPath id="${this.clipId}"><rect x="${this.left}" y="${this.top}" width="${this.width}" height="${this.height}"/></clipPath>`);
    this.parts.push(`<g clip-path="url(#${this.clipId})">${marks.join('')}</g>`);
  }
}

function round(v: number): number {
  return Math.round(v * 10) / 10;
}

/** An `<svg>` element of the given size around `parts`, with a white background. */
export function svgDocument(width: number, height: number, parts: readonly string[], label: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(label)}" font-family="system-ui, 'Liberation Sans', 'DejaVu Sans', Arial, sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...parts,
    '</svg>',
  ].join('\n');
}
