export { parseTopology, TopologyError, type ConvLayer, type GemmLayer, type Layer } from './topology.js';
export {
  parseScaleSimConfig,
  ConfigError,
  type Dataflow,
  type InterfaceBandwidth,
  type ScaleSimConfig,
} from './config.js';
