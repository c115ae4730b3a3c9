/**
 * The `table` environment: designs evaluated in advance, one CSV row each (HyperMapper's exhaustive
 * look-up mode). Agents explore the listed designs only, and "evaluating" one looks its row up.
 *
 * The file is streamed, so tables of hundreds of thousands of rows load without reading the text
 * whole; the rows themselves are kept, compactly, since every lookup needs them.
 */
import { basename, resolve } from 'node:path';
import { OptionError, type Environment, type EnvironmentProvider, type OptionSpec } from '../../src/environment/types.js';
import type { Metrics, MetricSpec } from '../../src/objective/types.js';
import { formatValue, parseNumberText } from '../../src/space/parameter.js';
import { createSpace, type DesignSpace } from '../../src/space/space.js';
import type { ParameterDefinition, Point } from '../../src/space/types.js';
import { CsvError, readCsvFile } from '../../src/util/csv.js';
import {
  PARAMETERS_DESCRIPTION,
  SHARED_OPTION_SPECS,
  readMetrics,
  readObjectives,
  readOptionalString,
  readParameterNamesOrDefinitions,
  readReferencePoint,
  readRequiredString,
} from './plugin-options.js';

const VALID_WORDS = new Set(['true', '1', 'yes', 'valid', 't', 'y']);
const INVALID_WORDS = new Set(['false', '0', 'no', 'invalid', 'f', 'n']);

const OPTIONS: OptionSpec[] = [
  { name: 'file', type: 'string', required: true, description: 'CSV file of evaluated designs, one row each with a header row (relative to the spec file)' },
  {
    name: 'parameters',
    type: 'json',
    required: true,
    description: `JSON array of the columns that are parameters: names (kinds inferred: all-numeric columns become ordinal, others categorical) or a ${PARAMETERS_DESCRIPTION}`,
  },
  ...SHARED_OPTION_SPECS,
  {
    name: 'validColumn',
    type: 'string',
    description: "column marking each design valid or not (HyperMapper's Valid); rows with false/0/no/invalid stay in the space but fail when evaluated",
  },
];

/** One row of the table, after parsing. */
interface Row {
  line: number;
  /** Parameter cells, trimmed, in the order of the parameter columns. */
  cells: string[];
  /** Metric values in the order of the metrics; NaN only in rows marked invalid. */
  values: number[];
  valid: boolean;
}

/** Where each option's columns sit in the header. */
interface Columns {
  parameters: number[];
  metrics: number[];
  valid: number | null;
  width: number;
}

/** Prefix for messages about the file's contents: the path as the user wrote it, and a line. */
function at(file: string, line: number): string {
  return `${file} line ${line}`;
}

function fileError(message: string): OptionError {
  return new OptionError(message, 'file');
}

function locateColumns(header: readonly string[], headerLine: number, file: string, parameterNames: readonly string[], metricNames: readonly string[], validColumn: string | undefined): Columns {
  const names = header.map((name) => name.trim());
  const find = (name: string, role: string): number => {
    const first = names.indexOf(name);
    if (first < 0) {
      throw fileError(`${at(file, headerLine)}: no column "${name}" (${role}); the header's columns are: ${names.join(', ')}`);
    }
    const second = names.indexOf(name, first + 1);
    if (second >= 0) throw fileError(`${at(file, headerLine)}: column "${name}" appears twice (columns ${first + 1} and ${second + 1})`);
    return first;
  };
  const used = new Map<string, string>();
  const claim = (name: string, role: string): void => {
    const other = used.get(name);
    if (other !== undefined) throw new OptionError(`column "${name}" cannot be both ${other} and ${role}`, role === 'the valid column' ? 'validColumn' : 'metrics');
    used.set(name, role);
  };
  parameterNames.forEach((name) => claim(name, 'a parameter'));
  metricNames.forEach((name) => claim(name, 'a metric'));
  if (validColumn !== undefined) claim(validColumn, 'the valid column');
  return {
    parameters: parameterNames.map((name) => find(name, 'a parameter')),
    metrics: metricNames.map((name) => find(name, 'a metric')),
    valid: validColumn === undefined ? null : find(validColumn, 'the valid column'),
    width: header.length,
  };
}

function readValidity(cell: string, file: string, line: number, column: string): boolean {
  const word = cell.trim().toLowerCase();
  if (VALID_WORDS.has(word)) return true;
  if (INVALID_WORDS.has(word)) return false;
  throw fileError(`${at(file, line)}: column "${column}" must be true or false (also 1/0, yes/no, valid/invalid), got ${JSON.stringify(cell)}`);
}

/** Streams the file into rows, checking the shape of each and the metric cells. */
async function readRows(
  path: string,
  file: string,
  parameterNames: readonly string[],
  metrics: readonly MetricSpec[],
  validColumn: string | undefined,
): Promise<Row[]> {
  const rows: Row[] = [];
  let columns: Columns | null = null;
  try {
    for await (const record of readCsvFile(path, file)) {
      if (columns === null) {
        columns = locateColumns(record.fields, record.line, file, parameterNames, metrics.map((m) => m.name), validColumn);
        continue;
      }
      const { fields, line } = record;
      if (fields.length !== columns.width) {
        throw fileError(`${at(file, line)}: expected ${columns.width} fields as in the header, got ${fields.length}`);
      }
      const valid = columns.valid === null ? true : readValidity(fields[columns.valid], file, line, validColumn as string);
      const values = columns.metrics.map((column, i) => {
        const value = parseNumberText(fields[column]);
        // Invalid designs often have no meaningful metrics; their cells are never returned.
        if (Number.isNaN(value) && valid) {
          throw fileError(`${at(file, line)}: column "${metrics[i].name}" must be a number, got ${JSON.stringify(fields[column])}`);
        }
        return value;
      });
      rows.push({ line, cells: columns.parameters.map((column) => fields[column].trim()), values, valid });
    }
  } catch (error) {
    if (error instanceof CsvError) throw fileError(error.message);
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new OptionError(`options.file: ${file} does not exist (looked for ${path})`, 'file');
    throw error;
  }
  if (columns === null) throw fileError(`${file} is empty; expected a header row naming the columns`);
  if (rows.length === 0) throw fileError(`${file} has a header but no designs`);
  return rows;
}

