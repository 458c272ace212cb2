import { describe, expect, it } from 'vitest';
import {
  decodeUdpResponse,
  encodeUdpAnnounce,
  encodeUdpConnect,
  encodeUdpScrape,
} from '../../core/protocol/tracker/udp-client.js';
import {
  decodeUdpRequest,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
  isUdpConnectRequest,
  readUdpRequestHeader,
  UdpPacketError,
} from '../../core/protocol/tracker/udp.js';
import { id20 } from '../helpers/tracker.js';

const cid = Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8);
const announce = encodeUdpAnnounce({
  connectionId: cid,
  transactionId: 77,
  infoHash: id20('h'),
  peerId: id20('p'),
  left: 5,
  event: 'started',
  numwant: 9999,
  port: 6881,
});

function failure(packet: Uint8Array): [string, number] {
  try {
    decodeUdpRequest(packet, 200);
  } catch (e) {
    expect(e).toBeInstanceOf(UdpPacketError);
    return [(e as UdpPacketError).code, (e as UdpPacketError).transactionId];
  }
  return ['no error', 0];
}

describe('UDP requests (BEP 15)', () => {
  it('decodes connect, announce (numwant capped) and scrape', () => {
    expect(decodeUdpRequest(encodeUdpConnect(5), 200)).toEqual({ action: 'connect', transactionId: 5 });
    expect(decodeUdpRequest(announce, 200)).toMatchObject({
      action: 'announce',
      transactionId: 77,
      left: 5,
      event: 'started',
      numwant: 200,
      port: 6881,
    });
    const scrape = decodeUdpRequest(encodeUdpScrape(cid, 8, [id20('a'), id20('b')]), 200);
    expect(scrape.action === 'scrape' && scrape.infoHashes.length).toBe(2);
  });

  it('carries left, the counters and the key as given (BEP 15 offsets)', () => {
    const packet = encodeUdpAnnounce({
      connectionId: cid,
      transactionId: 1,
      infoHash: id20('h'),
      peerId: id20('p'),
      left: 2 ** 40,
      uploaded: 3,
      downloaded: 4,
      key: 0xdeadbeef,
      numwant: 0,
      port: 1,
    });
    expect(decodeUdpRequest(packet, 200)).toMatchObject({
      left: 2 ** 40,
      uploaded: 3,
      downloaded: 4,
      key: 0xdeadbeef,
      event: 'none',
    });
    expect(new DataView(packet.buffer).getInt32(92)).toBe(0);
  });

  it('accepts BEP 41 URL data after an announce', () => {
    const path = new TextEncoder().encode('/announce');
    const withOption = Uint8Array.of(...announce, 2, path.length, ...path);
    expect(decodeUdpRequest(withOption, 200).action).toBe('announce');
  });

  it.each([
    ['short packet', new Uint8Array(10), 'short-packet'],
    ['long connect', Uint8Array.of(...encodeUdpConnect(1), 0), 'bad-length'],
    ['bad protocol id', Uint8Array.of(9, ...encodeUdpConnect(1).subarray(1)), 'bad-protocol-id'],
    ['short announce', announce.subarray(0, 97), 'short-packet'],
    ['announce with garbage', Uint8Array.of(...announce, 0xff, 0xff), 'bad-length'],
    ['scrape of a partial hash', encodeUdpScrape(cid, 1, [id20('a')]).subarray(0, 30), 'bad-length'],
    ['scrape of nothing', encodeUdpScrape(cid, 1, []), 'bad-length'],
    ['unknown action', Uint8Array.of(...cid, 0, 0, 0, 9, 0, 0, 0, 1), 'bad-action'],
  ])('refuses %s', (_name, packet, code) => {
    expect(failure(packet)[0]).toBe(code);
  });

  it('keeps the transaction id for the error reply', () => {
    expect(failure(Uint8Array.of(...announce.subarray(0, 16), 1))).toEqual(['short-packet', 77]);
    const zeroPort = Uint8Array.from(announce);
    zeroPort[96] = 0;
    zeroPort[97] = 0;
    expect(failure(zeroPort)).toEqual(['bad-port', 77]);
  });
});

describe('UDP request headers (what a server reads before it answers at all)', () => {
  it('reads connection id, action and transaction id, and nothing from a packet under 16 bytes', () => {
    expect(readUdpRequestHeader(announce)).toEqual({ connectionId: cid, action: 1, transactionId: 77 });
    expect(readUdpRequestHeader(announce.subarray(0, 15))).toBeUndefined();
    expect(readUdpRequestHeader(Uint8Array.of(...cid, 0, 0, 0, 9, 0xff, 0xff, 0xff, 0xff))).toMatchObject({
      action: 9,
      transactionId: 0xffffffff,
    });
  });

  it('tells a well-formed connect from one without the protocol id or with extra bytes', () => {
    const connect = encodeUdpConnect(3);
    const check = (packet: Uint8Array) => isUdpConnectRequest(packet, readUdpRequestHeader(packet)!);
    expect(check(connect)).toBe(true);
    expect(check(Uint8Array.of(9, ...connect.subarray(1)))).toBe(false);
    expect(check(Uint8Array.of(...connect, 0))).toBe(false);
    expect(check(announce)).toBe(false);
  });
});

describe('UDP responses', () => {
  it('round-trip through the client decoder', () => {
    expect(decodeUdpResponse(encodeUdpConnectResponse(3, cid), 6)).toEqual({
      action: 'connect',
      transactionId: 3,
      connectionId: cid,
    });
    const a = decodeUdpResponse(
      encodeUdpAnnounceResponse(4, {
        interval: 60,
        leechers: 2,
        seeders: 1,
        peers: Uint8Array.of(127, 0, 0, 1, 0, 80),
      }),
      6,
    );
    expect(a).toMatchObject({ action: 'announce', interval: 60, leechers: 2, seeders: 1, peers: [{ port: 80 }] });
    expect(decodeUdpResponse(encodeUdpScrapeResponse(5, [{ complete: 1, incomplete: 2, downloaded: 3 }]), 6)).toEqual({
      action: 'scrape',
      transactionId: 5,
      files: [{ complete: 1, incomplete: 2, downloaded: 3 }],
    });
    expect(decodeUdpResponse(encodeUdpError(6, 'bad'), 6)).toEqual({
      action: 'error',
      transactionId: 6,
      message: 'bad',
    });
  });
});
