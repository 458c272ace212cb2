import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  announce,
  scrape,
  TierAnnouncer,
  TrackerClientError,
  type AnnouncePeer,
  type TierAnnouncerOptions,
  type TierMember,
  type TrackerStatus,
} from '../../core/engine/tracker-client/index.js';
import { encode } from '../../core/protocol/bencode.js';
import { toHex } from '../../core/protocol/hex.js';
import type { RunningTracker } from '../../tracker/server.js';
import { ScriptedHttpTracker, until } from '../helpers/fake-trackers.js';
import { id20, startTestTracker } from '../helpers/tracker.js';

let tracker: RunningTracker;
let deadUrl: string;

/** A port that was just free: nothing listens there, so connecting is refused at once. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

beforeAll(async () => {
  tracker = await startTestTracker({ interval: 900 });
  deadUrl = `http://127.0.0.1:${await closedPort()}/announce`;
});

afterAll(() => tracker.close());

interface TestMember extends TierMember {
  left: number;
  received: { peers: AnnouncePeer[]; url: string }[];
}

function member(infoHash: Uint8Array, port: number): TestMember {
  const m: TestMember = {
    infoHash,
    peerId: id20('-SH0100-', port),
    port,
    left: 100,
    received: [],
    stats: () => ({ uploaded: 0, downloaded: 0, left: m.left }),
    wantedPeers: () => 50,
    onPeers: (peers, url) => m.received.push({ peers, url }),
  };
  return m;
}

/** Short settings: the announcer runs in milliseconds, not minutes. */
const FAST: TierAnnouncerOptions = { timeoutMs: 2000, minIntervalSeconds: 0, retry: { minMs: 5000, maxMs: 5000 } };

const shoalUrl = (scheme: 'http' | 'udp') =>
  scheme === 'http' ? `http://127.0.0.1:${tracker.httpPort}/announce` : `udp://127.0.0.1:${tracker.udpPort!}/announce`;

/** No kind of handle is more numerous in `after` than in `before`. */
function noneAdded(before: string[], after: string[]): boolean {
  const count = (list: string[], kind: string) => list.filter((k) => k === kind).length;
  return after.every((kind) => count(after, kind) <= count(before, kind));
}

const stateOf = (a: TierAnnouncer, url: string) => a.status().find((s) => s.url === url)?.state;

/** A scripted tracker answering `interval` and `extra`, for the test's duration. */
async function withScripted(
  run: (t: ScriptedHttpTracker) => Promise<void>,
  extra: Record<string, string | number> = {},
): Promise<void> {
  const scripted = await ScriptedHttpTracker.start();
  scripted.answer = () => ({ body: encode({ interval: 3600, peers: new Uint8Array(0), ...extra }) });
  try {
    await run(scripted);
  } finally {
    await scripted.close();
  }
}

describe('TierAnnouncer against the real Shoal tracker', () => {
  it.each(['http', 'udp'] as const)('over %s: started, completed and stopped change the counts', async (scheme) => {
    const hash = id20(`tiers-${scheme}`);
    const hex = toHex(hash);
    const url = shoalUrl(scheme);
    const counts = async () => (await scrape(url, [hex], { timeoutMs: 2000 })).get(hex);
    const m = member(hash, 7101);
    const announcer = new TierAnnouncer([[url]], m, FAST);
    announcer.start();
    await until(() => stateOf(announcer, url) === 'working', 'the started announce');
    expect(await counts()).toEqual({ complete: 0, incomplete: 1, downloaded: 0 });
    expect(announcer.status()).toEqual([
      expect.objectContaining({ url, tier: 0, state: 'working', complete: 0, incomplete: 1, intervalSeconds: 900 }),
    ]);

    m.left = 0;
    announcer.announce('completed');
    await until(async () => (await counts())?.complete === 1, 'the completed announce');
    expect(await counts()).toEqual({ complete: 1, incomplete: 0, downloaded: 1 });

    await announcer.stop();
    expect(await counts()).toEqual({ complete: 0, incomplete: 0, downloaded: 1 });
    expect(announcer.status().map((s) => [s.state, s.nextAnnounceAt])).toEqual([['stopped', undefined]]);
  });

  it('hands the peers of a working tier on while a dead tier retries', async () => {
    const hash = id20('dead-tier');
    await announce(shoalUrl('http'), {
      infoHash: hash,
      peerId: id20('other'),
      port: 7200,
      uploaded: 0,
      downloaded: 0,
      left: 0,
      event: 'started',
      numwant: 0,
      key: 1,
    });
    await withScripted(async (garbage) => {
      garbage.answer = () => ({ body: '<html>Tracker offline</html>' });
      const m = member(hash, 7102);
      const announcer = new TierAnnouncer([[deadUrl], [garbage.url()], [shoalUrl('http')]], m, FAST);
      announcer.start();
      await until(() => m.received.length > 0, 'peers from the working tier');
      expect(m.received[0]).toEqual({ peers: [{ ip: '127.0.0.1', port: 7200 }], url: shoalUrl('http') });
      await until(() => announcer.status().every((s) => s.state !== 'announcing'), 'every tier to settle');
      const [dead, html, working] = announcer.status() as [TrackerStatus, TrackerStatus, TrackerStatus];
      expect(dead).toMatchObject({ tier: 0, state: 'error', lastError: expect.stringContaining('cannot reach') });
      expect(html).toMatchObject({ tier: 1, state: 'error', lastError: expect.stringContaining('not bencode') });
      expect(working).toMatchObject({ tier: 2, state: 'working', peers: 1 });
      // The failed tiers will try again after the back-off; the working one at its interval.
      expect(dead.nextAnnounceAt! - dead.lastAnnounceAt!).toBe(5000);
      expect(working.nextAnnounceAt! - working.lastAnnounceAt!).toBe(900_000);
      await announcer.stop();
    });
  });
});

