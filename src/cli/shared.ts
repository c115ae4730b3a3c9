/** Pieces every CLI command uses: argument parsers, output helpers, and the error convention. */
import { InvalidArgumentError } from 'commander';

export function positiveInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} must be a positive integer, got "${value}"`);
    return n;
  };
}

export function oneOf(flag: string, allowed: readonly string[]) {
  return (value: string): string => {
    if (!allowed.includes(value)) throw new InvalidArgumentError(`${flag} must be one of ${allowed.join(', ')}, got "${value}"`);
    return value;
  };
}

export function nonNegativeInt(flag: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got "${value}"`);
    return n;
  };
}

/** Turns a checker that throws into a commander argument parser. */
export function checked(flag: string, check: (value: string) => string) {
  return (value: string): string => {
    try {
      return check(value);
    } catch (error) {
      throw new InvalidArgumentError(`${flag}: ${(error as Error).message}`);
    }
  };
}

/** Collects a repeatable option (`--set a=1 --set b=2`). */
export function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** Parses `a=1,b=2` into numbers by name. */
export function numberAssignments(flag: string) {
  return (value: string): Record<string, number> => {
    const out: Record<string, number> = {};
    for (const part of value.split(',')) {
      const [name, text] = part.split('=');
      const n = Number(text);
      if (!name || text === undefined || text.trim() === '' || !Number.isFinite(n)) {
        throw new InvalidArgumentError(`${flag} expects NAME=NUMBER[,NAME=NUMBER...], got "${value}"`);
      }
      out[name.trim()] = n;
    }
    return out;
  };
}

export function numberList(flag: string) {
  return (value: string): number[] =>
    value.split(',').map((part) => {
      const n = Number(part);
      if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${flag} expects positive integers separated by commas, got "${value}"`);
      return n;
    });
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2)}\n`);
}

/** Runs a command body; any error is printed as one clear line and the exit code becomes 1. */
export function action<A extends unknown[]>(body: (...args: A) => Promise<void> | void) {
  return async (...args: A): Promise<void> => {
    try {
      await body(...args);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`archdse: error: ${message}\n`);
      if (process.env.ARCHDSE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  };
}
