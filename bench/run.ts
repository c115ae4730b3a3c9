/**
 * Benchmarks: `npm run bench` runs all but the long ones; `npm run bench -- NAME ...` runs those
 * named (quality, throughput, systolic, systolic-fidelity, dram, agents, pim, queue; long, only when named: dram-exhaustive, dram-fronts, dram-study, scratchpad).
 * Results go to bench/results/ (JSON for tools, Markdown for people) and are summarized in the README.
 */
import { runAgentOverhead } from './agents.js';
import { runDram, runDramExhaustive } from './dram.js';
import { runDramFronts } from './dram-fronts.js';
import { runDramStudy } from './dram-study.js';
import { runPim } from './pim.js';
import { runQuality } from './quality.js';
import { runQueue } from './queue.js';
import { runScratchpad } from './scratchpad.js';
import { runSystolicPerformance } from './systolic.js';
import { runSystolicFidelity } from './systolic-fidelity.js';
import { runThroughput } from './throughput.js';

const suites: Record<string, () => Promise<void>> = {
  quality: runQuality,
  throughput: runThroughput,
  systolic: runSystolicPerformance,
  'systolic-fidelity': runSystolicFidelity,
  dram: runDram,
  'dram-exhaustive': runDramExhaustive,
  agents: runAgentOverhead,
  'dram-fronts': runDramFronts,
  'dram-study': runDramStudy,
  scratchpad: runScratchpad,
  pim: runPim,
  queue: runQueue,
};
/** Suites that take long (tens of minutes on both cores) run only when named. */
const LONG = new Set(['dram-exhaustive', 'dram-fronts', 'dram-study', 'scratchpad']);
const wanted = process.argv.slice(2);
for (const name of wanted) if (!suites[name]) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(', ')}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites).filter((s) => !LONG.has(s))) {
  process.stdout.write(`\n== ${name} ==\n`);
  await suites[name]();
}
