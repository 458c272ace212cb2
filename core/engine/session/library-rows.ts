import { z } from 'zod';
import { check as checkWith } from '../../api/index.js';
import { LibraryError } from './library-errors.js';

/** What a library row holds, checked on the way in, and the conversions between rows and entries. */

export type FilePriority = 'skip' | 'low' | 'normal' | 'high';

export interface LibraryEntry {
  infoHash: string;
  name: string;
  /** The whole .torrent; null while a magnet waits for metadata. */
  torrent: Uint8Array | null;
  magnet: string | null;
  savePath: string;
  state: 'active' | 'paused';
  addedAt: number;
  completedAt: number | null;
  /** Per file; [] before metadata. */
  priorities: FilePriority[];
  sequential: boolean;
  downloadLimit: number | null;
  uploadLimit: number | null;
  uploaded: number;
  downloaded: number;
  error: { code: string; message: string } | null;
}

export interface ResumeData {
  /** The bitfield in its wire form. */
  have: Uint8Array;
  /** Per file, its size and modification time when `have` was saved; null for a file not yet created. */
  files: ({ size: number; mtimeMs: number } | null)[];
}

const count = z.number().int('must be a whole number').min(0, 'must not be negative').max(Number.MAX_SAFE_INTEGER);
const limit = z.number().int('must be a whole number').min(1, 'must be at least 1 (null for none)').nullable();
const bytes = z.instanceof(Uint8Array, { error: 'must be a Uint8Array' });

const entryFields = {
  name: z.string(),
  torrent: bytes.nullable(),
  magnet: z.string().nullable(),
  savePath: z.string().min(1, 'must not be empty'),
  state: z.enum(['active', 'paused']),
  addedAt: count,
  completedAt: count.nullable(),
  priorities: z.array(z.enum(['skip', 'low', 'normal', 'high'])),
  sequential: z.boolean(),
  downloadLimit: limit,
  uploadLimit: limit,
  uploaded: count,
  downloaded: count,
  error: z.strictObject({ code: z.string(), message: z.string() }).nullable(),
} satisfies { [K in keyof EntryPatch]-?: z.ZodType<LibraryEntry[K]> };

const entrySchema = z
  .strictObject({
    infoHash: z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lower-case hex characters'),
    ...entryFields,
  })
  .refine((e) => e.torrent !== null || e.magnet !== null, 'needs its torrent or its magnet link');
const patchSchema = z.strictObject(entryFields).partial();
const resumeSchema = z.strictObject({
  have: bytes,
  files: z.array(z.strictObject({ size: count, mtimeMs: z.number() }).nullable()),
});
const totalsSchema = z.strictObject({ uploaded: count, downloaded: count });

export type EntryPatch = Partial<Omit<LibraryEntry, 'infoHash'>>;

function check<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const checked = checkWith(schema, value);
  if (!checked.success) throw new LibraryError('bad-entry', `${what}: ${checked.message}`);
  return checked.data;
}

export const checkEntry = (entry: LibraryEntry) => check(entrySchema, entry, 'library entry');
export const checkPatch = (infoHash: string, patch: EntryPatch) => check(patchSchema, patch, `update of ${infoHash}`);
export const checkResume = (infoHash: string, resume: ResumeData, totals: { uploaded: number; downloaded: number }) => {
  check(resumeSchema, resume, `resume data of ${infoHash}`);
  check(totalsSchema, totals, `totals of ${infoHash}`);
};

const LETTERS: Record<FilePriority, string> = { skip: 's', low: 'l', normal: 'n', high: 'h' };
const PRIORITIES: Record<string, FilePriority> = { s: 'skip', l: 'low', n: 'normal', h: 'high' };

export interface TorrentRow {
  info_hash: string;
  name: string;
  bytes: Uint8Array | null;
  magnet: string | null;
  save_path: string;
  state: 'active' | 'paused';
  added_at: number;
  completed_at: number | null;
  priorities: string;
  sequential: number;
  download_limit: number | null;
  upload_limit: number | null;
  uploaded: number;
  downloaded: number;
  error_code: string | null;
  error_message: string | null;
}

/** Columns of `torrents` (all but the .torrent bytes) for the fields the patch sets, as named parameters. */
export function columnsOf(patch: EntryPatch): Record<string, string | number | null> {
  const c: Record<string, string | number | null> = {};
  if (patch.name !== undefined) c.name = patch.name;
  if (patch.magnet !== undefined) c.magnet = patch.magnet;
  if (patch.savePath !== undefined) c.save_path = patch.savePath;
  if (patch.state !== undefined) c.state = patch.state;
  if (patch.addedAt !== undefined) c.added_at = patch.addedAt;
  if (patch.completedAt !== undefined) c.completed_at = patch.completedAt;
  if (patch.priorities !== undefined) c.priorities = patch.priorities.map((p) => LETTERS[p]).join('');
  if (patch.sequential !== undefined) c.sequential = patch.sequential ? 1 : 0;
  if (patch.downloadLimit !== undefined) c.download_limit = patch.downloadLimit;
  if (patch.uploadLimit !== undefined) c.upload_limit = patch.uploadLimit;
  if (patch.uploaded !== undefined) c.uploaded = patch.uploaded;
  if (patch.downloaded !== undefined) c.downloaded = patch.downloaded;
  if (patch.error !== undefined) {
    c.error_code = patch.error?.code ?? null;
    c.error_message = patch.error?.message ?? null;
  }
  return c;
}

export function entryOf(row: TorrentRow): LibraryEntry {
  return {
    infoHash: row.info_hash,
    name: row.name,
    torrent: row.bytes === null ? null : new Uint8Array(row.bytes),
    magnet: row.magnet,
    savePath: row.save_path,
    state: row.state,
    addedAt: row.added_at,
    completedAt: row.completed_at,
    priorities: [...row.priorities].map((letter) => PRIORITIES[letter]!),
    sequential: row.sequential === 1,
    downloadLimit: row.download_limit,
    uploadLimit: row.upload_limit,
    uploaded: row.uploaded,
    downloaded: row.downloaded,
    error: row.error_code === null ? null : { code: row.error_code, message: row.error_message ?? '' },
  };
}

/** The stored per-file list back; a damaged one is no resume data at all (the engine then rechecks). */
export function resumeOf(have: Uint8Array, files: string): ResumeData | undefined {
  try {
    const parsed = resumeSchema.shape.files.safeParse(
      (JSON.parse(files) as unknown[]).map((f) => (Array.isArray(f) ? { size: f[0], mtimeMs: f[1] } : f)),
    );
    return parsed.success ? { have: new Uint8Array(have), files: parsed.data } : undefined;
  } catch {
    return undefined;
  }
}

/** `[[size, mtimeMs] | null, ...]`: a third of the size of objects with their keys. */
export function filesText(files: ResumeData['files']): string {
  return JSON.stringify(files.map((f) => (f === null ? null : [f.size, f.mtimeMs])));
}
