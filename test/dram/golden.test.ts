import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fingerprint, type GoldenEntry } from './golden/cases.js';

/**
 * The controller's results are pinned: every case of golden/expected.json (standards,
 * organisations, workloads, knob settings) must give the same result object and the same command
 * log, bit for bit. A change meant to alter results regenerates the file (golden/generate.ts).
 */
describe('DRAM controller: golden results', () => {
  const { entries } = JSON.parse(readFileSync(new URL('./golden/expected.json', import.meta.url), 'utf8')) as { entries: GoldenEntry[] };

  it(`has a broad case set (${entries.length} cases)`, () => {
    expect(entries.length).toBeGreaterThan(200);
  });

  it('reproduces every result and command log exactly', () => {
    const mismatches: string[] = [];
    for (const { case: c, expected } of entries) {
      const got = fingerprint(c);
      if (got.result !== expected.result || got.log !== expected.log || got.commands !== expected.commands) mismatches.push(JSON.stringify(c));
    }
    expect(mismatches).toEqual([]);
  }, 60_000);
});
