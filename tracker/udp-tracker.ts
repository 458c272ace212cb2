import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { parseIp } from '../core/protocol/tracker/ip.js';
import {
  decodeUdpConnectedRequest,
  encodeUdpAnnounceResponse,
  encodeUdpConnectResponse,
  encodeUdpError,
  encodeUdpScrapeResponse,
  isUdpConnectRequest,
  readUdpRequestHeader,
  UDP_ACTION,
  UdpPacketError,
  type UdpAnnounceRequest,
  type UdpRequestHeader,
  type UdpScrapeRequest,
} from '../core/protocol/tracker/udp.js';
import type { Logger } from '../core/server/logger.js';
import type { AccessList } from './access-list.js';
import { ConnectionIds } from './connection-ids.js';
import type { TrackerCounters, UdpDropReason } from './counters.js';
import type { SwarmStore } from './swarm-store.js';

export interface UdpTrackerOptions {
  store: SwarmStore;
  access: AccessList;
  counters: TrackerCounters;
  logger: Logger;
  interval: number;
  defaultNumwant: number;
  maxNumwant: number;
}

export interface UdpTracker {
  port: number;
  close(): Promise<void>;
}

/**
 * BEP 15 on one socket. With host "::" the socket is dual-stack, so IPv4 clients arrive as
 * IPv4-mapped addresses (normalised to IPv4 before they reach the swarm); otherwise it serves the
 * family of `host`. Each reply goes to the packet's source, which anyone can forge, so until a
 * packet carries a connection id issued to its source address (proof that the source reads our
 * replies) it gets nothing but a connect reply, no larger than the connect request: a datagram too
 * short for a transaction id, a connect without the protocol id and anything with an unknown or
 * expired connection id are dropped and counted, never answered with an error (as opentracker
 * and aquatic do). After that, a refused request gets an error packet naming the problem.
 */
export async function startUdpTracker(o: UdpTrackerOptions, host: string, port: number): Promise<UdpTracker> {
  const ids = new ConnectionIds();
  const v6 = host.includes(':');
  const socket: Socket = createSocket({ type: v6 ? 'udp6' : 'udp4', ipv6Only: false });

  /** The reply to a packet from an address that proved itself, or undefined to drop it. */
  const answer = (packet: Buffer, header: UdpRequestHeader, from: RemoteInfo, now: number): Uint8Array | undefined => {
    if (header.action === UDP_ACTION.connect) {
      if (!isUdpConnectRequest(packet, header)) return drop('bad-connect');
      o.counters.udpConnects++;
      return encodeUdpConnectResponse(header.transactionId, ids.issue(from.address, now));
    }
    if (!ids.verify(header.connectionId, from.address, now)) return drop('bad-connection-id');
    try {
      const request = decodeUdpConnectedRequest(packet, header, o.maxNumwant);
      return request.action === 'announce' ? announce(request, from, now) : scrape(request);
    } catch (e) {
      o.counters.errors.udp++;
      if (e instanceof UdpPacketError) {
        o.logger.debug({ code: e.code, from: from.address }, e.message);
        return encodeUdpError(header.transactionId, e.message);
      }
      o.logger.error({ err: e }, 'UDP handler failed');
      return encodeUdpError(header.transactionId, 'internal tracker error');
    }
  };

  const drop = (reason: UdpDropReason): undefined => {
    o.counters.udpDropped[reason]++;
    return undefined;
  };

  const announce = (request: UdpAnnounceRequest, from: RemoteInfo, now: number): Uint8Array => {
    const infoHash = String.fromCharCode(...request.infoHash);
    if (!o.access.allows(infoHash)) {
      throw new UdpPacketError('not-allowed', 'torrent not allowed on this tracker', request.transactionId);
    }
    const ip = parseIp(from.address);
    const result = o.store.announce(
      {
        infoHash,
        ip,
        port: request.port,
        peerId: request.peerId,
        left: request.left,
        event: request.event,
        numwant: request.numwant ?? o.defaultNumwant,
        bothFamilies: false,
        withPeerIds: false,
      },
      Math.floor(now / 1000),
    );
    o.counters.announces.udp++;
    return encodeUdpAnnounceResponse(request.transactionId, {
      interval: o.interval,
      leechers: result.incomplete,
      seeders: result.complete,
      peers: ip.length === 4 ? result.peers : result.peers6,
    });
  };

  const scrape = (request: UdpScrapeRequest): Uint8Array => {
    o.counters.scrapes.udp++;
    const counts = request.infoHashes.map((hash) => {
      const key = String.fromCharCode(...hash);
      return o.access.allows(key) ? o.store.scrape(key) : { complete: 0, incomplete: 0, downloaded: 0 };
    });
    return encodeUdpScrapeResponse(request.transactionId, counts);
  };

  socket.on('message', (packet, from) => {
    const header = readUdpRequestHeader(packet);
    const out = header ? answer(packet, header, from, Date.now()) : drop('short');
    if (out) socket.send(out, from.port, from.address);
  });
  socket.on('error', (err) => o.logger.warn({ err }, 'UDP socket error'));

  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, host, () => {
      socket.off('error', reject);
      resolve();
    });
  });
  let closed: Promise<void> | undefined;
  return {
    port: (socket.address() as AddressInfo).port,
    close: () => (closed ??= new Promise<void>((resolve) => socket.close(() => resolve()))),
  };
}
