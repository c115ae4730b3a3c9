/**
 * Typed arrays in snapshots as base64 text: exact (the bits are kept), and a fraction of the size of
 * JSON number lists, which matters because an agent snapshot is journaled every batch.
 */
type Typed = Float32Array | Float64Array | Int32Array;
type TypedConstructor<T extends Typed> = { new (length: number): T; readonly BYTES_PER_ELEMENT: number };

export function encodeArray(values: Typed): string {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength).toString('base64');
}

/** Decodes `text` into a new array of `kind`; `length` (when given) is checked. */
export function decodeArray<T extends Typed>(kind: TypedConstructor<T>, text: unknown, where: string, length?: number): T {
  if (typeof text !== 'string') throw new Error(`${where}: expected base64 text, got ${typeof text}`);
  const bytes = Buffer.from(text, 'base64');
  const count = bytes.length / kind.BYTES_PER_ELEMENT;
  if (!Number.isInteger(count) || (length !== undefined && count !== length)) {
    throw new Error(`${where}: expected ${length ?? 'a whole number of'} values, got ${bytes.length} bytes`);
  }
  const values = new kind(count);
  new Uint8Array(values.buffer).set(bytes);
  return values;
}
