import { isIP } from 'node:net';

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
