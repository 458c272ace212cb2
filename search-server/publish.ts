import { flattenAnnounce, parseMetainfo } from '../core/protocol/metainfo.js';
import type { NewTorrent, SearchDatabase } from './db/types.js';
import { findCategory } from './db/categories.js';
import { HttpError } from './http/errors.js';
import type { MultipartForm } from './http/multipart.js';

/** Category of torrents published without one: "Other". */
export const DEFAULT_CATEGORY = 8000;

const TAGS_MAX = 32;
/** Control characters, except in descriptions where tab and line breaks are text. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// eslint-disable-next-line no-control-regex -- as above
const DESCRIPTION_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;
/** Bidirectional overrides and isolates: they make a one-line title read differently than it is. */
const BIDI = /[\u202a-\u202e\u2066-\u2069]/u;

/**
 * Turns a publish form into a database entry: the .torrent is validated by the protocol core
 * (the same checks as every Shoal client, so the hostile corpus is refused here too), the text
 * fields are checked for what the database does not know about: encoding, control characters,
 * bidi overrides in one-line fields, the category id.
 */
export function entryFromForm(form: MultipartForm, uploaderTokenId: number | undefined): NewTorrent {
  // A browser sends an empty, unnamed file part when no file was chosen.
  if (!form.torrent || (form.torrent.bytes.length === 0 && form.torrent.filename === '')) {
    throw new HttpError(400, 'missing-torrent', 'no .torrent file: send it in the "torrent" file field');
  }
  const meta = parseMetainfo(form.torrent.bytes);
  const title = oneLine(field(form, 'title'), 'title');
  const description = field(form, 'description')?.replace(/\r\n?/g, '\n');
  if (description !== undefined) checkText(description, 'description', DESCRIPTION_CONTROL);
  return {
    infoHash: meta.infoHash,
    name: meta.info.name,
    title: title === undefined || title.trim() === '' ? undefined : title.trim(),
    description,
    category: categoryOf(field(form, 'category')),
    size: meta.info.length,
    files: meta.info.files.map((f) => ({ path: f.path, length: f.length })),
    trackers: flattenAnnounce(meta.announce),
    torrentBytes: meta.raw,
    tags: tagsOf(form),
    uploaderTokenId,
  };
}

/** Stores the entry (one transaction in the database) and returns where it lives. */
export function publish(db: SearchDatabase, entry: NewTorrent): { id: number; infoHash: string } {
  const { id } = db.torrents.insert(entry);
  return { id, infoHash: entry.infoHash };
}

function field(form: MultipartForm, name: string): string | undefined {
  const values = form.fields.get(name);
  if (values && values.length > 1) throw new HttpError(400, 'bad-field', `field "${name}" is given more than once`);
  return values?.[0];
}

function checkText(value: string, name: string, control: RegExp): void {
  if (value.includes('\ufffd')) {
    throw new HttpError(400, 'bad-encoding', `${name} is not valid UTF-8 (it contains U+FFFD replacement characters)`);
  }
  if (control.test(value)) throw new HttpError(400, 'bad-field', `${name} contains control characters`);
}

function oneLine(value: string | undefined, name: string): string | undefined {
  if (value === undefined) return undefined;
  checkText(value, name, CONTROL);
  const bidi = BIDI.exec(value);
  if (bidi) {
    const code = bidi[0].codePointAt(0)!.toString(16).toUpperCase();
    throw new HttpError(400, 'bad-field', `${name} contains a bidirectional control character (U+${code})`);
  }
  return value;
}

function categoryOf(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_CATEGORY;
  const id = Number(value.trim());
  if (!/^\d{1,6}$/.test(value.trim()) || findCategory(id) === undefined) {
    throw new HttpError(400, 'unknown-category', `category ${JSON.stringify(value)} is not a known category id`);
  }
  return id;
}

/** `tags` may repeat and each value may hold several comma-separated tags; duplicates are dropped. */
function tagsOf(form: MultipartForm): string[] {
  const tags = (form.fields.get('tags') ?? [])
    .flatMap((value) => value.split(','))
    .map((tag) => oneLine(tag.trim(), 'tags')!)
    .filter((tag) => tag !== '');
  const unique = [...new Set(tags)];
  if (unique.length > TAGS_MAX) throw new HttpError(400, 'bad-field', `at most ${TAGS_MAX} tags are allowed`);
  return unique;
}
