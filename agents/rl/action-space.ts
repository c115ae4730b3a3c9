/**
 * The RL agents' view of a design space: one categorical head per parameter, heads grouped into
 * agents (multi-agent RL: one agent per group; single-agent RL: one group holding every head).
 *
 * A head's choices are the parameter's values. Numeric parameters with more than `bins` values (and
 * every real parameter) are binned: the head chooses among `bins` evenly spaced points of the
 * parameter's unit coordinate (logarithmic where the parameter is `log`), snapped to allowed values;
 * bins that snap to the same value are merged. Categorical parameters are never binned (their values
 * have no order to bin along).
 */
import type { ParameterValue, Point, Space } from '../../src/space/types.js';

export interface Head {
  parameter: string;
  values: readonly ParameterValue[];
  /** True when the values are bins of a larger range. */
  binned: boolean;
}

export interface ActionLayout {
  heads: readonly Head[];
  /** Head indices of each group (agent), in space order within a group. */
  groups: readonly (readonly number[])[];
  /** Total choices over all heads (the width of a joint one-hot action). */
  totalChoices: number;
  /** Column of each head's first choice in a joint one-hot action. */
  offsets: readonly number[];
}

function headOf(space: Space, index: number, bins: number): Head {
  const parameter = space.parameters[index];
  const name = parameter.name;
  if (parameter.kind === 'categorical' || (parameter.cardinality !== null && parameter.cardinality <= bins)) {
    return { parameter: name, values: parameter.values as readonly ParameterValue[], binned: false };
  }
  // Bin centres along the unit coordinate; the other parameters' coordinates do not matter.
  const unit = new Array<number>(space.parameters.length).fill(0.5);
  const values: ParameterValue[] = [];
  for (let b = 0; b < bins; b++) {
    unit[index] = (b + 0.5) / bins;
    const value = space.fromUnit(unit)[name];
    if (!values.includes(value)) values.push(value);
  }
  return { parameter: name, values, binned: true };
}

/**
 * Parses a grouping such as "PagePolicy,Scheduler;RequestBufferSize": groups separated by `;`,
 * parameters by `,`. Parameters not named form one group each. Empty: one group per parameter.
 */
export function parseGroups(space: Space, text: string, where: string): number[][] {
  const names = space.parameters.map((p) => p.name);
  const used = new Set<number>();
  const groups: number[][] = [];
  for (const part of text.split(';').map((s) => s.trim()).filter((s) => s.length > 0)) {
    const group: number[] = [];
    for (const name of part.split(',').map((s) => s.trim()).filter((s) => s.length > 0)) {
      const index = names.indexOf(name);
      if (index < 0) throw new Error(`${where}: unknown parameter "${name}"; the space has ${names.join(', ')}`);
      if (used.has(index)) throw new Error(`${where}: parameter "${name}" is in two groups`);
      used.add(index);
      group.push(index);
    }
    groups.push(group.sort((a, b) => a - b));
  }
  for (let i = 0; i < names.length; i++) if (!used.has(i)) groups.push([i]);
  return groups;
}

export function actionLayout(space: Space, bins: number, groups: readonly (readonly number[])[]): ActionLayout {
  const heads = space.parameters.map((_, i) => headOf(space, i, bins));
  const offsets: number[] = [];
  let totalChoices = 0;
  for (const head of heads) {
    offsets.push(totalChoices);
    totalChoices += head.values.length;
  }
  return { heads, groups, totalChoices, offsets };
}

/** The design chosen by one index per head. */
export function pointOf(space: Space, layout: ActionLayout, choices: ArrayLike<number>): Point {
  const raw: Record<string, ParameterValue> = {};
  for (let h = 0; h < layout.heads.length; h++) raw[layout.heads[h].parameter] = layout.heads[h].values[choices[h]];
  return space.validate(raw);
}
