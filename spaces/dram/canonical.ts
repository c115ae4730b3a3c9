/**
 * Designs of the knob space that the controller model cannot tell apart, so an exhaustive
 * enumeration simulates one design per class and gives the others its result.
 *
 * Each rule follows from the semantics of controller/simulate.ts and holds exactly (identical
 * metrics, not merely close; test/dram/canonical.test.ts checks it by simulation):
 * - RefreshPolicy NoRefresh: RefreshMaxPostponed and RefreshMaxPulledin are never read.
 * - Arbiter Simple: no cap on outstanding transactions, so MaxActiveTransactions is never read.
 * - Arbiter Reorder: responses go back in request order whatever RespQueue says.
 * - A trace without writes:
 *   - FrFcfsGrp's preference for the direction of the last READ/WRITE is always "read", so it
 *     picks as FrFcfs does;
 *   - a ReadWrite buffer admits RequestBufferSize reads, as a Shared buffer does when no write ever
 *     takes a slot.
 * A class is represented by its design with the first study value of every knob that does not
 * matter (and FrFcfs, Shared for the read-only rules).
 */
import type { Point } from '../../src/space/types.js';
import { STUDY_KNOB_VALUES } from './controller/index.js';

export interface TraceFacts {
  /** Whether any request of the trace is a write. */
  hasWrites: boolean;
}

const FIRST = <K extends keyof typeof STUDY_KNOB_VALUES>(knob: K) => STUDY_KNOB_VALUES[knob][0];

/** The representative of `point`'s class (a new point; knobs not named in the rules are kept). */
export function canonicalDesign(point: Point, facts: TraceFacts): Point {
  const out: Point = { ...point };
  if (out.RefreshPolicy === 'NoRefresh') {
    out.RefreshMaxPostponed = FIRST('RefreshMaxPostponed');
    out.RefreshMaxPulledin = FIRST('RefreshMaxPulledin');
  }
  if (out.Arbiter === 'Simple') out.MaxActiveTransactions = FIRST('MaxActiveTransactions');
  if (out.Arbiter === 'Reorder') out.RespQueue = FIRST('RespQueue');
  if (!facts.hasWrites) {
    if (out.Scheduler === 'FrFcfsGrp') out.Scheduler = 'FrFcfs';
    if (out.SchedulerBuffer === 'ReadWrite') out.SchedulerBuffer = 'Shared';
  }
  return out;
}
