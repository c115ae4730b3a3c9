/**
 * The scratchpad-allocation environment: a DNN graph, a scratchpad budget and a policy (the COSMA
 * ILP, its divide-and-conquer variant, or a greedy-by-size baseline with an eviction rule), whose
 * plan gives the off-chip traffic.
 */
import { isAbsolute, resolve } from 'node:path';
import { OptionError, type DesignReport, type Environment, type EnvironmentProvider, type OptionValues } from '../../src/environment/types.js';
import type { MetricSpec } from '../../src/objective/types.js';
import type { Point, SpaceConstraint, ParameterDefinition } from '../../src/space/types.js';
import { dramEnergyPjPerByte, horowitz45nm, sramAreaMm2PerKB } from '../systolic/cost/index.js';
import { loadGraphFile } from './graph.js';
import { scratchpadFormulation } from './formulation.js';
import { builtInGraph, builtInGraphs } from './networks/index.js';
import { occupancySvg } from './occupancy-svg.js';
import { scratchpadFigures } from './figures.js';
import { GraphBounds, planDesign, POLICIES, SCHEDULES, TRACKINGS, type PlannedDesign, type ScratchpadDesign, type Tracking } from './policies.js';
import { boundsView, planParts, planView } from './report.js';
import { writeFileAtomic } from '../../src/study/export.js';
import type { Graph } from './types.js';

export const DEFAULT_GRAPH = 'mobilenetv2';

/** SRAM bit-cell area per byte, [G12] via the systolic cost preset (600 lambda^2 per bit, 45 nm). */
const SRAM_AREA_MM2_PER_BYTE = sramAreaMm2PerKB(horowitz45nm) / 1024;
/** Off-chip energy per byte moved, [H14] via the systolic cost preset (1.3 nJ per 64-bit access). */
const DRAM_ENERGY_PJ_PER_BYTE = dramEnergyPjPerByte(horowitz45nm);

export const scratchpadMetrics: MetricSpec[] = [
  { name: 'nonCompulsoryBytes', unit: 'B', direction: 'min', description: 'spills + reloads: off-chip traffic a better plan can remove' },
  { name: 'offChipBytes', unit: 'B', direction: 'min', description: 'all off-chip traffic: compulsory + non-compulsory' },
  { name: 'compulsoryBytes', unit: 'B', direction: 'min', description: 'first loads of weights and inputs, one write of each graph output' },
  { name: 'spillBytes', unit: 'B', direction: 'min', description: 'activations written off chip to make room' },
  { name: 'reloadBytes', unit: 'B', direction: 'min', description: 'tensors read back after a spill or eviction' },
  { name: 'peakBytes', unit: 'B', direction: 'min', description: 'highest scratchpad address the plan uses' },
  { name: 'scratchpadBytes', unit: 'B', direction: 'min', description: 'scratchpad size: the budgetBytes parameter, as a metric for objectives' },
  { name: 'areaMm2', unit: 'mm^2', direction: 'min', description: 'scratchpad SRAM bit-cell area at 45 nm ([G12], lower bound)' },
  { name: 'offChipEnergyPj', unit: 'pJ', direction: 'min', description: 'off-chip traffic energy at 162.5 pJ/B ([H14])' },
  { name: 'provenOptimal', unit: '0/1', direction: 'max', description: '1 when the ILP proved the plan optimal (policy cosma); 0 for an incumbent at the time limit and for heuristics' },
  { name: 'gapPct', unit: '%', direction: 'min', description: "policy cosma: distance of the plan to the solver's proven lower bound, % of the plan (0 when optimal; 0 for heuristics)" },
];

