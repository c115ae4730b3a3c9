import { describe, expect, it } from 'vitest';
import {
  arrayAreaMm2,
  CostModelError,
  dramEnergyPjPerByte,
  horowitz45nm as P,
  layerEnergyPj,
  macAreaUm2,
  macEnergyPj,
  sramAccessEnergyPj,
  sramAreaMm2PerKB,
  sramSizeInCitedRange,
  sramWordEnergyPj,
  type LayerCounts,
} from '../../spaces/systolic/cost/index.js';

const buf = (sizeKB: number, reads: number, writes: number) => ({ sizeKB, reads, writes });

describe('horowitz45nm preset holds exactly the cited numbers', () => {
  it('arithmetic energy (pJ) and area (um^2), Horowitz ISSCC 2014, 45 nm', () => {
    const cited: Record<string, [number, number]> = {
      int8Add: [0.03, 36],
      int16Add: [0.05, 67],
      int32Add: [0.1, 137],
      fp16Add: [0.4, 1360],
      fp32Add: [0.9, 4184],
      int8Mult: [0.2, 282],
      int32Mult: [3.1, 3495],
      fp16Mult: [1.1, 1640],
      fp32Mult: [3.7, 7700],
    };
    expect(Object.keys(P.ops).sort()).toEqual(Object.keys(cited).sort());
    for (const [name, [energyPj, areaUm2]] of Object.entries(cited)) {
      const op = P.ops[name as keyof typeof P.ops];
      expect(op.energyPj, name).toBe(energyPj);
      expect(op.areaUm2, name).toBe(areaUm2);
    }
    expect(P.technologyNm).toBe(45);
    expect(P.supplyV).toBe(0.9);
  });

  it('SRAM 64-bit access 8 KB 10 pJ, 32 KB 20 pJ, 1 MB 100 pJ; DRAM 1.3-2.6 nJ per 64 bits', () => {
    expect(P.sramEnergy.accessBits).toBe(64);
    expect(P.sramEnergy.points).toEqual([
      { sizeKB: 8, energyPj: 10 },
      { sizeKB: 32, energyPj: 20 },
      { sizeKB: 1024, energyPj: 100 },
    ]);
    expect(P.dram).toEqual({
      accessBits: 64,
      energyPjPerAccessLow: 1300,
      energyPjPerAccessHigh: 2600,
      energyPjPerAccess: 1300,
    });
    expect(dramEnergyPjPerByte(P)).toBe(162.5);
  });

  it('SRAM area: 600 lambda^2 per bit cell at lambda = 45 nm (Greaves)', () => {
    expect(P.sramArea).toEqual({ bitcellAreaLambda2: 600, lambdaNm: 45 });
    // 600 * 0.045^2 um^2 = 1.215 um^2/bit; * 8192 bits = 9953.28 um^2/KB
    expect(sramAreaMm2PerKB(P)).toBeCloseTo(0.00995328, 12);
  });

  it('MACs: int8 = 8b mult + 32b add; fp16 and fp32 = mult + add of that width', () => {
    expect(macEnergyPj(P, 1)).toBeCloseTo(0.3, 12);
    expect(macAreaUm2(P, 1)).toBe(419);
    expect(macEnergyPj(P, 2)).toBeCloseTo(1.5, 12);
    expect(macAreaUm2(P, 2)).toBe(3000);
    expect(macEnergyPj(P, 4)).toBeCloseTo(4.6, 12);
    expect(macAreaUm2(P, 4)).toBe(11884);
  });
});

describe('SRAM access energy vs size', () => {
  it('hits every cited point exactly', () => {
    for (const { sizeKB, energyPj } of P.sramEnergy.points) {
      expect(sramAccessEnergyPj(P, sizeKB)).toBe(energyPj);
    }
  });

  it('is log-linear between points', () => {
    expect(sramAccessEnergyPj(P, 16)).toBeCloseTo(15, 12); // halfway in log2 between 8 and 32
    expect(sramAccessEnergyPj(P, 128)).toBeCloseTo(20 + (2 / 5) * 80, 12); // 2 of 5 doublings
  });

  it('is monotone non-decreasing over 1 KB .. 4 MB', () => {
    let prev = -Infinity;
    for (let kb = 1; kb <= 4096; kb *= 1.1) {
      const e = sramAccessEnergyPj(P, kb);
      expect(e).toBeGreaterThanOrEqual(prev);
      prev = e;
    }
  });

  it('clamps to the end points outside the cited range and says so', () => {
    expect(sramAccessEnergyPj(P, 0.5)).toBe(10);
    expect(sramAccessEnergyPj(P, 4096)).toBe(100);
    expect(sramSizeInCitedRange(P, 4)).toBe(false);
    expect(sramSizeInCitedRange(P, 8)).toBe(true);
    expect(sramSizeInCitedRange(P, 1024)).toBe(true);
    expect(sramSizeInCitedRange(P, 2048)).toBe(false);
    expect(() => sramAccessEnergyPj(P, 0)).toThrow(CostModelError);
  });

  it('scales linearly with word width (8 KB: 32-bit word = 5 pJ, as in Horowitz)', () => {
    expect(sramWordEnergyPj(P, 8, 4)).toBe(5);
    expect(sramWordEnergyPj(P, 8, 1)).toBe(1.25);
  });
});

