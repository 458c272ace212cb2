import type { BDict, BValue } from './bencode.js';
import { MetainfoError } from './errors.js';

/** Typed access to bencoded dict values; every refusal names the key and where it sits (e.g. `info.files[3]`). */

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export function kindOf(value: BValue): string {
  if (typeof value === 'number') return 'an integer';
  if (value instanceof Uint8Array) return 'a string';
  if (Array.isArray(value)) return 'a list';
  return 'a dictionary';
}

function badType(where: string, key: string, wanted: string, got: BValue): MetainfoError {
  return new MetainfoError('bad-type', `${where} "${key}" must be ${wanted}, not ${kindOf(got)}`);
}

function present(dict: BDict, key: string, where: string): BValue {
  const value = dict.get(key);
  if (value === undefined) throw new MetainfoError('missing-key', `${where} is missing the key "${key}"`);
  return value;
}

export function requireInt(dict: BDict, key: string, where: string): number {
  const value = present(dict, key, where);
  if (typeof value !== 'number') throw badType(where, key, 'an integer', value);
  return value;
}

export function requireBytes(dict: BDict, key: string, where: string): Uint8Array {
  const value = present(dict, key, where);
  if (!(value instanceof Uint8Array)) throw badType(where, key, 'a string', value);
  return value;
}

export function requireList(dict: BDict, key: string, where: string): BValue[] {
  const value = present(dict, key, where);
  if (!Array.isArray(value)) throw badType(where, key, 'a list', value);
  return value;
}

export function requireDict(dict: BDict, key: string, where: string): BDict {
  const value = present(dict, key, where);
  if (!(value instanceof Map)) throw badType(where, key, 'a dictionary', value);
  return value;
}

/** Strict UTF-8: undefined when the bytes are not valid UTF-8. */
export function utf8OrUndefined(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * An optional free-text field (comment, created by, encoding). These only inform people, so a
 * mistyped one is ignored rather than refusing the torrent; `<key>.utf-8` wins when present.
 */
export function optionalText(dict: BDict, key: string): string | undefined {
  for (const k of [`${key}.utf-8`, key]) {
    const value = dict.get(k);
    if (value instanceof Uint8Array) return lenientUtf8.decode(value);
  }
  return undefined;
}

/** Shows a name in an error message with every invisible or control character spelled out. */
export function quote(text: string): string {
  const shown = text.length > 120 ? `${text.slice(0, 120)}…` : text;
  return `"${shown.replace(/[\p{Cc}\p{Cf}]/gu, (c) => `\\u{${c.codePointAt(0)!.toString(16).padStart(4, '0')}}`)}"`;
}
