import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Sqlite from 'better-sqlite3';
import { encodeMetainfo } from '../../core/protocol/metainfo.js';
import { loadConfig } from '../../core/server/config.js';
import { createLogger } from '../../core/server/logger.js';
import { searchServerConfigSpec, type SearchServerConfig } from '../../search-server/config.js';
import { openSearchDatabase, type TokenRole } from '../../search-server/db/index.js';
import { startSearchServer, type SearchServer } from '../../search-server/main.js';

export interface TestSearchServer extends SearchServer {
  dir: string;
  /** Creates an API token in the server's database (a second connection, as the CLI does). */
  token(role?: TokenRole): string;
  /** Rows in the torrents table, read through a separate connection. */
  rowCount(): number;
  stop(): Promise<void>;
}

/** A real search server on 127.0.0.1 port 0 with a fresh SQLite file in a temp dir. */
export async function startTestSearchServer(overrides: Partial<SearchServerConfig> = {}): Promise<TestSearchServer> {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-search-'));
  const base = loadConfig(searchServerConfigSpec, [], {}).config;
  const config: SearchServerConfig = {
    ...base,
    port: 0,
    db: join(dir, 'search.sqlite'),
    scrapeInterval: 0,
    logLevel: 'silent',
    ...overrides,
  };
  const server = await startSearchServer(config, createLogger('search-test', 'silent'));
  let n = 0;
  return {
    ...server,
    dir,
    token(role: TokenRole = 'publisher') {
      const db = openSearchDatabase(server.dbFile);
      try {
        return db.tokens.createToken(`test-${role}-${++n}`, role).token;
      } finally {
        db.close();
      }
    },
    rowCount() {
      const db = new Sqlite(server.dbFile, { readonly: true });
      try {
        return (db.prepare('SELECT count(*) AS n FROM torrents').get() as { n: number }).n;
      } finally {
        db.close();
      }
    },
    async stop() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface TestTorrentOptions {
  name?: string;
  /** Paths below the root, each with a length; default one file named after the torrent. */
  files?: { path: string[]; length: number }[];
  trackers?: string[];
}

/** A valid .torrent with random piece hashes (the server never reads the data itself). */
export function makeTorrent(options: TestTorrentOptions = {}): Uint8Array {
  const name = options.name ?? `test-${randomBytes(4).toString('hex')}`;
  const files = options.files ?? [{ path: [name], length: 40_000 }];
  const pieceLength = 16384;
  const total = files.reduce((sum, f) => sum + f.length, 0);
  const pieces = randomBytes(Math.max(1, Math.ceil(total / pieceLength)) * 20);
  return encodeMetainfo(
    { name, pieceLength, pieces, files, multiFile: options.files !== undefined },
    { announce: options.trackers ? [options.trackers] : [] },
  );
}

export interface PublishFields {
  title?: string;
  description?: string;
  category?: string;
  tags?: string;
  token?: string;
}

/** POST /api/v1/torrents as multipart, the way curl -F does. */
export function publishTorrent(
  url: string,
  bytes: Uint8Array,
  fields: PublishFields = {},
  bearer?: string,
  path = '/api/v1/torrents',
): Promise<Response> {
  const form = new FormData();
  form.set('torrent', new Blob([bytes]), 'upload.torrent');
  for (const [key, value] of Object.entries(fields)) if (value !== undefined) form.set(key, value);
  return fetch(`${url}${path}`, {
    method: 'POST',
    body: form,
    redirect: 'manual',
    headers: bearer ? { authorization: `Bearer ${bearer}` } : {},
  });
}
