import { describe, expect, it } from 'vitest';
import { fromHex, toBase32 } from '../../../core/protocol/hex.js';
import { formatMagnet, MagnetError, magnetFromMetainfo, parseMagnet } from '../../../core/protocol/magnet.js';
import { parseMetainfo } from '../../../core/protocol/metainfo.js';
import { multiFile } from '../../fixtures/torrents.js';

const HASH = 'c12fe1c06bba254a9dc9f519b335aa7c1367a88a';

describe('parseMagnet', () => {
  it('reads every parameter, percent-decoded', () => {
    const m = parseMagnet(
      `magnet:?xt=urn:btih:${HASH}&dn=My%20Album%20%26%20more&tr=http%3A%2F%2F127.0.0.1%3A1%2Fa%3Fk%3D1` +
        '&tr=udp%3A%2F%2F127.0.0.1%3A2&ws=http%3A%2F%2F127.0.0.1%3A8%2Fw%2F&x.pe=127.0.0.1:6881&x.pe=[::1]:6882&so=0,2,4-6',
    );
    expect(m).toEqual({
      infoHash: HASH,
      name: 'My Album & more',
      trackers: ['http://127.0.0.1:1/a?k=1', 'udp://127.0.0.1:2'],
      webSeeds: ['http://127.0.0.1:8/w/'],
      peers: ['127.0.0.1:6881', '[::1]:6882'],
      select: [0, 2, 4, 5, 6],
    });
  });

  it('accepts upper-case hex and base32 btih and gives lower-case hex', () => {
    expect(parseMagnet(`MAGNET:?xt=urn:btih:${HASH.toUpperCase()}`).infoHash).toBe(HASH);
    const base32 = toBase32(fromHex(HASH));
    expect(base32).toHaveLength(32);
    expect(parseMagnet(`magnet:?xt=urn:btih:${base32}`).infoHash).toBe(HASH);
    expect(parseMagnet(`magnet:?xt=urn:btih:${base32.toLowerCase()}`).infoHash).toBe(HASH);
  });

  it('reads "+" in a name as a space, and a v2 xt before the btih is skipped', () => {
    const m = parseMagnet(`magnet:?xt=urn:btmh:1220${'ab'.repeat(32)}&xt=urn:btih:${HASH}&dn=a+b`);
    expect(m).toMatchObject({ infoHash: HASH, name: 'a b' });
  });

  it.each([
    ['http://example.invalid/', 'not-magnet', 'a magnet link starts with "magnet:?"'],
    ['magnet:?dn=x', 'missing-infohash', 'the magnet link has no "xt=urn:btih:" infohash'],
    [
      `magnet:?xt=urn:btih:${HASH.slice(1)}`,
      'bad-infohash',
      `the btih "${HASH.slice(1)}" is neither 40 hex nor 32 base32 characters`,
    ],
    [
      `magnet:?xt=urn:btih:${'g'.repeat(40)}`,
      'bad-infohash',
      `the btih "${'g'.repeat(40)}" is neither 40 hex nor 32 base32 characters`,
    ],
    [
      `magnet:?xt=urn:btih:${'1'.repeat(32)}`,
      'bad-infohash',
      `the btih "${'1'.repeat(32)}" is neither 40 hex nor 32 base32 characters`,
    ],
    [`magnet:?xt=urn:btih:${HASH}&dn=%E0%A4%A`, 'bad-escape', 'the magnet parameter "dn" has a malformed %-escape'],
    [`magnet:?xt=urn:btih:${HASH}&so=3-1`, 'bad-select', 'the "so" item "3-1" is not an index or range'],
    [`magnet:?xt=urn:btih:${HASH}&so=a`, 'bad-select', 'the "so" item "a" is not an index or range'],
    [`magnet:?xt=urn:btih:${HASH}&so=0-4294967295`, 'bad-select', '"so" selects more than 100000 files'],
  ])('refuses %s', (uri, code, message) => {
    expect(() => parseMagnet(uri)).toThrow(MagnetError);
    expect(() => parseMagnet(uri)).toThrow(expect.objectContaining({ code, message }));
  });
});

describe('formatMagnet', () => {
  it('puts xt first, encodes values, compresses so into ranges, and parses back', () => {
    const magnet = {
      infoHash: HASH,
      name: 'a & b/c',
      trackers: ['http://127.0.0.1:1/a?x=1&y=2'],
      webSeeds: ['http://127.0.0.1:8/'],
      peers: ['127.0.0.1:1'],
      select: [5, 0, 1, 2, 9],
    };
    const uri = formatMagnet(magnet);
    expect(uri).toBe(
      `magnet:?xt=urn:btih:${HASH}&dn=a%20%26%20b%2Fc&tr=http%3A%2F%2F127.0.0.1%3A1%2Fa%3Fx%3D1%26y%3D2` +
        '&ws=http%3A%2F%2F127.0.0.1%3A8%2F&x.pe=127.0.0.1%3A1&so=0-2,5,9',
    );
    expect(parseMagnet(uri)).toEqual({ ...magnet, select: [0, 1, 2, 5, 9] });
  });

  it('refuses a negative or fractional file index', () => {
    for (const select of [[-1], [1.5]]) {
      expect(() => formatMagnet({ infoHash: HASH, trackers: [], webSeeds: [], peers: [], select })).toThrow(
        expect.objectContaining({ code: 'bad-select' }),
      );
    }
  });

  it('refuses an infohash that is not 40 hex', () => {
    expect(() => formatMagnet({ infoHash: 'abc', trackers: [], webSeeds: [], peers: [] })).toThrow(
      expect.objectContaining({ code: 'bad-infohash' }),
    );
  });

  it('builds a magnet from a torrent with its name, all trackers once and web seeds', () => {
    const m = parseMetainfo(
      multiFile(
        {},
        {
          'announce-list': [['http://127.0.0.1:1/a'], ['http://127.0.0.1:2/b', 'http://127.0.0.1:1/a']],
          'url-list': 'http://127.0.0.1:8/',
        },
      ),
    );
    expect(parseMagnet(magnetFromMetainfo(m))).toEqual({
      infoHash: m.infoHash,
      name: 'base',
      trackers: ['http://127.0.0.1:1/a', 'http://127.0.0.1:2/b'],
      webSeeds: ['http://127.0.0.1:8/'],
      peers: [],
    });
  });
});
