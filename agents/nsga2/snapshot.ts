/**
 * NSGA-II's state as plain JSON. JSON has no Infinity or NaN (JSON.stringify turns them into null),
 * yet violations of failed designs are Infinity and boundary crowding distances too, so non-finite
 * numbers are written as the strings "Infinity", "-Infinity" and "NaN".
 */
import type { Point } from '../../src/space/types.js';
import type { RngState } from '../../src/util/rng.js';

export type JsonNumber = number | 'Infinity' | '-Infinity' | 'NaN';

export interface MemberSnapshot {
  /** The design; its genome is re-derived on restore (see Nsga2Agent.individual). */
  point: Point;
  objectives: JsonNumber[] | null;
  violation: JsonNumber;
  crowding: JsonNumber;
}

export interface Nsga2Snapshot {
  version: 1;
  rng: RngState;
  populationSize: number;
  /** Offspring batches told so far. */
  generation: number;
  /** Random designs told while building the first population. */
  initialSamplesTold: number;
  population: MemberSnapshot[];
}

export function encodeNumber(value: number): JsonNumber {
  if (Number.isFinite(value)) return value;
  return Number.isNaN(value) ? 'NaN' : value > 0 ? 'Infinity' : '-Infinity';
}

export function decodeNumber(value: unknown, where: string): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (value === 'Infinity') return Infinity;
  if (value === '-Infinity') return -Infinity;
  if (value === 'NaN') return NaN;
  throw new Error(`nsga2 snapshot: ${where} must be a number or "Infinity", got ${JSON.stringify(value)}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Checks the shape of a parsed snapshot; numbers inside members are decoded by the caller. */
export function parseNsga2Snapshot(state: unknown): Nsga2Snapshot {
  if (!isRecord(state) || state.version !== 1) throw new Error(`nsga2 snapshot: expected an object with version 1, got ${JSON.stringify(state)?.slice(0, 80)}`);
  const { rng, populationSize, generation, initialSamplesTold, population } = state;
  if (!Array.isArray(rng) || rng.length !== 4 || !rng.every((word) => Number.isInteger(word))) {
    throw new Error('nsga2 snapshot: rng must be 4 integers');
  }
  if (!Number.isInteger(generation) || !Number.isInteger(initialSamplesTold)) {
    throw new Error('nsga2 snapshot: generation and initialSamplesTold must be integers');
  }
  if (!Number.isInteger(populationSize) || (populationSize as number) < 2) {
    throw new Error('nsga2 snapshot: populationSize must be an integer >= 2');
  }
  const wellFormed = (member: unknown): boolean =>
    isRecord(member) && isRecord(member.point) && (member.objectives === null || Array.isArray(member.objectives));
  if (!Array.isArray(population) || !population.every(wellFormed)) {
    throw new Error('nsga2 snapshot: population must be a list of { point, objectives, violation, crowding }');
  }
  return state as unknown as Nsga2Snapshot;
}
