/**
 * DRAM energy from command counts and standby time, the current-based model of Micron's DDR power
 * note (TN-41-01) and DRAMPower (Chandrasekar et al., DATE 2013), per rank and summed over the
 * standard's supply rails:
 *
 *   E = sum over rails of V * devicesPerRank * tCK * [ IDD3N * activeCycles + IDD2N * prechargedCycles
 *        (IDD3P and IDD2P for the cycles in active and precharge power-down)
 *        + (IDD0 * RC - IDD3N * RAS - IDD2N * (RC - RAS)) * nACT
 *        + (IDD4R - IDD3N) * BL * nRD + (IDD4W - IDD3N) * BL * nWR
 *        + (IDD5 - IDD3N) * RFC * nREF + (IDD5 - IDD3N) * RFCpb * nREFpb / banksPerRank ]
 *
 * with cycles of the memory clock and BL the burst cycles. IDD0 is measured cycling ACT-PRE at tRC
 * with one bank, so an ACT/PRE pair costs IDD0 * RC minus the standby current already counted for
 * those cycles (IDD3N while the row is open for RAS, IDD2N for the rest). For a device with
 * IDD2N = IDD3N (the study's DDR3) this is (IDD0 - IDD3N) * RC per ACT. A per-bank refresh is
 * taken to draw the all-bank refresh current over one bank's share. mA * V * ns = pJ.
 */
import type { DramStandard } from '../standards/index.js';

export interface CommandCounts {
  activates: number;
  precharges: number;
  reads: number;
  writes: number;
  refreshes: number;
  perBankRefreshes: number;
}

export interface RankActivity extends CommandCounts {
  /** Cycles with at least one bank of the rank open (power-down included). */
  activeCycles: number;
  /** Cycles with every bank of the rank precharged (power-down included). */
  prechargedCycles: number;
  /** Of those, cycles in active and in precharge power-down. */
  activePowerDownCycles: number;
  prechargePowerDownCycles: number;
}

/** Energy of one rank in pJ. */
export function rankEnergyPj(standard: DramStandard, a: RankActivity): number {
  const t = standard.timingCycles;
  const o = standard.organization;
  const banksPerRank = o.bankGroups * o.banksPerGroup;
  // The exact period of the clock, as every time figure of the controller uses it.
  const tckNs = 1000 / standard.clockMHz;
  let chargeMaCycles = 0;
  let energyPj = 0;
  for (const rail of standard.powerRails) {
    chargeMaCycles =
      rail.idd3nmA * (a.activeCycles - a.activePowerDownCycles) +
      rail.idd3pmA * a.activePowerDownCycles +
      rail.idd2nmA * (a.prechargedCycles - a.prechargePowerDownCycles) +
      rail.idd2pmA * a.prechargePowerDownCycles +
      (rail.idd0mA * t.RC - rail.idd3nmA * t.RAS - rail.idd2nmA * (t.RC - t.RAS)) * a.activates +
      (rail.idd4rmA - rail.idd3nmA) * t.burstCycles * a.reads +
      (rail.idd4wmA - rail.idd3nmA) * t.burstCycles * a.writes +
      (rail.idd5mA - rail.idd3nmA) * t.RFC * a.refreshes +
      ((rail.idd5mA - rail.idd3nmA) * (t.RFCpb ?? t.RFC) * a.perBankRefreshes) / banksPerRank;
    energyPj += rail.voltageV * o.devicesPerRank * tckNs * chargeMaCycles;
  }
  return energyPj;
}
