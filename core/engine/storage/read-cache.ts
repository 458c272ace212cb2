interface Entry {
  /** The whole piece, when pieces are small enough to be read whole. */
  piece?: Uint8Array;
  /** Otherwise single blocks, by "begin:length". */
  blocks: Map<string, Uint8Array>;
  bytes: number;
}

/** A piece is read and kept whole only if this many of them fit in the cache. */
const PIECES_THAT_MUST_FIT = 8;

/**
 * Recently read pieces (or blocks of pieces too large to keep whole) for uploading, least
 * recently used first out. Peers ask for a piece block by block, often several peers for the
 * same rare piece, so one disk read can serve many requests. What it returns are copies: a
 * caller may keep or change them.
 */
export class ReadCache {
  private readonly entries = new Map<number, Entry>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  /** Whether a piece of this size should be read whole on a miss (and kept). */
  keepsWholePieces(pieceSize: number): boolean {
    return pieceSize * PIECES_THAT_MUST_FIT <= this.maxBytes;
  }

  get(piece: number, begin: number, length: number): Uint8Array | undefined {
    const entry = this.entries.get(piece);
    const found = entry?.piece?.subarray(begin, begin + length) ?? entry?.blocks.get(`${begin}:${length}`);
    if (entry === undefined || found === undefined) return undefined;
    this.entries.delete(piece);
    this.entries.set(piece, entry);
    return found.slice();
  }

  putPiece(piece: number, data: Uint8Array): void {
    this.drop(piece);
    this.add(piece, { piece: data, blocks: new Map(), bytes: data.length });
  }

  putBlock(piece: number, begin: number, data: Uint8Array): void {
    if (data.length > this.maxBytes) return;
    const entry = this.entries.get(piece) ?? { blocks: new Map(), bytes: 0 };
    const key = `${begin}:${data.length}`;
    this.entries.delete(piece);
    this.bytes -= entry.bytes;
    entry.bytes += data.length - (entry.blocks.get(key)?.length ?? 0);
    entry.blocks.set(key, data.slice());
    this.add(piece, entry);
  }

  /** Forgets a piece, e.g. because it is being written. */
  drop(piece: number): void {
    const entry = this.entries.get(piece);
    if (entry === undefined) return;
    this.entries.delete(piece);
    this.bytes -= entry.bytes;
  }

  clear(): void {
    this.entries.clear();
    this.bytes = 0;
  }

  private add(piece: number, entry: Entry): void {
    this.entries.set(piece, entry);
    this.bytes += entry.bytes;
    for (const [oldest, old] of this.entries) {
      if (this.bytes <= this.maxBytes) break;
      this.entries.delete(oldest);
      this.bytes -= old.bytes;
    }
  }
}
