import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  buildAnnounceQuery,
  buildScrapeQuery,
  decodeAnnounceResponse,
  decodeScrapeResponse,
} from '../../core/protocol/tracker/http-client.js';
import {
  encodeCompactAnnounce,
  encodeDictAnnounce,
  encodeFailure,
  encodeScrapeResponse,
  parseAnnounceQuery,
  parseScrapeQuery,
} from '../../core/protocol/tracker/http.js';
import { decode, encode } from '../../core/protocol/bencode.js';
import { TrackerRequestError } from '../../core/protocol/tracker/tracker-error.js';

const hash = Uint8Array.from({ length: 20 }, (_, i) => 0x80 + i);
const peer = Uint8Array.from('-qB4650-abcdefghijkl', (c) => c.charCodeAt(0));
const good = `info_hash=${[...hash].map((b) => `%${b.toString(16)}`).join('')}&peer_id=-qB4650-abcdefghijkl&port=6881&uploaded=1&downloaded=2&left=3&compact=1&event=started&numwant=30`;

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TrackerRequestError);
    return (e as TrackerRequestError).code;
  }
  return 'no error';
}

describe('HTTP announce query parsing', () => {
  it('decodes percent-escaped bytes ≥ 0x80 exactly (no UTF-8 corruption)', () => {
    const r = parseAnnounceQuery(good, 200);
    expect([...r.infoHash]).toEqual([...hash]);
    expect([...r.peerId]).toEqual([...peer]);
    expect(r).toMatchObject({
      port: 6881,
      uploaded: 1,
      downloaded: 2,
      left: 3,
      event: 'started',
      numwant: 30,
      compact: true,
      noPeerId: false,
    });
  });

  it('round-trips any 20-byte ids through the client-side query builder', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        fc.uint8Array({ minLength: 20, maxLength: 20 }),
        (h, p) => {
          const r = parseAnnounceQuery(buildAnnounceQuery({ infoHash: h, peerId: p, port: 1, left: 0 }), 200);
          expect([...r.infoHash]).toEqual([...h]);
          expect([...r.peerId]).toEqual([...p]);
        },
      ),
    );
  });

  it('sends left as given, the key as 8 hex digits and the tracker id escaped', () => {
    const query = buildAnnounceQuery({ infoHash: hash, peerId: peer, port: 1, left: 7, key: 0xbeef, trackerId: 'a b' });
    const r = parseAnnounceQuery(query, 200);
    expect([r.left, r.key, r.trackerId]).toEqual([7, '0000BEEF', 'a b']);
    expect(query).toContain('&trackerid=a%20b');
    expect(
      parseAnnounceQuery(buildAnnounceQuery({ infoHash: hash, peerId: peer, port: 1, left: 0 }), 200),
    ).toMatchObject({ left: 0, key: undefined, trackerId: undefined });
  });

  it('refuses a tracker id that is not a binary string', () => {
    expect(codeOf(() => buildAnnounceQuery({ infoHash: hash, peerId: peer, port: 1, left: 0, trackerId: 'π' }))).toBe(
      'bad-trackerid',
    );
  });

  it('caps a huge numwant instead of refusing it', () => {
    expect(parseAnnounceQuery(good.replace('numwant=30', 'numwant=99999999999'), 200).numwant).toBe(200);
  });

  it.each([
    ['short info_hash', good.replace(/info_hash=[^&]+/, 'info_hash=abc'), 'bad-info_hash'],
    ['long peer_id', good.replace('peer_id=-qB4650-abcdefghijkl', 'peer_id=-qB4650-abcdefghijklm'), 'bad-peer_id'],
    ['missing info_hash', good.replace(/info_hash=[^&]+&/, ''), 'missing-info_hash'],
    ['zero port', good.replace('port=6881', 'port=0'), 'bad-port'],
    ['port too big', good.replace('port=6881', 'port=65536'), 'bad-port'],
    ['non-numeric port', good.replace('port=6881', 'port=http'), 'bad-port'],
    ['missing port', good.replace('port=6881&', ''), 'missing-port'],
    ['non-numeric left', good.replace('left=3', 'left=lots'), 'bad-left'],
    ['negative uploaded', good.replace('uploaded=1', 'uploaded=-1'), 'bad-uploaded'],
    ['non-numeric numwant', good.replace('numwant=30', 'numwant=all'), 'bad-numwant'],
    ['unknown event', good.replace('event=started', 'event=exploded'), 'bad-event'],
    ['bad escape', good.replace('%80', '%zz'), 'bad-escape'],
    ['truncated escape', `${good}&key=%4`, 'bad-escape'],
    ['compact=2', good.replace('compact=1', 'compact=2'), 'bad-compact'],
  ])('refuses %s', (_name, query, code) => {
    expect(codeOf(() => parseAnnounceQuery(query, 200))).toBe(code);
  });
});