describe('TierAnnouncer: BEP 12 within a tier', () => {
  it('uses the working tracker of a tier with a dead one and moves it to the front', async () => {
    await withScripted(async (working) => {
      let triedDeadFirst = false;
      // The tier is shuffled: repeat until the dead URL came first at least once (p = 2⁻³⁰ to miss).
      for (let i = 0; i < 30 && !triedDeadFirst; i++) {
        const announcer = new TierAnnouncer([[deadUrl, working.url()]], member(id20('front', i), 7103), FAST);
        announcer.start();
        await until(() => announcer.status()[0]?.state === 'working', 'a working tracker in front');
        const [front, back] = announcer.status() as [TrackerStatus, TrackerStatus];
        expect(front.url).toBe(working.url());
        expect(back).toMatchObject({ url: deadUrl });
        triedDeadFirst = back.state === 'error';
        if (!triedDeadFirst) expect(back.state).toBe('idle');
        await announcer.stop();
      }
      expect(triedDeadFirst).toBe(true);
    });
  });

  it('ignores other schemes, bad URLs and a URL already in an earlier tier', () => {
    const url = 'http://127.0.0.1:1/announce';
    const announcer = new TierAnnouncer(
      [['ws://127.0.0.1:1', 'wss://127.0.0.1:1'], ['ftp://127.0.0.1/x', 'nonsense'], [url], [url, 'udp://127.0.0.1:1']],
      member(id20('schemes'), 7104),
    );
    expect(announcer.status().map((s) => [s.tier, s.url, s.state])).toEqual([
      [2, url, 'idle'],
      [3, 'udp://127.0.0.1:1', 'idle'],
    ]);
  });

  it.each([
    ['a zero timeout', { timeoutMs: 0 }],
    ['a retry minimum above its maximum', { retry: { minMs: 10, maxMs: 5 } }],
    ['a negative floor', { minIntervalSeconds: -1 }],
  ])('refuses %s', (_name, options) => {
    expect(() => new TierAnnouncer([], member(id20('options'), 1), options)).toThrow(TrackerClientError);
  });
});

