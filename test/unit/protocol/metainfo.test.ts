import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { decode, decodeWithSpans, encode } from '../../../core/protocol/bencode.js';
import type { NewInfo } from '../../../core/protocol/metainfo.js';
import { encodeMetainfo, flattenAnnounce, MetainfoError, parseMetainfo } from '../../../core/protocol/metainfo.js';
import { digests, multiFile, orderedDict, withFiles } from '../../fixtures/torrents.js';

const text = (b: Uint8Array) => new TextDecoder().decode(b);
const sha1 = (b: Uint8Array) => createHash('sha1').update(b).digest('hex');

const multi: NewInfo = {
  name: 'album',
  pieceLength: 32768,
  pieces: digests(2),
  files: [
    { path: ['01.flac'], length: 40000 },
    { path: ['cover', 'front.jpg'], length: 0 },
    { path: ['cover', 'back.jpg'], length: 5000 },
  ],
  multiFile: true,
};

describe('parseMetainfo', () => {
  it('reads a multi-file torrent: files with offsets, totals, piece count', () => {
    const m = parseMetainfo(encodeMetainfo(multi, { announce: [['http://127.0.0.1:1/a']] }));
    expect(m.info).toMatchObject({ name: 'album', pieceLength: 32768, pieceCount: 2, length: 45000, multiFile: true });
    expect(m.info.files).toEqual([
      { path: ['01.flac'], length: 40000, offset: 0 },
      { path: ['cover', 'front.jpg'], length: 0, offset: 40000 },
      { path: ['cover', 'back.jpg'], length: 5000, offset: 40000 },
    ]);
    expect(m.announce).toEqual([['http://127.0.0.1:1/a']]);
    expect(m.info.private).toBe(false);
    expect(m.info.source).toBeUndefined();
  });

  it('hashes the raw info bytes, so a torrent with unsorted keys keeps its own infohash', () => {
    const info = orderedDict([
      ['pieces', encode(digests(1))],
      ['name', encode('x.bin')],
      ['piece length', encode(16384)],
      ['length', encode(10)],
    ]);
    const bytes = orderedDict([['info', info]]);
    const m = parseMetainfo(bytes);
    expect(m.infoHash).toBe(sha1(info));
    expect(m.infoHash).not.toBe(sha1(encode(decode(info))));
    expect(Buffer.from(m.infoHashBytes).toString('hex')).toBe(m.infoHash);
    expect(m.raw).toBe(bytes);
  });

  it('applies the caller limits instead of the defaults', () => {
    const bytes = multiFile();
    expect(() => parseMetainfo(bytes, { maxBytes: bytes.length - 1 })).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
    expect(() => parseMetainfo(bytes, { maxFiles: 1 })).toThrow(
      new MetainfoError('too-many-files', 'info "files" lists 2 files, over the cap of 1'),
    );
    expect(() => parseMetainfo(bytes, { maxDepth: 2 })).toThrow(expect.objectContaining({ code: 'too-deep' }));
    expect(parseMetainfo(bytes, { maxBytes: bytes.length }).info.name).toBe('base');
    const tooMany = withFiles([
      { length: 1, path: ['a'] },
      { length: 1, path: ['b'] },
    ]);
    expect(() => parseMetainfo(tooMany, { maxFiles: undefined, maxBytes: 10 })).toThrow(
      expect.objectContaining({ code: 'too-large' }),
    );
  });

  it('prefers path.utf-8 but still refuses an unsafe one', () => {
    const bytes = withFiles([{ length: 21000, path: ['ok.txt'], 'path.utf-8': ['..'] }]);
    expect(() => parseMetainfo(bytes)).toThrow(
      new MetainfoError('bad-path', 'info.files[0].path[0] ".." is a relative directory reference'),
    );
  });

  it('reads a private flag of any non-zero integer as private', () => {
    expect(parseMetainfo(multiFile({ private: 2 })).info.private).toBe(true);
  });
});

