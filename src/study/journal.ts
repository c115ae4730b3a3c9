/**
 * The append-only JSONL journal: the single source of truth of a run. A header (the full spec,
 * seed, versions), one line per unique evaluation, agent snapshots, and an end line. Lines are
 * never rewritten; resume replays them. A process killed mid-write leaves at most one truncated
 * last line, which the reader reports and the writer cuts off before appending.
 */
import { closeSync, createReadStream, fsyncSync, openSync, readSync, statSync, truncateSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EvaluationStatus } from '../agent/types.js';
import type { EnvironmentSource } from '../environment/registry.js';
import type { Metrics, MetricConstraint, ObjectiveSpec } from '../objective/types.js';
import type { Point } from '../space/types.js';
import type { RunPlan, SweepSpec } from './spec.js';

export const JOURNAL_FORMAT = 'archdse-journal/1';

export interface HeaderRecord {
  type: 'header';
  format: typeof JOURNAL_FORMAT;
  createdAt: string;
  versions: Record<string, string>;
  spec: SweepSpec;
  source: EnvironmentSource;
  run: RunPlan;
  objectives: ObjectiveSpec[];
  constraints: MetricConstraint[];
}

export interface EvalRecord {
  type: 'eval';
  id: number;
  batch: number;
  agent: string;
  point: Point;
  status: EvaluationStatus;
  metrics: Metrics;
  error?: string;
  elapsedMs: number;
  worker: string;
}

export interface SnapshotRecord {
  type: 'snapshot';
  /** The last batch whose results the agent had been told when the snapshot was taken. */
  batch: number;
  nextId: number;
  agent: unknown;
  engine: { idleBatches: number };
  elapsedMs: number;
}

export interface EndRecord {
  type: 'end';
  reason: string;
  evaluations: number;
  elapsedMs: number;
  /** Time spent waiting for evaluations and inside the agent (ask + tell), this invocation. */
  timing?: { evaluateMs: number; agentMs: number };
  evaluator?: { kind: string; workers: number };
  /** The agent's own facts (Agent.runInfo), e.g. its TensorFlow.js backend. */
  agent?: Record<string, string | number | boolean>;
}

export type JournalRecord = HeaderRecord | EvalRecord | SnapshotRecord | EndRecord;

/** Fields that legitimately differ between identical runs (timing and placement). */
export const VOLATILE_EVAL_FIELDS = ['elapsedMs', 'worker'] as const;

export class JournalWriter {
  private fd: number;

  constructor(readonly path: string) {
    this.fd = openSync(path, 'a');
  }

  /** Appends records in one write call, so a chunk of results lands together. */
  append(records: readonly JournalRecord[]): void {
    if (records.length === 0) return;
    const lines = new Array<string>(records.length + 1);
    for (let i = 0; i < records.length; i++) lines[i] = JSON.stringify(records[i]);
    lines[records.length] = '';
    writeSync(this.fd, lines.join('\n'));
  }

  close(): void {
    if (this.fd < 0) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
  }
}

export interface JournalContents {
  header: HeaderRecord;
  evaluations: EvalRecord[];
  /**
   * The newest agent snapshot: all resume needs. Older ones are counted, not kept, since an
   * agent's state (a population, network weights) can be large and there is one per batch.
   */
  lastSnapshot: SnapshotRecord | null;
  snapshotCount: number;
  end: EndRecord | null;
  /** Set when the last line was cut short (a killed writer); `validBytes` is where it starts. */
  truncated: { line: number; validBytes: number } | null;
}

export class JournalError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JournalError';
  }
}

/** Streams a journal; large enough journals (hundreds of thousands of lines) are never loaded whole. */
export async function readJournal(path: string): Promise<JournalContents> {
  const size = statSync(path).size;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let header: HeaderRecord | null = null;
  const evaluations: EvalRecord[] = [];
  let lastSnapshot: SnapshotRecord | null = null;
  let snapshotCount = 0;
  let end: EndRecord | null = null;
  let lineNumber = 0;
  let bytes = 0;
  let truncated: JournalContents['truncated'] = null;
  for await (const line of lines) {
    lineNumber++;
    const lineBytes = Buffer.byteLength(line, 'utf8') + 1;
    const isLast = bytes + lineBytes >= size;
    if (line.trim() === '') {
      bytes += lineBytes;
      continue;
    }
    let record: JournalRecord;
    try {
      record = JSON.parse(line) as JournalRecord;
    } catch {
      if (isLast) {
        truncated = { line: lineNumber, validBytes: bytes };
        break;
      }
      throw new JournalError(`${path} line ${lineNumber}: not a JSON record; the journal is damaged before its last line`);
    }
    bytes += lineBytes;
    if (lineNumber === 1 || header === null) {
      if (record.type !== 'header' || record.format !== JOURNAL_FORMAT) {
        throw new JournalError(`${path} line ${lineNumber}: expected a ${JOURNAL_FORMAT} header record`);
      }
      header = record;
      continue;
    }
    switch (record.type) {
      case 'eval':
        evaluations.push(record);
        end = null;
        break;
      case 'snapshot':
        lastSnapshot = record;
        snapshotCount++;
        end = null;
        break;
      case 'end':
        end = record;
        break;
      default:
        throw new JournalError(`${path} line ${lineNumber}: unknown record type "${(record as { type: string }).type}"`);
    }
  }
  if (!header) throw new JournalError(`${path}: empty journal (no header)`);
  // A final line without its newline but valid JSON was fully written except the newline; keep it.
  evaluations.sort((a, b) => a.id - b.id);
  return { header, evaluations, lastSnapshot, snapshotCount, end, truncated };
}

/** Cuts a truncated last line off so that appended records start on a line of their own. */
export function repairJournal(path: string, contents: JournalContents): void {
  if (contents.truncated) truncateSync(path, contents.truncated.validBytes);
  else {
    // A complete last record that lacks its newline gets one, for the same reason.
    const size = statSync(path).size;
    if (size > 0) {
      const fd = openSync(path, 'r+');
      const last = Buffer.alloc(1);
      readSync(fd, last, 0, 1, size - 1);
      if (last[0] !== 0x0a) writeSync(fd, '\n', size);
      closeSync(fd);
    }
  }
}
