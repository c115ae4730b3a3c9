/**
 * Cited constants of the PIM environment: the GDDR6-AiM device PIM-GPT builds on, the per-operation
 * energies, and the two roofline baselines. Every number is cited beside it; where no source was
 * found the comment says so and the value is chosen conservatively (it makes PIM look worse).
 *
 * References:
 * - [L22] S. Lee et al., "A 1ynm 1.25V 8Gb, 16Gb/s/pin GDDR6-based Accelerator-in-Memory supporting
 *   1TFLOPS MAC Operation and Various Activation Functions for Deep-Learning Applications",
 *   ISSCC 2022, paper 11.3 (16 banks per channel in 4 bank groups, 2 KB rows, 16 BF16 multipliers
 *   per bank fed one 32 B column per MAC command at 1 GHz, 2 KB global buffer per channel,
 *   16 Gb/s/pin; 2 channels x 16 banks x 16 MACs x 1 GHz x 2 = 1 TFLOPS per chip).
 * - [K22] Y. Kwon et al., "System Architecture and Software Stack for GDDR6-AiM", Hot Chips 2022
 *   (all-bank MAC and activation commands; the AiM command timing at tCK 0.5 ns).
 * - [W23] Y. Wu, Z. Wang, W. D. Lu, "PIM-GPT: A Hybrid Process-in-Memory Accelerator for
 *   Autoregressive Transformers", arXiv 2310.09385, 2023 (8 channels x 16 banks, AiM timing:
 *   RCD for MAC 56, RP 32, RAS 54, RC 89, CCD 2, FAW 42, RFC 210, REFI 3333 cycles of 0.5 ns).
 * - [M18] Micron MT61K256M32 8Gb GDDR6 SGRAM data sheet (brief, rev. F 8/18), Table 3: 2 channels,
 *   16 banks (BA[3:0]), 16,384 rows (R[13:0]), 2 KB page per channel, x16 channel.
 * - [H14] M. Horowitz, ISSCC 2014 keynote energy/area table, 45 nm, 0.9 V (via the systolic
 *   environment's horowitz45nm preset).
 * - [G5] gem5 src/mem/DRAMInterface.py DDR4_2400_8x8 (Micron MT40A1G8 DDR4-2400 currents), via
 *   the dram environment's DDR4-2400 preset.
 * - [NV18] NVIDIA T4 Tensor Core GPU data sheet, 2018: 320 GB/s GDDR6, 65 TFLOPS mixed-precision
 *   FP16/FP32, 8.1 TFLOPS FP32, 70 W.
 * - [IN17] Intel ARK, Xeon Gold 6154: 18 cores, 3.00 GHz base, 6 memory channels of DDR4-2666,
 *   2 AVX-512 FMA units per core (Skylake-SP Gold 6100 series).
 * - [PCIE] PCI-SIG, PCI Express Base Specification 3.0: 8 GT/s per lane, 128b/130b encoding.
 */
import { DDR4_2400 } from '../dram/standards/ddr4.js';
import { horowitz45nm } from '../systolic/cost/index.js';

/** DRAM command timing in device clock cycles of `tCKns`. */
export interface PimTimingCycles {
  /** ACT to the first MAC column command. */
  rcdMac: number;
  rp: number;
  ras: number;
  rc: number;
  /** MAC column command to MAC column command. */
  ccd: number;
  /** Window holding at most `activationsPerFaw` activations of one channel. */
  faw: number;
  rfc: number;
  refi: number;
}

/** The fixed facts of the PIM part (what the design space does not vary). */
export interface PimPartPreset {
  name: string;
  tCKns: number;
  timing: PimTimingCycles;
  activationsPerFaw: number;
  bankGroupsPerChannel: number;
  rowsPerBank: number;
  columnBytes: number;
  /** Bytes of one matrix or vector element (BF16). */
  elementBytes: number;
  pinGbps: number;
  channelWidthBits: number;
  /** Host link of the ASIC, for the prompt tokens in and the generated token out. */
  hostLinkGBps: number;
}

