/**
 * Reader for SCALE-Sim v2 topology CSVs.
 *
 * Two forms, told apart by the header row (columns matched by trimmed name, case-insensitively,
 * in any order; empty header cells such as the one left by SCALE-Sim's trailing comma are dropped):
 * - conv: `Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,
 *   Strides,` gives `ConvLayer`s. IFMAP sizes are the padded input, as SCALE-Sim expects, so every
 *   filter must fit inside its IFMAP.
 * - GEMM: `Layer, M, N, K,` gives `GemmLayer`s.
 * The name column may be spelled `Layer name` or `Layer` in either form; `Stride` is accepted for
 * `Strides`. Other extra columns are ignored.
 *
 * Depthwise: SCALE-Sim files mark depthwise layers only by name (e.g. "dw" in MobileNet
 * topologies). This reader does not guess from names: a conv layer is depthwise only when the file
 * has an optional `Depthwise` column holding 1/0, true/false or yes/no (empty means no). Without
 * that column every layer has `depthwise: false`, and callers that know a file's naming convention
 * must set the flag themselves.
 */
import { CsvError, parseCsv } from '../../../src/util/csv.js';
import type { ConvLayer, GemmLayer, Layer } from '../layer.js';

export type { ConvLayer, GemmLayer, Layer };

/** Bad topology input; `line` is 1-based, `column` the header name of the offending cell (if any). */
export class TopologyError extends Error {
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly file: string,
    readonly line: number,
    readonly column?: string,
  ) {
    super(`${file} line ${line}${column === undefined ? '' : `, column "${column}"`}: ${reason}`);
    this.name = 'TopologyError';
  }
}

interface ColumnSpec {
  /** Accepted spellings, lower case; the first is the canonical name shown in messages. */
  names: string[];
  label: string;
}

const NAME: ColumnSpec = { names: ['layer name', 'layer'], label: 'Layer name' };
const CONV_COLUMNS = {
  ifmapH: { names: ['ifmap height'], label: 'IFMAP Height' },
  ifmapW: { names: ['ifmap width'], label: 'IFMAP Width' },
  filterH: { names: ['filter height'], label: 'Filter Height' },
  filterW: { names: ['filter width'], label: 'Filter Width' },
  channels: { names: ['channels'], label: 'Channels' },
  filters: { names: ['num filter', 'num filters'], label: 'Num Filter' },
  stride: { names: ['strides', 'stride'], label: 'Strides' },
} satisfies Record<string, ColumnSpec>;
const GEMM_COLUMNS = {
  m: { names: ['m'], label: 'M' },
  n: { names: ['n'], label: 'N' },
  k: { names: ['k'], label: 'K' },
} satisfies Record<string, ColumnSpec>;
const DEPTHWISE: ColumnSpec = { names: ['depthwise'], label: 'Depthwise' };

const CONV_HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides';
const GEMM_HEADER = 'Layer, M, N, K';

/** A header column: its index in the row and its name as written in the file. */
interface Column {
  index: number;
  name: string;
}

