export * from './types.js';
export { convOutputDims, convOutputSize, isGemmLayer, lowerLayer } from './lowering.js';
export { DATAFLOW_MODELS, simulateGemm, simulateLayer } from './compute.js';
export { outputStationary } from './os.js';
export { weightStationary } from './ws.js';
export { inputStationary } from './is.js';
