/**
 * Benchmarks: `npm run bench` runs all; `npm run bench -- quality` or `-- throughput` one.
 * Results go to bench/results/ (JSON for tools, Markdown for people) and are summarized in the README.
 */
import { runQuality } from './quality.js';
import { runThroughput } from './throughput.js';

const suites: Record<string, () => Promise<void>> = { quality: runQuality, throughput: runThroughput };
const wanted = process.argv.slice(2);
for (const name of wanted) if (!suites[name]) throw new Error(`unknown benchmark "${name}"; known: ${Object.keys(suites).join(', ')}`);
for (const name of wanted.length > 0 ? wanted : Object.keys(suites)) {
  process.stdout.write(`\n== ${name} ==\n`);
  await suites[name]();
}
