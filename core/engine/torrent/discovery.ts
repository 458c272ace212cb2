import type { Duplex } from 'node:stream';
import { TierAnnouncer, type TrackerStatus } from '../tracker-client/index.js';
import type { WsAnnouncement, WsTrackerPool } from '../tracker-client/ws-announce.js';

/** What discovery needs of a torrent; the torrent implements it. */
export interface DiscoveryMember {
  readonly infoHash: Uint8Array;
  readonly peerId: Uint8Array;
  stats(): { uploaded: number; downloaded: number; left: number | undefined };
  seeding(): boolean;
  wantedPeers(): number;
  onPeer(stream: Duplex, remotePeerId: Uint8Array, trackerUrl: string): void;
}

export interface DiscoveryOptions {
  wsPool: WsTrackerPool;
  /** Port sent in HTTP/UDP announces (the TCP transport to come listens there). */
  port: number;
  announceTimeoutMs?: number;
  minIntervalSeconds?: number;
}

/**
 * Every tracker of one torrent: ws(s) URLs through the session's shared WebSocket pool (they bring
 * WebRTC peers), http(s)/udp URLs through BEP 12 tiers (counts today; peers for a TCP transport).
 */
export class Discovery {
  private readonly ws: { url: string; tier: number; announcement: WsAnnouncement }[] = [];
  private readonly tiers: TierAnnouncer | undefined;

  constructor(tiers: readonly string[][], member: DiscoveryMember, options: DiscoveryOptions) {
    const seen = new Set<string>();
    tiers.forEach((tier, index) => {
      for (const url of tier) {
        if (seen.has(url) || !/^wss?:/i.test(url)) continue;
        seen.add(url);
        this.ws.push({ url, tier: index, announcement: options.wsPool.join(url, member) });
      }
    });
    // TierAnnouncer takes the tiers as they are: it keeps http(s)/udp URLs and their tier numbers.
    if (tiers.some((tier) => tier.some((url) => /^(https?|udp):/i.test(url)))) {
      this.tiers = new TierAnnouncer(
        tiers,
        {
          infoHash: member.infoHash,
          peerId: member.peerId,
          port: options.port,
          // Before metadata the size is unknown; any positive `left` keeps us a leecher to the tracker.
          stats: () => {
            const s = member.stats();
            return { ...s, left: s.left ?? 1 };
          },
          wantedPeers: () => 0,
          onPeers: () => undefined,
        },
        { timeoutMs: options.announceTimeoutMs, minIntervalSeconds: options.minIntervalSeconds },
      );
      this.tiers.start();
    }
  }

  /** Announce now: more peers wanted, or 'completed' once the download finished. */
  announce(event?: 'completed'): void {
    for (const w of this.ws) w.announcement.announce(event);
    this.tiers?.announce(event);
  }

  status(): TrackerStatus[] {
    const ws = this.ws.map(({ url, tier, announcement }): TrackerStatus => {
      const s = announcement.status();
      return {
        url,
        tier,
        state: s.state === 'connecting' ? 'announcing' : s.state,
        ...(s.lastAnnounceAt === undefined ? {} : { lastAnnounceAt: s.lastAnnounceAt }),
        ...(s.lastError === undefined ? {} : { lastError: s.lastError }),
        ...(s.complete === undefined ? {} : { complete: s.complete }),
        ...(s.incomplete === undefined ? {} : { incomplete: s.incomplete }),
        ...(s.intervalSeconds === undefined ? {} : { intervalSeconds: s.intervalSeconds }),
      };
    });
    return [...ws, ...(this.tiers?.status() ?? [])];
  }

  /** Sends 'stopped' everywhere (bounded by the announcers' own timeouts). */
  async stop(): Promise<void> {
    for (const w of this.ws) w.announcement.leave();
    await this.tiers?.stop();
  }
}
