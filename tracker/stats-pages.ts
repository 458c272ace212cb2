import type { TrackerStats } from './stats.js';

/** The /metrics body in the Prometheus text exposition format (version 0.0.4). */
export function renderMetrics(s: TrackerStats): string {
  const lines: string[] = [];
  const metric = (name: string, type: 'gauge' | 'counter', help: string, samples: [string, number][]) => {
    lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
    for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
  };
  const kinds = (a: SwarmCounts, w: SwarmCounts, key: keyof SwarmCounts): [string, number][] => [
    ['{kind="address"}', a[key]],
    ['{kind="webrtc"}', w[key]],
  ];
  metric('shoal_tracker_torrents', 'gauge', 'Torrents with at least one peer.', kinds(s.address, s.webrtc, 'torrents'));
  metric('shoal_tracker_peers', 'gauge', 'Tracked peers.', kinds(s.address, s.webrtc, 'peers'));
  metric('shoal_tracker_seeders', 'gauge', 'Peers with the whole torrent.', kinds(s.address, s.webrtc, 'seeders'));
  metric('shoal_tracker_leechers', 'gauge', 'Peers still downloading.', kinds(s.address, s.webrtc, 'leechers'));
  metric('shoal_tracker_completed_total', 'counter', 'Completed downloads reported.', [['', s.address.completed]]);
  metric('shoal_tracker_announces_total', 'counter', 'Announces served, by protocol.', [
    ['{protocol="http"}', s.announces.http],
    ['{protocol="udp"}', s.announces.udp],
  ]);
  metric('shoal_tracker_scrapes_total', 'counter', 'Scrapes served, by protocol.', [
    ['{protocol="http"}', s.scrapes.http],
    ['{protocol="udp"}', s.scrapes.udp],
  ]);
  metric('shoal_tracker_errors_total', 'counter', 'Requests refused with an error, by protocol.', [
    ['{protocol="http"}', s.errors.http],
    ['{protocol="udp"}', s.errors.udp],
  ]);
  metric('shoal_tracker_udp_connects_total', 'counter', 'UDP connect requests answered.', [['', s.udpConnects]]);
  metric(
    'shoal_tracker_udp_dropped_total',
    'counter',
    'UDP datagrams left unanswered: a reply could be aimed at a forged source.',
    Object.entries(s.udpDropped).map(([reason, n]): [string, number] => [`{reason="${reason}"}`, n]),
  );
  metric(
    'shoal_tracker_limited_total',
    'counter',
    'Requests turned away or left unlisted by a per-client limit.',
    Object.entries(s.limited).map(([limit, n]): [string, number] => [`{limit="${limitLabel(limit)}"}`, n]),
  );
  metric('shoal_tracker_ws_messages_total', 'counter', 'WebSocket messages.', [
    ['{direction="in"}', s.wsMessages.in],
    ['{direction="out"}', s.wsMessages.out],
  ]);
  metric('shoal_tracker_ws_sockets', 'gauge', 'Open WebSocket connections.', [['', s.webrtc.sockets]]);
  metric('shoal_tracker_clients', 'gauge', 'Peers by client software.', [
    ...Object.entries(s.clients).map(([c, n]): [string, number] => [`{kind="address",client="${escapeLabel(c)}"}`, n]),
    ...Object.entries(s.webrtcClients).map(([c, n]): [string, number] => [
      `{kind="webrtc",client="${escapeLabel(c)}"}`,
      n,
    ]),
  ]);
  metric('shoal_tracker_uptime_seconds', 'gauge', 'Seconds since start.', [['', s.uptimeSeconds]]);
  return `${lines.join('\n')}\n`;
}

interface SwarmCounts {
  torrents: number;
  peers: number;
  seeders: number;
  leechers: number;
}

/** The /stats page: the same numbers as /stats.json, for people. */
export function renderStatsHtml(s: TrackerStats): string {
  const row = (name: string, ...cells: (string | number)[]) =>
    `<tr><th>${escapeHtml(name)}</th>${cells.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`;
  const table = (title: string, head: string[], rows: string[]) =>
    `<h2>${title}</h2><table><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.join('')}</table>`;
  const countRows = (counts: Record<string, number>) => Object.entries(counts).map(([c, n]) => row(c, n));
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shoal tracker</title>
<style>body{font-family:system-ui,sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1em}th,td{padding:.2em .8em;text-align:left;border-bottom:1px solid #ddd}td{text-align:right}</style>
</head><body><h1>Shoal tracker</h1><p>Up for ${s.uptimeSeconds} s.</p>
${table(
  'Swarms',
  ['', 'HTTP/UDP', 'WebRTC'],
  [
    row('torrents', s.address.torrents, s.webrtc.torrents),
    row('peers', s.address.peers, s.webrtc.peers),
    row('seeders', s.address.seeders, s.webrtc.seeders),
    row('leechers', s.address.leechers, s.webrtc.leechers),
  ],
)}
${table(
  'Requests',
  ['', 'HTTP', 'UDP'],
  [
    row('announces', s.announces.http, s.announces.udp),
    row('scrapes', s.scrapes.http, s.scrapes.udp),
    row('errors', s.errors.http, s.errors.udp),
  ],
)}
${table('UDP datagrams dropped unanswered', ['reason', 'datagrams'], countRows(s.udpDropped))}
${table('Turned away by a limit', ['limit', 'requests'], countRows(s.limited))}
${table('Clients (HTTP/UDP)', ['client', 'peers'], countRows(s.clients))}
${table('Clients (WebRTC)', ['client', 'peers'], countRows(s.webrtcClients))}
</body></html>
`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** `wsSocketsPerAddress` → `ws_sockets_per_address`, the Prometheus way. */
function limitLabel(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function escapeLabel(text: string): string {
  return text.replace(/[\\"\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}
