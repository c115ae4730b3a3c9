import { appendFileSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { JournalError, JournalWriter, readJournal, repairJournal, type EvalRecord, type HeaderRecord } from '../../src/study/journal.js';

const header: HeaderRecord = {
  type: 'header',
  format: 'archdse-journal/1',
  createdAt: 'now',
  versions: {},
  spec: { space: 'x', agents: ['random'], budget: { evaluations: 3 } },
  source: { space: 'x', options: {}, baseDir: '/' },
  run: { dir: '', agent: 'random', label: 'random', options: {}, seed: 1, budget: { evaluations: 3 }, batchSize: 1 },
  objectives: [{ metric: 'f1', direction: 'min' }],
  constraints: [],
};
const evalRecord = (id: number): EvalRecord => ({ type: 'eval', id, batch: id, agent: 'random', point: { x: id }, status: 'ok', metrics: { f1: id }, elapsedMs: 0.1, worker: 'main' });

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function journalPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'archdse-journal-'));
  dirs.push(dir);
  return join(dir, 'journal.jsonl');
}

describe('journal', () => {
  it('round-trips records and orders evaluations by id', async () => {
    const path = journalPath();
    const writer = new JournalWriter(path);
    writer.append([header, evalRecord(1), evalRecord(0)]);
    writer.append([{ type: 'end', reason: 'budget', evaluations: 2, elapsedMs: 5 }]);
    writer.close();
    const contents = await readJournal(path);
    expect(contents.evaluations.map((e) => e.id)).toEqual([0, 1]);
    expect(contents.end?.reason).toBe('budget');
    expect(contents.truncated).toBeNull();
  });

  it('tolerates and reports a truncated last line, and repair cuts it off', async () => {
    const path = journalPath();
    const writer = new JournalWriter(path);
    writer.append([header, evalRecord(0)]);
    writer.close();
    const goodSize = statSync(path).size;
    appendFileSync(path, JSON.stringify(evalRecord(1)).slice(0, 25));
    const contents = await readJournal(path);
    expect(contents.truncated).toEqual({ line: 3, validBytes: goodSize });
    expect(contents.evaluations).toHaveLength(1);
    repairJournal(path, contents);
    expect(statSync(path).size).toBe(goodSize);
    expect(readFileSync(path, 'utf8').endsWith('\n')).toBe(true);
  });

  it('rejects damage before the last line, naming the line', async () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(header)}\n{"type":"eval",\n${JSON.stringify(evalRecord(0))}\n`);
    await expect(readJournal(path)).rejects.toThrow(JournalError);
    await expect(readJournal(path)).rejects.toThrow(/line 2/);
  });

  it('adds the missing newline after a complete last record', async () => {
    const path = journalPath();
    writeFileSync(path, `${JSON.stringify(header)}\n${JSON.stringify(evalRecord(0))}`);
    const contents = await readJournal(path);
    expect(contents.evaluations).toHaveLength(1);
    repairJournal(path, contents);
    expect(readFileSync(path, 'utf8').endsWith('}\n')).toBe(true);
  });
});