describe('HTTP scrape query parsing', () => {
  it('collects repeated info_hash (BEP 48)', () => {
    const other = new Uint8Array(20).fill(7);
    expect(parseScrapeQuery(buildScrapeQuery([hash, other]), 10).map((h) => h[0])).toEqual([0x80, 7]);
  });
  it('refuses a scrape naming nothing, and too many hashes', () => {
    expect(codeOf(() => parseScrapeQuery('', 10))).toBe('missing-info-hash');
    expect(codeOf(() => parseScrapeQuery(buildScrapeQuery([hash, hash, hash]), 2))).toBe('too-many-hashes');
  });
});

describe('HTTP responses', () => {
  const peers = Uint8Array.of(127, 0, 0, 1, 0x1a, 0xe1);
  const peers6 = Uint8Array.of(...new Array(15).fill(0), 1, 0x1a, 0xe2);
  const base = { interval: 1800, minInterval: 900, complete: 1, incomplete: 2, peers, peers6 };

  it('compact reply: peers (BEP 23) and peers6 (BEP 7), canonical bencode', () => {
    const body = encodeCompactAnnounce(base);
    const decoded = decodeAnnounceResponse(body);
    expect(decoded).toMatchObject({ interval: 1800, minInterval: 900, complete: 1, incomplete: 2 });
    expect(decoded.peers).toEqual([
      { ip: '127.0.0.1', port: 6881 },
      { ip: '::1', port: 6882 },
    ]);
    const dict = decode(body) as Map<string, unknown>;
    expect([...dict.keys()]).toEqual(['complete', 'incomplete', 'interval', 'min interval', 'peers', 'peers6']);
  });

  it('non-compact reply: a list of dicts, with and without peer ids', () => {
    const ids = new Uint8Array(40).fill(0x41);
    const withIds = decodeAnnounceResponse(encodeDictAnnounce({ ...base, peerIds: ids }));
    expect(withIds.peers.map((p) => [p.ip, p.port, p.peerId?.length])).toEqual([
      ['127.0.0.1', 6881, 20],
      ['::1', 6882, 20],
    ]);
    const without = decodeAnnounceResponse(encodeDictAnnounce(base));
    expect(without.peers.every((p) => p.peerId === undefined)).toBe(true);
  });

  it('accepts a minimal reply without complete/incomplete (optional in BEP 3)', () => {
    const decoded = decodeAnnounceResponse(encode({ interval: 900, peers: peers }));
    expect(decoded).toEqual({
      interval: 900,
      minInterval: undefined,
      complete: undefined,
      incomplete: undefined,
      peers: [{ ip: '127.0.0.1', port: 6881 }],
      warning: undefined,
      trackerId: undefined,
    });
  });

  it('reads the warning message and the tracker id byte for byte', () => {
    const id = Uint8Array.of(0x41, 0xff, 0x00, 0x80);
    const decoded = decodeAnnounceResponse(
      encode({ interval: 60, peers: new Uint8Array(0), 'tracker id': id, 'warning message': 'slow down' }),
    );
    expect(decoded.warning).toBe('slow down');
    expect(decoded.trackerId).toBe('A\xff\x00\x80');
    const query = buildAnnounceQuery({ infoHash: hash, peerId: peer, port: 1, left: 0, trackerId: decoded.trackerId! });
    expect(query).toContain('&trackerid=A%FF%00%80');
  });

  it.each([
    ['no interval', { peers: peers }, 'bad-response'],
    ['a negative count', { interval: 60, complete: -1, peers: peers }, 'bad-response'],
    ['a text interval', { interval: 'soon', peers: peers }, 'bad-response'],
    ['compact peers of a wrong length', { interval: 60, peers: peers.subarray(0, 5) }, 'bad-response'],
    ['a peer dict without ip', { interval: 60, peers: [{ port: 1 }] }, 'bad-response'],
  ])('refuses a reply with %s', (_name, reply, code) => {
    expect(codeOf(() => decodeAnnounceResponse(encode(reply)))).toBe(code);
  });

  it.each([
    ['not bencode', '<html>busy</html>'],
    ['truncated bencode', 'd8:intervali60e5:peers6:ab'],
    ['a list, not a dict', 'li1ee'],
  ])('refuses %s as bad-response', (_name, body) => {
    expect(codeOf(() => decodeAnnounceResponse(new TextEncoder().encode(body)))).toBe('bad-response');
  });

  it('failure reason decodes as a tracker-failure error', () => {
    expect(codeOf(() => decodeAnnounceResponse(encodeFailure('nope')))).toBe('tracker-failure');
  });

  it('scrape reply keyed by raw hash', () => {
    const files = decodeScrapeResponse(
      encodeScrapeResponse(new Map([[hash, { complete: 3, incomplete: 4, downloaded: 5 }]])),
    );
    expect([...files]).toEqual([
      ['808182838485868788898a8b8c8d8e8f90919293', { complete: 3, incomplete: 4, downloaded: 5 }],
    ]);
  });
});