export const GDDR6_AIM: PimPartPreset = {
  name: 'GDDR6-AiM (PIM-GPT configuration)',
  tCKns: 0.5, // [W23] timing table at tCK 0.5 ns (16 Gb/s/pin GDDR6 [L22])
  timing: {
    rcdMac: 56, // [W23] tRCD for MAC, cycles
    rp: 32, // [W23] tRP
    ras: 54, // [W23] tRAS
    rc: 89, // [W23] tRC
    ccd: 2, // [W23] tCCD: one 32 B column per ns, the 1 GHz MAC rate of [L22]
    faw: 42, // [W23] tFAW
    rfc: 210, // [W23] tRFC
    refi: 3333, // [W23] tREFI
  },
  activationsPerFaw: 4, // JEDEC rule tFAW counts four ACTs; [W23] applies it per channel
  bankGroupsPerChannel: 4, // [L22] 4 bank groups x 4 banks
  rowsPerBank: 16_384, // [M18] Table 3: R[13:0] per channel of an 8 Gb part
  columnBytes: 32, // [L22] one 32 B column (16 BF16) per MAC command
  elementBytes: 2, // [L22] BF16 operands
  pinGbps: 16, // [L22] 16 Gb/s/pin
  channelWidthBits: 16, // [M18] x16 channel
  hostLinkGBps: 15.75, // [PCIE] 3.0 x16: 16 lanes * 8 GT/s * 128/130 / 8 bits
};

/** Defaults of the design parameters: PIM-GPT's 8 x 16 system of [L22] parts. */
export const PIM_GPT_DEFAULTS = {
  channels: 8, // [W23] 8 channels
  banksPerChannel: 16, // [L22], [W23] 16 banks per channel
  macLanesPerBank: 16, // [L22] 16 BF16 multipliers per bank
  rowBytes: 2_048, // [L22] 2 KB row
  globalBufferBytes: 2_048, // [L22] 2 KB global buffer per channel
  pimClockMHz: 1_000, // [L22] processing units at 1 GHz
  asicClockMHz: 1_000, // [W23] ASIC at 1 GHz (its clock study goes down to 100 MHz)
  /**
   * Parallel arithmetic lanes of the ASIC (adders/multipliers working on vector elements at once).
   * No published lane count was found; 128 is our choice, documented in docs/models/pim.md.
   */
  asicLanes: 128,
} as const;

/**
 * Operations per element of the ASIC's non-linear functions (our op-count model, no source: each
 * count is the arithmetic of the textbook formula, an exponential or tanh counted as
 * `transcendentalOps` operations of a piecewise-polynomial unit).
 */
export const ASIC_OPS = {
  transcendentalOps: 4, // no source: a degree-3 polynomial per exponential/tanh, Horner form
  /** mean (1 add), variance (1 sub, 1 mul, 1 add), normalize (1 sub, 1 mul), affine (1 mul, 1 add). */
  layerNormPerElement: 8,
  /** max (1 compare), exp (transcendental), sum (1 add), scale (1 mul). */
  softmaxPerElement: 3,
  /** tanh form: x^3 (2 mul), 1 fma, 1 mul, tanh (transcendental), 1 add, 2 mul. */
  geluPerElement: 7,
} as const;

/** Per-operation energies (pJ) and the background power of one channel (mW). */
export interface PimEnergyPreset {
  name: string;
  activatePjPerKB: number;
  columnReadPjPerByte: number;
  columnWritePjPerByte: number;
  macPj: number;
  asicOpPj: number;
  offChipPjPerByte: number;
  refreshPjPerChannel: number;
  backgroundMwPerChannel: number;
}

const ddr4Vdd = DDR4_2400.powerRails[0]!;
const ddr4T = DDR4_2400.timingCycles;
const ddr4TckNs = DDR4_2400.tCKns;
/** One DDR4 x8 device opens a 1 KB page (1,024 columns x 8 bits) and moves 8 B per BL8 burst. */
const DDR4_PAGE_KB = 1;
const DDR4_BURST_BYTES = 8;

/**
 * DRAMPower's activation charge of one DDR4 device (IDD0 over tRC minus the standby currents), per
 * KB of the page it opens: [G5] currents, JEDEC DDR4-2400 timing. No GDDR6 or AiM per-command
 * energy was found; DDR4 core figures stand in.
 */
