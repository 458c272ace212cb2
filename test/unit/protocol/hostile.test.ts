import { describe, expect, it } from 'vitest';
import { BencodeError, MetainfoError } from '../../../core/protocol/errors.js';
import { parseMetainfo } from '../../../core/protocol/metainfo.js';
import { hostileTorrents, unusualButValid } from '../../fixtures/hostile.js';

function errorOf(bytes: Uint8Array): unknown {
  try {
    parseMetainfo(bytes);
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('hostile torrents', () => {
  it('the corpus has at least 30 entries with distinct names', () => {
    expect(hostileTorrents.length).toBeGreaterThanOrEqual(30);
    expect(new Set(hostileTorrents.map((t) => t.name)).size).toBe(hostileTorrents.length);
  });

  it.each(hostileTorrents.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const error = errorOf(t.bytes);
    expect(error).toBeInstanceOf(error instanceof BencodeError ? BencodeError : MetainfoError);
    const { code, message } = error as MetainfoError;
    expect(code).toBe(t.code);
    if (typeof t.message === 'string') expect(message).toBe(t.message);
    else expect(message).toMatch(t.message);
  });
});

describe('unusual but valid torrents', () => {
  it.each(unusualButValid.map((t) => [t.name, t] as const))('%s', (_name, t) => {
    const m = parseMetainfo(t.bytes);
    expect(t.holds(m)).toBe(true);
  });
});
