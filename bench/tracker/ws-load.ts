import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocket } from 'ws';

/**
 * The load: `sockets` WebSocket clients in `swarms` torrents. Each announces with 5–10 offers
 * (fake SDP of ~500 bytes), answers every offer it receives, and announces again as soon as its
 * previous announce is acknowledged (a closed loop: the tracker sets the pace). Ids are printable
 * ASCII, so the JSON needs no escapes and the client can copy ids out of a message without parsing
 * it: the load generator must stay much cheaper than the trackers it measures.
 */
const [url, socketsArg, swarmsArg, warmupArg, durationArg] = process.argv.slice(2);
const SOCKETS = Number(socketsArg);
const SWARMS = Number(swarmsArg);
const WARMUP_MS = Number(warmupArg);
const DURATION_MS = Number(durationArg);

const SDP = [
  'v=0',
  'o=- 4627362381936420353 2 IN IP4 127.0.0.1',
  's=-',
  't=0 0',
  'a=group:BUNDLE 0',
  'a=extmap-allow-mixed',
  'a=msid-semantic: WMS',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=ice-ufrag:Qx2R',
  'a=ice-pwd:3Jd9pL0cWq1sVtYbK8nZmA4e',
  'a=ice-options:trickle',
  'a=fingerprint:sha-256 6B:8B:5D:EA:59:04:20:23:29:C8:87:1C:CD:87:32:BE:DD:8C:66:A5:8E:50:55:EA:8C:D3:B6:5C:09:5E:D6:BC',
  'a=setup:actpass',
  'a=mid:0',
  'a=sctp-port:5000',
  'a=max-message-size:262144',
  'a=candidate:1 1 udp 2122260223 192.168.1.2 54321 typ host generation 0',
].join('\r\n');

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
function asciiId(): string {
  let out = '';
  for (let i = 0; i < 20; i++) out += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return out;
}

const counts = { replies: 0, offers: 0, answers: 0, failures: 0, other: 0 };
let measuring = false;

/** The raw 20 characters after `"key":"` (ids are escape-free by construction). */
function idAfter(text: string, key: string): string {
  const at = text.indexOf(key);
  return text.slice(at + key.length, at + key.length + 20);
}

class LoadClient {
  private readonly peerId = asciiId();
  private readonly ws: WebSocket;
  private started = false;
  private readonly answerHead: string;
  private raw: Socket | undefined;
  /** Created with the socket, so that an early 'open' is never missed. */
  readonly opened: Promise<void>;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.raw?.uncork();
  };

  constructor(private readonly infoHash: string) {
    this.ws = new WebSocket(url!, { perMessageDeflate: false, skipUTF8Validation: true });
    this.opened = new Promise((resolve, reject) => {
      this.ws.once('open', resolve);
      this.ws.once('error', reject);
    });
    this.answerHead = `{"action":"announce","info_hash":"${infoHash}","peer_id":"${this.peerId}","answer":{"type":"answer","sdp":${JSON.stringify(SDP)}},"to_peer_id":"`;
    this.ws.on('upgrade', (response: IncomingMessage) => (this.raw = response.socket));
    this.ws.on('message', (data: Buffer) => this.onMessage(data.toString('latin1')));
    this.ws.on('error', () => undefined);
  }

  announce(): void {
    if (this.ws.readyState !== WebSocket.OPEN) return;
    const n = 5 + Math.floor(Math.random() * 6);
    let offers = '';
    for (let i = 0; i < n; i++)
      offers += `${i ? ',' : ''}{"offer":{"type":"offer","sdp":${JSON.stringify(SDP)}},"offer_id":"${asciiId()}"}`;
    const event = this.started ? '' : '"event":"started",';
    this.started = true;
    this.send(
      `{"action":"announce","info_hash":"${this.infoHash}","peer_id":"${this.peerId}",${event}"numwant":${n},"uploaded":0,"downloaded":0,"left":1000,"offers":[${offers}]}`,
    );
  }

  /** Like the tracker, coalesce one turn's frames into one write: the load must stay cheap. */
  private send(message: string): void {
    if (!this.corked && this.raw) {
      this.corked = true;
      this.raw.cork();
      setImmediate(this.uncork);
    }
    this.ws.send(message);
  }

  private onMessage(text: string): void {
    if (text.includes('"offer":{')) {
      if (measuring) counts.offers++;
      this.send(`${this.answerHead}${idAfter(text, '"peer_id":"')}","offer_id":"${idAfter(text, '"offer_id":"')}"}`);
    } else if (text.includes('"answer":{')) {
      if (measuring) counts.answers++;
    } else if (text.includes('"interval"')) {
      if (measuring) counts.replies++;
      this.announce();
    } else if (text.includes('failure reason')) {
      if (measuring) counts.failures++;
      setTimeout(() => this.announce(), 100);
    } else if (measuring) counts.other++;
  }

  close(): void {
    this.ws.terminate();
  }
}

const hashes = Array.from({ length: SWARMS }, asciiId);
const clients: LoadClient[] = [];
for (let i = 0; i < SOCKETS; i += 100) {
  const batch = Array.from({ length: Math.min(100, SOCKETS - i) }, (_, j) => new LoadClient(hashes[(i + j) % SWARMS]!));
  await Promise.all(batch.map((c) => c.opened));
  clients.push(...batch);
}
for (const client of clients) client.announce();
await new Promise((resolve) => setTimeout(resolve, WARMUP_MS));
measuring = true;
const cpuBefore = process.cpuUsage();
process.send!({ phase: 'measuring' });
await new Promise((resolve) => setTimeout(resolve, DURATION_MS));
measuring = false;
const cpu = process.cpuUsage(cpuBefore);
for (const client of clients) client.close();
process.send!({ counts, loadCpuSeconds: (cpu.user + cpu.system) / 1e6 }, () => process.exit(0));
