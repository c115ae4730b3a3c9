/**
 * CPLEX LP export. Model names are free text; LP names are not (no operators, no names that read
 * as numbers or section keywords, at most 255 characters), and HiGHS aborts its whole WebAssembly
 * instance on an LP it cannot parse. So names that are already legal are kept as they are, and
 * the rest are rewritten deterministically, with a numeric suffix where two would collide; the
 * mapping is returned with the text so solver output can be read back by name.
 */
import type { Constraint, LinearModel, LinearTerm, Variable } from './model.js';

export interface LpExport {
  readonly text: string;
  /** LP name of each variable, by variable index. */
  readonly variableNames: readonly string[];
  /** LP name of each constraint, by constraint position. */
  readonly constraintNames: readonly string[];
}

export interface LpExportOptions {
  /** Write `minimize 0` instead of the model's objective (a feasibility check). Default true. */
  readonly objective?: boolean;
}

/** The name of the objective row; kept away from constraint names. */
export const LP_OBJECTIVE_NAME = 'obj';

const MAX_NAME_LENGTH = 255;
/** Lines are wrapped well below the 255-character line limit of some LP readers. */
const LINE_WIDTH = 100;

// Characters CPLEX allows in names, less '/', quotes and backquote, which some readers
// (HiGHS among them) reject or treat specially.
const ILLEGAL_CHARACTER = /[^A-Za-z0-9_.()!#$%&,;?@{}|~]/g;
// Section and bound keywords of the LP format, matched case-insensitively against whole names.
const KEYWORDS = new Set([
  'min', 'minimize', 'minimise', 'minimum', 'max', 'maximize', 'maximise', 'maximum',
  'st', 's.t.', 'st.', 'subject', 'such', 'bound', 'bounds', 'bin', 'binary', 'binaries',
  'gen', 'general', 'generals', 'int', 'integer', 'integers', 'semi', 'semis', 'semi-continuous',
  'sos', 'sos1', 'sos2', 'end', 'free', 'inf', 'infinity', 'nan',
]);

/** Whether `name` can be written to an LP file unchanged. */
export function isLegalLpName(name: string): boolean {
  if (name.length === 0 || name.length > MAX_NAME_LENGTH) return false;
  if (name.search(ILLEGAL_CHARACTER) !== -1) return false;
  if (/^[0-9.]/.test(name)) return false;
  // e/E followed by a digit, a sign or another e reads as an exponent; inf/nan prefixes read as numbers.
  if (/^[eE]([0-9eE+-]|$)/.test(name)) return false;
  if (/^(inf|nan)/i.test(name)) return false;
  return !KEYWORDS.has(name.toLowerCase());
}

/**
 * LP names for `names`, one-to-one and in the same order. Legal names are reserved first so a
 * rewritten name can never take a name the caller actually used.
 */
export function lpNames(names: readonly string[], reserved: readonly string[] = []): string[] {
  const used = new Set<string>(reserved);
  const result: (string | undefined)[] = names.map((name) => {
    if (!isLegalLpName(name) || used.has(name)) return undefined;
    used.add(name);
    return name;
  });
  return names.map((name, i) => {
    const kept = result[i];
    if (kept !== undefined) return kept;
    const base = rewriteName(name);
    let candidate = base;
    for (let k = 2; used.has(candidate); k += 1) candidate = `${base}_${k}`;
    used.add(candidate);
    return candidate;
  });
}

function rewriteName(name: string): string {
  let rewritten = name.replace(/\[/g, '(').replace(/\]/g, ')').replace(ILLEGAL_CHARACTER, '_');
  if (!isLegalLpName(rewritten)) rewritten = `_${rewritten}`;
  // Room for a collision suffix within the length limit.
  return rewritten.slice(0, MAX_NAME_LENGTH - 12);
}

export function exportLp(model: LinearModel, options: LpExportOptions = {}): LpExport {
  const variableNames = lpNames(model.variables.map((v) => v.name));
  const constraintNames = lpNames(
    model.constraints.map((c) => c.name),
    [LP_OBJECTIVE_NAME],
  );
  const withObjective = options.objective ?? true;
  const lines: string[] = [];
  lines.push(`\\ model ${oneLine(model.name)}: ${model.variables.length} variables, ${model.constraints.length} constraints`);
  const renamed = model.variables.filter((v, i) => variableNames[i] !== v.name);
  for (const v of renamed) lines.push(`\\ variable ${variableNames[v.index]} is ${oneLine(v.name)}`);
  model.constraints.forEach((c, i) => {
    if (constraintNames[i] !== c.name) lines.push(`\\ constraint ${constraintNames[i]} is ${oneLine(c.name)}`);
  });

  const objective = model.objective;
  lines.push(withObjective && objective.sense === 'maximize' ? 'Maximize' : 'Minimize');
  const objectiveParts = withObjective ? termParts(objective.terms, variableNames) : [];
  if (withObjective && objective.constant !== 0) {
    objectiveParts.push(objectiveParts.length === 0 ? formatNumber(objective.constant) : signed(objective.constant));
  }
  pushWrapped(lines, ` ${LP_OBJECTIVE_NAME}:`, objectiveParts.length === 0 ? ['0'] : objectiveParts);

  lines.push('Subject To');
  model.constraints.forEach((c, i) => {
    pushWrapped(lines, ` ${constraintNames[i]}:`, [...constraintLhs(c, model, variableNames), c.sense, formatNumber(c.rhs)]);
  });

  // Every variable gets a bounds line or a Binaries entry, so every variable is a column of
  // the LP model even when it appears in no constraint and not in the objective.
  const bounded = model.variables.filter((v) => v.kind !== 'binary');
  if (bounded.length > 0) lines.push('Bounds');
  for (const v of bounded) lines.push(` ${boundLine(v, variableNames[v.index])}`);
  const generals = model.variables.filter((v) => v.kind === 'integer');
  if (generals.length > 0) {
    lines.push('Generals');
    pushWrapped(lines, '', generals.map((v) => variableNames[v.index]));
  }
  const binaries = model.variables.filter((v) => v.kind === 'binary');
  if (binaries.length > 0) {
    lines.push('Binaries');
    pushWrapped(lines, '', binaries.map((v) => variableNames[v.index]));
  }
  lines.push('End', '');
  return { text: lines.join('\n'), variableNames, constraintNames };
}

/** LP numbers: shortest round-trip form, infinities as the LP words. */
export function formatNumber(value: number): string {
  if (value === Infinity) return '+inf';
  if (value === -Infinity) return '-inf';
  return String(value);
}

function signed(value: number): string {
  return value < 0 ? `- ${formatNumber(-value)}` : `+ ${formatNumber(value)}`;
}

function termParts(terms: readonly LinearTerm[], names: readonly string[]): string[] {
  return terms.map(([coefficient, variable], i) => {
    const magnitude = Math.abs(coefficient) === 1 ? '' : `${formatNumber(Math.abs(coefficient))} `;
    const sign = coefficient < 0 ? '- ' : i === 0 ? '' : '+ ';
    return `${sign}${magnitude}${names[variable.index]}`;
  });
}

function constraintLhs(constraint: Constraint, model: LinearModel, names: readonly string[]): string[] {
  if (constraint.terms.length > 0) return termParts(constraint.terms, names);
  // A row needs a variable to be a row; a zero coefficient keeps its meaning (0 sense rhs).
  return model.variables.length > 0 ? [`0 ${names[0]}`] : ['0'];
}

function boundLine(v: Variable, name: string): string {
  if (v.lower === v.upper) return `${name} = ${formatNumber(v.lower)}`;
  if (v.lower === -Infinity && v.upper === Infinity) return `${name} free`;
  return `${formatNumber(v.lower)} <= ${name} <= ${formatNumber(v.upper)}`;
}

function pushWrapped(lines: string[], head: string, parts: readonly string[]): void {
  let line = head;
  for (const part of parts) {
    if (line.trim().length > 0 && line.length + 1 + part.length > LINE_WIDTH) {
      lines.push(line);
      line = `   ${part}`;
    } else {
      line = `${line} ${part}`;
    }
  }
  lines.push(line);
}

/** Comments end at the line break, so names shown in them must fit on one line. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
