/**
 * RFC 4180 CSV: writing fields and lines, and parsing text or streaming a file into records.
 *
 * Parsing rules: fields are separated by commas and records by CRLF, LF or a lone CR; a field in
 * double quotes may hold commas, line breaks and doubled quotes (`""` for `"`). A UTF-8 byte-order
 * mark at the start is dropped, blank lines are skipped, and a trailing line break is optional.
 * Every record carries the 1-based physical line it starts on, so callers can point users at the
 * exact line of a bad row even when earlier quoted fields span several lines.
 */
import { createReadStream } from 'node:fs';

export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  fields: string[];
}

/** Malformed CSV; the message starts with the file (when known) and the line. */
export class CsvError extends Error {
  constructor(
    /** What is wrong, without the location. */
    readonly reason: string,
    readonly line: number,
    readonly file?: string,
  ) {
    super(`${file === undefined ? '' : `${file} `}line ${line}: ${reason}`);
    this.name = 'CsvError';
  }
}

const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

/** One field, quoted only when needed; numbers keep full precision, null and undefined are empty. */
export function csvField(value: unknown): string {
  // Numbers never need quotes; skipping the test matters when exporting millions of cells.
  if (typeof value === 'number') return String(value);
  let text: string;
  if (value === null || value === undefined) text = '';
  else if (typeof value === 'string') text = value;
  else if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') text = String(value);
  else if (value instanceof Date) text = value.toISOString();
  else text = JSON.stringify(value) ?? String(value);
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** One record without the line break. */
export function csvLine(values: readonly unknown[]): string {
  // A record of one empty field would be a blank line, which parsers skip; quoting keeps it.
  if (values.length === 1 && csvField(values[0]) === '') return '""';
  return values.map(csvField).join(',');
}

const QUOTE = 0x22;
const COMMA = 0x2c;
const CR = 0x0d;
const LF = 0x0a;
const BOM = '\uFEFF';

const enum State {
  /** Before the first character of a record; line breaks here are blank lines. */
  RecordStart,
  /** After a comma, before the first character of a field. */
  FieldStart,
  Unquoted,
  Quoted,
  /** Just read a quote inside a quoted field: either the closing quote or the first of `""`. */
  QuoteInQuoted,
}

/**
 * Incremental parser: feed text in pieces of any size with `push`, then call `end`. Chunk
 * boundaries may fall anywhere, including inside a CRLF or a doubled quote.
 */
export class CsvParser {
  private state = State.RecordStart;
  private fields: string[] = [];
  private field = '';
  /** Physical line of the character being read. */
  private line = 1;
  private previousWasCr = false;
  private recordLine = 1;
  private quoteLine = 1;
  private started = false;
  private completed: CsvRecord[] = [];

  constructor(private readonly file?: string) {}

  /** Parses the next piece of text; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    let text = chunk;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.startsWith(BOM)) text = text.slice(1);
    }
    // Field text is sliced out in runs rather than appended per character; `runStart` is where the
    // run of the current field begins in this chunk.
    let runStart = 0;
    const n = text.length;
    for (let i = 0; i < n; i++) {
      const c = text.charCodeAt(i);
      if (c === LF) {
        if (!this.previousWasCr) this.line++;
        this.previousWasCr = false;
      } else if (c === CR) {
        this.line++;
        this.previousWasCr = true;
      } else {
        this.previousWasCr = false;
      }

      if (this.state === State.RecordStart) {
        // Blank lines, and the LF of a CRLF that ended the previous record.
        if (c === CR || c === LF) continue;
        this.recordLine = this.line;
        this.state = State.FieldStart;
      }

      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.endField();
            this.endRecord();
          } else {
            this.state = State.Unquoted;
            runStart = i;
          }
          break;
        case State.Unquoted:
          if (c === COMMA) {
            this.field += text.slice(runStart, i);
            this.endField();
            this.state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.field += text.slice(runStart, i);
            this.endField();
            this.endRecord();
          }
          // A stray quote inside an unquoted field is kept literally, as most writers intend.
          break;
        case State.Quoted:
          if (c === QUOTE) {
            this.field += text.slice(runStart, i);
            this.state = State.QuoteInQuoted;
          }
          break;
        case State.QuoteInQuoted:
          if (c === QUOTE) {
            this.field += '"';
            this.state = State.Quoted;
            runStart = i + 1;
          } else if (c === COMMA) {
            this.endField();
            this.state = State.FieldStart;
          } else if (c === CR || c === LF) {
            this.endField();
            this.endRecord();
          } else {
            throw new CsvError(
              `unexpected character ${JSON.stringify(text[i])} after the closing quote of a field ` +
                '(a quote inside a quoted field must be doubled: "")',
              this.line,
              this.file,
            );
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += text.slice(runStart);
    return this.takeCompleted();
  }

  /** Signals the end of input; returns the last record, if the text did not end with a line break. */
  end(): CsvRecord[] {
    switch (this.state) {
      case State.Quoted:
        throw new CsvError('unterminated quoted field (missing closing ")', this.quoteLine, this.file);
      case State.FieldStart:
      case State.Unquoted:
      case State.QuoteInQuoted:
        this.endField();
        this.endRecord();
        break;
      case State.RecordStart:
        break;
    }
    return this.takeCompleted();
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
  }

  private endRecord(): void {
    this.completed.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.state = State.RecordStart;
  }

  private takeCompleted(): CsvRecord[] {
    const records = this.completed;
    this.completed = [];
    return records;
  }
}

/** Parses a whole CSV text. */
export function parseCsv(text: string, file?: string): CsvRecord[] {
  const parser = new CsvParser(file);
  const records = parser.push(text);
  for (const record of parser.end()) records.push(record);
  return records;
}

/**
 * Streams the records of a CSV file without loading it whole. Errors name `label` (default: the
 * path), so callers can show the path the way the user wrote it.
 */
export async function* readCsvFile(path: string, label: string = path): AsyncGenerator<CsvRecord> {
  const parser = new CsvParser(label);
  // The stream's UTF-8 decoder keeps multi-byte characters split across chunks intact.
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 16 });
  try {
    for await (const chunk of stream) {
      yield* parser.push(chunk as string);
    }
    yield* parser.end();
  } finally {
    // Stops reading when the consumer breaks out early or parsing throws.
    stream.destroy();
  }
}
