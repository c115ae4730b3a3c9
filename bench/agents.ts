/**
 * Agent overhead: milliseconds of ask + tell per evaluation for the RL agents (and NSGA-II and
 * random for scale), at batch sizes 1, 16 and 64, on the DRAM controller's 442,368-design space.
 * The evaluation itself is replaced by a closed-form function of the design (microseconds), so the
 * figure is the agent's own cost: what it adds to every evaluation of a sweep. Goal: under 1 ms per
 * evaluation at batch 64.
 */
import { findAgent } from '../src/agent/registry.js';
import { resolveAgentOptions } from '../src/agent/options.js';
import type { Evaluation } from '../src/agent/types.js';
import { createSpace } from '../src/space/space.js';
import type { Point } from '../src/space/types.js';
import { dramParameters } from '../spaces/dram/environment.js';
import { loadTf } from '../agents/rl/tf-backend.js';
import { machine, median, writeResult } from './common.js';

const AGENTS = ['marl', 'ppo', 'sac', 'nsga2', 'random'];
const BATCHES = [1, 16, 64];
/** Evaluations timed per case (after a warm-up of the same length, so the JIT and wasm have settled). */
const EVALUATIONS: Record<number, number> = { 1: 128, 16: 512, 64: 1024 };
const REPEATS = 3;

/** A cheap two-objective stand-in for the simulator, deterministic in the design. */
function syntheticObjectives(point: Point, names: readonly string[]): number[] {
  let a = 0;
  let b = 0;
  names.forEach((name, i) => {
    const text = String(point[name]);
    let h = 0;
    for (let c = 0; c < text.length; c++) h = (h * 31 + text.charCodeAt(c)) % 1009;
    a += ((h % 17) / 17) * (i + 1);
    b += (((h * 7) % 13) / 13) * (names.length - i);
  });
  return [a, b];
}

async function measure(agentName: string, batch: number): Promise<number> {
  const space = createSpace({ parameters: dramParameters });
  const names = space.parameters.map((p) => p.name);
  const factory = findAgent(agentName);
  const times: number[] = [];
  for (let repeat = 0; repeat < REPEATS + 1; repeat++) {
    const agent = factory.create({
      space,
      objectives: [
        { metric: 'a', direction: 'min' },
        { metric: 'b', direction: 'min' },
      ],
      seed: repeat + 1,
      options: resolveAgentOptions(factory, {}, agentName),
      batchSize: batch,
      budget: EVALUATIONS[batch],
    });
    let id = 0;
    const start = performance.now();
    while (id < EVALUATIONS[batch]) {
      const points = await agent.ask(batch);
      const told: Evaluation[] = points.map((point) => {
        const objectives = syntheticObjectives(point, names);
        return { id: id++, point, status: 'ok', metrics: { a: objectives[0], b: objectives[1] }, objectives, violation: 0, feasible: true };
      });
      await agent.tell(told);
    }
    // The first repeat is the warm-up.
    if (repeat > 0) times.push((performance.now() - start) / id);
  }
  return median(times);
}

export async function runAgentOverhead(): Promise<void> {
  const { backend } = await loadTf('auto');
  const rows: { agent: string; batch: number; msPerEvaluation: number }[] = [];
  for (const agent of AGENTS) {
    for (const batch of BATCHES) {
      const ms = await measure(agent, batch);
      rows.push({ agent, batch, msPerEvaluation: ms });
      process.stdout.write(`${agent} batch ${batch}: ${ms.toFixed(3)} ms per evaluation\n`);
    }
  }
  const info = machine();
  const table = [
    '| agent | batch 1 | batch 16 | batch 64 |',
    '|---|---|---|---|',
    ...AGENTS.map((agent) => `| ${agent} | ${BATCHES.map((b) => rows.find((r) => r.agent === agent && r.batch === b)!.msPerEvaluation.toFixed(3)).join(' | ')} |`),
  ];
  const markdown = [
    '# Agent overhead: ask + tell per evaluation',
    '',
    `Measured ${String(info.date).slice(0, 10)} on ${info.cpus} x ${info.cpuModel} (1-minute load average ${Number(info.loadAverage1m).toFixed(1)}); TensorFlow.js backend ${backend}. ` +
      `Milliseconds of agent time (ask + tell) per evaluation on the DRAM controller's 442,368-design space, with a closed-form ` +
      `stand-in for the simulator; median of ${REPEATS} runs after a warm-up, ${BATCHES.map((b) => `${EVALUATIONS[b]} evaluations at batch ${b}`).join(', ')}. ` +
      'Default options of every agent. Goal: under 1 ms per evaluation at batch 64.',
    '',
    ...table,
    '',
  ].join('\n');
  writeResult('agents', { machine: info, backend, rows }, markdown);
}
