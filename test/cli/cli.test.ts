/**
 * End-to-end: the built CLI (dist/, built by `npm test`'s pretest) run as a user would run it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalJournal, removeTempDirs, tempDir } from '../helpers.js';

const CLI = resolve('dist/src/cli/main.js');
const SLOW_SPACE = resolve('test/fixtures/slow-space.mjs');

beforeAll(() => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (npm test does it)`);
});
afterEach(removeTempDirs);

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function writeSpec(dir: string, spec: unknown, name = 'spec.json'): string {
  const path = join(dir, name);
  writeFileSync(path, typeof spec === 'string' ? spec : JSON.stringify(spec));
  return path;
}

describe('archdse CLI', () => {
  it('runs a sweep spec and writes every file, with --json output for scripts', () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { space: 'zdt2', agents: ['nsga2', 'random'], seeds: [1, 2], budget: { evaluations: 300 }, batchSize: 50 });
    const out = join(dir, 'out');
    const run = cli(['sweep', spec, '--out', out, '--json', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.runs).toHaveLength(4);
    for (const r of result.runs) {
      expect(r.summary.evaluations.unique).toBe(300);
      for (const f of ['journal.jsonl', 'samples.csv', 'pareto.csv', 'summary.json']) expect(existsSync(join(r.dir, f))).toBe(true);
    }
    expect(result.comparison.rows.map((r: { label: string }) => r.label)).toContain('random');

    const compare = cli(['compare', out, '--at', '100,300', '--csv']);
    expect(compare.code).toBe(0);
    const lines = compare.stdout.trim().split('\n');
    expect(lines[0]).toBe('agent,evaluations,runs,hv_mean,hv_std,hv_min,hv_max,hv_ratio_mean,hv_ratio_std,seeds');
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 3).join(','))).toEqual(['nsga2,100,2', 'nsga2,300,2', 'random,100,2', 'random,300,2']);

    const pareto = join(out, 'nsga2-seed1', 'pareto.csv');
    const before = readFileSync(pareto, 'utf8');
    rmSync(pareto);
    expect(cli(['export', out]).code).toBe(0);
    expect(readFileSync(pareto, 'utf8')).toBe(before);
  });

  it('reports bad specs with the file and JSON path, and exits non-zero', () => {
    const dir = tempDir();
    const broken = cli(['sweep', writeSpec(dir, '{"space": "zdt1", ', 'broken.json')]);
    expect(broken.code).toBe(1);
    expect(broken.stderr).toMatch(/broken\.json: not valid JSON/);

    const bad = cli(['sweep', writeSpec(dir, { space: 'zdt1', agents: [{ name: 'nsga2', budget: 0 }], budget: { evaluations: 10 } })]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('agents[0].budget: must be a positive integer');

    const unknownSpace = cli(['sweep', writeSpec(dir, { space: 'dram9', agents: ['random'], budget: { evaluations: 10 } })]);
    expect(unknownSpace.stderr).toMatch(/unknown space "dram9"; built-in spaces: .*zdt1.*dtlz2/);
    const unknownAgent = cli(['sweep', writeSpec(dir, { space: 'zdt1', agents: ['ppo9'], budget: { evaluations: 10 } })]);
    expect(unknownAgent.stderr).toMatch(/unknown agent "ppo9"; known agents: .*random.*grid.*nsga2|known agents: .*nsga2/);
    expect(cli(['sweep', join(dir, 'missing.json')]).stderr).toMatch(/missing\.json: cannot read/);
  });

  it('simulates one design and rejects out-of-range values by naming the parameter', () => {
    const ok = cli(['simulate', 'zdt1', '--set', 'x1=0.25', '--option', 'variables=3', '--json']);
    expect(ok.code).toBe(0);
    const result = JSON.parse(ok.stdout);
    expect(result.point).toEqual({ x1: 0.25, x2: 0.5, x3: 0.5 });
    expect(result.metrics.f1).toBe(0.25);
    // ZDT1: g = 1 + 9 * mean(x2..xn) = 5.5; f2 = g * (1 - sqrt(f1 / g)).
    expect(result.metrics.f2).toBeCloseTo(5.5 * (1 - Math.sqrt(0.25 / 5.5)), 12);

    const range = cli(['simulate', 'zdt1', '--set', 'x1=2']);
    expect(range.code).toBe(1);
    expect(range.stderr).toMatch(/x1.*from 0 to 1/);
    const unknown = cli(['simulate', 'zdt1', '--set', 'y=1', '--option', 'variables=2']);
    expect(unknown.stderr).toMatch(/y.*x1, x2/);
    const option = cli(['simulate', 'zdt1', '--option', 'variables=abc']);
    expect(option.stderr).toMatch(/variables: must be an integer, got "abc"/);
  });

  it('describes spaces and lists spaces and agents', () => {
    const describe = cli(['describe', 'dtlz2', '--option', 'objectives=4', '--json']);
    expect(describe.code).toBe(0);
    const info = JSON.parse(describe.stdout);
    expect(info.objectives.map((o: { metric: string }) => o.metric)).toEqual(['f1', 'f2', 'f3', 'f4']);
    expect(info.size).toBeNull();
    expect(cli(['spaces']).stdout).toMatch(/zdt1[\s\S]*dtlz4[\s\S]*table[\s\S]*command/);
    expect(cli(['agents']).stdout).toMatch(/nsga2[\s\S]*populationSize[\s\S]*marl[\s\S]*groups[\s\S]*ppo[\s\S]*sac[\s\S]*targetEntropyRatio/);
    const schema = JSON.parse(cli(['schema']).stdout);
    expect(schema.properties.agents.type).toBe('array');
  });

  it('runs RL agents on the TensorFlow.js backend asked for, and names the allowed ones otherwise', () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { space: 'zdt1', options: { variables: 3 }, agents: ['ppo', 'random'], seeds: [1], budget: { evaluations: 40 }, batchSize: 20 });
    const run = cli(['sweep', spec, '--out', join(dir, 'out'), '--tf-backend', 'cpu']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/ppo seed 1: budget, 40 evaluations, .*TensorFlow.js backend cpu/);
    const summary = JSON.parse(readFileSync(join(dir, 'out', 'ppo-seed1', 'summary.json'), 'utf8'));
    expect(summary.agentOptions.backend).toBe('cpu');
    expect(summary.agentInfo.tfBackend).toBe('cpu');
    const bad = cli(['sweep', spec, '--out', join(dir, 'bad'), '--tf-backend', 'gpu']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/--tf-backend must be one of auto, tensorflow, wasm, cpu, got "gpu"/);
  });

  it('reports a CSV table row error by file and line', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'designs.csv'), 'size,policy,latency_ns\n4,open,10\n8,closed,abc\n');
    const spec = writeSpec(dir, { space: 'table', options: { file: 'designs.csv', parameters: ['size', 'policy'], metrics: ['latency_ns'] }, agents: ['grid'], budget: { evaluations: 10 } });
    const run = cli(['sweep', spec, '--out', join(dir, 'out')]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/designs\.csv line 3: .*latency_ns.*"abc"/);
    expect(existsSync(join(dir, 'out'))).toBe(false);
  });

  it('keeps failed simulator runs (crash, hang, garbage) as failed evaluations with their reason', () => {
    const dir = tempDir();
    const simulator = join(dir, 'sim.mjs');
    writeFileSync(
      simulator,
      `const mode = process.argv[2];
       if (mode === 'crash') { console.error('segfault in model'); process.exit(3); }
       if (mode === 'hang') setTimeout(() => {}, 60000);
       else if (mode === 'garbage') console.log('not json at all');
       else console.log(JSON.stringify({ cost: Number(process.argv[3]), delay: 10 - Number(process.argv[3]) }));`,
    );
    const spec = writeSpec(dir, {
      space: 'command',
      options: {
        argv: [process.execPath, simulator, '{mode}', '{n}'],
        parameters: [
          { name: 'mode', type: 'categorical', values: ['ok', 'crash', 'hang', 'garbage'] },
          { name: 'n', type: 'integer', min: 1, max: 2 },
        ],
        metrics: ['cost', 'delay'],
        timeoutMs: 1500,
      },
      agents: ['grid'],
      budget: { evaluations: 8 },
      workers: 2,
    });
    const out = join(dir, 'out');
    const run = cli(['sweep', spec, '--out', out, '--quiet']);
    expect(run.code).toBe(0);
    const samples = readFileSync(join(out, 'samples.csv'), 'utf8');
    const statusByMode = (mode: string) => samples.split('\n').filter((l) => l.includes(`,${mode},`)).map((l) => l.split(',')[3]);
    expect(statusByMode('ok')).toEqual(['ok', 'ok']);
    for (const mode of ['crash', 'hang', 'garbage']) expect(statusByMode(mode)).toEqual(['failed', 'failed']);
    expect(samples).toMatch(/exit code 3[\s\S]*segfault in model/);
    expect(samples).toMatch(/timed out after 1500 ms/);
    expect(samples).toMatch(/not a JSON object/);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.evaluations).toMatchObject({ unique: 8, ok: 2, failed: 6 });
    expect(summary.front.size).toBe(2);
  });

  it('resumes a sweep killed with SIGKILL to the front of an uninterrupted run, losing and repeating nothing', async () => {
    const dir = tempDir();
    const spec = writeSpec(dir, { space: SLOW_SPACE, agents: [{ name: 'nsga2', options: { populationSize: 40 } }], seeds: [3], budget: { evaluations: 1600 }, batchSize: 40, workers: 2 });
    const env = { ARCHDSE_TEST_BUSY_MS: '1' };
    const straight = join(dir, 'straight');
    expect(cli(['sweep', spec, '--out', straight, '--quiet', '--workers', '1'], env).code).toBe(0);

    const killed = join(dir, 'killed');
    const child = spawn(process.execPath, [CLI, 'sweep', spec, '--out', killed, '--quiet'], { env: { ...process.env, ...env }, stdio: 'ignore' });
    const journal = join(killed, 'journal.jsonl');
    const deadline = Date.now() + 60_000;
    // Kill once a good part of the run is journaled, in the middle of whatever it is doing.
    while (Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
      if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 500) break;
    }
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    const partial = readFileSync(journal, 'utf8');
    expect(partial).not.toContain('"type":"end"');

    const resumed = cli(['resume', killed, '--quiet']);
    expect(resumed.code).toBe(0);
    const evals = (path: string) => canonicalJournal(path).filter((r) => (r as { type: string }).type === 'eval');
    const got = evals(journal) as { id: number }[];
    expect(got.map((e) => e.id)).toEqual(Array.from({ length: 1600 }, (_, i) => i));
    expect(got).toEqual(evals(join(straight, 'journal.jsonl')));
    expect(readFileSync(join(killed, 'pareto.csv'), 'utf8')).toBe(readFileSync(join(straight, 'pareto.csv'), 'utf8'));
  });
});
