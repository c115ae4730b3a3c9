/** Pareto dominance, the non-dominated archive, exact hypervolume and IGD+ (minimization form). */

export { compareLexicographically, constrainedDominates, dominates, nonDominated, weaklyDominates } from './dominance.js';
export type { ConstrainedObjectives } from './dominance.js';
export { ParetoArchive } from './archive.js';
export {
  hypervolume,
  hypervolume2d,
  hypervolume3d,
  hypervolumeContribution,
  hypervolumeWfg,
} from './hypervolume.js';
export { igd, igdPlus } from './igd.js';
