import { ApiError, type ApiResponse, type CommandName } from '../../../core/api/index.js';
import type { ShoalBridge } from '../bridge.js';
import { ApiClient, unwrapResponse } from './api-client.js';
import { checkEvent } from './event-frame.js';
import type { DesktopFeatures } from './shoal-client.js';

/** A bridge method's answer: its result, or its failure thrown as an ApiError. */
async function unwrapped<T>(name: string, response: Promise<ApiResponse<T>>): Promise<T> {
  return unwrapResponse(name, await response) as T;
}

function desktopOf(bridge: ShoalBridge): DesktopFeatures {
  const features: DesktopFeatures = {};
  if (bridge.pickPaths) {
    const pick = bridge.pickPaths.bind(bridge);
    features.pickPaths = (kind) => unwrapped('pickPaths', pick(kind));
  }
  if (bridge.pathForFile) {
    const pathFor = bridge.pathForFile.bind(bridge);
    features.pathForFile = (file) => pathFor(file) || undefined;
  }
  if (bridge.showInFolder) {
    const show = bridge.showInFolder.bind(bridge);
    features.showInFolder = async (infoHash) => void (await unwrapped('showInFolder', show(infoHash)));
  }
  const { getStartOnLogin, setStartOnLogin } = bridge;
  if (getStartOnLogin && setStartOnLogin) {
    features.startOnLogin = {
      get: () => unwrapped('getStartOnLogin', getStartOnLogin.call(bridge)),
      set: (enabled) => unwrapped('setStartOnLogin', setStartOnLogin.call(bridge, enabled)),
    };
  }
  return features;
}

/**
 * The control API over the Electron preload's bridge (`window.shoal`). The engine lives in the
 * same app, so the connection is always up.
 */
export class IpcClient extends ApiClient {
  readonly transport = 'ipc';
  readonly desktop: DesktopFeatures;
  private unsubscribe: (() => void) | undefined;

  constructor(private readonly bridge: ShoalBridge) {
    super({ status: 'connected' });
    this.desktop = desktopOf(bridge);
    this.unsubscribe = bridge.onEvent((event) => this.receive(event));
  }

  reconnect(): void {}

  close(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  protected async send(name: CommandName, params: object): Promise<unknown> {
    try {
      return await this.bridge.invoke(name, params);
    } catch (error) {
      throw new ApiError('unreachable', `the desktop app did not answer ${name}: ${(error as Error).message}`);
    }
  }

  private receive(event: unknown): void {
    try {
      this.emit(checkEvent(event));
    } catch (error) {
      console.warn(`ignored an event from the desktop app: ${(error as Error).message}`);
    }
  }
}
