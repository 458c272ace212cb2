import type { TorrentDetail, TorrentSummary } from './types.js';

/** Column lists and row mapping shared by the repository and the search. */

export const SUMMARY_COLUMNS =
  't.id, t.info_hash, t.name, t.title, t.category, t.size, t.file_count, t.created_at, ' +
  't.seeders, t.leechers, t.completed, t.scraped_at';

export const DETAIL_COLUMNS = `${SUMMARY_COLUMNS}, t.uploader_token_id, t.hidden, d.description, d.trackers, d.tags, d.files`;

export interface SummaryRow {
  id: number;
  info_hash: string;
  name: string;
  title: string;
  category: number;
  size: number;
  file_count: number;
  created_at: number;
  seeders: number;
  leechers: number;
  completed: number;
  scraped_at: number | null;
}

export interface DetailRow extends SummaryRow {
  uploader_token_id: number | null;
  hidden: number;
  description: string;
  trackers: string;
  tags: string;
  files: string;
}

export function toSummary(row: SummaryRow): TorrentSummary {
  return {
    id: row.id,
    infoHash: row.info_hash,
    name: row.name,
    title: row.title,
    category: row.category,
    size: row.size,
    fileCount: row.file_count,
    createdAt: row.created_at,
    seeders: row.seeders,
    leechers: row.leechers,
    completed: row.completed,
    scrapedAt: row.scraped_at,
  };
}

export function toDetail(row: DetailRow): TorrentDetail {
  return {
    ...toSummary(row),
    description: row.description,
    trackers: JSON.parse(row.trackers) as string[],
    tags: JSON.parse(row.tags) as string[],
    files: decodeFiles(row.files),
    uploaderTokenId: row.uploader_token_id,
    hidden: row.hidden === 1,
  };
}

/** Files are stored as `[[length, ...pathElements], ...]`: compact JSON, one row per torrent. */
export function encodeFiles(files: readonly { path: string[]; length: number }[]): string {
  return JSON.stringify(files.map((f) => [f.length, ...f.path]));
}

export function decodeFiles(json: string): { path: string[]; length: number }[] {
  return (JSON.parse(json) as [number, ...string[]][]).map(([length, ...path]) => ({ path, length }));
}

/** Runs of characters the index keeps as words (the tokenizer in schema.ts; fts-query.ts agrees). */
const WORD = /[\p{L}\p{N}\p{M}\p{Co}+#]+/gu;

/**
 * The text the index holds for a torrent (see schema.ts for the columns). File paths repeat the
 * same words over and over (a season pack names the show in every file), so `paths` keeps each
 * word once, in order of first appearance: that halves the index work at ingest, keeps phrases
 * within a file name mostly intact, and stops a 50-file torrent from outranking on repetition.
 */
export function indexText(
  title: string,
  name: string,
  files: readonly { path: string[] }[],
): { title: string; paths: string } {
  const words = new Set<string>();
  for (const file of files) {
    for (const element of file.path) {
      for (const word of element.toLowerCase().match(WORD) ?? []) words.add(word);
    }
  }
  return { title: title === name ? title : `${title}\n${name}`, paths: [...words].join(' ') };
}
