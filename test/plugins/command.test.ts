import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandProvider, findJsonObject } from '../../spaces/plugins/command.js';
import type { Environment, OptionValues } from '../../src/environment/types.js';
import type { ParameterDefinition } from '../../src/space/types.js';

/**
 * The fake simulator. Its first argument picks a behaviour; when ARGS_FILE is set it first appends
 * its arguments there as one JSON line, so tests can see exactly what arrived.
 */
const SIMULATOR = String.raw`
import { appendFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
const [mode, ...rest] = process.argv.slice(2);
if (process.env.ARGS_FILE) appendFileSync(process.env.ARGS_FILE, JSON.stringify(process.argv.slice(2)) + '\n');
const a = Number(rest[0]);
const b = Number(rest[1]);
switch (mode) {
  case 'ok':
    console.log('simulating a=' + a + ' b=' + b + ' ...');
    console.log('{"not": "the last object"}');
    console.log(JSON.stringify({ latency: a * 2 + b / 4, energy: a + b, extra: 'ignored' }));
    console.log('done.');
    break;
  case 'file':
    writeFileSync(rest[2], JSON.stringify({ latency: a * 10, energy: b * 10 }));
    console.log('results written');
    break;
  case 'crash':
    process.stderr.write('EARLY-MARKER ' + 'x'.repeat(5000) + '\nsegfault in cache model: FINAL-MARKER\n');
    process.exit(3);
  case 'signal':
    process.kill(process.pid, 'SIGTERM');
    setInterval(() => {}, 1000);
    break;
  case 'hang': {
    const grandchild = spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'inherit' });
    writeFileSync(process.env.PIDS_FILE, JSON.stringify([process.pid, grandchild.pid]));
    process.stderr.write('waiting forever\n');
    setInterval(() => {}, 1000);
    break;
  }
  case 'garbage':
    console.log('hello world, no JSON here');
    break;
  case 'missing':
    console.log(JSON.stringify({ latency: 1 }));
    break;
  case 'notnumber':
    console.log(JSON.stringify({ latency: 'abc', energy: 1 }));
    break;
  case 'flood':
    process.stdout.write('y'.repeat(17 * 1024 * 1024));
    break;
  case 'echo':
    console.log(JSON.stringify({ latency: rest.length, energy: 0 }));
    break;
}
`;

let dir: string;
let script: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archdse-command-'));
  script = join(dir, 'sim.mjs');
  await writeFile(script, SIMULATOR);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const PARAMETERS: ParameterDefinition[] = [
  { name: 'a', type: 'ordinal', values: [1, 2, 4, 8] },
  { name: 'b', type: 'integer', min: 0, max: 100 },
];

function simulator(mode: string, extra: OptionValues = {}, args: string[] = ['{a}', '{b}']): Promise<Environment> {
  return Promise.resolve(
    commandProvider.create(
      { argv: [process.execPath, script, mode, ...args], parameters: PARAMETERS, metrics: ['latency', 'energy'], ...extra },
      { baseDir: dir },
    ),
  );
}

async function failure(env: Environment, point: Record<string, number | string>): Promise<string> {
  try {
    await env.evaluate(point);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('evaluation was expected to fail');
}

function isGone(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return true;
  }
  // A zombie (exited, not yet reaped by its new parent) counts as gone: it runs nothing.
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.startsWith('Z') ?? false;
  } catch {
    return true;
  }
}

