import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableProvider } from '../../spaces/plugins/table.js';
import type { Environment, OptionValues } from '../../src/environment/types.js';
import { createSpace } from '../../src/space/space.js';
import { Rng } from '../../src/util/rng.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'archdse-table-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function tableFrom(name: string, text: string, options: OptionValues): Promise<Environment> {
  await writeFile(join(dir, name), text);
  return tableProvider.create({ file: name, ...options }, { baseDir: dir });
}

const DESIGNS = [
  'cache_kb,policy,latency_ns,energy_pj,Valid',
  '64,lru,10.5,200,true',
  '16,lru,14,120,true',
  '32,"fifo",12.25,150,TRUE',
  '16,random,15,110,1',
  '64,random,9.5,260,false',
  '32,random,,,no',
  '',
].join('\n');

describe('table environment: lookups', () => {
  it('returns the metrics of the listed design, whatever the property order', async () => {
    const env = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: ['latency_ns', 'energy_pj'],
      validColumn: 'Valid',
    });
    expect(await env.evaluate({ cache_kb: 64, policy: 'lru' })).toEqual({ latency_ns: 10.5, energy_pj: 200 });
    expect(await env.evaluate({ policy: 'fifo', cache_kb: 32 })).toEqual({ latency_ns: 12.25, energy_pj: 150 });
    expect(await env.evaluate({ cache_kb: 16, policy: 'random' })).toEqual({ latency_ns: 15, energy_pj: 110 });
  });

  it('infers ordinal (ascending) for numeric columns and categorical (first appearance) otherwise', async () => {
    const env = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: ['latency_ns', 'energy_pj'],
      validColumn: 'Valid',
    });
    expect(env.space.parameters).toEqual([
      { name: 'cache_kb', type: 'ordinal', values: [16, 32, 64] },
      { name: 'policy', type: 'categorical', values: ['lru', 'fifo', 'random'] },
    ]);
  });

  it('treats a column mixing numbers and words as categorical, and 4 and 4.0 as one value', async () => {
    const text = 'ways,mode,lat\n4,1,1\n4.0,x,2\n8,2,3\n';
    const env = await tableFrom('mixed.csv', text, { parameters: ['ways', 'mode'], metrics: ['lat'] });
    expect(env.space.parameters).toEqual([
      { name: 'ways', type: 'ordinal', values: [4, 8] },
      { name: 'mode', type: 'categorical', values: ['1', 'x', '2'] },
    ]);
    expect(await env.evaluate({ ways: 4, mode: 'x' })).toEqual({ lat: 2 });
  });

  it('honours the validity column: invalid designs stay in the space but fail when evaluated', async () => {
    const env = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: ['latency_ns', 'energy_pj'],
      validColumn: 'Valid',
    });
    await expect(async () => env.evaluate({ cache_kb: 64, policy: 'random' })).rejects.toThrow('design marked invalid in designs.csv line 6');
    // Line 7 has empty metric cells, which are accepted because the row is invalid.
    await expect(async () => env.evaluate({ cache_kb: 32, policy: 'random' })).rejects.toThrow('design marked invalid in designs.csv line 7');
    const space = createSpace(env.space);
    expect(space.check({ cache_kb: 64, policy: 'random' })).toEqual({ ok: true });
  });

  it('keeps agents on listed designs: the space rejects and never samples unlisted ones', async () => {
    const env = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: ['latency_ns', 'energy_pj'],
      validColumn: 'Valid',
    });
    const space = createSpace(env.space);
    // 16/fifo, 32/lru and 64/fifo are in the product of the values but not in the table.
    expect(space.check({ cache_kb: 32, policy: 'lru' })).toEqual({ ok: false, reason: 'in-table: not a row of designs.csv' });
    const listed = new Set(['64,lru', '16,lru', '32,fifo', '16,random', '64,random', '32,random']);
    const rng = new Rng(7);
    for (let i = 0; i < 200; i++) {
      const point = space.sample(rng);
      expect(listed.has(`${point.cache_kb},${point.policy}`)).toBe(true);
    }
    expect([...space.enumerate()]).toHaveLength(6);
    await expect(async () => env.evaluate({ cache_kb: 32, policy: 'lru' })).rejects.toThrow(
      'design cache_kb=32, policy="lru" is not in designs.csv',
    );
  });

  it('uses explicit parameter definitions as given', async () => {
    const env = await tableFrom('designs.csv', DESIGNS, {
      parameters: [
        { name: 'cache_kb', type: 'ordinal', values: [16, 32, 64, 128], unit: 'KB' },
        { name: 'policy', type: 'categorical', values: ['random', 'lru', 'fifo'] },
      ],
      metrics: ['latency_ns', 'energy_pj'],
      validColumn: 'Valid',
    });
    expect(env.space.parameters[0]).toMatchObject({ values: [16, 32, 64, 128], unit: 'KB' });
    expect(await env.evaluate({ cache_kb: 16, policy: 'lru' })).toEqual({ latency_ns: 14, energy_pj: 120 });
  });

  it('derives default objectives and accepts explicit ones and a reference point', async () => {
    const plain = await tableFrom('designs.csv', DESIGNS, { parameters: ['cache_kb', 'policy'], metrics: ['latency_ns', 'energy_pj'], validColumn: 'Valid' });
    expect(plain.objectives).toEqual([
      { metric: 'latency_ns', direction: 'min' },
      { metric: 'energy_pj', direction: 'min' },
    ]);
    const directed = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: [{ name: 'latency_ns', unit: 'ns' }, { name: 'energy_pj', unit: 'pJ', direction: 'min' }],
      validColumn: 'Valid',
    });
    expect(directed.objectives).toEqual([{ metric: 'energy_pj', direction: 'min', unit: 'pJ' }]);
    const chosen = await tableFrom('designs.csv', DESIGNS, {
      parameters: ['cache_kb', 'policy'],
      metrics: ['latency_ns', 'energy_pj'],
      objectives: [{ metric: 'energy_pj', direction: 'max' }],
      referencePoint: { energy_pj: 0 },
      validColumn: 'Valid',
    });
    expect(chosen.objectives).toEqual([{ metric: 'energy_pj', direction: 'max' }]);
    expect(chosen.referencePoint).toEqual({ energy_pj: 0 });
  });

  it('tolerates an identical repeated row', async () => {
    const env = await tableFrom('repeat.csv', 'a,m\n1,5\n2,6\n1,5\n', { parameters: ['a'], metrics: ['m'] });
    expect(await env.evaluate({ a: 1 })).toEqual({ m: 5 });
  });
});

