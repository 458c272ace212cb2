import { flattenAnnounce, type Metainfo } from '../../core/protocol/metainfo.js';
import { magnetFromMetainfo, parseMagnet, type Magnet } from '../../core/protocol/magnet.js';
import { ProtocolError } from '../../core/protocol/errors.js';
import { parseCommandArgs, UsageError, type Command } from '../command.js';
import { formatBytes } from '../../core/protocol/units.js';
import { printable } from '../format.js';
import { readTorrentFile } from '../torrent-file.js';

const help = `Usage: shoal info <file.torrent | magnet-link> [--json]

Shows what a torrent holds: name, infohash, piece length and count, total size, files with
their sizes, trackers (by tier), web seeds, private flag, source, comment, creator and date.
For a magnet link: its infohash, name, trackers, web seeds, peers and selected files.

Options:
      --json    print one JSON object instead. For a torrent: infoHash, name, pieceLength,
                pieceCount, length, private, source, files ([{path, length}], path joined
                with "/"), announce (all tracker URLs, flat), announceTiers, urlList, comment,
                createdBy, creationDate, magnet. For a magnet link: magnet: true, infoHash,
                name, announce, urlList, peers, select.
  -h, --help    this help`;

const options = { json: { type: 'boolean' } } as const;

async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, options);
  if (positionals.length !== 1) throw new UsageError('expected one .torrent file or magnet link');
  const source = positionals[0]!;
  if (/^magnet:/i.test(source)) {
    const magnet = readMagnet(source);
    print(values.json ? JSON.stringify(magnetJson(magnet), null, 2) : magnetText(magnet));
  } else {
    const metainfo = await readTorrentFile(source);
    print(values.json ? JSON.stringify(torrentJson(metainfo), null, 2) : torrentText(metainfo));
  }
  return 0;
}

function print(text: string): void {
  process.stdout.write(`${text}\n`);
}

function readMagnet(uri: string): Magnet {
  try {
    return parseMagnet(uri);
  } catch (e) {
    if (e instanceof ProtocolError) throw new Error(`not a valid magnet link: ${e.message} [${e.code}]`, { cause: e });
    throw e;
  }
}

function torrentJson(m: Metainfo) {
  const { info } = m;
  return {
    infoHash: m.infoHash,
    name: info.name,
    pieceLength: info.pieceLength,
    pieceCount: info.pieceCount,
    length: info.length,
    private: info.private,
    source: info.source,
    files: info.files.map((f) => ({ path: f.path.join('/'), length: f.length })),
    announce: flattenAnnounce(m.announce),
    announceTiers: m.announce,
    urlList: m.urlList,
    comment: m.comment,
    createdBy: m.createdBy,
    creationDate: m.creationDate,
    magnet: magnetFromMetainfo(m),
  };
}

function torrentText(m: Metainfo): string {
  const { info } = m;
  const rows: [string, string | undefined][] = [
    ['Name', info.name],
    ['Infohash', m.infoHash],
    ['Piece length', `${formatBytes(info.pieceLength)} (${info.pieceLength} bytes)`],
    ['Pieces', String(info.pieceCount)],
    ['Total size', `${formatBytes(info.length)} (${info.length} bytes)`],
    ['Private', info.private ? 'yes' : 'no'],
    ['Source', info.source],
    ['Comment', m.comment],
    ['Created by', m.createdBy],
    ['Created on', m.creationDate === undefined ? undefined : dateText(m.creationDate)],
  ];
  const lines = rows.filter(([, v]) => v !== undefined).map(([k, v]) => `${`${k}:`.padEnd(14)}${printable(v!)}`);
  lines.push(`Trackers:${m.announce.length === 0 ? ' none' : ''}`);
  m.announce.forEach((tier, i) => lines.push(...tier.map((url) => `  tier ${i + 1}  ${printable(url)}`)));
  if (m.urlList.length > 0) lines.push('Web seeds:', ...m.urlList.map((url) => `  ${printable(url)}`));
  lines.push(`Files (${info.files.length}):`);
  const width = Math.max(...info.files.map((f) => formatBytes(f.length).length));
  for (const f of info.files) {
    const shown = info.multiFile ? [info.name, ...f.path].join('/') : info.name;
    lines.push(`  ${formatBytes(f.length).padStart(width)}  ${printable(shown)}`);
  }
  return lines.join('\n');
}

function dateText(seconds: number): string {
  const date = new Date(seconds * 1000);
  return Number.isNaN(date.getTime()) ? String(seconds) : date.toISOString();
}

function magnetJson(m: Magnet) {
  return {
    magnet: true,
    infoHash: m.infoHash,
    name: m.name,
    announce: m.trackers,
    urlList: m.webSeeds,
    peers: m.peers,
    select: m.select,
  };
}

function magnetText(m: Magnet): string {
  const lines = [`Infohash:     ${m.infoHash}`];
  if (m.name !== undefined) lines.push(`Name:         ${printable(m.name)}`);
  lines.push(`Trackers:${m.trackers.length === 0 ? ' none' : ''}`, ...m.trackers.map((u) => `  ${printable(u)}`));
  if (m.webSeeds.length > 0) lines.push('Web seeds:', ...m.webSeeds.map((u) => `  ${printable(u)}`));
  if (m.peers.length > 0) lines.push('Peers:', ...m.peers.map((p) => `  ${printable(p)}`));
  if (m.select !== undefined) lines.push(`Selected files: ${m.select.join(', ')}`);
  lines.push('(a magnet link holds no file list; it is fetched from peers)');
  return lines.join('\n');
}

export const command: Command = { name: 'info', help, run };
