import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, PieceGeometry } from '../../../core/protocol/pieces.js';
import type { TorrentFile } from '../../../core/protocol/metainfo.js';

function layout(lengths: number[]): TorrentFile[] {
  let offset = 0;
  return lengths.map((length, i) => {
    const file = { path: [`f${i}`], length, offset };
    offset += length;
    return file;
  });
}

function geometry(pieceLength: number, lengths: number[]): PieceGeometry {
  const files = layout(lengths);
  return new PieceGeometry({ pieceLength, files, length: lengths.reduce((a, b) => a + b, 0) });
}

describe('PieceGeometry', () => {
  it('makes the last piece short and splits pieces into 16 KiB blocks with a short last block', () => {
    const g = geometry(65536, [150_000]);
    expect(g.pieceCount).toBe(3);
    expect([0, 1, 2].map((i) => g.pieceSize(i))).toEqual([65536, 65536, 18928]);
    expect(g.blockCount(0)).toBe(4);
    expect(g.blockCount(2)).toBe(2);
    expect(g.block(0, 3)).toEqual({ begin: 49152, length: BLOCK_SIZE });
    expect(g.block(2, 1)).toEqual({ begin: 16384, length: 2544 });
  });

  it('handles an exact multiple: no short piece', () => {
    const g = geometry(16384, [32768]);
    expect(g.pieceCount).toBe(2);
    expect(g.pieceSize(1)).toBe(16384);
  });

  it('maps a piece that runs across file boundaries, skipping zero-length files', () => {
    const g = geometry(1000, [300, 0, 500, 0, 0, 1700]);
    expect(g.spans(0, 0, 1000)).toEqual([
      { fileIndex: 0, fileOffset: 0, length: 300 },
      { fileIndex: 2, fileOffset: 0, length: 500 },
      { fileIndex: 5, fileOffset: 0, length: 200 },
    ]);
    expect(g.spans(1, 0, 1000)).toEqual([{ fileIndex: 5, fileOffset: 200, length: 1000 }]);
    expect(g.spans(2, 400, 100)).toEqual([{ fileIndex: 5, fileOffset: 1600, length: 100 }]);
    expect(g.spans(0, 250, 100)).toEqual([
      { fileIndex: 0, fileOffset: 250, length: 50 },
      { fileIndex: 2, fileOffset: 0, length: 50 },
    ]);
    expect(g.spans(0, 0, 0)).toEqual([]);
  });

  it('finds the pieces of each file; null for a zero-length file', () => {
    const g = geometry(1000, [300, 0, 500, 1700]);
    expect(g.pieceRangeOfFile(0)).toEqual({ first: 0, last: 0 });
    expect(g.pieceRangeOfFile(1)).toBeNull();
    expect(g.pieceRangeOfFile(2)).toEqual({ first: 0, last: 0 });
    expect(g.pieceRangeOfFile(3)).toEqual({ first: 0, last: 2 });
  });

  it('a file ending exactly on a piece boundary does not reach into the next piece', () => {
    const g = geometry(1000, [1000, 1]);
    expect(g.pieceRangeOfFile(0)).toEqual({ first: 0, last: 0 });
    expect(g.pieceRangeOfFile(1)).toEqual({ first: 1, last: 1 });
  });

  it('covers every byte exactly once over all pieces and blocks', () => {
    const lengths = [0, 5, 70_000, 0, 1, 16384, 99_999];
    const g = geometry(32768, lengths);
    const seen = lengths.map(() => 0);
    for (let p = 0; p < g.pieceCount; p++) {
      for (let b = 0; b < g.blockCount(p); b++) {
        const { begin, length } = g.block(p, b);
        for (const span of g.spans(p, begin, length)) seen[span.fileIndex]! += span.length;
      }
    }
    expect(seen).toEqual(lengths);
  });

  it.each([
    ['piece past the end', (g: PieceGeometry) => g.pieceSize(3)],
    ['negative piece', (g: PieceGeometry) => g.pieceSize(-1)],
    ['fractional piece', (g: PieceGeometry) => g.pieceSize(0.5)],
    ['block past the end', (g: PieceGeometry) => g.block(2, 2)],
    ['span past the piece end', (g: PieceGeometry) => g.spans(2, 18000, 1000)],
    ['negative span start', (g: PieceGeometry) => g.spans(0, -1, 10)],
  ])('refuses a %s with out-of-range', (_name, call) => {
    expect(() => call(geometry(65536, [150_000]))).toThrow(expect.objectContaining({ code: 'out-of-range' }));
  });

  it('refuses a non-positive piece length', () => {
    expect(() => geometry(0, [10])).toThrow(expect.objectContaining({ code: 'bad-piece-length' }));
  });
});
