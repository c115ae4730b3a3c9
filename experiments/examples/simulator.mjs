#!/usr/bin/env node
// A stand-in for an external simulator: reads its design from the command line, prints metrics
// as JSON on stdout. Real simulators (gem5, Ramulator, DRAMSys...) are wrapped the same way; see
// docs/plugins.md for output files and timeouts.
const [cores, freqGHz, smt] = process.argv.slice(2);
const n = Number(cores);
const f = Number(freqGHz);
const threads = smt === 'on' ? 2 * n : n;
// Amdahl's law with a 5% serial part, and power growing with the cube of frequency (illustrative).
const speedup = 1 / (0.05 + 0.95 / threads);
console.log(JSON.stringify({ runtime_ms: 1000 / (speedup * f), power_w: n * f ** 3 * (smt === 'on' ? 1.15 : 1) }));
