import type { WsTrackerMessage } from '../../protocol/tracker/ws-client.js';
import { toBinaryString } from '../../protocol/tracker/ws-common.js';
import type { SignalingPeers, WsAnnouncement, WsPoolOptions, WsSwarmMember } from './ws-announce-types.js';
import { Announcement } from './ws-announcement.js';
import { TrackerSocket } from './ws-socket.js';

export type * from './ws-announce-types.js';

const DEFAULTS = {
  offerTimeoutMs: 50_000,
  maxOffersPerAnnounce: 10,
  reconnect: { minMs: 1000, maxMs: 300_000 },
};

interface SharedSocket {
  socket: TrackerSocket;
  /** By binary info hash: one announcement per torrent on this socket. */
  members: Map<string, Announcement>;
}

/**
 * Every torrent's WebSocket announces, one socket per tracker URL shared by all of them (as the
 * WebTorrent client does): opened on the first join, closed after the last leave. Messages are
 * routed to the torrent by info hash.
 */
export class WsTrackerPool {
  private readonly sockets = new Map<string, SharedSocket>();
  private readonly options: Required<Omit<WsPoolOptions, 'reconnect'>> & {
    reconnect: { minMs: number; maxMs: number };
  };

  constructor(
    private readonly peers: SignalingPeers,
    options: WsPoolOptions = {},
  ) {
    this.options = {
      offerTimeoutMs: options.offerTimeoutMs ?? DEFAULTS.offerTimeoutMs,
      maxOffersPerAnnounce: options.maxOffersPerAnnounce ?? DEFAULTS.maxOffersPerAnnounce,
      reconnect: { ...DEFAULTS.reconnect, ...options.reconnect },
      blockPrivateAddresses: options.blockPrivateAddresses ?? false,
    };
  }

  join(url: string, member: WsSwarmMember): WsAnnouncement {
    const shared = this.sockets.get(url) ?? this.open(url);
    const key = toBinaryString(member.infoHash);
    shared.members.get(key)?.leave();
    const announcement = new Announcement(url, member, shared.socket, this.peers, this.options);
    shared.members.set(key, announcement);
    if (shared.socket.isOpen) announcement.socketOpened();
    return {
      announce: (event) => announcement.announce(event),
      status: () => announcement.status(),
      leave: () => {
        announcement.leave();
        if (shared.members.get(key) !== announcement) return;
        shared.members.delete(key);
        if (shared.members.size === 0 && this.sockets.get(url) === shared) {
          this.sockets.delete(url);
          void shared.socket.close();
        }
      },
    };
  }

  /** Sends 'stopped' for every torrent, then closes the sockets (bounded). Idempotent. */
  async close(): Promise<void> {
    const all = [...this.sockets.values()];
    this.sockets.clear();
    for (const shared of all) for (const a of shared.members.values()) a.leave();
    await Promise.all(all.map((shared) => shared.socket.close()));
  }

  private open(url: string): SharedSocket {
    const members = new Map<string, Announcement>();
    const route = (message: WsTrackerMessage) => {
      if (message.kind === 'failure' && message.infoHash === undefined) {
        for (const a of members.values()) a.onMessage(message);
        return;
      }
      if (message.infoHash !== undefined) members.get(message.infoHash)?.onMessage(message);
    };
    const socket = new TrackerSocket(url, this.options, {
      onOpen: () => {
        for (const a of members.values()) a.socketOpened();
      },
      onMessage: route,
      onError: (reason, lost) => {
        for (const a of members.values()) a.socketFailed(reason, lost);
      },
    });
    const shared = { socket, members };
    this.sockets.set(url, shared);
    return shared;
  }
}
