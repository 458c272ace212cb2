import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BencodeError, MetainfoError } from '../../../core/protocol/errors.js';
import type { Metainfo, MetainfoFields, NewInfo } from '../../../core/protocol/metainfo.js';
import { encodeMetainfo, flattenAnnounce, parseMetainfo } from '../../../core/protocol/metainfo.js';
import { unsafeElementReason } from '../../../core/protocol/metainfo-paths.js';
import { hostileTorrents, unusualButValid } from '../../fixtures/hostile.js';

/** Folder names have no dot and file names always do, so generated paths never collide. */
const folder = fc.stringMatching(/^[A-Za-z][A-Za-z _]{0,11}[A-Za-z]$/);
const stem = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 _()-]{0,15}$/);
const name = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,30}[A-Za-z0-9]$/);
const url = fc.integer({ min: 1, max: 65535 }).map((port) => `http://127.0.0.1:${port}/announce`);

const files = fc
  .array(fc.record({ dirs: fc.array(folder, { maxLength: 3 }), stem, length: fc.nat({ max: 200_000 }) }), {
    minLength: 1,
    maxLength: 12,
  })
  .map((list) => list.map((f, i) => ({ path: [...f.dirs, `${f.stem}-${i}.bin`], length: f.length })))
  .filter((list) => list.some((f) => f.length > 0));

const newInfo = fc
  .record({
    name,
    pieceLength: fc.integer({ min: 1024, max: 1 << 22 }),
    files,
    multiFile: fc.boolean(),
    private: fc.boolean(),
    source: fc.option(stem, { nil: undefined }),
  })
  .map((r): NewInfo => {
    const list = r.multiFile ? r.files : [{ path: [r.name], length: r.files.reduce((s, f) => s + f.length, 0) }];
    const total = list.reduce((s, f) => s + f.length, 0);
    const pieces = Uint8Array.from({ length: Math.ceil(total / r.pieceLength) * 20 }, (_, i) => (i * 31) & 0xff);
    const { source, ...rest } = r;
    return { ...rest, files: list, pieces, ...(source === undefined ? {} : { source }) };
  });

const fields: fc.Arbitrary<MetainfoFields> = fc.record(
  {
    announce: fc.array(fc.array(url, { maxLength: 3 }), { maxLength: 3 }),
    urlList: fc.array(url, { maxLength: 3 }),
    comment: fc.string({ unit: 'grapheme', maxLength: 40 }),
    createdBy: fc.string({ unit: 'grapheme', maxLength: 20 }),
    creationDate: fc.nat(),
  },
  { requiredKeys: [] },
);

function expectedTiers(tiers: string[][] = []): string[][] {
  const all = flattenAnnounce(tiers);
  return all.length > 1 ? tiers.filter((t) => t.length > 0) : all.map((u) => [u]);
}

function infoOf(m: Metainfo): NewInfo {
  const { name, pieceLength, pieces, multiFile, files, source } = m.info;
  return {
    name,
    pieceLength,
    pieces,
    multiFile,
    private: m.info.private,
    files: files.map((f) => ({ path: f.path, length: f.length })),
    ...(source === undefined ? {} : { source }),
  };
}

describe('metainfo properties', () => {
  it('encode → parse round-trips every field, and re-encoding gives the same bytes', () => {
    fc.assert(
      fc.property(newInfo, fields, (info, extra) => {
        const bytes = encodeMetainfo(info, extra);
        const m = parseMetainfo(bytes);
        expect(infoOf(m)).toEqual(info);
        expect(m.announce).toEqual(expectedTiers(extra.announce));
        expect(m.urlList).toEqual(extra.urlList ?? []);
        expect([m.comment, m.createdBy, m.creationDate]).toEqual([extra.comment, extra.createdBy, extra.creationDate]);
        expect(m.info.length).toBe(info.files.reduce((s, f) => s + f.length, 0));
        const { announce, urlList, comment, createdBy, creationDate } = m;
        const again = encodeMetainfo(infoOf(m), { announce, urlList, comment, createdBy, creationDate });
        expect(Buffer.from(again).equals(Buffer.from(bytes))).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  const seeds = [
    ...unusualButValid.map((t) => t.bytes),
    ...hostileTorrents.filter((t) => t.bytes.length < 4096).map((t) => t.bytes),
  ];
  const mutation = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bits: fc.integer({ min: 1, max: 255 }) }),
    fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 8 }) }),
    fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
    fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), byte: fc.integer({ min: 0x30, max: 0x39 }) }),
  );
  type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

  function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
    const at = bytes.length === 0 ? 0 : m.at % bytes.length;
    const b = Buffer.from(bytes);
    if (m.kind === 'flip') b[at] = b[at]! ^ m.bits;
    if (m.kind === 'digit') b[at] = m.byte;
    if (m.kind === 'insert') return Buffer.concat([b.subarray(0, at), Buffer.from([m.byte]), b.subarray(at)]);
    if (m.kind === 'delete') return Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
    if (m.kind === 'truncate') return b.subarray(0, at);
    return b;
  }

  it('random mutations of valid torrents give a valid torrent or a typed error, never a crash', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(mutation, { minLength: 1, maxLength: 4 }), (seed, steps) => {
        const bytes = steps.reduce(mutate, seed);
        let m: Metainfo;
        try {
          m = parseMetainfo(bytes);
        } catch (e) {
          expect(e instanceof MetainfoError || e instanceof BencodeError, String(e)).toBe(true);
          return;
        }
        // Whatever loads must satisfy every rule the parser promises.
        expect(m.info.files.length).toBeGreaterThan(0);
        expect(m.info.pieceCount).toBe(Math.ceil(m.info.length / m.info.pieceLength));
        for (const element of [m.info.name, ...m.info.files.flatMap((f) => f.path)]) {
          expect(unsafeElementReason(element)).toBeUndefined();
        }
      }),
      { numRuns: 3000 },
    );
  });
});