async function waitUntilGone(pids: readonly number[], ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (pids.every(isGone)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return pids.every(isGone);
}

describe('command environment: successful runs', () => {
  it('substitutes parameter values and reads the last JSON object line of stdout', async () => {
    const env = await simulator('ok');
    expect(await env.evaluate({ a: 4, b: 10 })).toEqual({ latency: 10.5, energy: 14 });
    expect(await env.evaluate({ b: 0, a: 1 })).toEqual({ latency: 2, energy: 1 });
    expect(env.objectives).toEqual([
      { metric: 'latency', direction: 'min' },
      { metric: 'energy', direction: 'min' },
    ]);
  });

  it('fills placeholders inside larger arguments and keeps {{ }} as literal braces', async () => {
    const argsFile = join(dir, 'placeholder-args.jsonl');
    const env = await simulator('echo', { env: { ARGS_FILE: argsFile } }, ['--a={a}', 'b{b}b', '{{a}}', '{{{a}}}', 'plain']);
    expect(await env.evaluate({ a: 8, b: 3 })).toEqual({ latency: 5, energy: 0 });
    const args = JSON.parse((await readFile(argsFile, 'utf8')).trim());
    expect(args).toEqual(['echo', '--a=8', 'b3b', '{a}', '{8}', 'plain']);
  });

  it('reads the metrics from an output file in the per-evaluation directory, then removes the directory', async () => {
    const argsFile = join(dir, 'file-args.jsonl');
    const env = await simulator(
      'file',
      { output: '{outdir}/result.json', env: { ARGS_FILE: argsFile } },
      ['{a}', '{b}', '{outdir}/result.json'],
    );
    expect(await env.evaluate({ a: 2, b: 7 })).toEqual({ latency: 20, energy: 70 });
    expect(await env.evaluate({ a: 1, b: 1 })).toEqual({ latency: 10, energy: 10 });
    const runs = (await readFile(argsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as string[]);
    const outdirs = runs.map((args) => dirname(args[3]));
    expect(outdirs[0]).not.toBe(outdirs[1]);
    for (const outdir of outdirs) expect(existsSync(outdir)).toBe(false);
  });

  it('passes hostile values as single literal arguments, never through a shell', async () => {
    const argsFile = join(dir, 'injection-args.jsonl');
    const hostile = ['; rm -rf x', '$(touch pwned)', '`touch pwned2`', 'a b "c" | cat > pwned3', '&& touch pwned4'];
    const env = await Promise.resolve(
      commandProvider.create(
        {
          argv: [process.execPath, script, 'echo', '{label}', '--label={label}'],
          parameters: [{ name: 'label', type: 'categorical', values: hostile }],
          metrics: ['latency', 'energy'],
          env: { ARGS_FILE: argsFile },
        },
        { baseDir: dir },
      ),
    );
    for (const label of hostile) expect(await env.evaluate({ label })).toEqual({ latency: 2, energy: 0 });
    const runs = (await readFile(argsFile, 'utf8')).trim().split('\n').map((line) => JSON.parse(line));
    expect(runs).toEqual(hostile.map((label) => ['echo', label, `--label=${label}`]));
    for (const name of ['x', 'pwned', 'pwned2', 'pwned3', 'pwned4']) expect(existsSync(join(dir, name))).toBe(false);
  });
});

describe('command environment: failures carry what happened and the stderr tail', () => {
  it('a non-zero exit', async () => {
    const message = await failure(await simulator('crash'), { a: 1, b: 2 });
    expect(message).toContain('exit code 3');
    expect(message).toContain('segfault in cache model: FINAL-MARKER');
    // Only the tail of a long stderr is quoted.
    expect(message).not.toContain('EARLY-MARKER');
    expect(message).toContain(`sim.mjs crash 1 2`);
  });

  it('a death by signal', async () => {
    expect(await failure(await simulator('signal'), { a: 1, b: 2 })).toContain('killed by signal SIGTERM');
  });

  it('a hang past the timeout: returns after about the timeout and kills the child and its children', async () => {
    const pidsFile = join(dir, 'hang-pids.json');
    const env = await simulator('hang', { timeoutMs: 500, env: { PIDS_FILE: pidsFile } });
    const start = performance.now();
    const message = await failure(env, { a: 1, b: 2 });
    const elapsed = performance.now() - start;
    expect(message).toContain('timed out after 500 ms');
    expect(message).toContain('waiting forever');
    expect(elapsed).toBeGreaterThanOrEqual(450);
    expect(elapsed).toBeLessThan(2500);
    const pids = JSON.parse(await readFile(pidsFile, 'utf8')) as number[];
    expect(pids).toHaveLength(2);
    expect(await waitUntilGone(pids, 2000)).toBe(true);
  });

  it('close() kills evaluations still running', async () => {
    const pidsFile = join(dir, 'close-pids.json');
    const env = await simulator('hang', { timeoutMs: 30_000, env: { PIDS_FILE: pidsFile } });
    const pending = failure(env, { a: 1, b: 2 });
    while (!existsSync(pidsFile)) await new Promise((r) => setTimeout(r, 20));
    const start = performance.now();
    await env.close?.();
    expect(await pending).toContain('killed by signal SIGKILL');
    expect(performance.now() - start).toBeLessThan(2000);
    const pids = JSON.parse(await readFile(pidsFile, 'utf8')) as number[];
    expect(await waitUntilGone(pids, 2000)).toBe(true);
  });

  it('output that is not JSON', async () => {
    expect(await failure(await simulator('garbage'), { a: 1, b: 2 })).toContain('output is not a JSON object: hello world, no JSON here');
  });

  it('a missing metric, and one that is not a finite number', async () => {
    expect(await failure(await simulator('missing'), { a: 1, b: 2 })).toContain('metric "energy" is missing from the output (it has keys latency)');
    expect(await failure(await simulator('notnumber'), { a: 1, b: 2 })).toContain('metric "latency" is not a finite number (got "abc")');
  });

  it('an output file that was not written', async () => {
    const message = await failure(await simulator('ok', { output: '{outdir}/never.json' }), { a: 1, b: 2 });
    expect(message).toMatch(/output file .*never\.json could not be read \(ENOENT\)/);
  });

  it('a flood of stdout past the cap', async () => {
    expect(await failure(await simulator('flood'), { a: 1, b: 2 })).toContain('stdout exceeded 16 MB');
  });

  it('a program that cannot start', async () => {
    const env = await Promise.resolve(
      commandProvider.create({ argv: [join(dir, 'no-such-simulator'), '{a}'], parameters: PARAMETERS, metrics: ['latency'] }, { baseDir: dir }),
    );
    expect(await failure(env, { a: 1, b: 2 })).toMatch(/could not start .*no-such-simulator.*ENOENT/);
  });

  it('a point outside the space, before anything runs', async () => {
    expect(await failure(await simulator('ok'), { a: 3, b: 2 })).toContain('parameter "a": expected one of 1, 2, 4, 8 (got 3)');
  });
});

describe('command environment: options', () => {
  it('rejects unknown placeholders, naming them and listing the parameters', async () => {
    await expect(simulator('ok', {}, ['{a}', '{size}', '--x={mode}'])).rejects.toThrow(
      'options.argv: unknown placeholders {size}, {mode}; placeholders are the parameters ({a}, {b}) and {outdir}; write {{ and }} for literal braces',
    );
    await expect(simulator('ok', { output: '{dir}/r.json' })).rejects.toThrow('options.output: unknown placeholder {dir}');
  });

  it('rejects stray braces, bad argv, timeouts, env, cwd and constraints', async () => {
    await expect(simulator('ok', {}, ['{a'])).rejects.toThrow('options.argv: [3]: unmatched "{" at position 1');
    await expect(simulator('ok', {}, ['a}'])).rejects.toThrow('options.argv: [3]: unmatched "}" at position 2');
    await expect(Promise.resolve(commandProvider.create({ argv: [], parameters: PARAMETERS, metrics: ['m'] }, { baseDir: dir }))).rejects.toThrow(
      'options.argv: must be a non-empty JSON array of strings',
    );
    await expect(simulator('ok', { timeoutMs: -5 })).rejects.toThrow('options.timeoutMs: must be a positive integer');
    await expect(simulator('ok', { env: ['X=1'] })).rejects.toThrow('options.env: must be a JSON object');
    await expect(simulator('ok', { cwd: 'missing-dir' })).rejects.toThrow(/options\.cwd: .*missing-dir is not a directory/);
    await expect(simulator('ok', { constraints: [{ metric: 'area', op: '<=', bound: 1 }] })).rejects.toThrow(
      'options.constraints[0].metric: unknown metric "area"; known metrics: latency, energy',
    );
  });

  it('accepts metric specs, objectives, constraints and a reference point', async () => {
    const env = await simulator('ok', {
      metrics: [{ name: 'latency', unit: 'ns', direction: 'min' }, { name: 'energy', unit: 'pJ' }],
      constraints: ['energy <= 100', { metric: 'latency', op: '<', bound: 50 }],
      referencePoint: { latency: 100 },
    });
    expect(env.objectives).toEqual([{ metric: 'latency', direction: 'min', unit: 'ns' }]);
    expect(env.constraints).toEqual([
      { metric: 'energy', op: '<=', bound: 100 },
      { metric: 'latency', op: '<', bound: 50 },
    ]);
    expect(env.referencePoint).toEqual({ latency: 100 });
    expect(env.space.parameters).toEqual(PARAMETERS);
  });
});

describe('findJsonObject', () => {
  it('takes the whole text, else the last line holding a JSON object', () => {
    expect(findJsonObject('{\n  "a": 1\n}\n')).toEqual({ a: 1 });
    expect(findJsonObject('log\n{"a": 1}\n{"a": 2}\ntrailer\n')).toEqual({ a: 2 });
    expect(findJsonObject('[1, 2]')).toBeNull();
    expect(findJsonObject('')).toBeNull();
  });
});
