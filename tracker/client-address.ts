import { isIP } from 'node:net';
import { parseIp } from '../core/protocol/tracker/ip.js';

/**
 * The address a request came from. Behind `hops` trusted reverse proxies, each proxy appends the
 * address it saw to X-Forwarded-For, so the client is the `hops`-th entry from the RIGHT of
 * (X-Forwarded-For entries + the socket's peer). Entries further left are whatever the client
 * wrote and are never trusted. With hops = 0 (the default) the header is ignored.
 * Returns undefined when the header is too short or the entry is not an IP address.
 */
export function clientAddress(
  socketAddress: string,
  forwardedFor: string | string[] | undefined,
  hops: number,
): string | undefined {
  if (hops === 0) return socketAddress;
  const header = Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? '');
  const chain = header
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  chain.push(socketAddress);
  const candidate = chain[chain.length - 1 - hops];
  return candidate !== undefined && isIP(candidate) ? candidate : undefined;
}

/**
 * How many leading bytes of an address stand for one subscriber in the per-address limits: all of
 * an IPv4 address, the /64 of an IPv6 one (a home or a server gets at least a /64, so counting
 * single IPv6 addresses would hand anyone 2^64 of them).
 */
export function networkBytes(addrLength: number): number {
  return addrLength === 4 ? 4 : 8;
}

/** The subscriber network of an address (see networkBytes) as a map key; undefined when it is not an IP address. */
export function networkKey(address: string): string | undefined {
  let ip: Uint8Array;
  try {
    ip = parseIp(address);
  } catch {
    return undefined;
  }
  return String.fromCharCode(...ip.subarray(0, networkBytes(ip.length)));
}
