import type { Duplex } from 'node:stream';
import type { WebSocket } from 'ws';

/**
 * One client socket as the registry sees it: a send target with a keep-alive flag.
 * Sends are corked until the end of the event-loop turn, so that the messages one socket gets in a
 * turn (offers, answers, replies) leave in one write instead of one system call each.
 */
export class WsConnection {
  private alive = true;
  private corked = false;
  private readonly uncork = (): void => {
    this.corked = false;
    this.raw.uncork();
  };

  constructor(
    private readonly ws: WebSocket,
    private readonly raw: Duplex,
  ) {}

  send(message: string): void {
    if (this.ws.readyState !== this.ws.OPEN) return;
    if (!this.corked) {
      this.corked = true;
      this.raw.cork();
      setImmediate(this.uncork);
    }
    this.ws.send(message);
  }

  markAlive(): void {
    this.alive = true;
  }

  /** Called every ping period: a socket that did not answer the previous ping is dropped. */
  pingOrTerminate(): void {
    if (!this.alive) {
      this.ws.terminate();
      return;
    }
    this.alive = false;
    this.ws.ping();
  }
}
