export * from './types.js';
export { convOutputDims, convOutputSize, isGemmLayer, lowerLayer } from './lowering.js';
export { DATAFLOW_MODELS, newSubLayerCompute, simulateGemm, simulateLayer, subLayerComputeInto, subLayerComputeUtilization, type Folds, type SubLayerCompute } from './compute.js';
export { osCyclesPerFold, osMappingInto, osSramInto, outputStationary } from './os.js';
export { wsCyclesPerFold, wsMappingInto, wsSramInto, weightStationary } from './ws.js';
export { isCyclesPerFold, isMappingInto, isSramInto, inputStationary } from './is.js';
