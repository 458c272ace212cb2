import type { AnnounceEvent, ScrapeCounts } from '../core/protocol/tracker/http.js';
import { PeerArena } from './peer-arena.js';
import { PeerTable } from './peer-table.js';

/**
 * The swarms of address peers (HTTP and UDP clients), in memory. Pure: no sockets, no clocks;
 * callers pass the time. WebRTC peers live in tracker/ws, apart: they cannot use these addresses.
 */

/** One announce, already validated; `infoHash` is the 20 bytes as a binary string (the map key). */
export interface PeerAnnounce {
  infoHash: string;
  /** 4 or 16 bytes; IPv4-mapped IPv6 already turned into IPv4. */
  ip: Uint8Array;
  port: number;
  peerId: Uint8Array;
  left: number | undefined;
  event: AnnounceEvent;
  numwant: number;
  /** Also return the families the announcer does not use (HTTP: yes, BEP 7; UDP: no, BEP 15). */
  bothFamilies: boolean;
  withPeerIds: boolean;
}

/** Views into the store's scratch buffers: valid until the next `announce`. Copy before awaiting. */
export interface AnnounceResult {
  complete: number;
  incomplete: number;
  peers: Uint8Array;
  peers6: Uint8Array;
  peerIds: Uint8Array | undefined;
}

export interface SwarmStoreLimits {
  /** Peers one address (an IPv6 /64) may list in one swarm and family; announces past it are answered, not listed. */
  maxPeersPerAddress: number;
}

/** A few: clients behind one NAT rarely share a swarm, and CGNAT users cannot take incoming connections anyway. */
export const DEFAULT_MAX_PEERS_PER_ADDRESS = 4;

export interface SwarmTotals {
  torrents: number;
  peers: number;
  seeders: number;
  leechers: number;
  completed: number;
}

class Swarm {
  v4: PeerTable | null = null;
  v6: PeerTable | null = null;
  completed = 0;

  table(family: 4 | 16, arena: PeerArena): PeerTable {
    if (family === 4) return (this.v4 ??= new PeerTable(arena));
    return (this.v6 ??= new PeerTable(arena));
  }

  get seeders(): number {
    return (this.v4?.seeders ?? 0) + (this.v6?.seeders ?? 0);
  }

  get peers(): number {
    return (this.v4?.count ?? 0) + (this.v6?.count ?? 0);
  }
}

export class SwarmStore {
  private readonly swarms = new Map<string, Swarm>();
  private readonly arena4 = new PeerArena(4);
  private readonly arena6 = new PeerArena(16);
  private readonly scratch4: Uint8Array;
  private readonly scratch6: Uint8Array;
  private readonly scratchIds: Uint8Array;
  /** Announces answered but not listed because their address already had its share of the swarm. */
  unlisted = 0;

  constructor(
    readonly maxNumwant: number,
    private readonly limits: SwarmStoreLimits = { maxPeersPerAddress: DEFAULT_MAX_PEERS_PER_ADDRESS },
  ) {
    this.scratch4 = new Uint8Array(maxNumwant * 6);
    this.scratch6 = new Uint8Array(maxNumwant * 18);
    this.scratchIds = new Uint8Array(maxNumwant * 20);
  }

  /** Records the announce and picks peers for the reply; the announcer is never among them. */
  announce(a: PeerAnnounce, now: number): AnnounceResult {
    let swarm = this.swarms.get(a.infoHash);
    if (a.event === 'stopped') {
      this.stop(swarm, a);
      return this.result(swarm, 0, 0, null);
    }
    if (!swarm) this.swarms.set(a.infoHash, (swarm = new Swarm()));
    const family = a.ip.length === 4 ? 4 : 16;
    const table = swarm.table(family, family === 4 ? this.arena4 : this.arena6);
    const slot = this.record(swarm, table, a, now);

    const ids = a.withPeerIds ? this.scratchIds : null;
    const numwant = Math.min(a.numwant, this.maxNumwant);
    const other = family === 4 ? swarm.v6 : swarm.v4;
    const ownWant = Math.min(numwant, table.count - (slot >= 0 ? 1 : 0));
    const otherWant = a.bothFamilies && other ? Math.min(numwant - ownWant, other.count) : 0;
    const want4 = family === 4 ? ownWant : otherWant;
    const want6 = family === 4 ? otherWant : ownWant;
    const n4 = swarm.v4?.copyPeers(this.scratch4, 0, ids, 0, want4, family === 4 ? slot : -1) ?? 0;
    const n6 = swarm.v6?.copyPeers(this.scratch6, 0, ids, n4 * 20, want6, family === 4 ? -1 : slot) ?? 0;
    return this.result(swarm, n4, n6, ids);
  }