function loadGraph(options: OptionValues, baseDir: string): Graph {
  const value = options.graph ?? DEFAULT_GRAPH;
  if (typeof value !== 'string' || value === '') throw new OptionError('option "graph": must be a built-in graph name or a .json graph file', 'graph');
  if (Object.hasOwn(builtInGraphs, value)) return builtInGraph(value);
  if (!value.endsWith('.json')) {
    throw new OptionError(`option "graph": unknown graph ${JSON.stringify(value)}; built-in graphs: ${Object.keys(builtInGraphs).join(', ')}, or a .json graph file`, 'graph');
  }
  return loadGraphFile(isAbsolute(value) ? value : resolve(baseDir, value));
}

function numberOption(options: OptionValues, name: string, fallback: number, min: number): number {
  const value = options[name] ?? fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) throw new OptionError(`option "${name}": must be a number >= ${min}, got ${JSON.stringify(value)}`, name);
  return value;
}

/** The design parameters; the budget spans M_R (activations only) to the no-spill peak with weights, plus 10% for fragmentation. */
function parameters(bounds: GraphBounds): { parameters: ParameterDefinition[]; constraints: SpaceConstraint[] } {
  const activations = bounds.of('activations');
  const all = bounds.of('activations+weights');
  const minBudget = activations.minimumBudgetBytes;
  const maxBudget = Math.max(minBudget + 1, Math.ceil(Math.max(all.fixedOrderPeakBytes, activations.fixedOrderPeakBytes) * 1.1));
  const midpoint = Math.round((activations.minimumBudgetBytes + (activations.minimumPeakBytes ?? activations.fixedOrderPeakBytes)) / 2);
  const schedules = SCHEDULES.filter((s) => s !== 'min-peak' || (activations.minimumPeakOrder && all.minimumPeakOrder));
  return {
    parameters: [
      { name: 'budgetBytes', type: 'integer', min: minBudget, max: maxBudget, log: true, unit: 'B', default: midpoint, description: 'scratchpad size' },
      { name: 'policy', type: 'categorical', values: [...POLICIES], default: 'cosma', description: 'COSMA ILP, its divide-and-conquer variant, or greedy-by-size allocation with Belady or greedy eviction' },
      { name: 'schedule', type: 'categorical', values: [...schedules], default: 'default', description: "operator order: the graph's, one reaching the minimum peak M_P, or chosen by the ILP (free)" },
      { name: 'tracking', type: 'categorical', values: [...TRACKINGS], default: 'activations', description: 'which tensors occupy the scratchpad' },
    ],
    constraints: [
      {
        name: 'budget-at-least-M_R',
        reason: `budgetBytes below M_R (the largest operator working set: ${activations.minimumBudgetBytes} B with activations, ${all.minimumBudgetBytes} B with weights): no plan exists`,
        test: (p) => (p.budgetBytes as number) >= bounds.of(p.tracking as Tracking).minimumBudgetBytes,
      },
      { name: 'free-schedule-needs-cosma', reason: 'schedule free is chosen by the ILP: it needs policy cosma', test: (p) => p.schedule !== 'free' || p.policy === 'cosma' },
    ],
  };
}

export function scratchpadDesign(point: Point): ScratchpadDesign {
  return {
    budgetBytes: point.budgetBytes as number,
    policy: point.policy as ScratchpadDesign['policy'],
    schedule: point.schedule as ScratchpadDesign['schedule'],
    tracking: point.tracking as ScratchpadDesign['tracking'],
  };
}

function metricsOf(planned: PlannedDesign, budgetBytes: number): Record<string, number> {
  const { traffic, peakBytes } = planned.plan;
  const lower = planned.lowerBoundBytes;
  const gapPct = planned.status === 'optimal' || lower === undefined || traffic.nonCompulsoryBytes === 0 ? 0 : (100 * (traffic.nonCompulsoryBytes - lower)) / traffic.nonCompulsoryBytes;
  return {
    nonCompulsoryBytes: traffic.nonCompulsoryBytes,
    offChipBytes: traffic.totalBytes,
    compulsoryBytes: traffic.compulsoryBytes,
    spillBytes: traffic.spillBytes,
    reloadBytes: traffic.reloadBytes,
    peakBytes,
    scratchpadBytes: budgetBytes,
    areaMm2: budgetBytes * SRAM_AREA_MM2_PER_BYTE,
    offChipEnergyPj: traffic.totalBytes * DRAM_ENERGY_PJ_PER_BYTE,
    provenOptimal: planned.status === 'optimal' ? 1 : 0,
    gapPct,
  };
}

