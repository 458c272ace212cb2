import {
  ApiError,
  apiFailure,
  fromApiFailure,
  type ApiEvent,
  type CommandName,
  type CommandParams,
  type CommandResult,
  type EventName,
  type ShoalApi,
} from '../../../core/api/index.js';
import type { ApiListener, ConnectionState, DesktopFeatures, ShoalClient } from './shoal-client.js';

/** An answer to a call that is an ApiResponse: its result, or its failure thrown as an ApiError. */
export function unwrapResponse(name: string, response: unknown): unknown {
  if (typeof response === 'object' && response !== null && 'ok' in response) {
    if (response.ok === true && 'result' in response) return response.result;
    const failure = apiFailure.safeParse(response);
    if (failure.success) throw fromApiFailure(failure.data);
  }
  throw new ApiError('bad-response', `${name}: the host's answer is not an API response`);
}

/**
 * What both transports share: the command methods, listeners of events and of the connection
 * state. A subclass sends calls and feeds in what the host tells.
 */
export abstract class ApiClient implements ShoalClient {
  abstract readonly transport: 'ipc' | 'http';
  abstract readonly desktop: DesktopFeatures | undefined;
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private state: ConnectionState;

  constructor(initial: ConnectionState) {
    this.state = initial;
  }

  readonly listTorrents: ShoalApi['listTorrents'] = () => this.call('listTorrents', {});
  readonly getTorrent: ShoalApi['getTorrent'] = (p) => this.call('getTorrent', p);
  readonly addTorrent: ShoalApi['addTorrent'] = (p) => this.call('addTorrent', p);
  readonly createTorrent: ShoalApi['createTorrent'] = (p) => this.call('createTorrent', p);
  readonly pause: ShoalApi['pause'] = (p) => this.call('pause', p);
  readonly resume: ShoalApi['resume'] = (p) => this.call('resume', p);
  readonly recheck: ShoalApi['recheck'] = (p) => this.call('recheck', p);
  readonly remove: ShoalApi['remove'] = (p) => this.call('remove', p);
  readonly selectFiles: ShoalApi['selectFiles'] = (p) => this.call('selectFiles', p);
  readonly setSequential: ShoalApi['setSequential'] = (p) => this.call('setSequential', p);
  readonly setLimits: ShoalApi['setLimits'] = (p) => this.call('setLimits', p);
  readonly getSettings: ShoalApi['getSettings'] = () => this.call('getSettings', {});
  readonly setSettings: ShoalApi['setSettings'] = (p) => this.call('setSettings', p);
  readonly search: ShoalApi['search'] = (p) => this.call('search', p);
  readonly publish: ShoalApi['publish'] = (p) => this.call('publish', p);

  get connection(): ConnectionState {
    return this.state;
  }

  on<K extends EventName>(event: K, listener: ApiListener<K>): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const entry = listener as (payload: unknown) => void;
    set.add(entry);
    return () => set.delete(entry);
  }

  onConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  abstract reconnect(): void;
  abstract close(): void;

  /** Sends one call and answers the host's raw reply (an ApiResponse, as far as the host is right). */
  protected abstract send(name: CommandName, params: object): Promise<unknown>;

  protected emit(event: ApiEvent): void {
    for (const listener of this.listeners.get(event.event) ?? []) {
      try {
        listener(event.payload);
      } catch (error) {
        // One view's bug must not stop the others from hearing the event.
        console.error(`a listener of ${event.event} failed`, error);
      }
    }
  }

  protected setConnection(state: ConnectionState): void {
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }

  private async call<K extends CommandName>(name: K, params: CommandParams<K>): Promise<CommandResult<K>> {
    return unwrapResponse(name, await this.send(name, params)) as CommandResult<K>;
  }
}
