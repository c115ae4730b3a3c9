/**
 * Reader for SCALE-Sim v2 `.cfg` files (Python configparser INI).
 *
 * Syntax: `[section]` headers, `key = value` or `key : value` entries, and comment lines starting
 * with `#` or `;`; a `#` or `;` after whitespace also starts an inline comment. Section names and
 * keys are matched case-insensitively; unknown sections and keys are ignored (later SCALE-Sim
 * versions add some), but a key repeated within a section is an error, as in configparser.
 *
 * Required: `[general] run_name`; `[architecture_presets] ArrayHeight, ArrayWidth, IfmapSramSzkB,
 * FilterSramSzkB, OfmapSramSzkB, IfmapOffset, FilterOffset, OfmapOffset, Dataflow`;
 * `[run_presets] InterfaceBandwidth`. `Bandwidth` (words per cycle; a comma-separated list is
 * accepted, as SCALE-Sim allows) is required when InterfaceBandwidth is USER and optional for
 * CALC. `MemoryBanks` is optional and defaults to 1.
 */

export type Dataflow = 'os' | 'ws' | 'is';
export type InterfaceBandwidth = 'CALC' | 'USER';

export interface ScaleSimConfig {
  runName: string;
  arrayHeight: number;
  arrayWidth: number;
  /** SRAM sizes in kB (SCALE-Sim v2 words are one byte). */
  ifmapSramKB: number;
  filterSramKB: number;
  ofmapSramKB: number;
  /** Base addresses, in words. */
  ifmapOffset: number;
  filterOffset: number;
  ofmapOffset: number;
  dataflow: Dataflow;
  /** `Bandwidth` values in words per cycle; empty when the key is absent (CALC mode only). */
  bandwidths: number[];
  memoryBanks: number;
  interfaceBandwidth: InterfaceBandwidth;
}

/** Bad config input; `line` is 1-based, `column` the key (or section) at fault, when there is one. */
export class ConfigError extends Error {
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly file: string,
    readonly line: number,
    readonly column?: string,
  ) {
    super(`${file} line ${line}${column === undefined ? '' : `, key "${column}"`}: ${reason}`);
    this.name = 'ConfigError';
  }
}

interface Entry {
  key: string;
  value: string;
  line: number;
}

interface Section {
  name: string;
  line: number;
  entries: Map<string, Entry>;
}

const DATAFLOWS: readonly Dataflow[] = ['os', 'ws', 'is'];
const MODES: readonly InterfaceBandwidth[] = ['CALC', 'USER'];

/** Splits INI text into sections; keys and section names are stored lower-cased. */
function parseIni(text: string, file: string): { sections: Map<string, Section>; lastLine: number } {
  const sections = new Map<string, Section>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let current: Section | undefined;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const stripped = raw.replace(/\s[#;].*$/, '').trim();
    if (stripped === '' || stripped.startsWith('#') || stripped.startsWith(';')) return;
    const header = /^\[([^\]]*)\]$/.exec(stripped);
    if (header) {
      const name = header[1]!.trim();
      const key = name.toLowerCase();
      if (sections.has(key)) {
        throw new ConfigError(`section [${name}] repeats the one on line ${sections.get(key)!.line}`, file, line);
      }
      current = { name, line, entries: new Map() };
      sections.set(key, current);
      return;
    }
    const entry = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(stripped);
    if (!entry) {
      throw new ConfigError(
        `cannot read ${JSON.stringify(raw.trim())}; expected "[section]", "key = value", "key : value" or a # or ; comment`,
        file,
        line,
      );
    }
    const key = entry[1]!;
    if (current === undefined) {
      throw new ConfigError('key before any [section] header', file, line, key);
    }
    const previous = current.entries.get(key.toLowerCase());
    if (previous !== undefined) {
      throw new ConfigError(`key repeats the one on line ${previous.line} in [${current.name}]`, file, line, key);
    }
    current.entries.set(key.toLowerCase(), { key, value: entry[2]!.trim(), line });
  });
  return { sections, lastLine: Math.max(1, lines.length) };
}

