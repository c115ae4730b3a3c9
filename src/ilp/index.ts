/** Solver-neutral integer linear programming: build a `LinearModel`, `solve` it, read verified values. */
export {
  IlpModelError,
  LinearModel,
  type Constraint,
  type ConstraintSense,
  type LinearTerm,
  type Objective,
  type Variable,
  type VariableKind,
} from './model.js';
export {
  solve,
  solveWith,
  valueOf,
  type SolveOptions,
  type SolveResult,
  type SolveStatus,
  type SolverBackendName,
} from './solve.js';
export { HighsBackend, type HighsLoader, type HighsRuntime } from './highs-backend.js';
export { exportLp, isLegalLpName, type LpExport, type LpExportOptions } from './lp-format.js';
export { verifyPoint, type Verification, type VerifyOptions } from './verify.js';
export type { SolverBackend } from './backend.js';
