import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { addressRange } from '../../protocol/ip-ranges.js';
import { TrackerClientError } from './errors.js';

/**
 * Which addresses a scrape may contact. The check runs on the addresses a connection is actually
 * made to (after DNS), so a tracker host name that resolves to 127.0.0.1, or is changed to after a
 * first look, is caught too.
 */
export interface AddressGuard {
  /** Throws 'address-refused' when `host` is an IP literal the guard refuses (Node does not look literals up). */
  checkLiteral(host: string): void;
  /** A `lookup` for net/http/ws that resolves as usual and drops refused addresses (all refused → error). */
  readonly lookup: LookupFunction;
  /** Resolves `host` (a name or a literal) to the first address the guard allows. */
  resolve(host: string): Promise<LookupAddress>;
}

/** A guard that refuses every non-public address when `blockPrivate`, else allows everything. */
export function addressGuard(blockPrivate: boolean): AddressGuard {
  const allowed = (host: string, addresses: readonly LookupAddress[]): LookupAddress[] => {
    if (addresses.length === 0) throw new TrackerClientError('network', `${host} resolves to no address`);
    if (!blockPrivate) return [...addresses];
    const kept = addresses.filter((a) => addressRange(a.address) === 'public');
    if (kept.length === 0) throw refusal(host, addresses);
    return kept;
  };
  return {
    checkLiteral(host) {
      const ip = unbracket(host);
      if (isIP(ip)) allowed(ip, [{ address: ip, family: isIP(ip) }]);
    },
    lookup(host, options, callback) {
      resolveAll(host, options).then(
        (addresses) => {
          let kept: LookupAddress[];
          try {
            kept = allowed(host, addresses);
          } catch (e) {
            return callback(e as TrackerClientError, []);
          }
          if (options.all) callback(null, kept);
          else callback(null, kept[0]!.address, kept[0]!.family);
        },
        (error: NodeJS.ErrnoException) => callback(error, []),
      );
    },
    async resolve(host) {
      const name = unbracket(host);
      const addresses = await resolveAll(name).catch((e: NodeJS.ErrnoException) => {
        throw new TrackerClientError('network', `cannot resolve ${name}: ${e.message}`, { cause: e });
      });
      return allowed(name, addresses)[0]!;
    },
  };
}

function resolveAll(host: string, options: LookupOptions = {}): Promise<LookupAddress[]> {
  return new Promise((resolve, reject) =>
    dnsLookup(host, { ...options, all: true }, (error, addresses) => (error ? reject(error) : resolve(addresses))),
  );
}

/** Names the host and each address with its range, e.g. "localhost: it resolves to 127.0.0.1 (loopback)". */
function refusal(host: string, addresses: readonly LookupAddress[]): TrackerClientError {
  const ranges = addresses.map((a) => `${a.address} (${addressRange(a.address)})`).join(', ');
  const literal = addresses.length === 1 && addresses[0]!.address === host;
  const what = literal ? `it is a ${addressRange(host)} address` : `it resolves to ${ranges}`;
  return new TrackerClientError(
    'address-refused',
    `refused to contact tracker host ${host}: ${what}; only public addresses are allowed`,
  );
}

function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}
