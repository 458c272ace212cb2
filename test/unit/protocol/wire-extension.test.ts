import { describe, expect, it } from 'vitest';
import { bytesToBinaryString, encode } from '../../../core/protocol/bencode.js';
import type { BEncodable } from '../../../core/protocol/bencode.js';
import type { ExtendedHandshake } from '../../../core/protocol/wire/index.js';
import { decodeExtendedHandshake, encodeExtendedHandshake, WireError } from '../../../core/protocol/wire/index.js';
import { thrownBy } from '../../helpers/thrown.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('BEP 10 extension handshake', () => {
  it('encodes canonically: sorted keys, m as a dict of ids', () => {
    const h: ExtendedHandshake = {
      m: new Map([
        ['ut_pex', 0],
        ['ut_metadata', 2],
      ]),
      v: 'Shoal 0.1.0',
      p: 6881,
      reqq: 250,
      metadataSize: 31235,
      yourip: Uint8Array.of(127, 0, 0, 1),
    };
    const bytes = encodeExtendedHandshake(h);
    expect(text(bytes)).toBe(
      'd1:md11:ut_metadatai2e6:ut_pexi0ee13:metadata_sizei31235e1:pi6881e4:reqqi250e1:v11:Shoal 0.1.06:yourip4:\x7f\0\0\x01e',
    );
    expect(decodeExtendedHandshake(bytes)).toEqual(h);
  });

  it('encodes only m when nothing else is given', () => {
    expect(text(encodeExtendedHandshake({ m: new Map() }))).toBe('d1:mdee');
    expect(decodeExtendedHandshake(utf8('de'))).toEqual({ m: new Map() });
  });

  it("reads libtorrent's and WebTorrent's handshakes, ignoring keys it does not know", () => {
    const libtorrent = encode({
      complete_ago: 1,
      m: { lt_donthave: 7, share_mode: 8, upload_only: 3, ut_holepunch: 4, ut_metadata: 2, ut_pex: 1 },
      metadata_size: 1234,
      p: 6881,
      reqq: 500,
      upload_only: 0,
      v: 'libtorrent 2.0.10.0',
      yourip: Uint8Array.of(10, 0, 0, 2),
      ipv6: new Uint8Array(16),
      e: 0,
    });
    const h = decodeExtendedHandshake(libtorrent);
    expect(h.m.get('ut_metadata')).toBe(2);
    expect(h.m.size).toBe(6);
    expect(h).toMatchObject({ v: 'libtorrent 2.0.10.0', p: 6881, reqq: 500, metadataSize: 1234 });
    expect(h.yourip).toEqual(Uint8Array.of(10, 0, 0, 2));
    const webtorrent = decodeExtendedHandshake(encode({ m: { ut_metadata: 1 } }));
    expect(webtorrent).toEqual({ m: new Map([['ut_metadata', 1]]) });
  });

  it('keeps extension names as UTF-8 text, and skips names that are not UTF-8', () => {
    const payload = encode(
      new Map<string, BEncodable>([
        [
          'm',
          new Map([
            ['\xff\xfe', 5],
            [bytesToBinaryString(utf8('é_ext')), 9],
          ]),
        ],
      ]),
    );
    expect(decodeExtendedHandshake(payload).m).toEqual(new Map([['é_ext', 9]]));
    expect(decodeExtendedHandshake(encodeExtendedHandshake({ m: new Map([['ünï', 3]]) })).m.get('ünï')).toBe(3);
  });

  it('yourip is a copy and may be IPv6', () => {
    const payload = encode({ m: {}, yourip: new Uint8Array(16).fill(1) });
    const h = decodeExtendedHandshake(payload);
    payload.fill(0);
    expect(h.yourip).toEqual(new Uint8Array(16).fill(1));
  });

  it.each<[string, Uint8Array, string]>([
    ['not bencode', utf8('d1:m'), /^the extension handshake is not valid bencode: /.source],
    ['trailing bytes', utf8('d1:mdeeXX'), /^the extension handshake is not valid bencode: 2 unexpected bytes/.source],
    ['a list', utf8('le'), '^the extension handshake must be a dictionary, not a list$'],
    ['m as a list', encode({ m: [] }), `^the extension handshake's "m" must be a dictionary, not a list$`],
    [
      'an id as a string',
      encode({ m: { ut_metadata: '2' } }),
      `^the extension handshake's "m.ut_metadata" must be an integer, not a string$`,
    ],
    [
      'an id over 255',
      encode({ m: { ut_metadata: 256 } }),
      `^the extension handshake's "m.ut_metadata" 256 is not an integer from 0 to 255$`,
    ],
    [
      'a negative id',
      encode({ m: { ut_pex: -1 } }),
      `^the extension handshake's "m.ut_pex" -1 is not an integer from 0 to 255$`,
    ],
    ['v as an integer', encode({ m: {}, v: 5 }), `^the extension handshake's "v" must be a string, not an integer$`],
    ['p as a string', encode({ m: {}, p: '6881' }), `^the extension handshake's "p" must be an integer, not a string$`],
    [
      'p over 65535',
      encode({ m: {}, p: 70000 }),
      `^the extension handshake's "p" 70000 is not an integer from 0 to 65535$`,
    ],
    [
      'negative reqq',
      encode({ m: {}, reqq: -5 }),
      `^the extension handshake's "reqq" -5 is not a non-negative integer$`,
    ],
    [
      'metadata_size as a dict',
      encode({ m: {}, metadata_size: {} }),
      `"metadata_size" must be an integer, not a dictionary$`,
    ],
    [
      'negative metadata_size',
      encode({ m: {}, metadata_size: -1 }),
      `"metadata_size" -1 is not a non-negative integer$`,
    ],
    ['yourip of 5 bytes', encode({ m: {}, yourip: new Uint8Array(5) }), `"yourip" is 5 bytes, not 4 or 16$`],
    ['yourip as an integer', encode({ m: {}, yourip: 1 }), `"yourip" must be a string, not an integer$`],
  ])('refuses %s', (_name, payload, pattern) => {
    const error = thrownBy(() => decodeExtendedHandshake(payload), WireError);
    expect(error.code).toBe('bad-extension');
    expect(error.message).toMatch(new RegExp(pattern));
  });

  it.each<[string, ExtendedHandshake, string]>([
    [
      'an id over 255',
      { m: new Map([['x', 300]]) },
      `the extension handshake's "m.x" 300 is not an integer from 0 to 255`,
    ],
    [
      'a fractional port',
      { m: new Map(), p: 1.5 },
      `the extension handshake's "p" 1.5 is not an integer from 0 to 65535`,
    ],
    [
      'a 3-byte yourip',
      { m: new Map(), yourip: new Uint8Array(3) },
      `the extension handshake's "yourip" is 3 bytes, not 4 or 16`,
    ],
  ])('refuses to encode %s', (_name, h, message) => {
    const error = thrownBy(() => encodeExtendedHandshake(h), WireError);
    expect([error.code, error.message]).toEqual(['bad-extension', message]);
  });
});
