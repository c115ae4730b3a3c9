/** Design spaces: definitions, validated parameters, and the Space that encodes and samples points. */
export * from './types.js';
export { createSpace, DesignSpace, MAX_SAMPLING_TRIES } from './space.js';
export {
  CategoricalParameter,
  IntegerParameter,
  OrdinalParameter,
  RealParameter,
  SpaceParameter,
  PARAMETER_NAME_PATTERN,
  MAX_LISTED_INTEGER_VALUES,
  formatValue,
  formatValueList,
  parseNumberText,
} from './parameter.js';
