/**
 * BitTorrent client names from peer ids, for the stats pages and /metrics of all three protocols
 * (HTTP, UDP and WebRTC peers alike). Azureus style `-XXvvvv-` (two letters, four version
 * characters) covers most clients; aria2 uses `A2-<major>-<minor>-…`. Only clients in this table
 * get their own name; any other prefix, however it is forged, is `other`, and the breakdown keeps
 * only the largest few, so peers cannot grow the label set of the metrics.
 */
const AZUREUS: Record<string, string> = {
  qB: 'qBittorrent',
  TR: 'Transmission',
  lt: 'libtorrent (rakshasa)',
  LT: 'libtorrent',
  UT: 'µTorrent',
  UM: 'µTorrent Mac',
  DE: 'Deluge',
  AZ: 'Vuze',
  BT: 'BitTorrent',
  BC: 'BitComet',
  WW: 'WebTorrent',
  WD: 'WebTorrent Desktop',
  KT: 'KTorrent',
  FD: 'Free Download Manager',
  BI: 'BiglyBT',
  TX: 'Tixati',
  SH: 'Shoal',
};

/** Clients that write two digits of major and two of minor version: WebTorrent 2.8.x is `0208`. */
const TWO_BY_TWO = new Set(['WW', 'WD']);

/** A peer id as raw bytes (HTTP, UDP) or as a binary string, one character per byte (WebSocket). */
export type PeerIdLike = Uint8Array | string;

/** `{ client: 'qBittorrent', version: '4.6.5' }` for `-qB4650-…`; `other` for anything unknown. */
export function clientOf(peerId: PeerIdLike): { client: string; version: string } {
  const text = typeof peerId === 'string' ? peerId.slice(0, 8) : String.fromCharCode(...peerId.subarray(0, 8));
  if (text[0] === '-' && text[7] === '-') {
    const name = AZUREUS[text.slice(1, 3)];
    if (name) return { client: name, version: azureusVersion(text.slice(1, 3), text.slice(3, 7)) };
  }
  const aria = /^A2-(\d)-(\d)/.exec(text);
  if (aria) return { client: 'aria2', version: `${aria[1]}.${aria[2]}` };
  return { client: 'other', version: '' };
}

/** "4650" → "4.6.5"; Transmission before 4 wrote major, then minor as two digits: "3000" → "3.00". */
function azureusVersion(code: string, v: string): string {
  if (!/^[0-9A-Za-z]{4}$/.test(v)) return '';
  const digits = [...v].map((c) => parseInt(c, 36));
  if (TWO_BY_TWO.has(code)) return /^\d{4}$/.test(v) ? `${Number(v.slice(0, 2))}.${Number(v.slice(2))}` : '';
  if (code === 'TR' && digits[0]! < 4) return `${digits[0]}.${v.slice(1, 3)}`;
  return digits.slice(0, 3).join('.');
}

/** Counts peers by "client version", keeping the `limit` largest and folding the rest into "other". */
export function clientBreakdown(
  forEachPeerId: (visit: (id: PeerIdLike) => void) => void,
  limit = 20,
): Record<string, number> {
  const counts = new Map<string, number>();
  forEachPeerId((id) => {
    const { client, version } = clientOf(id);
    const label = version ? `${client} ${version}` : client;
    counts.set(label, (counts.get(label) ?? 0) + 1);
  });
  const sorted = [...counts].sort((a, b) => b[1] - a[1]);
  const out: Record<string, number> = Object.fromEntries(sorted.slice(0, limit));
  const rest = sorted.slice(limit).reduce((sum, [, n]) => sum + n, 0);
  if (rest > 0) out.other = (out.other ?? 0) + rest;
  return out;
}
