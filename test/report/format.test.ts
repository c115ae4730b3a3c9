import { describe, expect, it } from 'vitest';
import { formatDuration, formatNumber, formatTable } from '../../src/report/format.js';

describe('terminal formatting', () => {
  it('formats numbers with six significant digits and exponents only at the extremes', () => {
    expect(formatNumber(0.876666666)).toBe('0.876667');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(1.5e-7)).toBe('1.50000e-7');
    expect(formatNumber(null)).toBe('-');
  });

  it('formats durations in the unit a person reads', () => {
    expect(formatDuration(250)).toBe('250 ms');
    expect(formatDuration(4500)).toBe('4.5 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
  });

  it('right-aligns numeric columns and left-aligns text', () => {
    const table = formatTable(['agent', 'HV'], [['nsga2', '0.9'], ['random', '0.125']]).split('\n');
    expect(table[0]).toBe('agent      HV');
    expect(table[2]).toBe('nsga2     0.9');
    expect(table[3]).toBe('random  0.125');
  });
});
