import { createSocket, type Socket } from 'node:dgram';
import { request } from 'node:http';
import { createLogger } from '../../core/server/logger.js';
import { trackerSchema, type TrackerConfig } from '../../tracker/config.js';
import { startTracker, type RunningTracker } from '../../tracker/server.js';

/** A real tracker in this process on port 0 (HTTP and UDP), silent, with test-friendly overrides. */
export async function startTestTracker(overrides: Partial<TrackerConfig> = {}): Promise<RunningTracker> {
  const config = trackerSchema.parse({ port: 0, logLevel: 'silent', ...overrides });
  return startTracker(config, createLogger('tracker-test', config.logLevel));
}

export interface HttpReply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** GET over a fresh connection, returning the raw body bytes. */
export function httpGet(
  port: number,
  path: string,
  headers: Record<string, string> = {},
  host = '127.0.0.1',
): Promise<HttpReply> {
  return new Promise((resolve, reject) => {
    const req = request({ host, port, path, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A UDP socket that sends a packet and waits (bounded) for the next reply. */
export class UdpClient {
  private constructor(private readonly socket: Socket) {}

  static async open(family: 4 | 6 = 4): Promise<UdpClient> {
    const socket = createSocket(family === 4 ? 'udp4' : 'udp6');
    await new Promise<void>((resolve) => socket.bind(0, family === 4 ? '127.0.0.1' : '::1', resolve));
    return new UdpClient(socket);
  }

  get port(): number {
    return this.socket.address().port;
  }

  exchange(packet: Uint8Array, port: number, host = '127.0.0.1', timeoutMs = 2000): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.socket.off('message', onMessage);
        reject(new Error('no UDP reply'));
      }, timeoutMs);
      const onMessage = (msg: Buffer) => {
        clearTimeout(timer);
        resolve(msg);
      };
      this.socket.once('message', onMessage);
      this.socket.send(packet, port, host);
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }
}

/** 20 bytes: the given prefix, then the index, padded; handy distinct peer ids and info hashes. */
export function id20(prefix: string, n = 0): Uint8Array {
  const text = `${prefix}${n}`.padEnd(20, '.').slice(0, 20);
  return Uint8Array.from(text, (c) => c.charCodeAt(0));
}
