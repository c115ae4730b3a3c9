/** Named presets, looked up case-insensitively; an unknown name lists the known ones. */
import { DDR3_1600 } from './ddr3.js';
import { DDR4_2400, DDR4_3200 } from './ddr4.js';
import { LPDDR4_3200 } from './lpddr4.js';
import type { DramStandard } from './types.js';
import { validateStandard } from './validate.js';

/** All presets, each validated once at load so a typing error in a preset fails loudly. */
export const DRAM_STANDARDS: readonly DramStandard[] = [DDR3_1600, DDR4_2400, DDR4_3200, LPDDR4_3200].map((s) =>
  validateStandard(s),
);

export function standardNames(): string[] {
  return DRAM_STANDARDS.map((s) => s.name);
}

export class UnknownStandardError extends Error {
  constructor(readonly requested: string) {
    super(`unknown DRAM standard "${requested}"; known standards: ${standardNames().join(', ')}`);
    this.name = 'UnknownStandardError';
  }
}

/** The preset named `name` (case and spaces/underscores ignored: "ddr4_2400" finds "DDR4-2400"). */
export function getStandard(name: string): DramStandard {
  const key = normalize(name);
  const found = DRAM_STANDARDS.find((s) => normalize(s.name) === key);
  if (found === undefined) throw new UnknownStandardError(name);
  return found;
}

function normalize(name: string): string {
  return name.trim().toLowerCase().replace(/[\s_]/g, '-');
}
