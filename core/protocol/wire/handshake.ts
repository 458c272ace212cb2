import { WireError } from './errors.js';

/**
 * The BitTorrent handshake (BEP 3), the first bytes each side sends:
 *
 *   pstrlen=19:u8  pstr="BitTorrent protocol":19  reserved:8  info_hash:20  peer_id:20     68 bytes
 *
 * Of the reserved bits Shoal reads and sets two: the extension protocol (BEP 10, reserved[5] & 0x10)
 * and the fast extension (BEP 6, reserved[7] & 0x04). Other bits are ignored and sent as zero.
 */

export const HANDSHAKE_BYTES = 68;
const PROTOCOL = 'BitTorrent protocol';
const PROTOCOL_BYTES = Uint8Array.from(PROTOCOL, (c) => c.charCodeAt(0));
const RESERVED_AT = 20;
const INFO_HASH_AT = 28;
const PEER_ID_AT = 48;
const ID_BYTES = 20;
const EXTENDED = { byte: RESERVED_AT + 5, bit: 0x10 };
const FAST = { byte: RESERVED_AT + 7, bit: 0x04 };

export interface Capabilities {
  extended: boolean;
  fast: boolean;
}

export interface Handshake {
  infoHash: Uint8Array;
  peerId: Uint8Array;
  capabilities: Capabilities;
}

export function encodeHandshake(h: Handshake): Uint8Array {
  checkId(h.infoHash, 'info hash');
  checkId(h.peerId, 'peer id');
  const out = new Uint8Array(HANDSHAKE_BYTES);
  out[0] = PROTOCOL_BYTES.length;
  out.set(PROTOCOL_BYTES, 1);
  if (h.capabilities.extended) out[EXTENDED.byte]! |= EXTENDED.bit;
  if (h.capabilities.fast) out[FAST.byte]! |= FAST.bit;
  out.set(h.infoHash, INFO_HASH_AT);
  out.set(h.peerId, PEER_ID_AT);
  return out;
}

/** Decodes exactly one handshake; the ids are copies, so holding them keeps no network buffer alive. */
export function decodeHandshake(bytes: Uint8Array): Handshake {
  if (bytes.length !== HANDSHAKE_BYTES) {
    throw new WireError('bad-handshake', `the handshake is ${bytes.length} bytes, not ${HANDSHAKE_BYTES}`);
  }
  if (bytes[0] !== PROTOCOL_BYTES.length) {
    throw new WireError('bad-handshake', `the protocol name length is ${bytes[0]}, not ${PROTOCOL_BYTES.length}`);
  }
  for (let i = 0; i < PROTOCOL_BYTES.length; i++) {
    if (bytes[1 + i] !== PROTOCOL_BYTES[i]) {
      const shown = JSON.stringify(String.fromCharCode(...bytes.subarray(1, 1 + PROTOCOL_BYTES.length)));
      throw new WireError('bad-handshake', `the protocol name is ${shown}, not "${PROTOCOL}"`);
    }
  }
  return {
    infoHash: bytes.slice(INFO_HASH_AT, INFO_HASH_AT + ID_BYTES),
    peerId: bytes.slice(PEER_ID_AT, PEER_ID_AT + ID_BYTES),
    capabilities: {
      extended: (bytes[EXTENDED.byte]! & EXTENDED.bit) !== 0,
      fast: (bytes[FAST.byte]! & FAST.bit) !== 0,
    },
  };
}

function checkId(id: Uint8Array, what: string): void {
  if (id.length !== ID_BYTES) {
    throw new WireError('bad-handshake', `the ${what} is ${id.length} bytes, not ${ID_BYTES}`);
  }
}