/**
 * A parameter from the distinct values of its column: all numeric → ordinal in ascending order
 * (neighbouring sizes are neighbouring designs), anything else → categorical in order of first
 * appearance.
 */
function inferParameter(name: string, rows: readonly Row[], column: number): ParameterDefinition {
  const distinct = new Set<string>();
  for (const row of rows) distinct.add(row.cells[column]);
  const texts = [...distinct];
  const numbers = texts.map(parseNumberText);
  if (numbers.every((n) => !Number.isNaN(n))) {
    return { name, type: 'ordinal', values: [...new Set(numbers)].sort((a, b) => a - b) };
  }
  return { name, type: 'categorical', values: texts };
}

function describePoint(point: Point): string {
  return Object.entries(point)
    .map(([name, value]) => `${name}=${formatValue(value)}`)
    .join(', ');
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.every((value, i) => Object.is(value, b[i]));
}

/** Rows by design key; identical repeats are tolerated, conflicting ones name both lines. */
function indexRows(rows: readonly Row[], space: DesignSpace, names: readonly string[], file: string): Map<string, Row> {
  const byKey = new Map<string, Row>();
  for (const row of rows) {
    const raw: Record<string, string> = {};
    names.forEach((name, i) => (raw[name] = row.cells[i]));
    let point: Point;
    try {
      point = space.parse(raw, { useDefaults: false });
    } catch (error) {
      throw fileError(`${at(file, row.line)}: ${(error as Error).message}`);
    }
    const key = space.key(point);
    const earlier = byKey.get(key);
    if (earlier === undefined) {
      byKey.set(key, row);
    } else if (earlier.valid !== row.valid || !sameValues(earlier.values, row.values)) {
      throw fileError(
        `${at(file, row.line)}: design ${describePoint(point)} also appears on line ${earlier.line} with different ` +
          `${earlier.valid !== row.valid ? 'validity' : 'metrics'}; keep one of lines ${earlier.line} and ${row.line}`,
      );
    }
  }
  return byKey;
}

export const tableProvider: EnvironmentProvider = {
  id: 'table',
  title: 'Table of evaluated designs',
  description:
    "Looks designs up in a CSV table of pre-evaluated designs (HyperMapper's exhaustive mode); agents sample only the designs the table lists.",
  options: OPTIONS,
  async create(options, context): Promise<Environment> {
    const file = readRequiredString(options, 'file', OPTIONS[0].description);
    const path = resolve(context.baseDir, file);
    const parameterOption = readParameterNamesOrDefinitions(options.parameters);
    const explicit = typeof parameterOption[0] !== 'string';
    const parameterNames = explicit ? (parameterOption as ParameterDefinition[]).map((p) => p.name) : (parameterOption as string[]);
    const metrics = readMetrics(options.metrics);
    const objectives = readObjectives(options.objectives, metrics);
    const referencePoint = readReferencePoint(options.referencePoint, metrics);
    const validColumn = readOptionalString(options, 'validColumn');

    const rows = await readRows(path, file, parameterNames, metrics, validColumn);
    const definitions = explicit
      ? (parameterOption as ParameterDefinition[])
      : parameterNames.map((name, column) => inferParameter(name, rows, column));
    let space: DesignSpace;
    try {
      space = createSpace({ parameters: definitions });
    } catch (error) {
      throw new OptionError(`options.parameters: ${(error as Error).message}`, 'parameters');
    }
    const designs = indexRows(rows, space, parameterNames, file);
    const invalidCount = rows.filter((row) => !row.valid).length;

    const lookUp = (point: Point): Metrics => {
      const validated = space.validate(point);
      const row = designs.get(space.key(validated));
      if (row === undefined) throw new Error(`design ${describePoint(validated)} is not in ${file}`);
      if (!row.valid) throw new Error(`design marked invalid in ${file} line ${row.line}`);
      const result: Metrics = {};
      metrics.forEach((metric, i) => (result[metric.name] = row.values[i]));
      return result;
    };

    return {
      id: 'table',
      title: `Designs from ${basename(file)}`,
      description: `${designs.size} designs${invalidCount > 0 ? ` (${invalidCount} rows marked invalid)` : ''} looked up in ${file}`,
      space: {
        parameters: definitions,
        // Keeps agents on listed designs. The space knows only this yes/no test, not the list: random
        // sampling draws from the full product of parameter values and rejects unlisted points, so
        // it gives up (after MAX_SAMPLING_TRIES draws) when the table covers less than about one
        // point in a thousand of that product, and enumeration walks the whole product. Very sparse
        // tables therefore need fewer distinct values per parameter, or a denser table.
        constraints: [
          {
            name: 'in-table',
            reason: `not a row of ${file}`,
            test: (point: Point) => designs.has(space.key(point)),
          },
        ],
      },
      metrics,
      objectives,
      referencePoint,
      evaluate: lookUp,
    };
  },
};
