/**
 * A solver-neutral linear model: variables with kinds and bounds, named linear constraints and a
 * linear objective with a constant. Names stay exactly as given (LP export maps them to legal LP
 * names on its own), and every mistake a caller can make while building a model is an
 * `IlpModelError` naming the variable or constraint at fault.
 */
import { exportLp } from './lp-format.js';

export type VariableKind = 'binary' | 'integer' | 'continuous';

export interface Variable {
  readonly index: number;
  readonly name: string;
  readonly kind: VariableKind;
  readonly lower: number;
  readonly upper: number;
}

export type LinearTerm = readonly [coefficient: number, variable: Variable];

export type ConstraintSense = '<=' | '>=' | '=';

export interface Constraint {
  readonly name: string;
  readonly terms: readonly LinearTerm[];
  readonly sense: ConstraintSense;
  readonly rhs: number;
}

export interface Objective {
  readonly sense: 'minimize' | 'maximize';
  readonly terms: readonly LinearTerm[];
  readonly constant: number;
}

/** A model built wrongly: duplicate or empty names, non-finite numbers, crossed bounds, foreign variables. */
export class IlpModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IlpModelError';
  }
}

export class LinearModel {
  readonly name: string;
  private readonly variableList: Variable[] = [];
  private readonly constraintList: Constraint[] = [];
  private readonly variableNames = new Set<string>();
  private readonly constraintNames = new Set<string>();
  private currentObjective: Objective = { sense: 'minimize', terms: [], constant: 0 };

  constructor(name = 'model') {
    this.name = name;
  }

  get variables(): readonly Variable[] {
    return this.variableList;
  }

  get constraints(): readonly Constraint[] {
    return this.constraintList;
  }

  get objective(): Objective {
    return this.currentObjective;
  }

  binary(name: string): Variable {
    return this.addVariable(name, 'binary', 0, 1);
  }

  integer(name: string, lower: number, upper: number): Variable {
    return this.addVariable(name, 'integer', lower, upper);
  }

  /** `lower` may be -Infinity and `upper` Infinity. */
  continuous(name: string, lower: number, upper: number): Variable {
    return this.addVariable(name, 'continuous', lower, upper);
  }

  /**
   * Adds `Σ coefficient·variable  sense  rhs`. Terms on the same variable are merged and zero
   * coefficients dropped, so the stored terms hold each variable at most once.
   */
  constrain(name: string, terms: readonly LinearTerm[], sense: ConstraintSense, rhs: number): Constraint {
    checkName(name, 'constraint');
    if (this.constraintNames.has(name)) throw new IlpModelError(`duplicate constraint name "${name}"`);
    if (sense !== '<=' && sense !== '>=' && sense !== '=') {
      throw new IlpModelError(`constraint "${name}": sense must be '<=', '>=' or '=', got ${JSON.stringify(sense)}`);
    }
    if (!Number.isFinite(rhs)) throw new IlpModelError(`constraint "${name}": right-hand side must be finite, got ${rhs}`);
    const constraint: Constraint = Object.freeze({
      name,
      terms: this.normalizeTerms(terms, `constraint "${name}"`),
      sense,
      rhs,
    });
    this.constraintNames.add(name);
    this.constraintList.push(constraint);
    return constraint;
  }

  /** Replaces the objective. */
  minimize(terms: readonly LinearTerm[], constant = 0): void {
    this.setObjective('minimize', terms, constant);
  }

  /** Replaces the objective. */
  maximize(terms: readonly LinearTerm[], constant = 0): void {
    this.setObjective('maximize', terms, constant);
  }

  /** The model in CPLEX LP format; names made legal for LP where needed (see `exportLp`). */
  toLpFormat(): string {
    return exportLp(this).text;
  }

  private addVariable(name: string, kind: VariableKind, lower: number, upper: number): Variable {
    checkName(name, 'variable');
    if (this.variableNames.has(name)) throw new IlpModelError(`duplicate variable name "${name}"`);
    if (Number.isNaN(lower) || lower === Infinity) {
      throw new IlpModelError(`variable "${name}": lower bound must be a number below +Infinity, got ${lower}`);
    }
    if (Number.isNaN(upper) || upper === -Infinity) {
      throw new IlpModelError(`variable "${name}": upper bound must be a number above -Infinity, got ${upper}`);
    }
    if (lower > upper) throw new IlpModelError(`variable "${name}": lower bound ${lower} is above upper bound ${upper}`);
    const variable: Variable = Object.freeze({ index: this.variableList.length, name, kind, lower, upper });
    this.variableNames.add(name);
    this.variableList.push(variable);
    return variable;
  }

  private setObjective(sense: Objective['sense'], terms: readonly LinearTerm[], constant: number): void {
    if (!Number.isFinite(constant)) throw new IlpModelError(`objective: constant must be finite, got ${constant}`);
    this.currentObjective = Object.freeze({ sense, terms: this.normalizeTerms(terms, 'objective'), constant });
  }

  private normalizeTerms(terms: readonly LinearTerm[], owner: string): readonly LinearTerm[] {
    if (!Array.isArray(terms)) throw new IlpModelError(`${owner}: terms must be an array of [coefficient, variable]`);
    // Merge in first-appearance order so exports read in the order the caller wrote the terms.
    const sums = new Map<number, number>();
    for (const term of terms) {
      if (!Array.isArray(term) || term.length !== 2) {
        throw new IlpModelError(`${owner}: every term must be [coefficient, variable]`);
      }
      const [coefficient, variable] = term;
      if (variable === null || typeof variable !== 'object' || this.variableList[variable.index] !== variable) {
        const label = variable !== null && typeof variable === 'object' && typeof variable.name === 'string' ? `"${variable.name}"` : String(variable);
        throw new IlpModelError(`${owner}: variable ${label} does not belong to model "${this.name}"`);
      }
      if (typeof coefficient !== 'number' || !Number.isFinite(coefficient)) {
        throw new IlpModelError(`${owner}: coefficient of variable "${variable.name}" must be finite, got ${coefficient}`);
      }
      sums.set(variable.index, (sums.get(variable.index) ?? 0) + coefficient);
    }
    const merged: LinearTerm[] = [];
    for (const [index, coefficient] of sums) {
      if (!Number.isFinite(coefficient)) {
        throw new IlpModelError(`${owner}: merged coefficient of variable "${this.variableList[index].name}" overflows`);
      }
      if (coefficient !== 0) merged.push(Object.freeze([coefficient, this.variableList[index]] as const));
    }
    return Object.freeze(merged);
  }
}

function checkName(name: string, what: 'variable' | 'constraint'): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new IlpModelError(`a ${what} name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
}
