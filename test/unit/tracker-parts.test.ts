import { describe, expect, it } from 'vitest';
import { formatIp, parseIp } from '../../core/protocol/tracker/ip.js';
import { clientAddress, networkKey } from '../../tracker/client-address.js';
import { clientBreakdown, clientOf } from '../../tracker/client-names.js';
import { ConnectionIds } from '../../tracker/connection-ids.js';

const bytes = (s: string) => Uint8Array.from(s.padEnd(20, 'x'), (c) => c.charCodeAt(0));

describe('IP addresses', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['::ffff:10.1.2.3', '10.1.2.3'],
    ['2001:db8::1', '2001:db8::1'],
    ['fe80::1%eth0', 'fe80::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
  ])('%s → %s', (text, back) => expect(formatIp(parseIp(text))).toBe(back));
  it.each(['1.2.3', '256.1.1.1', '01.1.1.1', '1::2::3', 'x', '1:2:3:4:5:6:7:8:9'])('refuses %s', (text) => {
    expect(() => parseIp(text)).toThrow(/not an IP address/);
  });
});

describe('client address behind proxies', () => {
  it('ignores X-Forwarded-For unless told how many hops to trust', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6', 0)).toBe('10.0.0.1');
  });
  it('takes the hops-th entry from the right, never the spoofable first one', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 203.0.113.9', 1)).toBe('203.0.113.9');
    expect(clientAddress('10.0.0.1', ['6.6.6.6, 203.0.113.9', '10.0.0.2'], 2)).toBe('203.0.113.9');
  });
  it('gives up on a missing or garbage entry', () => {
    expect(clientAddress('10.0.0.1', undefined, 1)).toBeUndefined();
    expect(clientAddress('10.0.0.1', 'not-an-ip', 1)).toBeUndefined();
  });
});

describe('client names', () => {
  it.each([
    ['-qB4650-', 'qBittorrent', '4.6.5'],
    ['-TR3000-', 'Transmission', '3.00'],
    ['-TR4060-', 'Transmission', '4.0.6'],
    ['-LT2080-', 'libtorrent', '2.0.8'],
    ['-WW0208-', 'WebTorrent', '2.8'],
    ['-SH0100-', 'Shoal', '0.1.0'],
    ['A2-1-37-0-', 'aria2', '1.3'],
    ['garbage!', 'other', ''],
  ])('%s', (prefix, client, version) => expect(clientOf(bytes(prefix))).toEqual({ client, version }));

  it('reads peer ids given as binary strings (WebSocket) with the same table', () => {
    expect(clientOf('-WW0208-abcdefghijkl')).toEqual({ client: 'WebTorrent', version: '2.8' });
    expect(clientOf('-Zz0208-abcdefghijkl')).toEqual({ client: 'other', version: '' });
  });

  it('names forged prefixes "other", so no peer can add a label', () => {
    const forged = Array.from({ length: 500 }, (_, i) => `-${String.fromCharCode(65 + (i % 26), 97 + (i % 19))}1234-`);
    expect(clientBreakdown((visit) => forged.forEach((prefix) => visit(bytes(prefix))))).toEqual({ other: 500 });
  });

  it('bounds the breakdown, folding the tail into "other"', () => {
    const ids = ['-qB4650-', '-qB4650-', '-TR3000-', '-DE2000-', 'zzz'].map(bytes);
    expect(clientBreakdown((visit) => ids.forEach(visit), 1)).toEqual({ 'qBittorrent 4.6.5': 2, other: 3 });
  });
});

describe('subscriber networks for per-address limits', () => {
  it('is the whole IPv4 address, IPv4-mapped or not, and the /64 of an IPv6 one', () => {
    expect(networkKey('10.1.2.3')).toBe(networkKey('::ffff:10.1.2.3'));
    expect(networkKey('10.1.2.3')).not.toBe(networkKey('10.1.2.4'));
    expect(networkKey('2001:db8:1:2::1')).toBe(networkKey('2001:db8:1:2:ffff::9'));
    expect(networkKey('2001:db8:1:2::1')).not.toBe(networkKey('2001:db8:1:3::1'));
    expect(networkKey('not an address')).toBeUndefined();
  });
});

describe('UDP connection ids', () => {
  const ids = new ConnectionIds(60_000);
  it('verify for the same address within two windows, and nowhere else', () => {
    const id = ids.issue('127.0.0.1', 1_000_000);
    expect(ids.verify(id, '127.0.0.1', 1_000_000 + 30_000)).toBe(true);
    expect(ids.verify(id, '127.0.0.2', 1_000_000)).toBe(false);
    expect(ids.verify(id, '::ffff:127.0.0.1', 1_000_000)).toBe(false);
    expect(ids.verify(id, '127.0.0.1', 1_000_000 + 121_000)).toBe(false);
    expect(new ConnectionIds().verify(id, '127.0.0.1', 1_000_000)).toBe(false);
  });
});