  scrape(infoHash: string): ScrapeCounts {
    const swarm = this.swarms.get(infoHash);
    if (!swarm) return { complete: 0, incomplete: 0, downloaded: 0 };
    const seeders = swarm.seeders;
    return { complete: seeders, incomplete: swarm.peers - seeders, downloaded: swarm.completed };
  }

  /** Drops peers not seen since `cutoff` (unix seconds) and swarms left empty. */
  expire(cutoff: number): { peers: number; torrents: number } {
    let peers = 0;
    let torrents = 0;
    for (const [key, swarm] of this.swarms) {
      peers += (swarm.v4?.expire(cutoff) ?? 0) + (swarm.v6?.expire(cutoff) ?? 0);
      if (swarm.v4?.count === 0) swarm.v4 = null;
      if (swarm.v6?.count === 0) swarm.v6 = null;
      if (!swarm.v4 && !swarm.v6) {
        this.swarms.delete(key);
        torrents++;
      }
    }
    return { peers, torrents };
  }

  totals(): SwarmTotals {
    const t: SwarmTotals = { torrents: this.swarms.size, peers: 0, seeders: 0, leechers: 0, completed: 0 };
    for (const swarm of this.swarms.values()) {
      t.peers += swarm.peers;
      t.seeders += swarm.seeders;
      t.completed += swarm.completed;
    }
    t.leechers = t.peers - t.seeders;
    return t;
  }

  forEachPeerId(visit: (peerId: Uint8Array) => void): void {
    for (const swarm of this.swarms.values()) {
      swarm.v4?.forEachPeerId(visit);
      swarm.v6?.forEachPeerId(visit);
    }
  }

  /** Lists or refreshes the announcer; returns its slot, or -1 when its address is at the cap. */
  private record(swarm: Swarm, table: PeerTable, a: PeerAnnounce, now: number): number {
    let slot = table.find(a.ip, a.port);
    const wasSeeder = slot >= 0 && table.isSeeder(slot);
    const seeder = a.left === 0;
    if (slot >= 0) {
      table.update(slot, a.peerId, seeder, now);
    } else if (table.countNetwork(a.ip) < this.limits.maxPeersPerAddress) {
      slot = table.insert(a.ip, a.port, a.peerId, seeder, now);
    } else {
      this.unlisted++;
      return -1;
    }
    if (a.event === 'completed' && !wasSeeder) swarm.completed++;
    return slot;
  }

  private stop(swarm: Swarm | undefined, a: PeerAnnounce): void {
    const table = a.ip.length === 4 ? swarm?.v4 : swarm?.v6;
    if (!swarm || !table) return;
    const slot = table.find(a.ip, a.port);
    if (slot >= 0) table.remove(slot);
    if (swarm.peers === 0 && swarm.completed === 0) this.swarms.delete(a.infoHash);
  }

  private result(swarm: Swarm | undefined, n4: number, n6: number, ids: Uint8Array | null): AnnounceResult {
    const seeders = swarm?.seeders ?? 0;
    return {
      complete: seeders,
      incomplete: (swarm?.peers ?? 0) - seeders,
      peers: this.scratch4.subarray(0, n4 * 6),
      peers6: this.scratch6.subarray(0, n6 * 18),
      peerIds: ids?.subarray(0, (n4 + n6) * 20),
    };
  }
}
