/** Request counters by protocol, for /stats and /metrics. Plain numbers: incremented on the hot path. */
export class TrackerCounters {
  readonly announces = { http: 0, udp: 0 };
  readonly scrapes = { http: 0, udp: 0 };
  readonly errors = { http: 0, udp: 0 };
  udpConnects = 0;
  readonly startedAt = Date.now();
}
