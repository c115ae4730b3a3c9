/**
 * Writes the controller's golden fingerprints, or checks the simulator against a file of them.
 *
 *   npx tsx test/dram/golden/generate.ts                 writes test/dram/golden/expected.json
 *   npx tsx test/dram/golden/generate.ts --full FILE     writes the larger set to FILE
 *   npx tsx test/dram/golden/generate.ts --check FILE    recomputes FILE's cases, lists mismatches
 *
 * Generate only from a version whose results are the reference: the test compares against them.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FULL, QUICK, fingerprint, goldenCases, type GoldenEntry } from './cases.js';

export const EXPECTED_FILE = join(dirname(fileURLToPath(import.meta.url)), 'expected.json');

function write(file: string, set: typeof QUICK): void {
  const start = performance.now();
  const entries: GoldenEntry[] = goldenCases(set).map((c) => ({ case: c, expected: fingerprint(c) }));
  // One case per line, so a diff of the file shows which cases moved.
  writeFileSync(file, `{"set": ${JSON.stringify(set)},\n"entries": [\n${entries.map((e) => JSON.stringify(e)).join(',\n')}\n]}\n`);
  console.log(`${entries.length} cases written to ${file} in ${((performance.now() - start) / 1000).toFixed(1)} s`);
}

function check(file: string): void {
  const { entries } = JSON.parse(readFileSync(file, 'utf8')) as { entries: GoldenEntry[] };
  const start = performance.now();
  let bad = 0;
  for (const { case: c, expected } of entries) {
    const got = fingerprint(c);
    if (got.result !== expected.result || got.log !== expected.log || got.commands !== expected.commands) {
      bad++;
      console.log(`MISMATCH ${JSON.stringify(c)}: ${JSON.stringify(got)} vs ${JSON.stringify(expected)}`);
    }
  }
  console.log(`${entries.length - bad} of ${entries.length} cases match (${((performance.now() - start) / 1000).toFixed(1)} s)`);
  if (bad > 0) process.exitCode = 1;
}

const [flag, file] = process.argv.slice(2);
if (flag === '--full' && file !== undefined) write(file, FULL);
else if (flag === '--check' && file !== undefined) check(file);
else if (flag === undefined) write(EXPECTED_FILE, QUICK);
else {
  console.error('usage: generate.ts [--full FILE | --check FILE]');
  process.exitCode = 2;
}
