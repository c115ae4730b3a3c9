/**
 * Summarizes a systolic experiment's run directory (see experiments/README.md): each agent's
 * final hypervolume over the exhaustive run's, the exhaustive-front designs each run found, the
 * front's dataflow and ofmap SRAM mix, its extremes and its knees (log-scaled, normalized
 * objectives closest to the ideal corner).
 *
 *   node experiments/summarize-systolic.mjs /tmp/systolic-mobilenet
 */
import { readFileSync, readdirSync } from "node:fs";
const dir = process.argv[2];
if (!dir) throw new Error("usage: node experiments/summarize-systolic.mjs RUN_DIRECTORY");
const read = (run, f) => readFileSync(`${dir}/${run}/${f}`, "utf8");
const rows = (run) => { const [h, ...ls] = read(run, "pareto.csv").trim().split("\n"); const k = h.split(","); return ls.map((l) => Object.fromEntries(l.split(",").map((v, i) => [k[i], v]))); };
const hv = (run) => JSON.parse(read(run, "summary.json")).hypervolume.value;
const exact = hv("exhaustive-seed1"), front = rows("exhaustive-seed1");
const key = (r) => [r.latencyNs, r.energyPj, r.areaMm2].join();
const onFront = new Set(front.map(key));
const byAgent = {};
for (const run of readdirSync(dir).filter((d) => d.includes("-seed") && !d.startsWith("exhaustive"))) {
  const agent = run.replace(/-seed\d+$/, "");
  (byAgent[agent] ??= []).push([hv(run) / exact, rows(run).filter((r) => onFront.has(key(r))).length]);
}
for (const [agent, rs] of Object.entries(byAgent)) {
  const m = rs.reduce((a, [x]) => a + x, 0) / rs.length, sd = Math.sqrt(rs.reduce((a, [x]) => a + (x - m) ** 2, 0) / (rs.length - 1));
  console.log(`${agent}: HV/exhaustive ${m.toFixed(5)} ± ${sd.toFixed(5)} (${rs.length} seeds, min ${Math.min(...rs.map(([x]) => x)).toFixed(5)}); exhaustive-front designs found ${rs.map(([, n]) => n).join(", ")} of ${front.length}`);
}
const count = (f) => Object.entries(front.reduce((a, r) => ((a[r[f]] = (a[r[f]] ?? 0) + 1), a), {})).map(([v, n]) => `${v} ${n}`).join(", ");
console.log(`exhaustive front: ${front.length} designs; dataflow ${count("dataflow")}; ofmap SRAM KB ${count("ofmapSramKB")}`);
const objs = ["latencyNs", "energyPj", "areaMm2"], logs = front.map((r) => objs.map((o) => Math.log10(+r[o])));
const lo = objs.map((_, i) => Math.min(...logs.map((v) => v[i]))), hi = objs.map((_, i) => Math.max(...logs.map((v) => v[i])));
const dist = logs.map((v) => Math.hypot(...v.map((x, i) => (hi[i] > lo[i] ? (x - lo[i]) / (hi[i] - lo[i]) : 0))));
const show = (tag, i) => { const r = front[i]; console.log(`| ${tag} | ${r.rows} x ${r.cols} | ${r.dataflow} | ${r.ifmapSramKB} / ${r.filterSramKB} / ${r.ofmapSramKB} | ${(r.latencyNs / 1e3).toFixed(0)} | ${(r.energyPj / 1e6).toFixed(0)} | ${(+r.areaMm2).toFixed(2)} | ${(+r.utilizationPct).toFixed(1)} | ${(100 * r.stallCycles / r.cycles).toFixed(0)} |`); };
const better = (o) => (r, b) => [o, "areaMm2", "latencyNs", "energyPj"].map((x) => Math.sign(+r[x] - +b[x])).find((d) => d !== 0) === -1; // ties: smallest area, then latency, then energy
objs.forEach((o) => show(`min ${o}`, front.reduce((b, r, i) => (better(o)(r, front[b]) ? i : b), 0)));
dist.map((d, i) => [d, i]).sort((a, b) => a[0] - b[0]).slice(0, 3).forEach(([d, i]) => show(`knee (${d.toFixed(2)})`, i));

