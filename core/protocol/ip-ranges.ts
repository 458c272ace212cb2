import { parseIp, type IpBytes } from './tracker/ip.js';

/**
 * What kind of network an address belongs to. Everything but 'public' is reachable only from
 * inside some network (the machine, the LAN, the provider) or is not a unicast host at all.
 */
export type AddressRange =
  | 'public'
  | 'unspecified'
  | 'loopback'
  | 'private'
  | 'shared'
  | 'link-local'
  | 'unique-local'
  | 'multicast'
  | 'broadcast'
  | 'reserved';

interface Block {
  prefix: readonly number[];
  bits: number;
  range: AddressRange;
}

/** IPv4 special-purpose blocks (RFC 6890 and friends), most specific first. */
const V4_BLOCKS: readonly Block[] = [
  { prefix: [255, 255, 255, 255], bits: 32, range: 'broadcast' },
  { prefix: [0], bits: 8, range: 'unspecified' },
  { prefix: [10], bits: 8, range: 'private' },
  { prefix: [100, 64], bits: 10, range: 'shared' },
  { prefix: [127], bits: 8, range: 'loopback' },
  { prefix: [169, 254], bits: 16, range: 'link-local' },
  { prefix: [172, 16], bits: 12, range: 'private' },
  { prefix: [192, 0, 0], bits: 24, range: 'reserved' },
  { prefix: [192, 168], bits: 16, range: 'private' },
  { prefix: [198, 18], bits: 15, range: 'reserved' },
  { prefix: [224], bits: 4, range: 'multicast' },
  { prefix: [240], bits: 4, range: 'reserved' },
];

/** IPv6 special-purpose blocks; IPv4-mapped addresses never get here (parseIp turns them into IPv4). */
const V6_BLOCKS: readonly Block[] = [
  { prefix: [], bits: 128, range: 'unspecified' },
  { prefix: [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], bits: 128, range: 'loopback' },
  // Deprecated IPv4-compatible addresses (::a.b.c.d) and the discard block.
  { prefix: [], bits: 96, range: 'reserved' },
  { prefix: [0x01], bits: 64, range: 'reserved' },
  { prefix: [0xfc], bits: 7, range: 'unique-local' },
  { prefix: [0xfe, 0x80], bits: 10, range: 'link-local' },
  { prefix: [0xfe, 0xc0], bits: 10, range: 'private' },
  { prefix: [0xff], bits: 8, range: 'multicast' },
];

/**
 * IPv6 prefixes that carry an IPv4 address, which is what the packets finally reach:
 * NAT64 (64:ff9b::/96, RFC 6052) and 6to4 (2002::/16, RFC 3056).
 */
const V6_EMBEDDING: readonly { prefix: readonly number[]; bits: number; at: number }[] = [
  { prefix: [0x00, 0x64, 0xff, 0x9b], bits: 96, at: 12 },
  { prefix: [0x20, 0x02], bits: 16, at: 2 },
];

/**
 * The range of a textual IPv4 or IPv6 address (as Node's resolver and sockets report them,
 * zone ids allowed). IPv4-mapped IPv6 (`::ffff:127.0.0.1`, `::ffff:7f00:1`) and IPv4 carried in
 * NAT64 or 6to4 addresses count as the IPv4 address inside. Throws 'bad-ip' for text that is not an IP.
 */
export function addressRange(ip: string): AddressRange {
  return rangeOf(parseIp(ip));
}

/** True for addresses on the public internet; false for every range in AddressRange but 'public'. */
export function isPublicAddress(ip: string): boolean {
  return addressRange(ip) === 'public';
}

function rangeOf(bytes: IpBytes): AddressRange {
  if (bytes.length === 4) return V4_BLOCKS.find((b) => inBlock(bytes, b.prefix, b.bits))?.range ?? 'public';
  const embedding = V6_EMBEDDING.find((e) => inBlock(bytes, e.prefix, e.bits));
  if (embedding) return rangeOf(bytes.subarray(embedding.at, embedding.at + 4));
  return V6_BLOCKS.find((b) => inBlock(bytes, b.prefix, b.bits))?.range ?? 'public';
}

/** Whether the first `bits` bits of `bytes` equal those of `prefix` (missing prefix bytes are 0). */
function inBlock(bytes: IpBytes, prefix: readonly number[], bits: number): boolean {
  for (let i = 0; i * 8 < bits; i++) {
    const keep = Math.min(8, bits - i * 8);
    const mask = (0xff << (8 - keep)) & 0xff;
    if ((bytes[i]! & mask) !== ((prefix[i] ?? 0) & mask)) return false;
  }
  return true;
}