/** Parses a SCALE-Sim topology CSV; `file` names the input in error messages. */
export function parseTopology(text: string, file: string): Layer[] {
  let records;
  try {
    records = parseCsv(text, file);
  } catch (error) {
    if (error instanceof CsvError) throw new TopologyError(error.reason, file, error.line);
    throw error;
  }
  // Rows of nothing but commas and spaces are blank lines to SCALE-Sim too.
  records = records.filter((record) => record.fields.some((field) => field.trim() !== ''));
  const header = records[0];
  if (header === undefined) {
    throw new TopologyError(`empty topology; expected a header row "${CONV_HEADER}" or "${GEMM_HEADER}"`, file, 1);
  }
  const headerNames = header.fields.map((field) => field.trim()).filter((name) => name !== '');
  const listed = headerNames.map((name) => `"${name}"`).join(', ');
  const find = (spec: ColumnSpec): Column | undefined => {
    const index = header.fields.findIndex((field) => spec.names.includes(field.trim().toLowerCase()));
    return index < 0 ? undefined : { index, name: header.fields[index]!.trim() };
  };
  const require = (spec: ColumnSpec, form: string): Column => {
    const column = find(spec);
    if (column === undefined) {
      throw new TopologyError(
        `missing column "${spec.label}" for the ${form} form; the header has ${listed}`,
        file,
        header.line,
        spec.label,
      );
    }
    return column;
  };

  const hasConv = Object.values(CONV_COLUMNS).some((spec) => find(spec) !== undefined);
  const hasGemm = Object.values(GEMM_COLUMNS).some((spec) => find(spec) !== undefined);
  if (hasConv === hasGemm) {
    throw new TopologyError(
      `${hasConv ? 'header mixes the conv and GEMM forms' : 'header matches neither form'}: it has ${listed}; ` +
        `expected "${CONV_HEADER}" (conv) or "${GEMM_HEADER}" (GEMM)`,
      file,
      header.line,
    );
  }
  const nameColumn = require(NAME, hasConv ? 'conv' : 'GEMM');
  const rows = records.slice(1);
  if (rows.length === 0) throw new TopologyError('no layers after the header row', file, header.line);

  if (hasGemm) {
    const m = require(GEMM_COLUMNS.m, 'GEMM');
    const n = require(GEMM_COLUMNS.n, 'GEMM');
    const k = require(GEMM_COLUMNS.k, 'GEMM');
    return rows.map((row): GemmLayer => {
      const cell = new Cells(row.fields, row.line, file);
      return { kind: 'gemm', name: cell.name(nameColumn), m: cell.dim(m), n: cell.dim(n), k: cell.dim(k) };
    });
  }

  const c = {
    ifmapH: require(CONV_COLUMNS.ifmapH, 'conv'),
    ifmapW: require(CONV_COLUMNS.ifmapW, 'conv'),
    filterH: require(CONV_COLUMNS.filterH, 'conv'),
    filterW: require(CONV_COLUMNS.filterW, 'conv'),
    channels: require(CONV_COLUMNS.channels, 'conv'),
    filters: require(CONV_COLUMNS.filters, 'conv'),
    stride: require(CONV_COLUMNS.stride, 'conv'),
  };
  const depthwiseColumn = find(DEPTHWISE);
  return rows.map((row): ConvLayer => {
    const cell = new Cells(row.fields, row.line, file);
    const layer: ConvLayer = {
      kind: 'conv',
      name: cell.name(nameColumn),
      ifmapH: cell.dim(c.ifmapH),
      ifmapW: cell.dim(c.ifmapW),
      filterH: cell.dim(c.filterH),
      filterW: cell.dim(c.filterW),
      channels: cell.dim(c.channels),
      filters: cell.dim(c.filters),
      stride: cell.dim(c.stride),
      depthwise: depthwiseColumn === undefined ? false : cell.flag(depthwiseColumn),
    };
    for (const [filter, ifmap, what] of [
      [c.filterH, c.ifmapH, 'height'],
      [c.filterW, c.ifmapW, 'width'],
    ] as const) {
      const f = cell.dim(filter);
      const i = cell.dim(ifmap);
      if (f > i) {
        throw new TopologyError(
          `filter ${what} ${f} is larger than the IFMAP ${what} ${i}; the IFMAP is the padded input, ` +
            `so the filter must be at most ${i}`,
          file,
          row.line,
          filter.name,
        );
      }
    }
    return layer;
  });
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TRUE = ['1', 'true', 'yes'];
const FALSE = ['', '0', 'false', 'no'];

/** The cells of one data row, read with errors pointing at the row and column. */
class Cells {
  constructor(
    private readonly fields: string[],
    private readonly line: number,
    private readonly file: string,
  ) {}

  private raw(column: Column): string {
    const value = this.fields[column.index];
    if (value === undefined) {
      throw new TopologyError(
        `missing value: the row has ${this.fields.length} cells but "${column.name}" is cell ${column.index + 1}`,
        this.file,
        this.line,
        column.name,
      );
    }
    return value.trim();
  }

  name(column: Column): string {
    const value = this.raw(column);
    if (value === '') throw new TopologyError('empty layer name', this.file, this.line, column.name);
    return value;
  }

  /** A dimension: a whole number of at least 1. */
  dim(column: Column): number {
    const value = this.raw(column);
    if (!NUMBER.test(value)) {
      throw new TopologyError(
        `${JSON.stringify(value)} is not a number; expected a whole number of at least 1`,
        this.file,
        this.line,
        column.name,
      );
    }
    const number = Number(value);
    if (!Number.isSafeInteger(number) || number < 1) {
      throw new TopologyError(
        `${value} is not allowed; expected a whole number of at least 1`,
        this.file,
        this.line,
        column.name,
      );
    }
    return number;
  }

  flag(column: Column): boolean {
    const value = (this.fields[column.index] ?? '').trim().toLowerCase();
    if (TRUE.includes(value)) return true;
    if (FALSE.includes(value)) return false;
    throw new TopologyError(
      `${JSON.stringify(value)} is not a depthwise flag; expected 1, 0, true, false, yes, no or empty`,
      this.file,
      this.line,
      column.name,
    );
  }
}
