import { describe, expect, it } from 'vitest';
import { mean, median, std } from '../../src/util/stats.js';

describe('stats', () => {
  it('mean, median and sample standard deviation', () => {
    expect(mean([1, 2, 3, 6])).toBe(3);
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(std([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138, 3);
    expect(std([7])).toBe(0);
  });
  it('identical values have no spread, however large', () => {
    const huge = 1.234567891234e21;
    expect(std([huge, huge, huge])).toBe(0);
  });
});
