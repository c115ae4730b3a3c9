/**
 * Rows shared by the fixed-order and free-schedule COSMA models: residency as an expression,
 * address pinning, the big-M separation of co-resident tensors, and the capacity cut.
 */
import type { LinearModel, LinearTerm, Variable } from '../../src/ilp/index.js';

/** The variables of one tensor at one step; r is its residency as a linear expression. */
export interface TensorStep {
  readonly tensor: number;
  readonly step: number;
  /** Residency: constant 1 at the tensor's first appearance, else P + R (+ C when scheduled freely). */
  readonly residentConstant: number;
  /** Free schedule only: the producer runs at this step. */
  readonly create?: Variable;
  readonly preserve?: Variable;
  readonly retrieve?: Variable;
  readonly spill?: Variable;
  /** Base address; absent in a capacity-only model (no placement decided). */
  readonly address?: Variable;
}

/** The address variable of an entry of a model with addresses. */
export function addressOf(entry: TensorStep): Variable {
  if (!entry.address) throw new Error(`scratchpad ILP: tensor ${entry.tensor} has no address variable at step ${entry.step}`);
  return entry.address;
}

/**
 * At most one way of being resident (created, preserved, retrieved), and no preserving what is
 * spilled. A spill and a retrieve in the same step are allowed: the tensor moves to a new address
 * through off-chip memory, paying both (COSMA's one-of-C/P/S/R rule forbids it; allowing it only
 * adds plans, e.g. the baselines' relocations, and every optimum stays a valid COSMA-style plan).
 */
export function exclusiveMoves(model: LinearModel, label: string, entry: TensorStep): void {
  const resident = residency(entry);
  if (resident.length > 1) model.constrain(`one_${label}`, resident, '<=', 1);
  if (entry.spill && entry.preserve) model.constrain(`keep_or_spill_${label}`, [[1, entry.spill], [1, entry.preserve]], '<=', 1);
  if (entry.spill && entry.create) model.constrain(`create_or_spill_${label}`, [[1, entry.spill], [1, entry.create]], '<=', 1);
}

/** r[a,t] as linear terms (its constant part is `residentConstant`). */
export function residency(entry: TensorStep): LinearTerm[] {
  const terms: LinearTerm[] = [];
  if (entry.create) terms.push([1, entry.create]);
  if (entry.preserve) terms.push([1, entry.preserve]);
  if (entry.retrieve) terms.push([1, entry.retrieve]);
  return terms;
}

export function negated(terms: readonly LinearTerm[]): LinearTerm[] {
  return terms.map(([c, v]) => [-c, v] as const);
}

/** L[a,t] = L[a,t-1] (or the starting address) whenever P[a,t] = 1. */
export function pinAddress(
  model: LinearModel,
  label: string,
  address: Variable,
  preserve: Variable,
  before: TensorStep | undefined,
  startAddress: number | undefined,
  capacity: number,
): void {
  const bigM = capacity;
  if (before) {
    model.constrain(`pin_up_${label}`, [[1, address], [-1, addressOf(before)], [bigM, preserve]], '<=', bigM);
    model.constrain(`pin_down_${label}`, [[1, addressOf(before)], [-1, address], [bigM, preserve]], '<=', bigM);
  } else if (startAddress !== undefined) {
    model.constrain(`pin_up_${label}`, [[1, address], [bigM, preserve]], '<=', bigM + startAddress);
    model.constrain(`pin_down_${label}`, [[-1, address], [bigM, preserve]], '<=', bigM - startAddress);
  }
}

/** The binary ordering two tensors that may share a step: below = 1 puts `lower` under `upper`. */
export interface PairOrder {
  readonly lower: TensorStep;
  readonly upper: TensorStep;
  readonly below: Variable;
}

/**
 * For co-resident a and b, one binary u chooses a below b (u = 1) or above (u = 0); the big-M rows
 * relax when either is absent: L_a + s_a <= L_b + M(1 - u) + M(2 - r_a - r_b), and symmetrically.
 */
export function separateCoResidents(
  model: LinearModel,
  here: readonly TensorStep[],
  size: (tensor: number) => number,
  capacity: number,
  step: number,
  name: (tensor: number) => string,
): PairOrder[] {
  const bigM = capacity;
  const pairs: PairOrder[] = [];
  for (let i = 0; i < here.length; i++) {
    for (let j = i + 1; j < here.length; j++) {
      const a = here[i]!;
      const b = here[j]!;
      const label = `${name(a.tensor)}_${name(b.tensor)}_s${step}`;
      const below = model.binary(`u_${label}`);
      pairs.push({ lower: a, upper: b, below });
      const absent: LinearTerm[] = [...residency(a), ...residency(b)].map(([c, v]) => [-bigM * c, v] as const);
      const absentConstant = bigM * (2 - a.residentConstant - b.residentConstant);
      // L_a + s_a - L_b + M u - M(2 - r_a - r_b) <= M
      model.constrain(`below_${label}`, [[1, addressOf(a)], [-1, addressOf(b)], [bigM, below], ...negated(absent)], '<=', bigM - size(a.tensor) + absentConstant);
      // L_b + s_b - L_a - M u - M(2 - r_a - r_b) <= 0
      model.constrain(`above_${label}`, [[1, addressOf(b)], [-1, addressOf(a)], [-bigM, below], ...negated(absent)], '<=', -size(b.tensor) + absentConstant);
    }
  }
  return pairs;
}

/**
 * Sum of resident sizes within the budget (the constant capacity, or the budget variable when the
 * budget is optimized): implied by the addresses, but it tightens the relaxation.
 */
export function capacityCut(
  model: LinearModel,
  here: readonly TensorStep[],
  size: (tensor: number) => number,
  capacity: number,
  step: number,
  budget?: Variable,
): void {
  const terms: LinearTerm[] = [];
  let constant = 0;
  for (const entry of here) {
    constant += size(entry.tensor) * entry.residentConstant;
    for (const [c, v] of residency(entry)) terms.push([c * size(entry.tensor), v]);
  }
  if (budget) model.constrain(`capacity_s${step}`, [...terms, [-1, budget]], '<=', -constant);
  else if (terms.length > 0) model.constrain(`capacity_s${step}`, terms, '<=', capacity - constant);
}
