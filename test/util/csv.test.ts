import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CsvError, CsvParser, csvField, csvLine, parseCsv, readCsvFile, type CsvRecord } from '../../src/util/csv.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archdse-csv-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(generator: AsyncGenerator<CsvRecord>): Promise<CsvRecord[]> {
  const records: CsvRecord[] = [];
  for await (const record of generator) records.push(record);
  return records;
}

describe('csvField / csvLine', () => {
  it('quotes only when needed', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('padded ')).toBe('"padded "');
    expect(csvField('in side')).toBe('in side');
  });

  it('writes numbers with full precision and empties for null/undefined', () => {
    expect(csvField(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(csvField(1e-300)).toBe('1e-300');
    expect(csvField(-42)).toBe('-42');
    expect(csvField(true)).toBe('true');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(Number(csvField(Math.PI))).toBe(Math.PI);
  });

  it('joins fields without a trailing newline', () => {
    expect(csvLine(['a', 1, null, 'x,y'])).toBe('a,1,,"x,y"');
    expect(csvLine([])).toBe('');
  });

  it('quotes a lone empty field so the record is not read back as a blank line', () => {
    expect(csvLine([''])).toBe('""');
    expect(parseCsv(`${csvLine(['h'])}\n${csvLine([''])}\n`).map((r) => r.fields)).toEqual([['h'], ['']]);
  });

  it('round-trips tricky fields', () => {
    const rows: unknown[][] = [
      ['name', 'value', 'note'],
      ['comma, inside', 1.5, 'quote " inside'],
      ['"fully quoted"', -0.000123, 'multi\nline\r\nfield'],
      ['', '', ''],
      [' leading', 'trailing ', '\ttab'],
      ['ünïcødé ✓', 12345678901234567890, 'emoji 🚀, too'],
      ['""', ',', '\r'],
    ];
    const text = rows.map(csvLine).join('\r\n') + '\r\n';
    const parsed = parseCsv(text).map((r) => r.fields);
    expect(parsed).toEqual(rows.map((row) => row.map((v) => (typeof v === 'number' ? String(v) : String(v)))));
  });
});

describe('parseCsv', () => {
  it('reports the physical line where each record starts, across multi-line quoted fields', () => {
    const text = 'a,b\n1,"two\nlines"\n\n3,"x\r\ny\r\nz"\r\n4,5';
    const records = parseCsv(text);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', 'two\nlines'] },
      { line: 5, fields: ['3', 'x\r\ny\r\nz'] },
      { line: 8, fields: ['4', '5'] },
    ]);
  });

  it('handles CRLF, lone CR, a BOM, a trailing newline and blank lines', () => {
    expect(parseCsv('\uFEFFa,b\r\n1,2\r\n')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['1', '2'] },
    ]);
    expect(parseCsv('a\rb\r\rc').map((r) => [r.line, r.fields[0]])).toEqual([
      [1, 'a'],
      [2, 'b'],
      [4, 'c'],
    ]);
    expect(parseCsv('\n\na,b\n\n\n1,2\n\n')).toEqual([
      { line: 3, fields: ['a', 'b'] },
      { line: 6, fields: ['1', '2'] },
    ]);
    expect(parseCsv('')).toEqual([]);
  });

  it('keeps empty fields, including a trailing one', () => {
    expect(parseCsv('a,,c,\n,\n').map((r) => r.fields)).toEqual([
      ['a', '', 'c', ''],
      ['', ''],
    ]);
  });

  it('throws CsvError with the line where an unterminated quote opened', () => {
    const text = 'a,b\n1,2\n3,"never\nclosed\n';
    expect(() => parseCsv(text, 'x.csv')).toThrow(CsvError);
    try {
      parseCsv(text, 'x.csv');
    } catch (error) {
      const csvError = error as CsvError;
      expect(csvError.line).toBe(3);
      expect(csvError.file).toBe('x.csv');
      expect(csvError.message).toMatch(/^x\.csv line 3: unterminated quoted field/);
    }
  });

  it('rejects text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"ok"\n"bad"x\n')).toThrow(/^line 3: unexpected character "x" after the closing quote/);
  });

  it('gives the same records whatever the chunk boundaries', () => {
    const text = '\uFEFFh1,h2\r\n"a ""q""",b\r\n"multi\r\nline",c\r\n\r\nx,y\r';
    const expected = parseCsv(text);
    for (let size = 1; size <= 7; size++) {
      const parser = new CsvParser();
      const records: CsvRecord[] = [];
      for (let i = 0; i < text.length; i += size) records.push(...parser.push(text.slice(i, i + size)));
      records.push(...parser.end());
      expect(records, `chunk size ${size}`).toEqual(expected);
    }
  });
});

describe('readCsvFile', () => {
  it('streams a 5 MB file to the same records as a whole-text parse', async () => {
    const lines: string[] = [csvLine(['id', 'name', 'note', 'value'])];
    let size = 0;
    for (let i = 0; size < 5 * 1024 * 1024; i++) {
      const note = i % 7 === 0 ? `multi\nline "${i}"` : i % 5 === 0 ? `comma, ${i}` : `ünï ${i}`;
      const line = csvLine([i, `name${i}`, note, i * 0.1]);
      lines.push(line);
      size += Buffer.byteLength(line) + 2;
    }
    const text = '\uFEFF' + lines.join('\r\n') + '\r\n';
    const path = join(dir, 'big.csv');
    await writeFile(path, text);
    const streamed = await collect(readCsvFile(path));
    const whole = parseCsv(text);
    expect(streamed.length).toBe(lines.length);
    expect(streamed).toEqual(whole);
    // Multi-line notes push later records down: the last record starts well after its index.
    expect(streamed[streamed.length - 1].line).toBeGreaterThan(lines.length);
  });

  it('names the file in parse errors', async () => {
    const path = join(dir, 'broken.csv');
    await writeFile(path, 'a,b\n1,2\n3,"open\n');
    await expect(collect(readCsvFile(path, 'broken.csv'))).rejects.toThrow(/^broken\.csv line 3: unterminated/);
  });

  it('fails clearly on a missing file', async () => {
    await expect(collect(readCsvFile(join(dir, 'nope.csv')))).rejects.toThrow(/ENOENT.*nope\.csv/);
  });
});
