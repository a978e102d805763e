/**
 * The string form of a 16-byte GUID as Active Directory writes it, computed independently of the
 * code under test: the first three fields are little-endian numbers, the last two are bytes in order.
 */
export function guidString(bytes: Buffer): string {
  const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');
  return [
    hex(bytes.readUInt32LE(0), 8),
    hex(bytes.readUInt16LE(4), 4),
    hex(bytes.readUInt16LE(6), 4),
    bytes.subarray(8, 10).toString('hex'),
    bytes.subarray(10, 16).toString('hex'),
  ].join('-');
}
