/**
 * Independent check of a point a solver returned. No backend's word is taken for feasibility:
 * integer and binary variables must be within the integrality tolerance of an integer (and are
 * then rounded), and bounds and constraints must hold, with tolerances that grow with the
 * magnitudes involved so large coefficients are not failed for rounding noise. The objective is
 * recomputed from the rounded point.
 */
import type { Constraint, LinearModel } from './model.js';

/** Relative feasibility tolerance for bounds and constraints. */
export const FEASIBILITY_TOLERANCE = 1e-6;

export type Verification =
  | { readonly ok: true; readonly values: Float64Array; readonly objective: number }
  | { readonly ok: false; readonly reason: string };

export interface VerifyOptions {
  /** Largest distance from an integer accepted for integer and binary variables. Default 1e-6. */
  readonly integralityTolerance?: number;
}

/** Checks `point` (by variable index) against `model`; on success returns the rounded point. */
export function verifyPoint(model: LinearModel, point: ArrayLike<number>, options: VerifyOptions = {}): Verification {
  const integralityTolerance = options.integralityTolerance ?? 1e-6;
  const variables = model.variables;
  if (point.length !== variables.length) {
    return { ok: false, reason: `the point has ${point.length} values for ${variables.length} variables` };
  }
  const values = new Float64Array(variables.length);
  for (const v of variables) {
    const raw = point[v.index];
    if (!Number.isFinite(raw)) return { ok: false, reason: `variable "${v.name}" has the non-finite value ${raw}` };
    let value = raw;
    if (v.kind !== 'continuous') {
      const nearest = Math.round(raw);
      if (Math.abs(raw - nearest) > integralityTolerance) {
        return {
          ok: false,
          reason: `${v.kind} variable "${v.name}" has the fractional value ${raw} (integrality tolerance ${integralityTolerance})`,
        };
      }
      value = nearest;
    }
    const boundSlack = FEASIBILITY_TOLERANCE * Math.max(1, Math.abs(value));
    if (value < v.lower - boundSlack || value > v.upper + boundSlack) {
      return { ok: false, reason: `variable "${v.name}" = ${value} is outside its bounds [${v.lower}, ${v.upper}]` };
    }
    // Clamping removes the tolerated overshoot so callers see values inside the bounds.
    values[v.index] = Math.min(v.upper, Math.max(v.lower, value));
  }
  for (const constraint of model.constraints) {
    const violation = constraintViolation(constraint, values);
    if (violation !== undefined) return { ok: false, reason: violation };
  }
  let objective = model.objective.constant;
  for (const [coefficient, variable] of model.objective.terms) objective += coefficient * values[variable.index];
  return { ok: true, values, objective };
}

/** A sentence describing how `constraint` is violated at `values`, or undefined when it holds. */
export function constraintViolation(constraint: Constraint, values: ArrayLike<number>): string | undefined {
  let activity = 0;
  let magnitude = Math.abs(constraint.rhs);
  for (const [coefficient, variable] of constraint.terms) {
    const product = coefficient * values[variable.index];
    activity += product;
    magnitude += Math.abs(product);
  }
  const slack = FEASIBILITY_TOLERANCE * Math.max(1, magnitude);
  const { sense, rhs } = constraint;
  const holds =
    sense === '<=' ? activity <= rhs + slack : sense === '>=' ? activity >= rhs - slack : Math.abs(activity - rhs) <= slack;
  if (holds) return undefined;
  return `constraint "${constraint.name}" is violated: activity ${activity} ${sense} ${rhs} fails by ${Math.abs(activity - rhs)}`;
}
