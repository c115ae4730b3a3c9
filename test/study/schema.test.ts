import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sweepSpecJsonSchema } from '../../src/study/spec.js';

describe('JSON schema of sweep specs', () => {
  it('is committed as generated (regenerate with `npm run schema`)', () => {
    expect(JSON.parse(readFileSync('schema/sweep.schema.json', 'utf8'))).toEqual(JSON.parse(JSON.stringify(sweepSpecJsonSchema())));
  });

  it('describes the fields users write', () => {
    const schema = sweepSpecJsonSchema() as { properties: Record<string, { description?: string }>; required: string[] };
    expect(schema.required).toEqual(expect.arrayContaining(['space', 'agents', 'budget']));
    expect(schema.properties.space.description).toMatch(/module path/);
  });
});
