/** `archdse report` end to end, through the built CLI (dist/, built by `npm test`'s pretest). */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { removeTempDirs, tempDir } from '../helpers.js';
import { runSweep, ZDT_SPEC } from './fixtures.js';

const CLI = resolve('dist/src/cli/main.js');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it)`);
});
afterEach(removeTempDirs);

function cli(args: string[]) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('archdse report', () => {
  it('writes one HTML file and prints its path', async () => {
    const dir = tempDir();
    const out = await runSweep(dir, ZDT_SPEC);
    const file = join(dir, 'reports', 'zdt.html');
    const result = cli(['report', out, '--out', file, '--no-figures']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(file);
    const html = readFileSync(file, 'utf8');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('--no-figures');
  });

  it('fails with one line naming a missing directory', () => {
    const dir = tempDir();
    const missing = join(dir, 'nothing-here');
    const result = cli(['report', missing, '--out', join(dir, 'r.html')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`archdse: error: ${missing}: no such directory\n`);
    expect(existsSync(join(dir, 'r.html'))).toBe(false);
  });
});