describe('table environment: bad input names the file and line', () => {
  const options = { parameters: ['cache_kb', 'policy'], metrics: ['latency_ns', 'energy_pj'] };

  it('a missing column, listing the header', async () => {
    await expect(tableFrom('designs.csv', DESIGNS, { ...options, metrics: ['latency_ns', 'power_mw'] })).rejects.toThrow(
      'designs.csv line 1: no column "power_mw" (a metric); the header\'s columns are: cache_kb, policy, latency_ns, energy_pj, Valid',
    );
  });

  it('a row with the wrong number of fields', async () => {
    const text = 'cache_kb,policy,latency_ns,energy_pj\n16,lru,1,2\n\n32,lru,1\n';
    await expect(tableFrom('short.csv', text, options)).rejects.toThrow('short.csv line 4: expected 4 fields as in the header, got 3');
  });

  it('a non-numeric metric cell, on the right physical line after a multi-line quoted field', async () => {
    const lines = ['cache_kb,policy,latency_ns,energy_pj'];
    // Line 2 holds a policy name spanning lines 2-4; rows then continue from line 5.
    lines.push('16,"multi\nline\npolicy",1,2');
    for (let i = 0; lines.length < 14; i++) lines.push(`${32 + i},lru,${i},${i}`);
    lines.push('999,lru,abc,3');
    const text = lines.join('\n') + '\n';
    await expect(tableFrom('designs.csv', text, options)).rejects.toThrow('designs.csv line 17: column "latency_ns" must be a number, got "abc"');
  });

  it('a parameter value an explicit definition does not allow', async () => {
    const text = 'cache_kb,policy,latency_ns,energy_pj\n16,lru,1,2\n48,lru,1,2\n';
    await expect(
      tableFrom('designs.csv', text, {
        ...options,
        parameters: [
          { name: 'cache_kb', type: 'ordinal', values: [16, 32, 64] },
          { name: 'policy', type: 'categorical', values: ['lru'] },
        ],
      }),
    ).rejects.toThrow(/^designs\.csv line 3: parameter "cache_kb": expected one of 16, 32, 64 \(got 48\)/);
  });

  it('duplicate designs with different metrics, naming both lines', async () => {
    const text = 'cache_kb,policy,latency_ns,energy_pj\n16,lru,1,2\n32,lru,1,2\n16.0,lru,1,3\n';
    await expect(tableFrom('dup.csv', text, options)).rejects.toThrow(
      'dup.csv line 4: design cache_kb=16, policy="lru" also appears on line 2 with different metrics; keep one of lines 2 and 4',
    );
  });

  it('a bad validity cell', async () => {
    const text = 'a,m,ok\n1,2,true\n2,3,maybe\n';
    await expect(tableFrom('valid.csv', text, { parameters: ['a'], metrics: ['m'], validColumn: 'ok' })).rejects.toThrow(
      'valid.csv line 3: column "ok" must be true or false (also 1/0, yes/no, valid/invalid), got "maybe"',
    );
  });

  it('malformed CSV', async () => {
    await expect(tableFrom('quote.csv', 'a,m\n1,2\n2,"3\n', { parameters: ['a'], metrics: ['m'] })).rejects.toThrow(
      /^quote\.csv line 3: unterminated quoted field/,
    );
  });

  it('a missing, empty or header-only file', async () => {
    await expect(tableProvider.create({ file: 'absent.csv', ...options }, { baseDir: dir })).rejects.toThrow(
      /options\.file: absent\.csv does not exist/,
    );
    await expect(tableFrom('empty.csv', '\n\n', options)).rejects.toThrow('empty.csv is empty');
    await expect(tableFrom('header.csv', 'cache_kb,policy,latency_ns,energy_pj\n', options)).rejects.toThrow('header.csv has a header but no designs');
  });

  it('bad options', async () => {
    const options = { parameters: ['cache_kb', 'policy'], metrics: ['latency_ns', 'energy_pj'], validColumn: 'Valid' };
    await expect(tableFrom('designs.csv', DESIGNS, { ...options, parameters: [] })).rejects.toThrow(/options\.parameters: must be a non-empty JSON array/);
    await expect(tableFrom('designs.csv', DESIGNS, { ...options, metrics: [{ name: 'latency_ns', direction: 'up' }] })).rejects.toThrow(
      'options.metrics[0].direction: must be "min" or "max" (got "up")',
    );
    await expect(tableFrom('designs.csv', DESIGNS, { ...options, objectives: [{ metric: 'area', direction: 'min' }] })).rejects.toThrow(
      'options.objectives[0].metric: unknown metric "area"; known metrics: latency_ns, energy_pj',
    );
    await expect(tableFrom('designs.csv', DESIGNS, { ...options, metrics: ['policy'] })).rejects.toThrow('column "policy" cannot be both a parameter and a metric');
  });
});