export const scratchpadProvider: EnvironmentProvider = {
  id: 'scratchpad',
  title: 'Scratchpad allocation for DNN accelerators (COSMA ILP and baselines)',
  description:
    'Operator schedule, scratchpad allocation and tensor spill/reload of a DNN graph for a scratchpad budget: the COSMA ILP ' +
    '(HiGHS or javascript-lp-solver), a divide-and-conquer variant for long graphs, and greedy-by-size baselines with Belady or greedy eviction.',
  options: [
    { name: 'graph', type: 'string', description: 'built-in graph or a .json graph file (relative to the spec directory)', default: DEFAULT_GRAPH },
    { name: 'solver', type: 'string', description: 'ILP backend', default: 'highs', values: ['highs', 'jslp'] },
    { name: 'timeLimitSec', type: 'number', description: 'time limit of each ILP solve (per window for cosma-dc); the incumbent is reported when it is reached', default: 60 },
    { name: 'windowSteps', type: 'integer', description: 'steps per window of cosma-dc (half of each window is kept)', default: 24 },
    { name: 'maxStates', type: 'integer', description: 'states the minimum-peak schedule search may visit before giving up', default: 200000 },
    { name: 'occupancySvg', type: 'string', description: '`archdse simulate` writes the scratchpad occupancy picture (address x step) here' },
  ],
  create(options, context): Environment {
    const graph = loadGraph(options, context.baseDir);
    const solver = options.solver === 'jslp' ? 'jslp' : 'highs';
    const timeLimitSec = numberOption(options, 'timeLimitSec', 60, 0.001);
    const windowSteps = numberOption(options, 'windowSteps', 24, 2);
    const bounds = new GraphBounds(graph, numberOption(options, 'maxStates', 200000, 0));
    const settings = { solver: { backend: solver, timeLimitSec } as const, windowSteps };
    const space = parameters(bounds);
    const svgPath = typeof options.occupancySvg === 'string' && options.occupancySvg !== '' ? resolve(context.baseDir, options.occupancySvg) : undefined;
    return {
      id: 'scratchpad',
      title: scratchpadProvider.title,
      description: `${graph.name}: ${graph.operators.length} operators, ${graph.tensors.length} tensors. ${boundsView(bounds)}`,
      space,
      metrics: scratchpadMetrics.map((m) => ({ ...m })),
      objectives: [
        { metric: 'scratchpadBytes', direction: 'min' },
        { metric: 'nonCompulsoryBytes', direction: 'min' },
      ],
      async evaluate(point: Point) {
        const design = scratchpadDesign(point);
        return metricsOf(await planDesign(bounds, design, settings), design.budgetBytes);
      },
      async report(point: Point): Promise<DesignReport> {
        const design = scratchpadDesign(point);
        const planned = await planDesign(bounds, design, settings);
        const files: string[] = [];
        if (svgPath) {
          writeFileAtomic(svgPath, occupancySvg(graph, planned.plan, `${graph.name}, ${design.policy}, ${design.budgetBytes} B`));
          files.push(svgPath);
        }
        return { parts: planParts(graph, planned.plan), view: `${boundsView(bounds)}\n${planView(graph, planned)}`, files };
      },
      async figures(point: Point) {
        const design = scratchpadDesign(point);
        return scratchpadFigures(graph, design, await planDesign(bounds, design, settings));
      },
      linearFormulation: (space) => scratchpadFormulation(bounds, space, settings.solver, { areaMm2PerByte: SRAM_AREA_MM2_PER_BYTE, energyPjPerByte: DRAM_ENERGY_PJ_PER_BYTE }),
    };
  },
};
