/** The one argument check the systolic model's parts share. */

/** Throws a RangeError naming the quantity unless `value` is an integer >= 1. */
export function requirePositiveInteger(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`${what} must be a positive integer, got ${value}`);
}
