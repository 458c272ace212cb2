import { findCategory } from './categories.js';
import { SearchDbError } from './errors.js';
import type { NewTorrent } from './types.js';

/**
 * Checks a NewTorrent before anything is written, so a bad entry is refused whole with a message
 * naming the field. Text must be well-formed Unicode (a lone surrogate is what invalid UTF-8
 * turns into on its way through JavaScript) and free of NUL.
 */

const LIMITS = {
  name: 1024,
  title: 512,
  description: 65_536,
  tracker: 2048,
  trackers: 200,
  tag: 64,
  tags: 32,
  pathElement: 1024,
};

/** The validated entry with defaults filled in. */
export interface CleanTorrent extends Required<Omit<NewTorrent, 'uploaderTokenId'>> {
  uploaderTokenId: number | null;
}

export function validateEntry(entry: NewTorrent, now: number): CleanTorrent {
  if (typeof entry !== 'object' || entry === null) fail('the entry must be an object');
  const name = text(entry.name, 'name', LIMITS.name, true);
  const title = entry.title === undefined ? '' : text(entry.title, 'title', LIMITS.title, false);
  const files = filesOf(entry.files);
  const size = count(entry.size, 'size');
  const sum = files.reduce((total, file) => total + file.length, 0);
  if (sum !== size) fail(`size is ${size} but the files add up to ${sum}`);
  return {
    infoHash: infoHashOf(entry.infoHash),
    name,
    title: title.trim() === '' ? name : title,
    description: entry.description === undefined ? '' : text(entry.description, 'description', LIMITS.description),
    category: categoryOf(entry.category),
    size,
    files,
    trackers: listOf(entry.trackers, 'trackers', LIMITS.trackers, LIMITS.tracker),
    torrentBytes: bytesOf(entry.torrentBytes),
    tags: entry.tags === undefined ? [] : listOf(entry.tags, 'tags', LIMITS.tags, LIMITS.tag),
    uploaderTokenId: entry.uploaderTokenId === undefined ? null : count(entry.uploaderTokenId, 'uploaderTokenId'),
    createdAt: entry.createdAt === undefined ? now : count(entry.createdAt, 'createdAt'),
  };
}

/** Lower-case 40-hex infohash, or a bad-entry error. */
export function infoHashOf(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{40}$/.test(value)) {
    fail('infoHash must be 40 hexadecimal characters');
  }
  return value.toLowerCase();
}

function fail(message: string): never {
  throw new SearchDbError('bad-entry', message);
}

function text(value: unknown, field: string, max: number, required = false): string {
  if (typeof value !== 'string') fail(`${field} must be text`);
  if (required && value.trim() === '') fail(`${field} must not be empty`);
  if (value.length > max) fail(`${field} is ${value.length} characters long; at most ${max} are allowed`);
  if (!value.isWellFormed()) fail(`${field} is not valid Unicode text`);
  if (value.includes('\0')) fail(`${field} contains a NUL character`);
  return value;
}

function count(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    fail(`${field} must be a whole number ≥ 0`);
  }
  return value;
}

function categoryOf(value: unknown): number {
  if (typeof value !== 'number' || findCategory(value) === undefined) {
    fail(`category ${String(value)} is not a known Torznab category`);
  }
  return value;
}

function listOf(value: unknown, field: string, maxItems: number, maxLength: number): string[] {
  if (!Array.isArray(value)) fail(`${field} must be a list of text`);
  if (value.length > maxItems) fail(`${field} has ${value.length} entries; at most ${maxItems} are allowed`);
  return value.map((item, i) => text(item, `${field}[${i}]`, maxLength, true));
}

function filesOf(value: unknown): { path: string[]; length: number }[] {
  if (!Array.isArray(value) || value.length === 0) fail('files must be a non-empty list');
  return value.map((file: unknown, i) => {
    if (typeof file !== 'object' || file === null) fail(`files[${i}] must be an object`);
    const { path, length } = file as { path?: unknown; length?: unknown };
    if (!Array.isArray(path) || path.length === 0) fail(`files[${i}].path must be a non-empty list`);
    return {
      path: path.map((element, j) => text(element, `files[${i}].path[${j}]`, LIMITS.pathElement, true)),
      length: count(length, `files[${i}].length`),
    };
  });
}

function bytesOf(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array) || value.length === 0) fail('torrentBytes must be non-empty bytes');
  return value;
}
