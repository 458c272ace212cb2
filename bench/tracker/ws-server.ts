import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server as ReferenceTracker } from 'bittorrent-tracker';
import { createWebSocketTracker } from '../../tracker/ws/index.js';

/**
 * One tracker under test, alone in this process so that its CPU time is its own: `shoal` (our
 * WebSocket tracker on a plain HTTP server) or `reference` (bittorrent-tracker, WebSocket only).
 * Tells the parent its port, then answers each 'cpu' message with its CPU time so far (µs).
 */
const kind = process.argv[2];

async function listenShoal(): Promise<number> {
  const tracker = createWebSocketTracker({ intervalSeconds: 120 });
  const server = createServer((_req, res) => res.writeHead(404).end());
  server.on('upgrade', (req, socket, head) => tracker.handleUpgrade(req, socket, head));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

async function listenReference(): Promise<number> {
  const tracker: {
    on(event: string, listener: () => void): void;
    listen(port: number, host: string, onListening: () => void): void;
    ws: { address(): AddressInfo };
  } = new ReferenceTracker({ http: false, udp: false, ws: true, stats: false });
  tracker.on('warning', () => undefined);
  tracker.on('error', () => undefined);
  await new Promise<void>((resolve) => tracker.listen(0, '127.0.0.1', resolve));
  return tracker.ws.address().port;
}

const port = kind === 'shoal' ? await listenShoal() : await listenReference();
process.on('message', () => {
  const { user, system } = process.cpuUsage();
  process.send!({ cpuMicros: user + system });
});
process.send!({ port });
