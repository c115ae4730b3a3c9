import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  parseScaleSimConfig,
  parseTopology,
  TopologyError,
} from '../../spaces/systolic/input/index.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

const CONV_HEADER = 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,';

/** Runs `fn`, expecting an error of `type`; returns it for further checks. */
function thrown<T extends Error>(type: new (...args: never[]) => T, fn: () => unknown): T {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(type);
    return error as T;
  }
  throw new Error('expected an error');
}

function topologyError(text: string): TopologyError {
  return thrown(TopologyError, () => parseTopology(text, 'net.csv'));
}

describe('parseTopology', () => {
  it('reads the conv form with SCALE-Sim spacing and trailing commas', () => {
    const layers = parseTopology(fixture('resnet-like.csv'), 'resnet-like.csv');
    expect(layers).toHaveLength(4);
    expect(layers[0]).toEqual({
      kind: 'conv',
      name: 'Conv1',
      ifmapH: 230,
      ifmapW: 230,
      filterH: 7,
      filterW: 7,
      channels: 3,
      filters: 64,
      stride: 2,
      depthwise: false,
    });
    expect(layers.map((layer) => layer.name)).toEqual(['Conv1', 'CB2a_1', 'CB2a_2', 'CB2a_3']);
    expect(layers.every((layer) => layer.kind === 'conv' && !layer.depthwise)).toBe(true);
  });

  it('reads an optional Depthwise column (CRLF, no spaces, empty cell means no)', () => {
    const layers = parseTopology(fixture('mobilenet-like-depthwise.csv'), 'mobilenet.csv');
    expect(layers.map((layer) => [layer.name, layer.kind === 'conv' && layer.depthwise])).toEqual([
      ['conv1', false],
      ['dw1', true],
      ['pw1', false],
      ['pw2', false],
    ]);
    expect(layers[3]).toMatchObject({ ifmapH: 56, ifmapW: 56, filterH: 1, channels: 64, filters: 128, stride: 1 });
  });

  it('does not guess depthwise from layer names', () => {
    const [layer] = parseTopology(`${CONV_HEADER}\nConv dw_1, 114, 114, 3, 3, 32, 32, 1,\n`, 'net.csv');
    expect(layer).toMatchObject({ kind: 'conv', name: 'Conv dw_1', depthwise: false });
  });

  it('reads the GEMM form', () => {
    expect(parseTopology(fixture('gemm.csv'), 'gemm.csv')).toEqual([
      { kind: 'gemm', name: 'pw2_as_gemm', m: 3136, n: 128, k: 64 },
      { kind: 'gemm', name: 'fc', m: 1, n: 1000, k: 1024 },
    ]);
  });

  it('matches columns by trimmed name, case-insensitively and in any order, ignoring extras', () => {
    const text = ' strides ,LAYER NAME, num filter,channels, filter width, filter height, ifmap width, ifmap height, Notes\n' +
      '1, c, 8, 4, 3, 3, 10, 12, anything\n';
    expect(parseTopology(text, 'net.csv')).toEqual([
      { kind: 'conv', name: 'c', ifmapH: 12, ifmapW: 10, filterH: 3, filterW: 3, channels: 4, filters: 8, stride: 1, depthwise: false },
    ]);
    expect(parseTopology('k,n,m,layer\n3,2,1,g\n', 'g.csv')).toEqual([{ kind: 'gemm', name: 'g', m: 1, n: 2, k: 3 }]);
  });

  it('skips blank and comma-only lines', () => {
    const layers = parseTopology(`\n${CONV_HEADER}\n\n , , ,\nc, 4, 4, 2, 2, 1, 1, 1,\n\n`, 'net.csv');
    expect(layers).toHaveLength(1);
  });

  it('names a missing column and lists the header', () => {
    const error = topologyError('Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter,\nc,4,4,2,2,1,1,\n');
    expect(error.message).toContain('net.csv');
    expect(error.message).toContain('line 1');
    expect(error.message).toContain('"Strides"');
    expect(error.message).toContain('"Layer name", "IFMAP Height"');
    expect(error).toMatchObject({ file: 'net.csv', line: 1, column: 'Strides' });
    const gemm = topologyError('Layer, M, K,\ng, 1, 2,\n');
    expect(gemm.message).toContain('"N"');
    expect(gemm.message).toContain('"Layer", "M", "K"');
  });

  it('rejects a header that matches neither or both forms', () => {
    const neither = topologyError('a, b, c\n1, 2, 3\n');
    expect(neither.message).toContain('neither form');
    expect(neither.message).toContain('"a", "b", "c"');
    expect(neither.message).toContain('IFMAP Height');
    expect(topologyError('Layer, M, N, K, Strides\ng,1,1,1,1\n').message).toContain('mixes');
  });

  it('rejects empty input and a header without layers', () => {
    expect(topologyError('').message).toContain('empty topology');
    expect(topologyError(`${CONV_HEADER}\n`).message).toContain('no layers');
  });

  it('names the line and column of a non-numeric cell', () => {
    const error = topologyError(`${CONV_HEADER}\nok, 4, 4, 2, 2, 1, 1, 1,\nbad, 4, four, 2, 2, 1, 1, 1,\n`);
    expect(error.message).toContain('net.csv');
    expect(error.message).toContain('line 3');
    expect(error.message).toContain('IFMAP Width');
    expect(error.message).toContain('"four" is not a number');
    expect(error).toMatchObject({ file: 'net.csv', line: 3, column: 'IFMAP Width' });
  });

  it('rejects zero, negative and fractional dimensions', () => {
    for (const [value, column, text] of [
      ['0', 'Strides', `${CONV_HEADER}\nc, 4, 4, 2, 2, 1, 1, 0,\n`],
      ['-3', 'Channels', `${CONV_HEADER}\nc, 4, 4, 2, 2, -3, 1, 1,\n`],
      ['1.5', 'Num Filter', `${CONV_HEADER}\nc, 4, 4, 2, 2, 1, 1.5, 1,\n`],
      ['0', 'M', 'Layer, M, N, K,\ng, 0, 1, 1,\n'],
    ]) {
      const error = topologyError(text!);
      expect(error.message).toContain('net.csv');
      expect(error.message).toContain('line 2');
      expect(error.message).toContain(`"${column}"`);
      expect(error.message).toContain(`${value} is not allowed; expected a whole number of at least 1`);
    }
  });

  it('rejects a filter larger than its padded input', () => {
    const tall = topologyError(`${CONV_HEADER}\nc, 2, 9, 3, 3, 1, 1, 1,\n`);
    expect(tall.message).toContain('net.csv line 2, column "Filter Height"');
    expect(tall.message).toContain('filter height 3 is larger than the IFMAP height 2');
    const wide = topologyError(`${CONV_HEADER}\nc, 9, 2, 3, 3, 1, 1, 1,\n`);
    expect(wide).toMatchObject({ line: 2, column: 'Filter Width' });
    expect(wide.message).toContain('IFMAP width 2');
  });

  it('rejects a short row, an empty name and a bad depthwise flag', () => {
    const short = topologyError(`${CONV_HEADER}\nc, 4, 4, 2, 2, 1, 1\n`);
    expect(short).toMatchObject({ line: 2, column: 'Strides' });
    expect(short.message).toContain('missing value');
    expect(topologyError(`${CONV_HEADER}\n , 4, 4, 2, 2, 1, 1, 1\n`)).toMatchObject({ line: 2, column: 'Layer name' });
    const flag = topologyError(`${CONV_HEADER} Depthwise\nc, 4, 4, 2, 2, 1, 1, 1, maybe\n`);
    expect(flag).toMatchObject({ line: 2, column: 'Depthwise' });
    expect(flag.message).toContain('expected 1, 0, true, false, yes, no or empty');
  });

  it('reports malformed CSV as a TopologyError with the line', () => {
    const error = topologyError(`${CONV_HEADER}\n"c, 4, 4, 2, 2, 1, 1, 1\n`);
    expect(error.message).toContain('net.csv line 2');
    expect(error.message).toContain('unterminated');
  });
});