describe('layerEnergyPj', () => {
  const base: LayerCounts = {
    macs: 1000,
    ifmap: buf(8, 100, 10),
    filter: buf(32, 50, 0),
    ofmap: buf(16, 0, 20),
    dramBytes: 64,
  };

  it('hand-computed int8 example', () => {
    // MAC: 1000 * (0.2 + 0.1) = 300
    // ifmap 8 KB: 110 words * 10 pJ * 8/64 = 137.5; filter 32 KB: 50 * 20/8 = 125;
    // ofmap 16 KB: 20 * 15/8 = 37.5; SRAM = 300; DRAM: 64 B * 1300/8 = 10400; total 11000
    const e = layerEnergyPj(base, P, 1);
    expect(e.macPj).toBeCloseTo(300, 9);
    expect(e.sramPjByBuffer.ifmap).toBeCloseTo(137.5, 9);
    expect(e.sramPjByBuffer.filter).toBeCloseTo(125, 9);
    expect(e.sramPjByBuffer.ofmap).toBeCloseTo(37.5, 9);
    expect(e.sramPj).toBeCloseTo(300, 9);
    expect(e.dramPj).toBeCloseTo(10400, 9);
    expect(e.totalPj).toBeCloseTo(11000, 9);
  });

  it('scales linearly with every count', () => {
    const e1 = layerEnergyPj(base, P, 2);
    const k = 7;
    const scaled: LayerCounts = {
      macs: base.macs * k,
      ifmap: buf(8, 100 * k, 10 * k),
      filter: buf(32, 50 * k, 0),
      ofmap: buf(16, 0, 20 * k),
      dramBytes: 64 * k,
    };
    const ek = layerEnergyPj(scaled, P, 2);
    expect(ek.macPj).toBeCloseTo(k * e1.macPj, 9);
    expect(ek.sramPj).toBeCloseTo(k * e1.sramPj, 9);
    expect(ek.dramPj).toBeCloseTo(k * e1.dramPj, 9);
    expect(ek.totalPj).toBeCloseTo(k * e1.totalPj, 9);
  });

  it('components are additive and independent', () => {
    const onlyMacs = layerEnergyPj(
      { macs: 10, ifmap: buf(0, 0, 0), filter: buf(0, 0, 0), ofmap: buf(0, 0, 0), dramBytes: 0 },
      P,
      4,
    );
    expect(onlyMacs).toEqual({
      macPj: 10 * macEnergyPj(P, 4),
      sramPj: 0,
      sramPjByBuffer: { ifmap: 0, filter: 0, ofmap: 0 },
      dramPj: 0,
      totalPj: 10 * macEnergyPj(P, 4),
    });
  });

  it('rejects negative counts and buffers accessed with zero size', () => {
    expect(() => layerEnergyPj({ ...base, macs: -1 }, P, 1)).toThrow(CostModelError);
    expect(() => layerEnergyPj({ ...base, dramBytes: NaN }, P, 1)).toThrow(CostModelError);
    expect(() => layerEnergyPj({ ...base, ifmap: buf(0, 1, 0) }, P, 1)).toThrow(CostModelError);
  });
});

describe('arrayAreaMm2', () => {
  const cfg = { rows: 16, cols: 16, ifmapKB: 8, filterKB: 8, ofmapKB: 16 };

  it('hand-computed 16x16 int8 example', () => {
    // PEs: 256 * 419 um^2 = 107264 um^2; SRAM: 32 KB * 0.00995328 mm^2/KB
    const a = arrayAreaMm2(cfg, P, 1);
    expect(a.peMm2).toBeCloseTo(0.107264, 12);
    expect(a.sramMm2).toBeCloseTo(0.31850496, 12);
    expect(a.totalMm2).toBeCloseTo(0.42576896, 12);
  });

  it('PE area is linear in rows * cols; SRAM area is linear in KB and independent of the array', () => {
    const a = arrayAreaMm2(cfg, P, 2);
    const b = arrayAreaMm2({ ...cfg, rows: 32, cols: 64 }, P, 2);
    expect(b.peMm2).toBeCloseTo(a.peMm2 * 8, 12);
    expect(b.sramMm2).toBe(a.sramMm2);
    const c = arrayAreaMm2({ ...cfg, ifmapKB: 24, filterKB: 24, ofmapKB: 48 }, P, 2);
    expect(c.sramMm2).toBeCloseTo(a.sramMm2 * 3, 12);
    expect(c.peMm2).toBe(a.peMm2);
  });

  it('rejects non-integer or empty arrays and negative sizes', () => {
    expect(() => arrayAreaMm2({ ...cfg, rows: 0 }, P, 1)).toThrow(CostModelError);
    expect(() => arrayAreaMm2({ ...cfg, cols: 2.5 }, P, 1)).toThrow(CostModelError);
    expect(() => arrayAreaMm2({ ...cfg, ofmapKB: -1 }, P, 1)).toThrow(CostModelError);
  });
});
