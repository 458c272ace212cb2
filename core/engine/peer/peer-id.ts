import { randomBytes } from 'node:crypto';

/** Azureus-style peer id (BEP 20): "-SH0100-" then 12 random bytes, so trackers and peers can tell the client. */
export const PEER_ID_PREFIX = '-SH0100-';
export const CLIENT_NAME = 'Shoal 0.1.0';

export function newPeerId(): Uint8Array {
  const id = new Uint8Array(20);
  id.set(Buffer.from(PEER_ID_PREFIX, 'latin1'));
  id.set(randomBytes(12), 8);
  return id;
}

const AZUREUS_CLIENTS: Record<string, string> = {
  SH: 'Shoal',
  WW: 'WebTorrent',
  WD: 'WebTorrent Desktop',
  qB: 'qBittorrent',
  TR: 'Transmission',
  LT: 'libtorrent',
  lt: 'libTorrent',
  DE: 'Deluge',
  UT: 'µTorrent',
  AZ: 'Vuze',
  BT: 'BitTorrent',
};

/** A readable client name from a peer id ("WebTorrent 0.1.0x"); `fallback` (e.g. the BEP 10 `v`) when unknown. */
export function clientFromPeerId(id: Uint8Array, fallback?: string): string {
  if (fallback) return fallback;
  const text = Buffer.from(id).toString('latin1');
  const m = /^-([A-Za-z]{2})([0-9A-Za-z]{4})-/.exec(text);
  if (m) {
    const name = AZUREUS_CLIENTS[m[1]!];
    if (name) return `${name} ${m[2]!.split('').join('.')}`;
  }
  return 'unknown';
}
