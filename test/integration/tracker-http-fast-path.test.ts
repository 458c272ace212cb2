import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildAnnounceQuery } from '../../core/protocol/tracker/http-client.js';
import type { RunningTracker } from '../../tracker/server.js';
import { id20, startTestTracker } from '../helpers/tracker.js';

/**
 * The tracker's own HTTP/1.1 path for announces and scrapes, seen from a raw socket: replies to
 * pipelined requests cut at every byte, hand-over to node:http for anything else, and the limits.
 */
let tracker: RunningTracker;

beforeAll(async () => {
  tracker = await startTestTracker({ noUdp: true, trustProxy: 0 });
});

afterAll(() => tracker.close());

const announce = (n: number) =>
  `GET /announce?${buildAnnounceQuery({ infoHash: id20('fast'), peerId: id20('peer', n), port: 6000 + n, left: 1 })} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;

/** Sends `parts` one by one (each in its own write, a moment apart); resolves with all that came back once the socket closes or `until` holds. */
async function exchange(parts: string[], until: (text: string) => boolean): Promise<{ text: string; closed: boolean }> {
  const socket: Socket = connect(tracker.httpPort, '127.0.0.1');
  let text = '';
  let closed = false;
  const done = new Promise<void>((resolve) => {
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
      if (until(text)) resolve();
    });
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    socket.on('error', () => undefined);
  });
  await new Promise((resolve) => socket.once('connect', resolve));
  for (const part of parts) {
    socket.write(part, 'latin1');
    await new Promise((r) => setTimeout(r, 2));
  }
  await Promise.race([done, new Promise((r) => setTimeout(r, 5000))]);
  socket.destroy();
  return { text, closed };
}

const replies = (text: string) => text.split('HTTP/1.1 ').length - 1;

describe('tracker HTTP fast path', () => {
  it('answers pipelined announces whatever the chunk boundaries', async () => {
    const both = announce(1) + announce(2);
    const cuts = [...both.slice(0, 40)].concat([both.slice(40, both.length - 3), both.slice(-3)]);
    const { text } = await exchange(cuts, (t) => replies(t) === 2 && t.endsWith('e'));
    expect(replies(text)).toBe(2);
    expect(text.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(2);
    expect(text).toContain('8:intervali');
    expect(text).toContain('Connection: keep-alive');
  });

  it('hands the connection to node:http at the first other request, with its bytes intact', async () => {
    const { text } = await exchange([announce(3) + 'GET /no-such-page HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'], (t) =>
      /HTTP\/1\.1 404/.test(t),
    );
    expect(text).toMatch(/^HTTP\/1\.1 200 OK/);
    expect(text).toMatch(/HTTP\/1\.1 404/);
  });

  it('closes after the reply to Connection: close', async () => {
    const request = announce(4).replace('\r\n\r\n', '\r\nConnection: close\r\n\r\n');
    const { text, closed } = await exchange([request], () => false);
    expect(closed).toBe(true);
    expect(text).toContain('Connection: close');
    expect(replies(text)).toBe(1);
  });

  it('refuses a head over the header size cap without answering it', async () => {
    const huge = `GET /announce?x=1 HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: ${'a'.repeat(20_000)}\r\n\r\n`;
    const { text, closed } = await exchange([huge], () => false);
    expect(closed).toBe(true);
    expect(text).not.toContain('200 OK');
  });
});
