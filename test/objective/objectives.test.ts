import { describe, expect, it } from 'vitest';
import { constraintExcess, parseMetricConstraint, Scoring } from '../../src/objective/objectives.js';

describe('metric constraints', () => {
  it('parses every operator and rejects malformed text with the expected form', () => {
    expect(parseMetricConstraint('area_mm2 <= 4')).toEqual({ metric: 'area_mm2', op: '<=', bound: 4 });
    expect(parseMetricConstraint('power_w>=1.5e-3')).toEqual({ metric: 'power_w', op: '>=', bound: 0.0015 });
    expect(parseMetricConstraint('x < -2').op).toBe('<');
    expect(parseMetricConstraint('x == 0').op).toBe('==');
    expect(() => parseMetricConstraint('area <= big')).toThrow(/bound must be a finite number, got "big"/);
    expect(() => parseMetricConstraint('<= 4')).toThrow(/expected METRIC OP NUMBER/);
  });

  it('scales the excess by max(|bound|, 1) so units do not dominate', () => {
    expect(constraintExcess(5, { metric: 'a', op: '<=', bound: 4 })).toBeCloseTo(0.25);
    expect(constraintExcess(0.5, { metric: 'a', op: '<=', bound: 0.1 })).toBeCloseTo(0.4);
    expect(constraintExcess(3, { metric: 'a', op: '>=', bound: 4 })).toBeCloseTo(0.25);
    expect(constraintExcess(4, { metric: 'a', op: '<=', bound: 4 })).toBe(0);
    expect(constraintExcess(4, { metric: 'a', op: '<', bound: 4 })).toBeGreaterThan(0);
  });
});

describe('Scoring', () => {
  const scoring = new Scoring(
    [
      { metric: 'latency', direction: 'min' },
      { metric: 'ipc', direction: 'max' },
    ],
    [{ metric: 'area', op: '<=', bound: 2 }],
  );

  it('negates maximized objectives and converts back', () => {
    expect(scoring.objectiveVector({ latency: 3, ipc: 1.5, area: 1 })).toEqual([3, -1.5]);
    expect(scoring.natural([3, -1.5])).toEqual([3, 1.5]);
  });

  it('names a missing or non-finite objective metric', () => {
    expect(() => scoring.objectiveVector({ latency: 3 })).toThrow('metric "ipc" is missing');
    expect(() => scoring.objectiveVector({ latency: Infinity, ipc: 1 })).toThrow('metric "latency" is not a finite number (Infinity)');
  });

  it('sums violations; a missing constrained metric is infinitely violated', () => {
    expect(scoring.violation({ area: 1 })).toBe(0);
    expect(scoring.violation({ area: 3 })).toBeCloseTo(0.5);
    expect(scoring.violation({})).toBe(Infinity);
  });

  it('validates names against the metrics and lists the known ones', () => {
    const metrics = [{ name: 'latency' }, { name: 'ipc' }];
    expect(() => Scoring.validate([{ metric: 'energy', direction: 'min' }], [], metrics)).toThrow('objectives[0].metric: unknown metric "energy"; known metrics: latency, ipc');
    expect(() => Scoring.validate([{ metric: 'ipc', direction: 'min' }, { metric: 'ipc', direction: 'max' }], [], metrics)).toThrow(/appears twice/);
    expect(() => Scoring.validate([{ metric: 'ipc', direction: 'min' }], [{ metric: 'area', op: '<=', bound: 1 }], metrics)).toThrow(/constraints\[0\]: unknown metric "area"/);
  });
});
