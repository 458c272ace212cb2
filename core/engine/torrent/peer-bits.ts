/**
 * A peer's pieces in the wire form of a bitfield (piece 0 is the high bit of byte 0), kept as raw
 * bytes so that walking the pieces a sparse peer has skips eight absent pieces per zero byte.
 */
export function holds(bits: Uint8Array, index: number): boolean {
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

export function setHeld(bits: Uint8Array, index: number): void {
  bits[index >> 3]! |= 0x80 >> (index & 7);
}

/** Calls `visit` with every piece the bits hold, in index order. */
export function forEachHeld(bits: Uint8Array, visit: (index: number) => void): void {
  for (let byte = 0; byte < bits.length; byte++) {
    const value = bits[byte]!;
    if (value === 0) continue;
    for (let bit = 0; bit < 8; bit++) if ((value & (0x80 >> bit)) !== 0) visit(byte * 8 + bit);
  }
}
