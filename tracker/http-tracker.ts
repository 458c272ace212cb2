import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  encodeCompactAnnounce,
  encodeDictAnnounce,
  encodeFailure,
  encodeScrapeResponse,
  parseAnnounceQuery,
  parseScrapeQuery,
  type ScrapeCounts,
} from '../core/protocol/tracker/http.js';
import { parseIp } from '../core/protocol/tracker/ip.js';
import { TrackerRequestError } from '../core/protocol/tracker/tracker-error.js';
import type { Logger } from '../core/server/logger.js';
import type { AccessList } from './access-list.js';
import { clientAddress } from './client-address.js';
import type { TrackerCounters } from './counters.js';
import type { SwarmStore } from './swarm-store.js';

export interface HttpTrackerOptions {
  store: SwarmStore;
  access: AccessList;
  counters: TrackerCounters;
  logger: Logger;
  interval: number;
  minInterval: number;
  defaultNumwant: number;
  maxNumwant: number;
  maxScrape: number;
  trustProxy: number;
  /** Everything that is not /announce or /scrape (the pages app). */
  fallback: (req: IncomingMessage, res: ServerResponse) => void;
}

const HEADERS = { 'Content-Type': 'text/plain; charset=binary', 'Cache-Control': 'no-store' };

/** The two things the tracker answers over HTTP; everything else goes to the pages app. */
export type TrackerPath = '/announce' | '/scrape';

export interface HttpTracker {
  /** One announce or scrape: its bencoded reply (a failure reason when refused). Used by the fast path. */
  answer(
    path: TrackerPath,
    query: string,
    socketAddress: string,
    forwardedFor: string | string[] | undefined,
  ): Uint8Array;
  /** The node:http request handler: announce and scrape through `answer`, the rest to `fallback`. */
  handle(req: IncomingMessage, res: ServerResponse): void;
}

/**
 * Announce and scrape (BEP 3/23/7/48), with no router and no query parser in the way (the hot
 * path). Every refused request gets a bencoded failure reason with status 200, as clients expect.
 */
export function createHttpTracker(o: HttpTrackerOptions): HttpTracker {
  const reply = (res: ServerResponse, body: Uint8Array) => {
    res.writeHead(200, { ...HEADERS, 'Content-Length': body.length });
    // As a latin1 string the body goes out in one write with the headers; a Buffer costs a writev.
    res.end(Buffer.from(body.buffer, body.byteOffset, body.length).toString('latin1'), 'latin1');
  };

  // Keep-alive clients and proxies send many requests from one address: parse it once for them.
  let lastAddress = '';
  let lastIp: Uint8Array = new Uint8Array(0);
  const ipOf = (address: string): Uint8Array => {
    if (address !== lastAddress) {
      lastIp = parseIp(address);
      lastAddress = address;
    }
    return lastIp;
  };

  const announce = (query: string, socketAddress: string, forwardedFor: string | string[] | undefined): Uint8Array => {
    const request = parseAnnounceQuery(query, o.maxNumwant);
    const infoHash = String.fromCharCode(...request.infoHash);
    if (!o.access.allows(infoHash)) throw new TrackerRequestError('not-allowed', 'torrent not allowed on this tracker');
    const address = clientAddress(socketAddress, forwardedFor, o.trustProxy);
    if (address === undefined) {
      throw new TrackerRequestError('bad-forwarded-for', 'cannot tell the client address from X-Forwarded-For');
    }
    const result = o.store.announce(
      {
        infoHash,
        ip: ipOf(address),
        port: request.port,
        peerId: request.peerId,
        left: request.left,
        event: request.event,
        numwant: request.numwant ?? o.defaultNumwant,
        bothFamilies: true,
        withPeerIds: !request.compact && !request.noPeerId,
      },
      Math.floor(Date.now() / 1000),
    );
    o.counters.announces.http++;
    const response = { interval: o.interval, minInterval: o.minInterval, ...result };
    return request.compact ? encodeCompactAnnounce(response) : encodeDictAnnounce(response);
  };

  const scrape = (query: string): Uint8Array => {
    const files = new Map<Uint8Array, ScrapeCounts>();
    for (const hash of parseScrapeQuery(query, o.maxScrape)) {
      const key = String.fromCharCode(...hash);
      if (o.access.allows(key)) files.set(hash, o.store.scrape(key));
    }
    o.counters.scrapes.http++;
    return encodeScrapeResponse(files);
  };

  const answer: HttpTracker['answer'] = (path, query, socketAddress, forwardedFor) => {
    try {
      return path === '/scrape' ? scrape(query) : announce(query, socketAddress, forwardedFor);
    } catch (e) {
      o.counters.errors.http++;
      if (e instanceof TrackerRequestError) {
        o.logger.debug({ code: e.code, path }, e.message);
        return encodeFailure(e.message);
      }
      o.logger.error({ err: e, path }, 'announce handler failed');
      return encodeFailure('internal tracker error');
    }
  };

  return {
    answer,
    handle(req, res) {
      const url = req.url ?? '/';
      const q = url.indexOf('?');
      const path = q < 0 ? url : url.slice(0, q);
      if (path !== '/announce' && path !== '/scrape') {
        o.fallback(req, res);
        return;
      }
      const query = q < 0 ? '' : url.slice(q + 1);
      reply(res, answer(path, query, req.socket.remoteAddress ?? '', req.headers['x-forwarded-for']));
    },
  };
}