const CFG = fixture('scale-example.cfg');

function configError(text: string): ConfigError {
  return thrown(ConfigError, () => parseScaleSimConfig(text, 'arch.cfg'));
}

/** The fixture with the line holding `key` replaced by `replacement` (or dropped). */
function edit(key: string, replacement?: string): string {
  const lines = CFG.split('\n');
  const index = lines.findIndex((line) => line.trimStart().startsWith(key));
  expect(index).toBeGreaterThanOrEqual(0);
  if (replacement === undefined) lines.splice(index, 1);
  else lines[index] = replacement;
  return lines.join('\n');
}

/** 1-based line of `key` in the fixture. */
const lineOf = (key: string): number => CFG.split('\n').findIndex((line) => line.trimStart().startsWith(key)) + 1;

describe('parseScaleSimConfig', () => {
  it('reads a SCALE-Sim v2 config with colons, equals signs and comments', () => {
    expect(parseScaleSimConfig(CFG, 'scale-example.cfg')).toEqual({
      runName: 'example_64x64_ws',
      arrayHeight: 64,
      arrayWidth: 64,
      ifmapSramKB: 256,
      filterSramKB: 256,
      ofmapSramKB: 128,
      ifmapOffset: 0,
      filterOffset: 10000000,
      ofmapOffset: 20000000,
      dataflow: 'ws',
      bandwidths: [10],
      memoryBanks: 1,
      interfaceBandwidth: 'CALC',
    });
  });

  it('matches sections and keys case-insensitively; optional keys take defaults', () => {
    const text = [
      '; lower-case everything',
      '[GENERAL]',
      'RUN_NAME=r',
      '[Architecture_Presets]',
      'arrayheight=8',
      'ARRAYWIDTH = 4',
      'ifmapsramszkb=1',
      'filtersramszkb=2',
      'ofmapsramszkb=3',
      'ifmapoffset=0',
      'filteroffset=100',
      'ofmapoffset=200',
      'dataflow = OS',
      '[run_presets]',
      'interfacebandwidth = calc',
      '[extra]',
      'whatever = 1',
    ].join('\r\n');
    expect(parseScaleSimConfig(text, 'arch.cfg')).toMatchObject({
      runName: 'r',
      arrayHeight: 8,
      arrayWidth: 4,
      dataflow: 'os',
      interfaceBandwidth: 'CALC',
      bandwidths: [],
      memoryBanks: 1,
    });
  });

  it('reads USER mode with a list of bandwidths', () => {
    const text = edit('InterfaceBandwidth', 'InterfaceBandwidth: USER').replace('Bandwidth : 10', 'Bandwidth : 10, 2.5');
    expect(parseScaleSimConfig(text, 'arch.cfg')).toMatchObject({ interfaceBandwidth: 'USER', bandwidths: [10, 2.5] });
  });

  it('names the section and key of a missing required key', () => {
    const error = configError(edit('OfmapSramSzkB'));
    expect(error.message).toContain('arch.cfg');
    expect(error.message).toContain(`line ${lineOf('[architecture_presets]')}`);
    expect(error.message).toContain('missing required key OfmapSramSzkB in section [architecture_presets]');
    expect(error).toMatchObject({ file: 'arch.cfg', column: 'OfmapSramSzkB' });
    expect(configError(edit('run_name')).message).toContain('run_name in section [general]');
    const noSection = configError(edit('[run_presets]', '').replace(/InterfaceBandwidth.*\n?/, ''));
    expect(noSection.message).toContain('missing section [run_presets]');
    expect(noSection.message).toContain('InterfaceBandwidth');
  });

  it('requires Bandwidth in USER mode only', () => {
    const calc = parseScaleSimConfig(edit('Bandwidth :'), 'arch.cfg');
    expect(calc.bandwidths).toEqual([]);
    const user = configError(edit('Bandwidth :').replace('InterfaceBandwidth: CALC', 'InterfaceBandwidth: USER'));
    expect(user.message).toContain('missing required key Bandwidth in section [architecture_presets]');
  });

  it('lists the allowed dataflows', () => {
    const error = configError(edit('Dataflow', 'Dataflow : rs'));
    expect(error.message).toContain(`arch.cfg line ${lineOf('Dataflow')}, key "Dataflow"`);
    expect(error.message).toContain('unknown dataflow "rs"; expected one of os, ws, is');
  });

  it('lists the allowed bandwidth modes', () => {
    const error = configError(edit('InterfaceBandwidth', 'InterfaceBandwidth: AUTO'));
    expect(error.message).toContain(`arch.cfg line ${lineOf('InterfaceBandwidth')}, key "InterfaceBandwidth"`);
    expect(error.message).toContain('unknown bandwidth mode "AUTO"; expected one of CALC, USER');
  });

  it('rejects non-numeric, zero and negative values', () => {
    const word = configError(edit('ArrayWidth', 'ArrayWidth: wide'));
    expect(word.message).toContain(`arch.cfg line ${lineOf('ArrayWidth')}, key "ArrayWidth"`);
    expect(word.message).toContain('"wide" is not a number');
    const zero = configError(edit('ArrayHeight', 'ArrayHeight: 0'));
    expect(zero.message).toContain('0 is not allowed; expected a whole number of at least 1');
    expect(zero.line).toBe(lineOf('ArrayHeight'));
    const negative = configError(edit('FilterOffset', 'FilterOffset: -1'));
    expect(negative.message).toContain('-1 is not allowed; expected a whole number of at least 0');
    expect(configError(edit('MemoryBanks', 'MemoryBanks: 0'))).toMatchObject({ column: 'MemoryBanks' });
    const bandwidth = configError(edit('Bandwidth :', 'Bandwidth : 0'));
    expect(bandwidth.message).toContain('greater than 0');
  });

  it('rejects unreadable lines, keys outside sections and repeats', () => {
    expect(configError('[general]\nrun_name = r\njust words\n').message).toContain('arch.cfg line 3');
    expect(configError('run_name = r\n[general]\n')).toMatchObject({ line: 1, column: 'run_name' });
    const repeated = configError(edit('ArrayWidth', 'ArrayWidth: 8\narraywidth: 16'));
    expect(repeated.message).toContain(`repeats the one on line ${lineOf('ArrayWidth')}`);
  });
});
