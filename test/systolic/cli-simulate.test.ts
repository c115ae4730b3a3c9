/**
 * `archdse simulate systolic` as a SCALE-Sim drop-in, run through the built CLI (dist/).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { COMPUTE_REPORT_HEADER } from '../../spaces/systolic/report/index.js';
import { removeTempDirs, tempDir } from '../helpers.js';

afterEach(removeTempDirs);

const CLI = resolve('dist/src/cli/main.js');
const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');

function cli(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('archdse simulate systolic', () => {
  it('takes a cfg and a topology, writes the three v2 reports and prints the same per layer with --json', () => {
    const out = join(tempDir(), 'reports');
    const run = cli(['simulate', 'systolic', '--option', 'config=scale-example.cfg', '--option', 'topology=resnet-like.csv', '--option', `scalesimOut=${out}`, '--json'], fixtures);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.point).toMatchObject({ rows: 64, cols: 64, dataflow: 'ws' });
    expect(readdirSync(out).sort()).toEqual(['BANDWIDTH_REPORT.csv', 'COMPUTE_REPORT.csv', 'DETAILED_ACCESS_REPORT.csv']);
    const compute = readFileSync(join(out, 'COMPUTE_REPORT.csv'), 'utf8').trim().split('\n');
    expect(compute[0]).toBe(COMPUTE_REPORT_HEADER);
    expect(compute).toHaveLength(result.parts.length + 1);
    result.parts.forEach((layer: { layerId: number; totalCycles: number; stallCycles: number }, i: number) => {
      const cells = compute[i + 1].split(', ');
      expect(Number(cells[0])).toBe(layer.layerId);
      expect(Number(cells[1])).toBe(layer.totalCycles);
      expect(Number(cells[2])).toBe(layer.stallCycles);
    });
    expect(result.parts.reduce((s: number, l: { totalCycles: number }) => s + l.totalCycles, 0)).toBe(result.metrics.cycles);
  });

  it('shows the per-layer utilization view, naming where PEs sit idle', () => {
    const run = cli(['simulate', 'systolic', '--option', 'network=mobilenet_v1', '--option', 'mode=scalesim'], fixtures);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/conv_dw1 /);
    expect(run.stdout).toMatch(/depthwise layers \(13 layers\): 9\d\.\d% of cycles for 3\.1% of MACs/);
    const view = run.stdout.slice(run.stdout.indexOf(' #  Layer'));
    for (const line of view.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });

  it('writes nothing when the topology or cfg is bad, and says where', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'big-filter.csv'), 'Layer name, IFMAP Height, IFMAP Width, Filter Height, Filter Width, Channels, Num Filter, Strides,\nconv1, 5, 5, 7, 7, 3, 8, 1,\n');
    writeFileSync(join(dir, 'bad.cfg'), readFileSync(join(fixtures, 'scale-example.cfg'), 'utf8').replace(/ArrayWidth:\s*64/, 'ArrayWidth: -4'));
    const out = join(dir, 'reports');
    const topology = cli(['simulate', 'systolic', '--option', 'topology=big-filter.csv', '--option', `scalesimOut=${out}`], dir);
    expect(topology.code).not.toBe(0);
    expect(topology.stderr).toMatch(/big-filter\.csv line 2, column "Filter Height"/);
    const config = cli(['simulate', 'systolic', '--option', 'config=bad.cfg', '--option', `scalesimOut=${out}`], dir);
    expect(config.code).not.toBe(0);
    expect(config.stderr).toMatch(/bad\.cfg line \d+, key "ArrayWidth"/);
    expect(existsSync(out)).toBe(false);
  });
});
