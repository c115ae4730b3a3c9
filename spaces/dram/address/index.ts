/** Address mappings: named and custom bit layouts, and a fast allocation-free decoder. */
export {
  AddressMappingError,
  NAMED_MAPPINGS,
  buildLayout,
  describeLayout,
  mappingNames,
  parseMappingOrder,
  type AddressField,
  type AddressLayout,
  type BitSegment,
} from './layout.js';
export { AddressMapper, AddressRangeError, DecodedAddress, createAddressMapper, type AddressFields } from './mapper.js';