describe('TierAnnouncer: the schedule', () => {
  it('backs off with jitter while a tier fails, then follows the interval once it answers', async () => {
    await withScripted(async (flaky) => {
      let failing = true;
      flaky.answer = () => (failing ? { status: 503, body: 'busy' } : { body: encode({ interval: 3600, peers: '' }) });
      const announcer = new TierAnnouncer([[flaky.url()]], member(id20('backoff'), 7105), {
        ...FAST,
        retry: { minMs: 150, maxMs: 600 },
      });
      const delays = new Map<number, number>();
      announcer.start();
      await until(() => {
        const [s] = announcer.status();
        if (s?.state === 'error' && s.nextAnnounceAt)
          delays.set(s.lastAnnounceAt!, s.nextAnnounceAt - s.lastAnnounceAt!);
        return delays.size >= 4;
      }, 'four failed announces');
      const bases = [150, 300, 600, 600];
      [...delays.values()].slice(0, 4).forEach((delay, i) => {
        expect(delay).toBeGreaterThanOrEqual(Math.max(150, 0.8 * bases[i]!));
        expect(delay).toBeLessThanOrEqual(Math.min(600, 1.2 * bases[i]!));
      });
      expect(flaky.announces.every((a) => a.event === 'started')).toBe(true);
      failing = false;
      await until(() => announcer.status()[0]?.state === 'working', 'the tracker to answer', 3000);
      const [s] = announcer.status() as [TrackerStatus];
      expect(s.nextAnnounceAt! - s.lastAnnounceAt!).toBe(3_600_000);
      expect(s.lastError).toBeUndefined();
      await announcer.stop();
    });
  });

  it('sends the tracker id back, keeps its key, and says started only once', async () => {
    await withScripted(
      async (scripted) => {
        const announcer = new TierAnnouncer([[scripted.url()]], member(id20('tracker-id'), 7106), FAST);
        announcer.start();
        await until(() => announcer.status()[0]?.state === 'working', 'the first announce');
        announcer.announce();
        await until(() => scripted.announces.length === 2, 'the second announce');
        const [first, second] = scripted.announces;
        expect(first).toMatchObject({ event: 'started', trackerId: undefined, numwant: 50, left: 100 });
        expect(second).toMatchObject({ event: 'none', trackerId: 'shoal-42', key: first!.key });
        expect(first!.key).toMatch(/^[0-9A-F]{8}$/);
        await announcer.stop();
        expect(scripted.announces.at(-1)).toMatchObject({ event: 'stopped', trackerId: 'shoal-42' });
      },
      { 'tracker id': 'shoal-42' },
    );
  });

  it('waits out the min interval for an announce asked for, but not for completed', async () => {
    await withScripted(async (scripted) => {
      const announcer = new TierAnnouncer([[scripted.url()]], member(id20('min-interval'), 7107), {
        ...FAST,
        minIntervalSeconds: 60,
      });
      announcer.start();
      await until(() => announcer.status()[0]?.state === 'working', 'the first announce');
      announcer.announce();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(scripted.announces.length).toBe(1);
      const [s] = announcer.status() as [TrackerStatus];
      expect(s.nextAnnounceAt! - s.lastAnnounceAt!).toBeLessThanOrEqual(60_000);
      announcer.announce('completed');
      await until(() => scripted.announces.length === 2, 'the completed announce');
      expect(scripted.announces[1]?.event).toBe('completed');
      await announcer.stop();
    });
  });
});

describe('TierAnnouncer: stop', () => {
  it('says stopped to the trackers that worked, once, and leaves nothing running', async () => {
    await withScripted(async (scripted) => {
      const resources = process.getActiveResourcesInfo();
      const announcer = new TierAnnouncer([[scripted.url()], [deadUrl]], member(id20('stop'), 7108), {
        ...FAST,
        retry: { minMs: 50, maxMs: 50 },
      });
      announcer.start();
      await until(() => stateOf(announcer, scripted.url()) === 'working', 'the first announce');
      await until(() => announcer.status().every((s) => s.state !== 'announcing'), 'the dead tier to fail');
      const stopping = announcer.stop();
      expect(announcer.stop()).toBe(stopping);
      await stopping;
      await announcer.stop();
      expect(scripted.announces.map((a) => a.event)).toEqual(['started', 'stopped']);
      expect(scripted.announces[1]?.numwant).toBe(0);
      expect(announcer.status().map((s) => [s.state, s.nextAnnounceAt])).toEqual([
        ['stopped', undefined],
        ['stopped', undefined],
      ]);
      announcer.announce('completed');
      announcer.start();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(scripted.announces.length).toBe(2);
      // Whatever keeps the process alive now was there before the announcer (the test's own servers).
      await until(() => noneAdded(resources, process.getActiveResourcesInfo()), 'the announcer’s handles to be gone');
    });
  });

  it('gives up on a stopped that gets no answer, within its short timeout', async () => {
    await withScripted(async (scripted) => {
      const announcer = new TierAnnouncer([[scripted.url()]], member(id20('stop-hang'), 7109), {
        ...FAST,
        timeoutMs: 300,
      });
      announcer.start();
      await until(() => announcer.status()[0]?.state === 'working', 'the first announce');
      scripted.answer = () => 'hang';
      const started = Date.now();
      await announcer.stop();
      expect(Date.now() - started).toBeLessThan(2000);
      expect(scripted.announces.at(-1)?.event).toBe('stopped');
    });
  });

  it('stops an announcer that never started without a word', async () => {
    await withScripted(async (scripted) => {
      const announcer = new TierAnnouncer([[scripted.url()]], member(id20('never'), 7110), FAST);
      await announcer.stop();
      announcer.start();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(scripted.announces).toEqual([]);
      expect(announcer.status()[0]?.state).toBe('stopped');
    });
  });
});