describe('table environment: size', () => {
  it('loads a 200,000-row table and looks designs up', async () => {
    const lines = ['a,b,c,d,latency,energy,Valid'];
    let row = 0;
    for (let a = 0; a < 50; a++)
      for (let b = 0; b < 40; b++)
        for (let c = 0; c < 10; c++)
          for (let d = 0; d < 10; d++) {
            lines.push(`${a * 2},${b},cfg${c},d${d},${row * 0.5},${1e6 - row},${row % 97 === 0 ? 0 : 1}`);
            row++;
          }
    expect(lines.length - 1).toBe(200_000);
    await writeFile(join(dir, 'big.csv'), lines.join('\n'));
    const start = performance.now();
    const env = await tableProvider.create(
      { file: 'big.csv', parameters: ['a', 'b', 'c', 'd'], metrics: ['latency', 'energy'], validColumn: 'Valid' },
      { baseDir: dir },
    );
    const seconds = (performance.now() - start) / 1000;
    expect(seconds).toBeLessThan(20);
    // Row index of (a=98, b=39, c=cfg9, d=9) is the last one.
    expect(await env.evaluate({ a: 98, b: 39, c: 'cfg9', d: 'd9' })).toEqual({ latency: 199_999 * 0.5, energy: 1e6 - 199_999 });
    await expect(async () => env.evaluate({ a: 0, b: 0, c: 'cfg0', d: 'd0' })).rejects.toThrow('design marked invalid in big.csv line 2');
    expect(env.description).toBe('200000 designs (2062 rows marked invalid) looked up in big.csv');
  });
});