const activatePjPerKB = ((ddr4Vdd.idd0mA * ddr4T.RC - ddr4Vdd.idd3nmA * ddr4T.RAS - ddr4Vdd.idd2nmA * (ddr4T.RC - ddr4T.RAS)) * ddr4Vdd.voltageV * ddr4TckNs) / DDR4_PAGE_KB;
/** (IDD4R - IDD3N) over one burst, per byte of the burst ([G5] currents). */
const columnReadPjPerByte = ((ddr4Vdd.idd4rmA - ddr4Vdd.idd3nmA) * ddr4Vdd.voltageV * ddr4T.burstCycles * ddr4TckNs) / DDR4_BURST_BYTES;
const columnWritePjPerByte = ((ddr4Vdd.idd4wmA - ddr4Vdd.idd3nmA) * ddr4Vdd.voltageV * ddr4T.burstCycles * ddr4TckNs) / DDR4_BURST_BYTES;
/** A 2 KB-page channel is taken as two 1 KB-page DDR4 devices for standby and refresh current. */
const DEVICES_PER_CHANNEL = 2;

export const PIM_ENERGY: PimEnergyPreset = {
  name: 'DDR4 core currents [G5] + Horowitz 45 nm arithmetic [H14]',
  activatePjPerKB, // [G5] via DRAMPower's formula: about 419 pJ per KB opened
  // [G5] IDD4R includes the global data path to the pins, which an in-bank MAC does not use: an over-estimate.
  columnReadPjPerByte,
  columnWritePjPerByte, // [G5] IDD4W, as above
  // [H14] 16b FP mult 1.1 pJ + 16b FP add 0.4 pJ: a BF16 multiplier is smaller, so an over-estimate.
  macPj: horowitz45nm.ops.fp16Mult.energyPj + horowitz45nm.ops.fp16Add.energyPj,
  asicOpPj: horowitz45nm.ops.fp16Mult.energyPj, // [H14] every ASIC op priced as the dearer 16b FP multiply
  // [H14] 1.3 nJ per 64-bit off-chip DRAM access (the low end of 1.3-2.6 nJ), applied to every byte
  // crossing a channel: it includes a DRAM core access the GDDR6 link alone does not pay.
  offChipPjPerByte: horowitz45nm.dram.energyPjPerAccessLow / 8,
  // [G5] (IDD5 - IDD3N) for one tRFC of the AiM part, two device-equivalents per channel.
  refreshPjPerChannel: (ddr4Vdd.idd5mA - ddr4Vdd.idd3nmA) * ddr4Vdd.voltageV * GDDR6_AIM.timing.rfc * GDDR6_AIM.tCKns * DEVICES_PER_CHANNEL,
  // [G5] IDD3N (active standby) at VDD, two device-equivalents per channel: mA * V = mW.
  backgroundMwPerChannel: ddr4Vdd.idd3nmA * ddr4Vdd.voltageV * DEVICES_PER_CHANNEL,
};

/** Area of one BF16 MAC lane, for the cost proxy: [H14] 16b FP mult 1640 um^2 + 16b FP add 1360 um^2 at 45 nm. */
export const MAC_LANE_AREA_UM2 = horowitz45nm.ops.fp16Mult.areaUm2 + horowitz45nm.ops.fp16Add.areaUm2;

/** A roofline baseline: time = max(bytes / bandwidth, flops / peak). */
export interface RooflineBaseline {
  name: string;
  bandwidthGBps: number;
  peakGflops: number;
  /** Bytes per weight and cache element the baseline reads. */
  elementBytes: number;
  /** Board or package power, for an energy comparison at full power (TDP). */
  tdpW: number;
  source: string;
}

export const T4_BASELINE: RooflineBaseline = {
  name: 'NVIDIA T4',
  bandwidthGBps: 320, // [NV18] 320 GB/s GDDR6
  peakGflops: 65_000, // [NV18] 65 TFLOPS mixed-precision FP16
  elementBytes: 2, // FP16 weights: the fastest the T4 reads them (conservative for the speed-up)
  tdpW: 70, // [NV18] 70 W
  source: '[NV18]',
};

export const XEON_6154_BASELINE: RooflineBaseline = {
  name: 'Intel Xeon Gold 6154',
  bandwidthGBps: (6 * 2_666 * 8) / 1_000, // [IN17] 6 channels x DDR4-2666 x 8 B = 128 GB/s
  peakGflops: 18 * 3.0 * 2 * 16 * 2, // [IN17] 18 cores x 3.0 GHz x 2 FMA units x 16 FP32 lanes x 2 flops = 3,456 GFLOPS
  elementBytes: 2, // BF16 weights (conservative: FP32 would double the CPU time)
  tdpW: 200, // [IN17] TDP 200 W
  source: '[IN17]',
};
