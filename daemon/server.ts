import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ShoalApi } from '../core/api/index.js';
import { listen, stopHttp, urlHost } from '../core/server/listen.js';
import type { Logger } from '../core/server/logger.js';
import { callRoute } from './call-route.js';
import { DaemonError } from './errors.js';
import { EventsSocket, type EventSource } from './events-socket.js';
import { RequestGuard } from './guard.js';
import { setSecurityHeaders } from './headers.js';
import { fail, sendFailure } from './responses.js';
import { StaticFiles } from './static-files.js';

/** The engine as the daemon hosts it: the control API and its events (a core/engine Session). */
export type DaemonEngine = ShoalApi & { events: EventSource };

export interface DaemonServerOptions {
  engine: DaemonEngine;
  token: string;
  host: string;
  port: number;
  /** Folder of the built renderer. */
  uiDir: string;
  publicUrl?: string;
  logger: Logger;
  authTimeoutMs?: number;
  heartbeatMs?: number;
}

export interface DaemonServer {
  port: number;
  /** Where it is reached from this machine, e.g. http://127.0.0.1:9091. */
  url: string;
  /** `url` with the token in the fragment: what people open (the page moves it to sessionStorage). */
  openUrl: string;
  /** Closes the events sockets, stops accepting, lets calls in flight finish (bounded). Safe twice. */
  close(): Promise<void>;
}

const CALL_PREFIX = '/api/v1/call/';
const EVENTS_PATH = '/api/v1/events';
/** The daemon's HTTP side: Host/Origin guard, then the API routes, the events WebSocket and the web UI. */
export async function startDaemonServer(options: DaemonServerOptions): Promise<DaemonServer> {
  const server = createServer({ requestTimeout: 60_000, headersTimeout: 20_000 });
  await listenOrExplain(server, options.port, options.host);
  const port = (server.address() as AddressInfo).port;
  const url = `http://${urlHost(options.host)}:${port}`;
  const guard = new RequestGuard({ host: options.host, port, publicUrl: options.publicUrl });
  const files = new StaticFiles(options.uiDir);
  const socket = new EventsSocket({
    events: options.engine.events,
    token: options.token,
    logger: options.logger,
    authTimeoutMs: options.authTimeoutMs,
    heartbeatMs: options.heartbeatMs,
  });
  const call = { api: options.engine, token: options.token, logger: options.logger };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const refusal = guard.refusal(req.headers);
    setSecurityHeaders(res, refusal === undefined ? req.headers.host! : new URL(url).host, options.publicUrl);
    if (refusal !== undefined) return sendFailure(res, fail('forbidden', refusal));
    const pathname = (req.url ?? '/').split('?')[0]!;
    if (pathname.startsWith(CALL_PREFIX)) return callRoute(req, res, pathname.slice(CALL_PREFIX.length), call);
    if (pathname === EVENTS_PATH) return sendFailure(res, fail('bad-request', `${EVENTS_PATH} is a WebSocket`));
    if (pathname.startsWith('/api/')) return sendFailure(res, fail('not-found', `no API route ${pathname}`));
    return files.serve(req, res, pathname);
  };
  server.on('request', (req: IncomingMessage, res: ServerResponse) => {
    route(req, res).catch((e: unknown) => {
      options.logger.error({ err: e, url: req.url }, 'request failed');
      if (res.headersSent) res.destroy();
      else sendFailure(res, fail('internal', 'internal error'));
    });
  });
  server.on('upgrade', (req: IncomingMessage, duplex: Duplex, head: Buffer) => {
    const refusal = guard.refusal(req.headers);
    if (refusal !== undefined) return refuseUpgrade(duplex, 403, 'Forbidden', refusal);
    if ((req.url ?? '').split('?')[0] !== EVENTS_PATH) return refuseUpgrade(duplex, 404, 'Not Found', 'no such socket');
    socket.upgrade(req, duplex, head);
  });

  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      socket.close();
      await stopHttp(server);
    })();
    return closing;
  };
  return { port, url, openUrl: `${url}/#token=${options.token}`, close };
}

async function listenOrExplain(server: Server, port: number, host: string): Promise<void> {
  try {
    await listen(server, port, host);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why =
      code === 'EADDRINUSE'
        ? 'the port is in use (another daemon? choose one with --web-port)'
        : code === 'EADDRNOTAVAIL'
          ? 'that address is not one of this machine'
          : (code ?? (e as Error).message);
    throw new DaemonError('cannot-listen', `cannot listen on ${urlHost(host)}:${port}: ${why}`, { cause: e });
  }
}

function refuseUpgrade(socket: Duplex, status: number, reason: string, message: string): void {
  const body = `${message}\n`;
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
