import { describe, expect, it } from 'vitest';
import { AddressMapper } from '../../spaces/dram/address/index.js';
import { canonicalDesign } from '../../spaces/dram/canonical.js';
import { DEFAULT_STANDARD, DEFAULT_MAPPING, dramMetricsOf, dramParameters, knobsOf } from '../../spaces/dram/environment.js';
import { simulateController } from '../../spaces/dram/controller/index.js';
import { getStandard } from '../../spaces/dram/standards/index.js';
import { loadWorkload } from '../../spaces/dram/workload.js';
import { createSpace } from '../../src/space/space.js';
import type { Point } from '../../src/space/types.js';
import { Rng } from '../../src/util/rng.js';

const standard = getStandard(DEFAULT_STANDARD);
const mapper = new AddressMapper(standard, DEFAULT_MAPPING);
const space = createSpace({ parameters: dramParameters });

function metricsOn(trace: string, point: Point) {
  const workload = loadWorkload({ trace, requests: 1500, seed: 3 }, standard, mapper);
  return dramMetricsOf(standard, simulateController(standard, knobsOf(point, 'Oldest', 'NoPowerDown'), workload.feed()));
}

/** Random designs whose class has other members, so that each comparison tests a rule. */
function designsWithTwins(count: number, hasWrites: boolean, seed: number): Point[] {
  const rng = new Rng(seed);
  const out: Point[] = [];
  while (out.length < count) {
    const point = space.sample(rng);
    if (space.key(canonicalDesign(point, { hasWrites })) !== space.key(point)) out.push(point);
  }
  return out;
}

describe('canonical DRAM designs', () => {
  it('give exactly the metrics of every design of their class, on read-only and mixed traces', () => {
    for (const [trace, hasWrites] of [
      ['cloud-1', false],
      ['random', false],
      ['rwmix', true],
    ] as const) {
      const workload = loadWorkload({ trace, requests: 1500, seed: 3 }, standard, mapper);
      expect(workload.hasWrites(), trace).toBe(hasWrites);
      for (const point of designsWithTwins(40, hasWrites, 11)) {
        expect(metricsOn(trace, canonicalDesign(point, { hasWrites })), `${trace} ${JSON.stringify(point)}`).toEqual(metricsOn(trace, point));
      }
    }
  }, 60_000);

  it('keep writes apart: the read-only rules would merge designs that differ on a mixed trace', () => {
    const differing = designsWithTwins(40, false, 5).filter((point) => {
      const merged = canonicalDesign(point, { hasWrites: false });
      return JSON.stringify(metricsOn('rwmix', merged)) !== JSON.stringify(metricsOn('rwmix', point));
    });
    expect(differing.length).toBeGreaterThan(0);
  }, 60_000);

  it('cut the study space to the classes an exhaustive run must simulate', () => {
    const classes = (hasWrites: boolean) => {
      const keys = new Set<string>();
      for (const point of space.enumerate()) keys.add(space.key(canonicalDesign(point, { hasWrites })));
      return keys.size;
    };
    // (1/2 * 1/16 + 1/2) refresh x (1/3 * 1/8 + 1/3 * 1/2 + 1/3) arbiter of 442,368; then 2/3 x 2/3 without writes.
    expect(classes(true)).toBe(127_296);
    expect(classes(false)).toBe(56_576);
  }, 60_000);
});
