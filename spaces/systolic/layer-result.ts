/**
 * What the systolic model reports for one layer of a network: the figures of SCALE-Sim v2's three
 * report files (COMPUTE_REPORT, BANDWIDTH_REPORT, DETAILED_ACCESS_REPORT) plus archdse's energy.
 * Counts are whole-layer totals (a depthwise layer's sub-layers summed), in words.
 */
export interface SystolicLayerResult {
  /** 0-based position in the network, as v2's LayerID. */
  layerId: number;
  name: string;
  /** Identical GEMMs the layer lowers to (channels of a depthwise layer, else 1). */
  subLayers: number;
  /** GEMM of one sub-layer: (M x K) * (K x N). */
  m: number;
  n: number;
  k: number;
  macs: number;
  /** Cycles including stalls. */
  totalCycles: number;
  stallCycles: number;
  stallFreeCycles: number;
  /** macs / (totalCycles * R * C), in %. */
  overallUtilPct: number;
  mappingEfficiencyPct: number;
  /** v2's compute utilization (busy PEs over fold cycles), in %. */
  computeUtilPct: number;
  /** SRAM accesses made by the array (v2's SRAM reads/writes). */
  sramIfmapReads: number;
  sramFilterReads: number;
  sramOfmapWrites: number;
  /** DRAM transfers of each buffer. */
  dramIfmapReads: number;
  dramFilterReads: number;
  dramOfmapWrites: number;
  /** Dynamic energy of the layer (cost preset), pJ. */
  energyPj: number;
}
