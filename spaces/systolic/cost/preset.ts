/**
 * Technology presets for the systolic-array energy and area model: every number is data, cited
 * beside it with its technology node and word width.
 *
 * References:
 * - [H14] M. Horowitz, "Computing's Energy Problem (and what we can do about it)", ISSCC 2014,
 *   keynote paper 1.1, energy/area table (45 nm CMOS, 0.9 V). The per-op table with areas is
 *   reproduced, with the same numbers, in Gholami et al., "A Survey of Quantization Methods for
 *   Efficient Neural Network Inference", 2021, Fig. 15 (citing Horowitz).
 * - [J17] N. P. Jouppi et al., "In-Datacenter Performance Analysis of a Tensor Processing Unit",
 *   ISCA 2017, Sec. 2: the 8-bit products are accumulated in 32-bit accumulators (4 MiB).
 * - [G12] D. J. Greaves, "System-on-Chip Design" lecture notes, University of Cambridge Computer
 *   Laboratory, 2011-12, slide "45nm SRAM Memory Area and Power Consumption": "area is about 600
 *   square lambda for an SRAM bit cell, where lambda is the feature size (45E-9)".
 */

/** Arithmetic operators whose energy and area [H14] gives at 45 nm. */
export type ArithOpName =
  | 'int8Add'
  | 'int16Add'
  | 'int32Add'
  | 'fp16Add'
  | 'fp32Add'
  | 'int8Mult'
  | 'int32Mult'
  | 'fp16Mult'
  | 'fp32Mult';

export interface ArithOp {
  /** Operand width in bits. */
  bits: number;
  kind: 'int' | 'fp';
  /** Dynamic energy per operation. */
  energyPj: number;
  /** Silicon area of one operator. */
  areaUm2: number;
}

/** A MAC = one multiplier feeding one accumulating adder. */
export interface MacSpec {
  multiplier: ArithOpName;
  accumulator: ArithOpName;
  /** Why this pairing (e.g. accumulator width source). */
  note: string;
}

/** Word widths the model accepts: 1 = int8, 2 = fp16, 4 = fp32. */
export type WordBytes = 1 | 2 | 4;

/** One cited SRAM access-energy point. */
export interface SramEnergyPoint {
  sizeKB: number;
  /** Energy of one `accessBits`-wide access. */
  energyPj: number;
}

export interface CostPreset {
  name: string;
  technologyNm: number;
  supplyV: number;
  ops: Readonly<Record<ArithOpName, ArithOp>>;
  /** MAC composition per word size; word sizes absent here are rejected. */
  macByWordBytes: Readonly<Partial<Record<WordBytes, MacSpec>>>;
  sramEnergy: {
    /** Width of the access the points are quoted for. */
    accessBits: number;
    /** Ascending in `sizeKB`, strictly increasing in both coordinates. */
    points: readonly SramEnergyPoint[];
  };
  dram: {
    accessBits: number;
    /** The cited range per access; `energyPjPerByte` is derived from the value chosen below. */
    energyPjPerAccessLow: number;
    energyPjPerAccessHigh: number;
    /** Chosen energy per access (see the preset for why). */
    energyPjPerAccess: number;
  };
  sramArea: {
    /** Bit-cell area in units of lambda^2 (lambda = feature size). */
    bitcellAreaLambda2: number;
    lambdaNm: number;
  };
}

/** 1 KB = 1024 bytes = 8192 bits throughout this model; 1 MB = 1024 KB. */
export const BITS_PER_KB = 8192;

/**
 * Horowitz ISSCC 2014, 45 nm CMOS at 0.9 V.
 *
 * SRAM area is not in [H14]; it comes from [G12]'s bit-cell rule of thumb at the same 45 nm node.
 * That counts the bit cells only (no decoders, sense amplifiers or wiring), so it is a lower
 * bound on macro area; it is the only per-KB 45 nm figure we could cite, hence taken as is.
 */
export const horowitz45nm: CostPreset = {
  name: 'horowitz45nm',
  technologyNm: 45, // [H14], 45 nm
  supplyV: 0.9, // [H14], 0.9 V
  ops: {
    int8Add: { bits: 8, kind: 'int', energyPj: 0.03, areaUm2: 36 }, // [H14] 8b Add: 0.03 pJ, 36 um^2
    int16Add: { bits: 16, kind: 'int', energyPj: 0.05, areaUm2: 67 }, // [H14] 16b Add: 0.05 pJ, 67 um^2
    int32Add: { bits: 32, kind: 'int', energyPj: 0.1, areaUm2: 137 }, // [H14] 32b Add: 0.1 pJ, 137 um^2
    fp16Add: { bits: 16, kind: 'fp', energyPj: 0.4, areaUm2: 1360 }, // [H14] 16b FP Add: 0.4 pJ, 1360 um^2
    fp32Add: { bits: 32, kind: 'fp', energyPj: 0.9, areaUm2: 4184 }, // [H14] 32b FP Add: 0.9 pJ, 4184 um^2
    int8Mult: { bits: 8, kind: 'int', energyPj: 0.2, areaUm2: 282 }, // [H14] 8b Mult: 0.2 pJ, 282 um^2
    int32Mult: { bits: 32, kind: 'int', energyPj: 3.1, areaUm2: 3495 }, // [H14] 32b Mult: 3.1 pJ, 3495 um^2
    fp16Mult: { bits: 16, kind: 'fp', energyPj: 1.1, areaUm2: 1640 }, // [H14] 16b FP Mult: 1.1 pJ, 1640 um^2
    fp32Mult: { bits: 32, kind: 'fp', energyPj: 3.7, areaUm2: 7700 }, // [H14] 32b FP Mult: 3.7 pJ, 7700 um^2
  },
  macByWordBytes: {
    1: {
      multiplier: 'int8Mult',
      accumulator: 'int32Add',
      note: 'int8 x int8 into a 32-bit accumulator, as TPU v1 does [J17 Sec. 2]',
    },
    2: {
      multiplier: 'fp16Mult',
      accumulator: 'fp16Add',
      note: 'fp16 multiply, fp16 accumulate ([H14] has no 16b int multiplier)',
    },
    4: { multiplier: 'fp32Mult', accumulator: 'fp32Add', note: 'fp32 multiply, fp32 accumulate' },
  },
  sramEnergy: {
    accessBits: 64, // [H14] cache figures are per 64-bit access
    points: [
      { sizeKB: 8, energyPj: 10 }, // [H14] 8 KB SRAM, 64b access: 10 pJ
      { sizeKB: 32, energyPj: 20 }, // [H14] 32 KB SRAM, 64b access: 20 pJ
      { sizeKB: 1024, energyPj: 100 }, // [H14] 1 MB SRAM, 64b access: 100 pJ
    ],
  },
  dram: {
    accessBits: 64, // [H14] DRAM per 64-bit access
    energyPjPerAccessLow: 1300, // [H14] 1.3 nJ
    energyPjPerAccessHigh: 2600, // [H14] 2.6 nJ
    // Low end taken: [H14]'s own per-op table lists "32b DRAM Read 640 pJ" = 160 pJ/B, which
    // agrees with 1300 pJ / 8 B = 162.5 pJ/B to within 2%, while the high end has no second source.
    energyPjPerAccess: 1300,
  },
  sramArea: {
    bitcellAreaLambda2: 600, // [G12] ~600 lambda^2 per SRAM bit cell
    lambdaNm: 45, // [G12] lambda = 45e-9 m
  },
};
