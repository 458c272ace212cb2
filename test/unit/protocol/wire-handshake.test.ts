import { describe, expect, it } from 'vitest';
import { fromHex, toHex } from '../../../core/protocol/hex.js';
import { decodeHandshake, encodeHandshake, HANDSHAKE_BYTES, WireError } from '../../../core/protocol/wire/index.js';
import { thrownBy } from '../../helpers/thrown.js';

const infoHash = fromHex('0123456789abcdef0123456789abcdef01234567');
const peerId = new TextEncoder().encode('-SH0010-abcdefghijkl');
/** BEP 3: pstrlen 19, "BitTorrent protocol", 8 reserved bytes, info_hash, peer_id. */
const PREFIX = '13' + toHex(new TextEncoder().encode('BitTorrent protocol'));
const tail = toHex(infoHash) + toHex(peerId);

describe('handshake', () => {
  it.each([
    ['no extensions', { extended: false, fast: false }, '0000000000000000'],
    ['BEP 10 extension protocol: reserved[5] & 0x10', { extended: true, fast: false }, '0000000000100000'],
    ['BEP 6 fast extension: reserved[7] & 0x04', { extended: false, fast: true }, '0000000000000004'],
    ['both', { extended: true, fast: true }, '0000000000100004'],
  ])('%s', (_name, capabilities, reserved) => {
    const bytes = encodeHandshake({ infoHash, peerId, capabilities });
    expect(bytes.length).toBe(HANDSHAKE_BYTES);
    expect(toHex(bytes)).toBe(PREFIX + reserved + tail);
    expect(decodeHandshake(bytes)).toEqual({ infoHash, peerId, capabilities });
  });

  it('reads the two bits among others it ignores (DHT, libtorrent and Azureus bits)', () => {
    const h = decodeHandshake(fromHex(PREFIX + '80000000001f0005' + tail));
    expect(h.capabilities).toEqual({ extended: true, fast: true });
    expect(decodeHandshake(fromHex(PREFIX + 'ffffffffffeffffb' + tail)).capabilities).toEqual({
      extended: false,
      fast: false,
    });
  });

  it('copies the ids, so they do not hold the network buffer', () => {
    const bytes = encodeHandshake({ infoHash, peerId, capabilities: { extended: true, fast: false } });
    const h = decodeHandshake(bytes);
    bytes.fill(0);
    expect(h.infoHash).toEqual(infoHash);
    expect(h.peerId).toEqual(peerId);
    expect(h.infoHash.buffer).not.toBe(bytes.buffer);
  });

  it.each([
    ['too short', fromHex(PREFIX + '0000000000000000' + tail).subarray(0, 67), 'the handshake is 67 bytes, not 68'],
    ['too long', fromHex(PREFIX + '0000000000000000' + tail + '00'), 'the handshake is 69 bytes, not 68'],
    ['empty', new Uint8Array(0), 'the handshake is 0 bytes, not 68'],
    [
      'wrong protocol name length',
      fromHex('14' + PREFIX.slice(2) + '0000000000000000' + tail),
      'the protocol name length is 20, not 19',
    ],
    [
      'wrong protocol name',
      fromHex('13' + toHex(new TextEncoder().encode('BitTorrent protocoL')) + '0000000000000000' + tail),
      'the protocol name is "BitTorrent protocoL", not "BitTorrent protocol"',
    ],
    [
      'an HTTP request instead',
      new TextEncoder().encode('GET /announce?info_hash=x HTTP/1.1\r\nHost: 127.0.0.1:6881\r\nAccept: */*\r\n'),
      'the handshake is 71 bytes, not 68',
    ],
  ])('refuses %s', (_name, bytes, message) => {
    const error = thrownBy(() => decodeHandshake(bytes), WireError);
    expect(error.code).toBe('bad-handshake');
    expect(error.message).toBe(message);
  });

  it('refuses to encode ids that are not 20 bytes', () => {
    const capabilities = { extended: false, fast: false };
    const short = thrownBy(() => encodeHandshake({ infoHash: infoHash.subarray(1), peerId, capabilities }), WireError);
    expect([short.code, short.message]).toEqual(['bad-handshake', 'the info hash is 19 bytes, not 20']);
    const long = thrownBy(() => encodeHandshake({ infoHash, peerId: new Uint8Array(32), capabilities }), WireError);
    expect([long.code, long.message]).toEqual(['bad-handshake', 'the peer id is 32 bytes, not 20']);
  });
});
