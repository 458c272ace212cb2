import { once } from 'node:events';
import { randomFillSync } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { WebRtcTransport } from '../../core/engine/transport/webrtc.js';
import type {
  IncomingAnswer,
  OutgoingOffer,
  SessionDescription,
} from '../../core/engine/tracker-client/ws-announce-types.js';
import { serveParent } from './child-rpc.js';
import type { ReceiveResult, SendResult } from './peer-api.js';

/**
 * One end of the raw data channel, the ceiling Shoal is measured against: WebRtcTransport
 * (simple-peer on node-datachannel) moving bytes with no protocol on top. The parent relays the
 * offer and the answer. Sender: `offer`, then `send`. Receiver: `answer`, then `received`.
 */

const transport = new WebRtcTransport({ iceServers: [] });
let offer: OutgoingOffer | undefined;
let offerStartedAt = 0;
let incoming: IncomingAnswer | undefined;
let counting: Promise<ReceiveResult> | undefined;
let stream: Duplex | undefined;

async function makeOffer(): Promise<SessionDescription> {
  offerStartedAt = performance.now();
  offer = await transport.createOffer();
  return offer.description;
}

/** Writes `bytes` in `chunk`-byte writes, waiting for 'drain' whenever write() says the buffer is full. */
async function send(params: { answer: SessionDescription; bytes: number; chunk: number }): Promise<SendResult> {
  if (!offer) throw new Error('send before offer');
  offer.accept(params.answer);
  const channel = await offer.connected;
  stream = channel;
  const connectMs = performance.now() - offerStartedAt;
  const cpu0 = process.cpuUsage();
  const chunk = randomFillSync(Buffer.alloc(params.chunk));
  for (let sent = 0; sent < params.bytes; sent += chunk.length) {
    const piece = params.bytes - sent < chunk.length ? chunk.subarray(0, params.bytes - sent) : chunk;
    if (!channel.write(piece)) await once(channel, 'drain');
  }
  const cpu = process.cpuUsage(cpu0);
  return { connectMs, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
}

async function answer(params: { offer: SessionDescription; bytes: number }): Promise<SessionDescription> {
  const answered = await transport.answerOffer(params.offer);
  incoming = answered;
  const result = answered.connected.then((channel: Duplex) => count((stream = channel), params.bytes));
  // Awaited by `received`; until then a failure must not count as unhandled.
  result.catch(() => undefined);
  counting = result;
  return answered.description;
}

function count(channel: Duplex, bytes: number): Promise<ReceiveResult> {
  return new Promise((resolve, reject) => {
    let got = 0;
    let firstAt = 0;
    let cpu0: NodeJS.CpuUsage | undefined;
    channel.on('data', (data: Buffer) => {
      if (got === 0) {
        firstAt = performance.now();
        cpu0 = process.cpuUsage();
      }
      got += data.length;
      if (got < bytes) return;
      const cpu = process.cpuUsage(cpu0);
      resolve({ transferMs: performance.now() - firstAt, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
    });
    channel.once('close', () => reject(new Error(`channel closed after ${got} of ${bytes} bytes`)));
    channel.once('error', reject);
  });
}

async function received(): Promise<ReceiveResult> {
  if (!counting) throw new Error('received before answer');
  return counting;
}

serveParent({ offer: makeOffer, send, answer, received }, async () => {
  stream?.destroy();
  offer?.close();
  incoming?.close();
  transport.close();
});
