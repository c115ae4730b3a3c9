export * from './knobs.js';
export * from './energy.js';
export { simulateController, type CommandName, type ControllerHooks, type ControllerResult, type FeedRequest, type RequestFeed } from './simulate.js';
export type { LatencySummary } from './latency.js';
export { TimingChecker, ACT, PRE, RD, WR, REF } from './timing.js';
