/**
 * Hash checks of whole torrents take turns, as in qBittorrent and Transmission: each check starts
 * hash threads of its own and reads its files from start to end, so a hundred torrents added at
 * once would start a hundred threads (seen: 111 threads and 700 MiB) and make the disk seek
 * between them. Checks run one at a time, first come first served; the rest wait in 'checking'.
 */
export class CheckQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Runs `check` once every check queued before it has ended (however it ended). */
  run<T>(check: () => Promise<T>): Promise<T> {
    const turn = this.tail.then(check);
    this.tail = turn.catch(() => undefined);
    return turn;
  }
}
