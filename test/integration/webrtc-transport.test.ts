import { createHash, randomBytes } from 'node:crypto';
import { once } from 'node:events';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { TransportError, WebRtcTransport } from '../../core/engine/transport/webrtc.js';

const transports: WebRtcTransport[] = [];
function transport(connectTimeoutMs?: number): WebRtcTransport {
  const t = new WebRtcTransport({ iceServers: [], connectTimeoutMs });
  transports.push(t);
  return t;
}

afterEach(() => {
  for (const t of transports.splice(0)) t.close();
});

/** Offer on `a`, answer on `b`, both streams connected. */
async function connect(a: WebRtcTransport, b: WebRtcTransport): Promise<{ left: Duplex; right: Duplex; ms: number }> {
  const started = performance.now();
  const offer = await a.createOffer();
  const answer = await b.answerOffer(offer.description);
  offer.accept(answer.description);
  const [left, right] = await Promise.all([offer.connected, answer.connected]);
  return { left, right, ms: performance.now() - started };
}

async function until(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TransportError);
  return (error as TransportError).code;
}

/** Reads `bytes` bytes from `stream` and returns their SHA-1, or rejects when it closes first. */
function digestOf(stream: Duplex, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha1');
    let got = 0;
    stream.on('data', (chunk: Buffer) => {
      hash.update(chunk);
      got += chunk.length;
      if (got === bytes) resolve(hash.digest('hex'));
    });
    stream.once('close', () => reject(new Error(`closed after ${got} of ${bytes} bytes`)));
  });
}

describe('WebRtcTransport', () => {
  it('connects an offer and an answer in well under a second, bytes flowing both ways', async () => {
    const a = transport();
    const b = transport();
    const { left, right, ms } = await connect(a, b);
    console.log(`WebRTC set-up on loopback: ${ms.toFixed(0)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(a.openConnections).toBe(1);
    expect(b.openConnections).toBe(1);
    left.write('ping');
    const [fromLeft] = (await once(right, 'data')) as [Buffer];
    expect(fromLeft.toString()).toBe('ping');
    right.write(Buffer.from([0, 1, 2, 255]));
    const [fromRight] = (await once(left, 'data')) as [Buffer];
    expect([...fromRight]).toEqual([0, 1, 2, 255]);
  });

  it('applies back-pressure and delivers 32 MiB complete and in order', async () => {
    const { left, right } = await connect(transport(), transport());
    const total = 32 * 1024 * 1024;
    const source = randomBytes(total);
    const received = digestOf(right, total);
    let refused = 0;
    let drained = 0;
    for (let at = 0; at < total; at += 16 * 1024 + 13) {
      if (!left.write(source.subarray(at, at + 16 * 1024 + 13))) {
        refused++;
        await once(left, 'drain');
        drained++;
      }
    }
    expect(refused).toBeGreaterThan(0);
    expect(drained).toBe(refused);
    expect(await received).toBe(createHash('sha1').update(source).digest('hex'));
  });

  it('cuts a write larger than one data-channel message and reassembles nothing out of order', async () => {
    const { left, right } = await connect(transport(), transport());
    const big = randomBytes(300 * 1024);
    const received = digestOf(right, big.length);
    left.write(big);
    expect(await received).toBe(createHash('sha1').update(big).digest('hex'));
  });

  it.each(['offerer', 'answerer'] as const)(
    'closing the %s ends the other side; no connection is left',
    async (who) => {
      const a = transport();
      const b = transport();
      const { left, right } = await connect(a, b);
      const [closing, other] = who === 'offerer' ? [left, right] : [right, left];
      const otherClosed = once(other, 'close');
      closing.destroy();
      await otherClosed;
      await until(() => a.openConnections === 0 && b.openConnections === 0);
      closing.destroy();
    },
  );

  it('closes an unanswered offer: connected rejects with rtc-closed and the connection is gone', async () => {
    const a = transport();
    const offer = await a.createOffer();
    expect(offer.description.type).toBe('offer');
    expect(offer.description.sdp).toContain('a=candidate');
    expect(a.openConnections).toBe(1);
    offer.close();
    offer.close();
    expect(await codeOf(offer.connected)).toBe('rtc-closed');
    await until(() => a.openConnections === 0);
  });

  it('refuses a garbage offer or answer with rtc-bad-description', async () => {
    const a = transport();
    const b = transport();
    expect(await codeOf(b.answerOffer({ type: 'offer', sdp: 'v=0 nonsense' }))).toBe('rtc-bad-description');
    expect(await codeOf(b.answerOffer({ type: 'answer', sdp: 'v=0' }))).toBe('rtc-bad-description');
    const offer = await a.createOffer();
    offer.accept({ type: 'answer', sdp: 'not an sdp at all' });
    expect(await codeOf(offer.connected)).toBe('rtc-bad-description');
    await until(() => a.openConnections === 0 && b.openConnections === 0);
  });

  it('gives up on a connection that does not come up in time with rtc-timeout', async () => {
    const a = transport();
    const b = transport(300);
    const offer = await a.createOffer();
    offer.close();
    const answer = await b.answerOffer(offer.description);
    expect(await codeOf(answer.connected)).toBe('rtc-timeout');
    await until(() => b.openConnections === 0);
  });

  it('close() destroys connected streams and refuses new offers', async () => {
    const a = transport();
    const b = transport();
    const { left, right } = await connect(a, b);
    const bothClosed = Promise.all([once(left, 'close'), once(right, 'close')]);
    a.close();
    a.close();
    await bothClosed;
    expect(await codeOf(a.createOffer())).toBe('rtc-closed');
    await until(() => a.openConnections === 0 && b.openConnections === 0);
  });
});
