/**
 * Power-down (PowerDownPolicy Staggered, after DRAMSys's staggered power-down manager): each rank
 * sleeps on its own, as soon as it is idle, so ranks power down and wake at different times.
 *
 * - A rank enters power-down when it has no queued request, refresh has nothing to issue for it,
 *   and its last command has finished: ACT or PRE one cycle on, READ RL + burst + 1 (tRDPDEN),
 *   WRITE WL + burst + WR (tWRPDEN), an auto-precharge once its bank has closed, REFRESH after
 *   RFC. It is an active power-down if a row is open then, a precharge power-down otherwise.
 * - It wakes when a request for it is accepted or a refresh falls due; the wake-up happens no
 *   sooner than CKE cycles after entry, and the next command waits XP cycles after it (fast exit).
 * - While down, the rank draws IDD3P (active) or IDD2P (precharge) instead of IDD3N / IDD2N.
 * Self-refresh is not entered.
 */
import type { DramStandard } from '../standards/index.js';
import type { TimingChecker } from './timing.js';

export class PowerDownManager {
  private readonly down: Uint8Array;
  private readonly entered: Float64Array;
  private readonly activeDown: Uint8Array;
  /** Cycle at which the rank's last command has finished. */
  private readonly quietAt: Float64Array;
  private readonly activeDownCycles: Float64Array;
  private readonly prechargeDownCycles: Float64Array;
  private readonly exitCycles: number;
  private readonly minimumCycles: number;

  constructor(
    readonly enabled: boolean,
    standard: DramStandard,
    private readonly checker: TimingChecker,
  ) {
    const ranks = checker.ranks;
    this.down = new Uint8Array(ranks);
    this.entered = new Float64Array(ranks);
    this.activeDown = new Uint8Array(ranks);
    this.quietAt = new Float64Array(ranks);
    this.activeDownCycles = new Float64Array(ranks);
    this.prechargeDownCycles = new Float64Array(ranks);
    this.exitCycles = standard.timingCycles.XP;
    this.minimumCycles = standard.timingCycles.CKE;
  }

  /** The rank stays busy until `cycle` (a command's effect ends then). */
  busyUntil(rank: number, cycle: number): void {
    if (cycle > this.quietAt[rank]) this.quietAt[rank] = cycle;
  }

  isDown(rank: number): boolean {
    return this.down[rank] === 1;
  }

  /** The cycle at which an idle, awake `rank` may power down. */
  entryCycle(rank: number, now: number): number {
    return this.quietAt[rank] > now ? this.quietAt[rank] : now;
  }

  enter(rank: number, at: number, anyBankOpen: boolean): void {
    this.down[rank] = 1;
    this.entered[rank] = at;
    this.activeDown[rank] = anyBankOpen ? 1 : 0;
  }

  /** Wakes `rank` at `now` (or CKE after entry, if later); its next command waits XP more. Returns the exit cycle. */
  wake(rank: number, now: number): number {
    const exit = Math.max(now, this.entered[rank] + this.minimumCycles);
    this.account(rank, exit);
    this.down[rank] = 0;
    this.checker.holdRank(rank, exit + this.exitCycles);
    return exit;
  }

  private account(rank: number, until: number): void {
    const cycles = Math.max(0, until - this.entered[rank]);
    if (this.activeDown[rank]) this.activeDownCycles[rank] += cycles;
    else this.prechargeDownCycles[rank] += cycles;
  }

  /** Power-down cycles of `rank` up to `end` (the end of the run), active and precharge. */
  cyclesOf(rank: number, end: number): { active: number; precharge: number } {
    let active = this.activeDownCycles[rank];
    let precharge = this.prechargeDownCycles[rank];
    if (this.down[rank] && end > this.entered[rank]) {
      if (this.activeDown[rank]) active += end - this.entered[rank];
      else precharge += end - this.entered[rank];
    }
    return { active, precharge };
  }
}
