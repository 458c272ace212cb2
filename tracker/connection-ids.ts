import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * UDP connection ids (BEP 15) that need no table: HMAC-SHA256 of (time window, client address)
 * under a per-process random secret, truncated to 8 bytes. Nobody without the secret can guess
 * one, an id issued to one address fails from any other (so announces cannot be spoofed for
 * someone else's address), and it stops working once its window and the next have passed:
 * between one and two windows (default 60 s each) after issue.
 * Not bound to the source port: libtorrent shares one connection id per tracker among all its
 * sockets in a process, and the announce names its own port anyway.
 */
export class ConnectionIds {
  private readonly secret = randomBytes(32);

  constructor(private readonly windowMs = 60_000) {}

  issue(address: string, nowMs: number): Uint8Array {
    return this.mac(Math.floor(nowMs / this.windowMs), address);
  }

  verify(id: Uint8Array, address: string, nowMs: number): boolean {
    const window = Math.floor(nowMs / this.windowMs);
    return timingSafeEqual(id, this.mac(window, address)) || timingSafeEqual(id, this.mac(window - 1, address));
  }

  private mac(window: number, address: string): Uint8Array {
    return createHmac('sha256', this.secret).update(`${window}|${address}`).digest().subarray(0, 8);
  }
}
