import { z } from 'zod';

/**
 * The building blocks every command and event schema shares. Messages are written to follow the
 * field's name ("savePath must not contain NUL"): core/api/issues.ts prefixes the path.
 *
 * Caps that mirror core/protocol's own limits are repeated here on purpose: core/api reaches the
 * renderer, and importing those constants would drag the metainfo parser (node:crypto) along.
 */

/** DEFAULT_METAINFO_LIMITS.maxBytes in core/protocol/metainfo-parse.ts. */
export const MAX_TORRENT_BYTES = 16 * 1024 * 1024;
/** DEFAULT_METAINFO_LIMITS.maxFiles in core/protocol/metainfo-parse.ts. */
export const MAX_FILES = 100_000;
/** Rate limits run from 1 B/s to 10 GB/s; null means unlimited. */
export const MAX_RATE = 10_000_000_000;
export const MAX_PATH_LENGTH = 4096;
export const MAX_URL_LENGTH = 2048;
export const MAX_TRACKERS = 200;

export const infoHash = z.string().regex(/^[0-9a-f]{40}$/, 'must be 40 lower-case hex characters');

/** Whole, non-negative and exact in a double: bytes, counts, indices, times. */
export const count = z
  .number()
  .int('must be a whole number')
  .min(0, 'must not be negative')
  .max(Number.MAX_SAFE_INTEGER, 'is too large');

/** Milliseconds since the Unix epoch. */
export const time = count;

/** 0..1 (progress of selected bytes, of a file, of a peer). */
export const fraction = z.number().min(0, 'must be ≥ 0').max(1, 'must be ≤ 1');

/** A speed cap in bytes/s, or null for none. */
export const rateLimit = z
  .number()
  .int('must be a whole number of bytes per second')
  .min(1, 'must be at least 1 byte/s (null means no limit)')
  .max(MAX_RATE, `must be at most ${MAX_RATE} bytes/s (10 GB/s)`)
  .nullable();

export function text(max: number) {
  return z
    .string()
    .max(max, `must be at most ${max} characters`)
    .refine((value) => !value.includes('\0'), 'must not contain NUL')
    .refine((value) => value.isWellFormed(), 'must be valid Unicode text');
}

/** A file system path as the engine's host sees it: non-empty, no NUL. */
export const fsPath = text(MAX_PATH_LENGTH).min(1, 'must not be empty');

/** `bytes` of payload at most, as standard base64 (how bytes cross IPC and HTTP as JSON). */
export function base64(maxBytes: number) {
  return z
    .base64()
    .min(1, 'must not be empty')
    .max(Math.ceil(maxBytes / 3) * 4, `must hold at most ${maxBytes} bytes`);
}

/** An absolute URL with one of `schemes` (each like 'https:'). */
export function url(schemes: readonly string[]) {
  const list = schemes.map((s) => s.slice(0, -1)).join(', ');
  return z
    .string()
    .max(MAX_URL_LENGTH, `must be at most ${MAX_URL_LENGTH} characters`)
    .refine((value) => URL.canParse(value), 'is not a valid URL')
    .refine((value) => !URL.canParse(value) || schemes.includes(new URL(value).protocol), `must be a ${list} URL`);
}

export const TRACKER_SCHEMES = ['http:', 'https:', 'udp:', 'ws:', 'wss:'] as const;
export const trackerUrl = url(TRACKER_SCHEMES);
export const httpUrl = url(['http:', 'https:']);

/** Params of a command that takes none: `{}` (parseCommand also accepts undefined). */
export const noParams = z.strictObject({});
/** Result of a command that answers nothing but success. */
export const done = z.strictObject({});
