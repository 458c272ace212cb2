import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { concat, decodeWithSpans, encode } from '../../../core/protocol/bencode.js';
import { BencodeError, MetainfoError } from '../../../core/protocol/errors.js';
import { toHex } from '../../../core/protocol/hex.js';
import { metainfoFromInfoBytes, parseMetainfo } from '../../../core/protocol/metainfo.js';
import { hostileTorrents } from '../../fixtures/hostile.js';
import { ascii, digests, multiFile, orderedDict, PIECE_LENGTH, singleFile, TRACKER } from '../../fixtures/torrents.js';
import { thrownBy } from '../../helpers/thrown.js';

const sha1 = (bytes: Uint8Array) => new Uint8Array(createHash('sha1').update(bytes).digest());

/** The raw `info` value of a whole .torrent, or undefined when the torrent does not decode to one. */
function infoBytesOf(torrent: Uint8Array): Uint8Array | undefined {
  try {
    const span = decodeWithSpans(torrent).spans.get('info');
    return span && torrent.subarray(span[0], span[1]);
  } catch {
    return undefined;
  }
}

function errorOf(fn: () => unknown): { code: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    if (!(e instanceof MetainfoError || e instanceof BencodeError)) throw e;
    return { code: e.code, message: e.message };
  }
  return undefined;
}

describe('metainfoFromInfoBytes', () => {
  it('gives the Metainfo parseMetainfo gives, with a raw .torrent of the same infohash', () => {
    const torrent = multiFile();
    const expected = parseMetainfo(torrent);
    const infoBytes = infoBytesOf(torrent)!;
    const announce = [[TRACKER], ['udp://127.0.0.1:6969', 'ws://127.0.0.1:8000']];
    const urlList = ['http://127.0.0.1:8080/seed/'];
    const m = metainfoFromInfoBytes(infoBytes, expected.infoHashBytes, { announce, urlList });
    expect(m.infoHash).toBe(expected.infoHash);
    expect(m.infoHashBytes).toEqual(expected.infoHashBytes);
    expect(m.info).toEqual(expected.info);
    expect(m.announce).toEqual(announce);
    expect(m.urlList).toEqual(urlList);
    const again = parseMetainfo(m.raw);
    expect(again.infoHash).toBe(expected.infoHash);
    expect(again.announce).toEqual(announce);
    expect(again.urlList).toEqual(urlList);
    expect(again.info).toEqual(expected.info);
  });

  it('writes the info bytes verbatim, even with unsorted keys', () => {
    const info = orderedDict([
      ['pieces', encode(digests(2))],
      ['piece length', encode(PIECE_LENGTH)],
      ['name', encode('unsorted.bin')],
      ['length', encode(20000)],
    ]);
    const m = metainfoFromInfoBytes(info, sha1(info));
    expect(m.info.name).toBe('unsorted.bin');
    expect(m.raw).toEqual(concat([ascii('d4:info'), info, ascii('e')]));
    expect(parseMetainfo(m.raw).infoHash).toBe(toHex(sha1(info)));
    expect(m.announce).toEqual([]);
    expect(m.urlList).toEqual([]);
  });

  it('writes one tracker as announce alone, and drops empty URLs and tiers', () => {
    const info = infoBytesOf(singleFile())!;
    const m = metainfoFromInfoBytes(info, sha1(info), { announce: [[], ['', TRACKER]], urlList: ['', 'http://x/'] });
    expect(m.announce).toEqual([[TRACKER]]);
    expect(m.urlList).toEqual(['http://x/']);
    const text = new TextDecoder().decode(m.raw);
    expect(text.startsWith(`d8:announce${TRACKER.length}:${TRACKER}4:info`)).toBe(true);
    expect(text.endsWith('8:url-list9:http://x/e')).toBe(true);
    expect(text).not.toContain('announce-list');
  });

  it('refuses info bytes that do not hash to the expected infohash', () => {
    const info = infoBytesOf(singleFile())!;
    const wrong = new Uint8Array(20).fill(0xab);
    const error = thrownBy(() => metainfoFromInfoBytes(info, wrong), MetainfoError);
    expect(error.code).toBe('infohash-mismatch');
    expect(error.message).toBe(`the info dict hashes to ${toHex(sha1(info))}, not the expected ${'ab'.repeat(20)}`);
  });

  it('refuses bytes after the info dict, even when they hash right', () => {
    const info = concat([infoBytesOf(singleFile())!, ascii('8:announce3:bad')]);
    const error = thrownBy(() => metainfoFromInfoBytes(info, sha1(info)), BencodeError);
    expect(error.code).toBe('trailing-bytes');
  });

  it('applies the same limits as parseMetainfo', () => {
    const info = infoBytesOf(multiFile())!;
    const tooLarge = thrownBy(() => metainfoFromInfoBytes(info, sha1(info), {}, { maxBytes: 100 }), MetainfoError);
    expect([tooLarge.code, tooLarge.message]).toEqual([
      'too-large',
      `the info dict is ${info.length} bytes, over the cap of 100`,
    ]);
    const tooMany = thrownBy(() => metainfoFromInfoBytes(info, sha1(info), {}, { maxFiles: 1 }), MetainfoError);
    expect(tooMany.code).toBe(errorOf(() => parseMetainfo(multiFile(), { maxFiles: 1 }))!.code);
    const deep = ascii(`${'l'.repeat(100)}${'e'.repeat(100)}`);
    expect(thrownBy(() => metainfoFromInfoBytes(deep, sha1(deep)), BencodeError).code).toBe('too-deep');
  });

  const hostileInfos = hostileTorrents
    .filter((t) => t.code !== 'too-large')
    .map((t) => ({ t, info: infoBytesOf(t.bytes) }))
    .filter((x): x is { t: (typeof hostileTorrents)[number]; info: Uint8Array } => x.info !== undefined);

  it('covers most of the hostile corpus', () => {
    expect(hostileInfos.length).toBeGreaterThanOrEqual(40);
  });

  it.each(hostileInfos.map(({ t, info }) => [t.name, t.bytes, info] as const))(
    'refuses the hostile info dict "%s" as parseMetainfo does',
    (_name, torrent, info) => {
      const expected = errorOf(() => parseMetainfo(torrent));
      expect(expected).toBeDefined();
      expect(errorOf(() => metainfoFromInfoBytes(info, sha1(info)))).toEqual(expected);
    },
  );
});
