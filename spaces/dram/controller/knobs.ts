/**
 * The memory-controller knobs, with DRAMSys's names and meanings (DRAMSys 5 `mcconfig`), and the
 * value sets of the DRAMGym study (Krishnan et al. 2022: 442,368 designs).
 */

export const PAGE_POLICIES = ['Open', 'OpenAdaptive', 'Closed', 'ClosedAdaptive'] as const;
export const SCHEDULERS = ['Fifo', 'FrFcfsGrp', 'FrFcfs'] as const;
export const SCHEDULER_BUFFERS = ['Bankwise', 'ReadWrite', 'Shared'] as const;
export const RESP_QUEUES = ['Fifo', 'Reorder'] as const;
/** NoRefresh and AllBank are the study's; PerBank needs a standard with per-bank refresh (LPDDR4). */
export const REFRESH_POLICIES = ['NoRefresh', 'AllBank', 'PerBank'] as const;
export const ARBITERS = ['Simple', 'Fifo', 'Reorder'] as const;
export const CMD_MUXES = ['Oldest', 'Strict'] as const;
export const POWER_DOWN_POLICIES = ['NoPowerDown', 'Staggered'] as const;

export type PagePolicy = (typeof PAGE_POLICIES)[number];
export type Scheduler = (typeof SCHEDULERS)[number];
export type SchedulerBuffer = (typeof SCHEDULER_BUFFERS)[number];
export type RespQueue = (typeof RESP_QUEUES)[number];
export type RefreshPolicy = (typeof REFRESH_POLICIES)[number];
export type Arbiter = (typeof ARBITERS)[number];
export type CmdMux = (typeof CMD_MUXES)[number];
export type PowerDownPolicy = (typeof POWER_DOWN_POLICIES)[number];

export interface ControllerKnobs {
  PagePolicy: PagePolicy;
  Scheduler: Scheduler;
  SchedulerBuffer: SchedulerBuffer;
  /** Entries of each scheduler buffer (per bank, per direction, or shared). */
  RequestBufferSize: number;
  RespQueue: RespQueue;
  RefreshPolicy: RefreshPolicy;
  /** Refreshes that may be postponed while the rank has requests queued (0: none). */
  RefreshMaxPostponed: number;
  /** Refreshes that may be issued early while the rank is idle (0: none). */
  RefreshMaxPulledin: number;
  Arbiter: Arbiter;
  /** Outstanding transactions of the initiator (Fifo and Reorder arbiters). */
  MaxActiveTransactions: number;
  CmdMux: CmdMux;
  PowerDownPolicy: PowerDownPolicy;
}

const POWERS_1_128 = [1, 2, 4, 8, 16, 32, 64, 128];
const POWERS_1_8 = [1, 2, 4, 8];

/** The study's value sets, in its order: 4*3*3*8*2*2*4*4*3*8 = 442,368 designs. */
export const STUDY_KNOB_VALUES = {
  PagePolicy: [...PAGE_POLICIES],
  Scheduler: [...SCHEDULERS],
  SchedulerBuffer: [...SCHEDULER_BUFFERS],
  RequestBufferSize: POWERS_1_128,
  RespQueue: [...RESP_QUEUES],
  RefreshPolicy: ['NoRefresh', 'AllBank'],
  RefreshMaxPostponed: POWERS_1_8,
  RefreshMaxPulledin: POWERS_1_8,
  Arbiter: [...ARBITERS],
  MaxActiveTransactions: POWERS_1_128,
} as const;

/** DRAMSys's defaults for the two knobs the study fixes. */
export const FIXED_KNOBS = { CmdMux: 'Oldest', PowerDownPolicy: 'NoPowerDown' } as const;

export const DEFAULT_KNOBS: ControllerKnobs = {
  PagePolicy: 'Open',
  Scheduler: 'FrFcfs',
  SchedulerBuffer: 'Bankwise',
  RequestBufferSize: 8,
  RespQueue: 'Fifo',
  RefreshPolicy: 'AllBank',
  RefreshMaxPostponed: 8,
  RefreshMaxPulledin: 8,
  Arbiter: 'Simple',
  MaxActiveTransactions: 128,
  ...FIXED_KNOBS,
};

const CHOICES: Record<string, readonly string[]> = {
  PagePolicy: PAGE_POLICIES,
  Scheduler: SCHEDULERS,
  SchedulerBuffer: SCHEDULER_BUFFERS,
  RespQueue: RESP_QUEUES,
  RefreshPolicy: REFRESH_POLICIES,
  Arbiter: ARBITERS,
  CmdMux: CMD_MUXES,
  PowerDownPolicy: POWER_DOWN_POLICIES,
};

/** Checks knob values; the error names the knob and what is allowed. */
export function checkKnobs(knobs: ControllerKnobs): ControllerKnobs {
  for (const [name, allowed] of Object.entries(CHOICES)) {
    const value = knobs[name as keyof ControllerKnobs];
    if (!allowed.includes(value as string)) throw new RangeError(`${name} must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`);
  }
  const atLeast = (name: 'RequestBufferSize' | 'MaxActiveTransactions' | 'RefreshMaxPostponed' | 'RefreshMaxPulledin', min: number) => {
    const v = knobs[name];
    if (!Number.isInteger(v) || v < min) throw new RangeError(`${name} must be an integer of at least ${min}, got ${JSON.stringify(v)}`);
  };
  atLeast('RequestBufferSize', 1);
  atLeast('MaxActiveTransactions', 1);
  atLeast('RefreshMaxPostponed', 0);
  atLeast('RefreshMaxPulledin', 0);
  return knobs;
}
