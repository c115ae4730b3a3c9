/**
 * Builds and reads points with code specialized to one space's parameter names.
 *
 * Every evaluation creates and reads several points, and V8 handles an object literal with fixed
 * keys far faster than a loop of stores under computed names: measured here, 100,000 points of 30
 * parameters took 1.3 s built by a loop and about 0.02 s built by a literal. The names have passed
 * PARAMETER_NAME_PATTERN (and `__proto__` is refused) and are embedded as JSON string literals, so
 * the generated code holds nothing but property accesses.
 */
import type { ParameterValue, Point } from './types.js';

export interface PointShape {
  /** A point with the values in space order. */
  make(values: ArrayLike<ParameterValue>): Point;
  /** Copies a point's values (own or not, undefined when absent) into `out` in space order. */
  read(point: Record<string, unknown>, out: unknown[]): void;
}

export function compilePointShape(names: readonly string[]): PointShape {
  const literal = names.map((name, i) => `${JSON.stringify(name)}: v[${i}]`).join(', ');
  const reads = names.map((name, i) => `o[${i}] = p[${JSON.stringify(name)}];`).join('\n');
  return {
    make: new Function('v', `return { ${literal} };`) as PointShape['make'],
    read: new Function('p', 'o', reads) as PointShape['read'],
  };
}
