// A plug-in design space written as a plain JavaScript module: a roofline model of an accelerator
// tile. Copy this file to start your own; `archdse describe ./roofline-space.mjs` shows what it declares.
//
// The technology numbers are options, not constants: the defaults below are illustrative
// placeholders, so set them from your own process and memory datasheets before trusting results.

export default {
  id: 'roofline-example',
  title: 'Roofline model of an accelerator tile (plug-in example)',
  description: 'Latency of one workload as max(compute time, off-chip traffic time); area of MACs and SRAM.',
  options: [
    { name: 'workloadGops', type: 'number', default: 4, description: 'operations of the workload (GOP)' },
    { name: 'workloadMB', type: 'number', default: 64, description: 'bytes the workload touches once (MB)' },
    { name: 'macAreaMm2', type: 'number', default: 0.002, description: 'area of one MAC unit (mm^2); illustrative, set your own' },
    { name: 'sramAreaMm2PerKB', type: 'number', default: 0.004, description: 'SRAM area per KB (mm^2); illustrative, set your own' },
  ],
  create(options) {
    return {
      id: 'roofline-example',
      title: 'Roofline model of an accelerator tile (plug-in example)',
      space: {
        parameters: [
          { name: 'macs', type: 'ordinal', values: [64, 128, 256, 512, 1024, 2048, 4096], description: 'MAC units' },
          { name: 'sram_kb', type: 'ordinal', values: [128, 256, 512, 1024, 2048, 4096], unit: 'KB' },
          { name: 'bandwidth_gbps', type: 'ordinal', values: [16, 32, 64, 128], unit: 'GB/s' },
          { name: 'clock_mhz', type: 'integer', min: 200, max: 1200, step: 100, unit: 'MHz' },
          { name: 'dataflow', type: 'categorical', values: ['weight-stationary', 'output-stationary'] },
        ],
        constraints: [
          // A constraint known before evaluation: the design is never simulated if it breaks it.
          { name: 'feed', reason: 'at most 4 MACs per byte/cycle of off-chip bandwidth can be kept busy', test: (p) => p.macs <= 4 * (p.bandwidth_gbps * 1000) / p.clock_mhz * 8 },
        ],
      },
      metrics: [
        { name: 'latency_us', unit: 'us', direction: 'min', description: 'time for the workload' },
        { name: 'area_mm2', unit: 'mm^2', direction: 'min', description: 'MACs plus SRAM' },
        { name: 'utilization', unit: '%', direction: 'max', description: 'share of peak compute used' },
      ],
      objectives: [
        { metric: 'latency_us', direction: 'min' },
        { metric: 'area_mm2', direction: 'min' },
      ],
      evaluate(p) {
        const peakGops = (2 * p.macs * p.clock_mhz) / 1000;
        // A larger SRAM keeps more of the working set on chip; output-stationary re-reads weights.
        const reuse = Math.min(1, (p.sram_kb / 1024) / options.workloadMB) || 0;
        const refetch = p.dataflow === 'output-stationary' ? 1.5 : 1;
        const trafficMB = options.workloadMB * refetch * (2 - reuse);
        const computeUs = (options.workloadGops / peakGops) * 1e6;
        const memoryUs = (trafficMB / 1000 / p.bandwidth_gbps) * 1e6;
        const latency = Math.max(computeUs, memoryUs);
        return {
          latency_us: latency,
          area_mm2: p.macs * options.macAreaMm2 + p.sram_kb * options.sramAreaMm2PerKB,
          utilization: (100 * computeUs) / latency,
        };
      },
    };
  },
};