describe('encodeMetainfo', () => {
  it('writes the info dict with sorted keys, files as {length, path}, no private flag when public', () => {
    const bytes = encodeMetainfo(multi);
    const { spans } = decodeWithSpans(bytes);
    const [start, end] = spans.get('info')!;
    const info = text(bytes.subarray(start, end));
    expect(info.startsWith('d5:filesld6:lengthi40000e4:pathl7:01.flaceed6:lengthi0e4:pathl5:cover9:front.jpgee')).toBe(
      true,
    );
    expect(info).toMatch(/e4:name5:album12:piece lengthi32768e6:pieces40:[\s\S]{40}e$/);
    expect(info).not.toContain('private');
  });

  it('writes private as i1e and source only when given', () => {
    const m = parseMetainfo(encodeMetainfo({ ...multi, private: true, source: 'SHOAL' }));
    expect(m.info.private).toBe(true);
    expect(m.info.source).toBe('SHOAL');
    expect(text(m.raw)).toContain('7:privatei1e6:source5:SHOAL');
  });

  it('writes a single-file torrent with length instead of files', () => {
    const single: NewInfo = {
      name: 'a.iso',
      pieceLength: 16384,
      pieces: digests(1),
      files: [{ path: ['a.iso'], length: 9 }],
      multiFile: false,
    };
    const m = parseMetainfo(encodeMetainfo(single));
    expect(m.info.multiFile).toBe(false);
    expect(m.info.files).toEqual([{ path: ['a.iso'], length: 9, offset: 0 }]);
    expect(text(m.raw)).not.toContain('5:files');
  });

  it('writes announce-list only when there is more than one tracker, as mktorrent does', () => {
    const one = decode(encodeMetainfo(multi, { announce: [['http://127.0.0.1:1/a']] })) as Map<string, unknown>;
    expect(one.has('announce-list')).toBe(false);
    const tiers = [['http://127.0.0.1:1/a', 'http://127.0.0.1:2/b'], [], ['http://127.0.0.1:3/c']];
    const m = parseMetainfo(encodeMetainfo(multi, { announce: tiers }));
    expect(m.announce).toEqual([tiers[0], tiers[2]]);
    expect(text(m.raw)).toContain('8:announce20:http://127.0.0.1:1/a');
  });

  it('writes one web seed as a string and several as a list, with the other fields', () => {
    const one = encodeMetainfo(multi, {
      urlList: ['http://127.0.0.1:8/w/'],
      comment: 'hi',
      createdBy: 'shoal',
      creationDate: 5,
    });
    expect(text(one)).toContain('8:url-list21:http://127.0.0.1:8/w/');
    const m = parseMetainfo(one);
    expect(m).toMatchObject({ urlList: ['http://127.0.0.1:8/w/'], comment: 'hi', createdBy: 'shoal', creationDate: 5 });
    const two = parseMetainfo(encodeMetainfo(multi, { urlList: ['http://127.0.0.1:8/a', 'http://127.0.0.1:8/b'] }));
    expect(two.urlList).toEqual(['http://127.0.0.1:8/a', 'http://127.0.0.1:8/b']);
  });

  it('refuses to write a torrent it would not load', () => {
    const evil = { ...multi, files: [{ path: ['..', 'x'], length: 45000 }] };
    expect(() => encodeMetainfo(evil)).toThrow(
      new MetainfoError('bad-path', 'info.files[0].path[0] ".." is a relative directory reference'),
    );
    expect(() => encodeMetainfo({ ...multi, pieces: digests(3) })).toThrow(
      expect.objectContaining({ code: 'pieces-mismatch' }),
    );
  });
});

describe('flattenAnnounce', () => {
  it('lists every tracker once in tier order', () => {
    expect(flattenAnnounce([['a', 'b'], [], ['b', 'c'], ['a']])).toEqual(['a', 'b', 'c']);
  });
});
