/** Why a UDP datagram got no reply at all (BEP 15 replies before a valid connection id could hit a forged source). */
export type UdpDropReason = 'short' | 'bad-connect' | 'bad-connection-id';

/** Request counters by protocol, for /stats and /metrics. Plain numbers: incremented on the hot path. */
export class TrackerCounters {
  readonly announces = { http: 0, udp: 0 };
  readonly scrapes = { http: 0, udp: 0 };
  readonly errors = { http: 0, udp: 0 };
  udpConnects = 0;
  readonly udpDropped: Record<UdpDropReason, number> = { short: 0, 'bad-connect': 0, 'bad-connection-id': 0 };
  readonly startedAt = Date.now();
}
