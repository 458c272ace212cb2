/**
 * A third-party WebTorrent client that finds peers through the trackers it is given alone: no
 * DHT, LSD, PEX, uTP, port mapping or web seeds, and no ICE servers (loopback only).
 */
export const WEBTORRENT_LOOPBACK_OPTIONS = {
  dht: false,
  lsd: false,
  utPex: false,
  utp: false,
  natUpnp: false,
  natPmp: false,
  webSeeds: false,
  tracker: { rtcConfig: { iceServers: [] } },
};
