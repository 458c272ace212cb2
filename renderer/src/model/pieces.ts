/** A torrent's bitfield (BEP 3: high bit first) as the piece map draws it. */

export function hasPiece(have: Uint8Array, index: number): boolean {
  const byte = have[index >> 3] ?? 0;
  return (byte & (0x80 >> (index & 7))) !== 0;
}

export function countPieces(have: Uint8Array, count: number): number {
  let n = 0;
  for (let i = 0; i < count; i++) if (hasPiece(have, i)) n++;
  return n;
}

/**
 * The share of pieces present in each of `bins` equal runs of pieces (fewer bins when there are
 * fewer pieces): what one column of the piece map shows.
 */
export function pieceBins(have: Uint8Array, count: number, bins: number): Float32Array {
  const n = Math.max(0, Math.min(count, Math.floor(bins)));
  const out = new Float32Array(n);
  for (let bin = 0; bin < n; bin++) {
    const start = Math.floor((bin * count) / n);
    const end = Math.floor(((bin + 1) * count) / n);
    let present = 0;
    for (let i = start; i < end; i++) if (hasPiece(have, i)) present++;
    out[bin] = present / (end - start);
  }
  return out;
}
