/**
 * Shared and exclusive sections: reads, writes and hashing run side by side (shared); changing
 * where bytes live (moving them out of the part file, deleting the data) waits for those in
 * flight and holds new ones back until it is done (exclusive). A waiting exclusive section goes
 * before shared ones that come after it, so a busy torrent cannot starve it. Sections must not
 * nest: a shared section inside another would wait forever behind a waiting exclusive one.
 */
export class Gate {
  private active = 0;
  private whenIdle: (() => void) | undefined;
  private exclusiveTurn: Promise<void> | undefined;

  async shared<T>(section: () => Promise<T>): Promise<T> {
    while (this.exclusiveTurn !== undefined) await this.exclusiveTurn;
    this.active++;
    try {
      return await section();
    } finally {
      this.active--;
      if (this.active === 0) this.whenIdle?.();
    }
  }

  async exclusive<T>(section: () => Promise<T>): Promise<T> {
    while (this.exclusiveTurn !== undefined) await this.exclusiveTurn;
    let release!: () => void;
    this.exclusiveTurn = new Promise((resolve) => (release = resolve));
    try {
      if (this.active > 0) await new Promise<void>((resolve) => (this.whenIdle = resolve));
      return await section();
    } finally {
      this.whenIdle = undefined;
      this.exclusiveTurn = undefined;
      release();
    }
  }
}
