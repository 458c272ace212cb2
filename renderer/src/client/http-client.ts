import { ApiError, type CommandName } from '../../../core/api/index.js';
import { ApiClient } from './api-client.js';
import { DEFAULT_BACKOFF, type BackoffOptions } from './backoff.js';
import { parseEventFrame } from './event-frame.js';
import { EventStream, type SocketConstructor } from './event-stream.js';

/** The part of fetch the client uses (the browser's, or Node's in tests). */
export type FetchLike = (
  url: string,
  init: { method: 'POST'; headers: Record<string, string>; body: string },
) => Promise<{ status: number; json(): Promise<unknown> }>;

export interface HttpClientOptions {
  /** The daemon's origin, e.g. `http://127.0.0.1:9091`. */
  baseUrl: string;
  token: string;
  fetch: FetchLike;
  WebSocket: SocketConstructor;
  backoff?: BackoffOptions;
}

/**
 * The control API over the daemon's HTTP (one POST per call, Bearer token) and its events
 * WebSocket (daemon-protocol.md). The connection state follows the WebSocket; a 401 on a call or
 * a 4401 close makes it 'unauthorized' and stops reconnecting.
 */
export class HttpClient extends ApiClient {
  readonly transport = 'http';
  readonly desktop = undefined;
  private readonly base: string;
  private readonly stream: EventStream;

  constructor(private readonly options: HttpClientOptions) {
    super({ status: 'connecting' });
    this.base = options.baseUrl.replace(/\/+$/, '');
    this.stream = new EventStream({
      url: `${this.base.replace(/^http/, 'ws')}/api/v1/events`,
      token: options.token,
      WebSocket: options.WebSocket,
      backoff: options.backoff ?? DEFAULT_BACKOFF,
      onFrame: (data) => this.receive(data),
      onState: (state) => this.setConnection(state),
    });
    this.stream.start();
  }

  reconnect(): void {
    this.stream.start();
  }

  close(): void {
    this.stream.close();
  }

  protected async send(name: CommandName, params: object): Promise<unknown> {
    let response: Awaited<ReturnType<FetchLike>>;
    try {
      response = await this.options.fetch(`${this.base}/api/v1/call/${name}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${this.options.token}` },
        body: JSON.stringify(params),
      });
    } catch (error) {
      throw new ApiError('unreachable', `cannot reach the Shoal daemon at ${this.base}: ${(error as Error).message}`);
    }
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new ApiError('bad-response', `${name}: the daemon answered HTTP ${response.status} without a JSON body`);
    }
    if (response.status === 401) {
      this.stream.close();
      this.setConnection({ status: 'unauthorized', message: 'the daemon refused the token' });
    }
    return body;
  }

  private receive(data: unknown): void {
    try {
      this.emit(parseEventFrame(data));
    } catch (error) {
      // A frame this page does not understand (a newer daemon's event) must not break the others.
      console.warn(`ignored an event from the daemon: ${(error as Error).message}`);
    }
  }
}
