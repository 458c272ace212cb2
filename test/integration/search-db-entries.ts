import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSearchDatabase } from '../../search-server/db/database.js';
import type { NewTorrent, SearchDatabase } from '../../search-server/db/types.js';

/** Test data for the search database tests: entries with distinct infohashes, temp files. */

export function infoHashFor(seed: string): string {
  return createHash('sha1').update(seed).digest('hex');
}

export function entry(title: string, overrides: Partial<NewTorrent> = {}): NewTorrent {
  const files = overrides.files ?? [
    { path: [title, `${title}.mkv`], length: 1000 },
    { path: [title, 'Sample', 'sample.mkv'], length: 24 },
  ];
  return {
    infoHash: infoHashFor(title),
    name: title,
    category: 5000,
    size: files.reduce((sum, f) => sum + f.length, 0),
    files,
    trackers: ['udp://tracker.example:1337/announce'],
    torrentBytes: Buffer.from(`d4:infod4:name${title.length}:${title}ee`),
    ...overrides,
  };
}

export interface TempDb {
  db: SearchDatabase;
  file: string;
  cleanup(): void;
}

export function tempDb(): TempDb {
  const dir = mkdtempSync(join(tmpdir(), 'shoal-search-db-'));
  const file = join(dir, 'data', 'search.db');
  const db = openSearchDatabase(file);
  return {
    db,
    file,
    cleanup() {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
