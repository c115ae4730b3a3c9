/** Reports of a systolic run: SCALE-Sim v2's CSV files and a per-layer utilization view. */
export * from './scalesim-reports.js';
export * from './layer-view.js';
