export * from './knobs.js';
export * from './energy.js';
export { simulateController, type CommandName, type ControllerHooks, type ControllerResult, type FeedRequest, type LatencySummary, type RequestFeed } from './simulate.js';
export { TimingChecker, ACT, PRE, RD, WR, REF } from './timing.js';