/** Parses a SCALE-Sim v2 `.cfg` file; `file` names the input in error messages. */
export function parseScaleSimConfig(text: string, file: string): ScaleSimConfig {
  const { sections, lastLine } = parseIni(text, file);

  const get = (section: string, key: string, required: boolean): Entry | undefined => {
    const found = sections.get(section.toLowerCase());
    const entry = found?.entries.get(key.toLowerCase());
    if (entry === undefined && required) {
      throw new ConfigError(
        found === undefined
          ? `missing section [${section}], which must hold the key ${key}`
          : `missing required key ${key} in section [${section}]`,
        file,
        found?.line ?? lastLine,
        key,
      );
    }
    return entry;
  };
  const need = (section: string, key: string): Entry => get(section, key, true)!;

  const integer = (entry: Entry, min: number): number => {
    const value = entry.value;
    const number = /^[+-]?\d+$/.test(value) ? Number(value) : NaN;
    const allowed = `a whole number of at least ${min}`;
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value)) {
      throw new ConfigError(`${JSON.stringify(value)} is not a number; expected ${allowed}`, file, entry.line, entry.key);
    }
    if (!Number.isSafeInteger(number) || number < min) {
      throw new ConfigError(`${value} is not allowed; expected ${allowed}`, file, entry.line, entry.key);
    }
    return number;
  };
  const positive = (key: string): number => integer(need('architecture_presets', key), 1);
  const offset = (key: string): number => integer(need('architecture_presets', key), 0);

  const runName = need('general', 'run_name');
  if (runName.value === '') throw new ConfigError('empty run name', file, runName.line, runName.key);

  const dataflowEntry = need('architecture_presets', 'Dataflow');
  const dataflow = dataflowEntry.value.toLowerCase() as Dataflow;
  if (!DATAFLOWS.includes(dataflow)) {
    throw new ConfigError(
      `unknown dataflow ${JSON.stringify(dataflowEntry.value)}; expected one of ${DATAFLOWS.join(', ')}`,
      file,
      dataflowEntry.line,
      dataflowEntry.key,
    );
  }

  const modeEntry = need('run_presets', 'InterfaceBandwidth');
  const interfaceBandwidth = modeEntry.value.toUpperCase() as InterfaceBandwidth;
  if (!MODES.includes(interfaceBandwidth)) {
    throw new ConfigError(
      `unknown bandwidth mode ${JSON.stringify(modeEntry.value)}; expected one of ${MODES.join(', ')}`,
      file,
      modeEntry.line,
      modeEntry.key,
    );
  }

  const bandwidthEntry = get('architecture_presets', 'Bandwidth', interfaceBandwidth === 'USER');
  const bandwidths =
    bandwidthEntry === undefined
      ? []
      : bandwidthEntry.value.split(',').map((part) => {
          const value = part.trim();
          const number = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(value) ? Number(value) : NaN;
          if (!(number > 0) || !Number.isFinite(number)) {
            throw new ConfigError(
              `${JSON.stringify(value)} is not allowed; expected a number of words per cycle greater than 0 ` +
                '(or a comma-separated list of them)',
              file,
              bandwidthEntry.line,
              bandwidthEntry.key,
            );
          }
          return number;
        });

  const banksEntry = get('architecture_presets', 'MemoryBanks', false);

  return {
    runName: runName.value,
    arrayHeight: positive('ArrayHeight'),
    arrayWidth: positive('ArrayWidth'),
    ifmapSramKB: positive('IfmapSramSzkB'),
    filterSramKB: positive('FilterSramSzkB'),
    ofmapSramKB: positive('OfmapSramSzkB'),
    ifmapOffset: offset('IfmapOffset'),
    filterOffset: offset('FilterOffset'),
    ofmapOffset: offset('OfmapOffset'),
    dataflow,
    bandwidths,
    memoryBanks: banksEntry === undefined ? 1 : integer(banksEntry, 1),
    interfaceBandwidth,
  };
}
