import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocket } from 'ws';
import { createWebSocketTracker, type WebSocketTracker, type WebSocketTrackerOptions } from '../../tracker/ws/index.js';

export interface RunningWsTracker {
  url: string;
  tracker: WebSocketTracker;
  server: Server;
  stop(): Promise<void>;
}

/** Our WebSocket tracker mounted on a plain HTTP server on 127.0.0.1, port 0. */
export async function startWsTracker(options: Partial<WebSocketTrackerOptions> = {}): Promise<RunningWsTracker> {
  const tracker = createWebSocketTracker({ intervalSeconds: 120, ...options });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => tracker.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `ws://127.0.0.1:${port}`,
    tracker,
    server,
    async stop() {
      await tracker.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** A raw WebSocket client that queues the tracker's JSON messages for the test to take in order. */
export class TestSocket {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly queue: unknown[] = [];
  private waiter: (() => void) | undefined;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.queue.push(JSON.parse(data.toString('utf8')));
      this.waiter?.();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() })),
    );
  }

  static async open(url: string, options: { autoPong?: boolean } = {}): Promise<TestSocket> {
    const ws = new WebSocket(url, { perMessageDeflate: false, ...options });
    await new Promise<void>((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    return new TestSocket(ws);
  }

  send(message: unknown): void {
    this.ws.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  /** The next message, or a rejection after `timeoutMs`. */
  async next(timeoutMs = 2000): Promise<Record<string, unknown>> {
    const deadline = Date.now() + timeoutMs;
    while (this.queue.length === 0) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('no message from the tracker in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.waiter = undefined;
    }
    return this.queue.shift() as Record<string, unknown>;
  }

  /** Waits `ms` and returns whatever arrived meanwhile (used to show that nothing was sent). */
  async drain(ms = 150): Promise<unknown[]> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.queue.splice(0);
  }

  close(): void {
    this.ws.close();
  }
}

/** A 20-byte binary string made of one repeated character plus a tag, e.g. id('a', 1). */
export function id(fill: string, tag = 0): string {
  return (fill.repeat(19) + String.fromCharCode(tag)).slice(0, 20);
}

export function offers(count: number, from: string): { offer: { type: 'offer'; sdp: string }; offer_id: string }[] {
  return Array.from({ length: count }, (_, i) => ({
    offer: { type: 'offer', sdp: `v=0 offer ${i} from ${from.charCodeAt(0)}` },
    offer_id: id('o', i + from.charCodeAt(0)),
  }));
}
