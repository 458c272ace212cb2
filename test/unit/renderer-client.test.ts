import { describe, expect, it } from 'vitest';
import { ApiError } from '../../core/api/index.js';
import { unwrapResponse } from '../../renderer/src/client/api-client.js';
import { backoffDelay } from '../../renderer/src/client/backoff.js';
import { checkEvent, parseEventFrame } from '../../renderer/src/client/event-frame.js';
import { takeToken, tokenFromInput, TOKEN_KEY } from '../../renderer/src/client/token.js';
import { hash, progressOf, summary } from './renderer-fixtures.js';

function thrown(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('did not throw');
}

describe('renderer client: event frames', () => {
  it('parses a frame of every kind the daemon sends', () => {
    const t = summary({ infoHash: hash(1) });
    const frames = [
      { event: 'torrent:added', payload: { torrent: t } },
      { event: 'torrent:progress', payload: { torrents: [progressOf(t, { files: [0.5] })] } },
      { event: 'torrent:state', payload: { infoHash: hash(1), state: 'paused' } },
      { event: 'torrent:removed', payload: { infoHash: hash(1) } },
      { event: 'create:progress', payload: { jobId: 'j', hashed: 1, total: 2 } },
    ];
    for (const frame of frames) expect(parseEventFrame(JSON.stringify(frame))).toEqual(frame);
  });

  it('refuses frames that are not JSON text, unknown events and payloads of the wrong shape, naming the problem', () => {
    expect(thrown(() => parseEventFrame(new Uint8Array([1])))).toMatchObject({
      code: 'bad-event',
      message: 'an event frame must be JSON text',
    });
    expect(thrown(() => parseEventFrame('{nope')).message).toBe('an event frame is not valid JSON');
    expect(thrown(() => parseEventFrame('[]')).message).toBe('unknown event undefined');
    expect(thrown(() => checkEvent(null)).message).toBe('an event must be an object');
    expect(thrown(() => checkEvent({ event: 'torrent:exploded', payload: {} })).message).toBe(
      'unknown event "torrent:exploded"',
    );
    expect(thrown(() => checkEvent({ event: 'toString', payload: {} })).message).toBe('unknown event "toString"');
    const bad = thrown(() => checkEvent({ event: 'torrent:state', payload: { infoHash: 'xyz', state: 'flying' } }));
    expect(bad.code).toBe('bad-event');
    expect(bad.message).toMatch(/^torrent:state: infoHash must be 40 lower-case hex characters; state must be one of/);
  });
});

describe('renderer client: responses', () => {
  it('answers the result of a success and throws the failure as an ApiError with its code', () => {
    expect(unwrapResponse('pause', { ok: true, result: {} })).toEqual({});
    const failure = thrown(() =>
      unwrapResponse('pause', { ok: false, error: { code: 'not-found', message: 'no torrent' } }),
    );
    expect(failure).toMatchObject({ code: 'not-found', message: 'no torrent' });
  });

  it('refuses what is not an API response', () => {
    for (const body of [null, 'text', { ok: true }, { ok: false, error: { code: 1 } }, { result: 1 }]) {
      expect(thrown(() => unwrapResponse('listTorrents', body))).toMatchObject({
        code: 'bad-response',
        message: "listTorrents: the host's answer is not an API response",
      });
    }
  });
});

describe('renderer client: reconnect back-off', () => {
  const options = { initialMs: 500, maxMs: 30_000 };

  it('doubles from the first wait up to the cap', () => {
    const exact = [0, 1, 2, 3, 6, 7, 100].map((n) => backoffDelay(n, options, () => 0));
    expect(exact).toEqual([500, 1000, 2000, 4000, 30_000, 30_000, 30_000]);
  });

  it('takes up to a fifth off at random, never more', () => {
    expect(backoffDelay(0, options, () => 0.999)).toBe(400);
    for (let i = 0; i < 50; i++) {
      const d = backoffDelay(3, options);
      expect(d).toBeGreaterThanOrEqual(3200);
      expect(d).toBeLessThanOrEqual(4000);
    }
  });
});

describe('renderer client: token', () => {
  const token = 'Abc_def-0123456789abcdefghijklmnopqrstuvwxy';

  function tab(hash: string, stored?: string) {
    const storage = new Map<string, string>(stored === undefined ? [] : [[TOKEN_KEY, stored]]);
    const replaced: string[] = [];
    const store = {
      getItem: (k: string) => storage.get(k) ?? null,
      setItem: (k: string, v: string) => void storage.set(k, v),
    };
    const got = takeToken({ hash, pathname: '/', search: '?x=1' }, store, (url) => replaced.push(url));
    return { got, storage, replaced };
  }

  it('moves the token from the address into session storage and off the address bar', () => {
    const { got, storage, replaced } = tab(`#token=${token}`);
    expect(got).toBe(token);
    expect(storage.get(TOKEN_KEY)).toBe(token);
    expect(replaced).toEqual(['/?x=1']);
  });

  it('keeps the stored token when the address has none, and leaves the address alone', () => {
    const { got, replaced } = tab('', token);
    expect(got).toBe(token);
    expect(replaced).toEqual([]);
  });

  it('drops a malformed token from the address without storing it', () => {
    const { got, storage, replaced } = tab('#token=<script>');
    expect(got).toBeUndefined();
    expect(storage.size).toBe(0);
    expect(replaced).toEqual(['/?x=1']);
  });

  it('takes a pasted token or the whole URL the daemon printed', () => {
    expect(tokenFromInput(`  ${token}\n`)).toBe(token);
    expect(tokenFromInput(`http://127.0.0.1:9091/#token=${token}`)).toBe(token);
    expect(tokenFromInput('http://127.0.0.1:9091/')).toBeUndefined();
    expect(tokenFromInput('short')).toBeUndefined();
  });
});
