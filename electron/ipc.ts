import type { IpcMain } from 'electron';
import { z } from 'zod';
import {
  ApiError,
  byInfoHash,
  check,
  commands,
  events,
  handleCall,
  toApiFailure,
  type ApiEvent,
  type ApiFailure,
  type ApiResponse,
  type CommandName,
  type EventName,
  type ShoalApi,
} from '../core/api/index.js';
import type { EventBus } from '../core/engine/session/event-bus.js';
import { isAppUrl } from './security.js';

/**
 * The main process's side of the bridge: one ipcMain.handle channel per control-API command and
 * per desktop action. Every call is checked twice before anything runs: the sender must be the
 * app window's own top frame showing an app page, and the arguments must pass the command's
 * schema. Every answer is an ApiResponse; nothing rejects. preload.cts spells the same channel
 * names (a sandboxed preload cannot import them).
 */

export const API_CHANNEL_PREFIX = 'shoal:api:';
export const EVENT_CHANNEL = 'shoal:event';

const desktopParams = {
  pickPaths: z.strictObject({ kind: z.enum(['file', 'folder']) }),
  showInFolder: z.strictObject({ infoHash: byInfoHash.shape.infoHash }),
  getStartOnLogin: z.strictObject({}),
  setStartOnLogin: z.strictObject({ enabled: z.boolean() }),
};
export type DesktopActionName = keyof typeof desktopParams;

const desktopCalls: {
  [K in DesktopActionName]: (desktop: DesktopActions, params: z.infer<(typeof desktopParams)[K]>) => Promise<unknown>;
} = {
  pickPaths: (desktop, { kind }) => desktop.pickPaths(kind),
  showInFolder: async (desktop, { infoHash }) => {
    await desktop.showInFolder(infoHash);
    return {};
  },
  getStartOnLogin: (desktop) => desktop.getStartOnLogin(),
  setStartOnLogin: (desktop, { enabled }) => desktop.setStartOnLogin(enabled),
};

export const DESKTOP_CHANNELS: { readonly [K in DesktopActionName]: string } = {
  pickPaths: 'shoal:desktop:pickPaths',
  showInFolder: 'shoal:desktop:showInFolder',
  getStartOnLogin: 'shoal:desktop:getStartOnLogin',
  setStartOnLogin: 'shoal:desktop:setStartOnLogin',
};

/** What only the desktop app can do for the page (the bridge's optional methods). */
export interface DesktopActions {
  /** An empty list when the user cancels. */
  pickPaths(kind: 'file' | 'folder'): Promise<string[]>;
  showInFolder(infoHash: string): Promise<void>;
  getStartOnLogin(): Promise<boolean>;
  /** Answers the setting as it now is. */
  setStartOnLogin(enabled: boolean): Promise<boolean>;
}

/** The parts of an IpcMainInvokeEvent that the sender check reads. */
export interface IpcSender {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export type IpcHandler = (event: IpcSender, ...args: unknown[]) => Promise<ApiResponse<unknown>>;

export interface IpcOptions {
  api: ShoalApi;
  desktop: DesktopActions;
  /** The app window's webContents id; undefined while there is no window (every call is refused). */
  windowContentsId(): number | undefined;
  /** Told of every refused sender, for the log. */
  onRefused?(channel: string, reason: string): void;
}

export function apiChannel(name: CommandName): string {
  return `${API_CHANNEL_PREFIX}${name}`;
}

/** Why a call must be refused, or undefined when it comes from the app window's own top frame. */
export function senderProblem(event: IpcSender, windowContentsId: number | undefined): string | undefined {
  if (windowContentsId === undefined || event.sender.id !== windowContentsId) return 'another web contents';
  const frame = event.senderFrame;
  if (frame === null) return 'a frame that is gone';
  if (frame.parent !== null) return 'a subframe';
  if (!isAppUrl(frame.url)) return `a page that is not Shoal's (${JSON.stringify(frame.url.slice(0, 100))})`;
  return undefined;
}

/** Every channel with its handler, for registerIpc (and for tests, which call them directly). */
export function ipcHandlers(options: IpcOptions): Map<string, IpcHandler> {
  const handlers = new Map<string, IpcHandler>();
  for (const name of Object.keys(commands) as CommandName[]) {
    handlers.set(
      apiChannel(name),
      guarded(options, apiChannel(name), name, async (args) => {
        if (args.length > 1) return badRequest(`${name}: takes one argument (its params), got ${args.length}`);
        return handleCall(options.api, name, args[0]);
      }),
    );
  }
  for (const name of Object.keys(desktopParams) as DesktopActionName[]) {
    handlers.set(
      DESKTOP_CHANNELS[name],
      guarded(options, DESKTOP_CHANNELS[name], name, (args) => runDesktop(options.desktop, name, args)),
    );
  }
  return handlers;
}

/** Registers every handler; the returned function removes them again. */
export function registerIpc(
  ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>,
  handlers: ReadonlyMap<string, IpcHandler>,
): () => void {
  for (const [channel, handler] of handlers) ipcMain.handle(channel, handler);
  return () => {
    for (const channel of handlers.keys()) ipcMain.removeHandler(channel);
  };
}

/** Every engine event to `send`, as `{event, payload}`; the returned function stops it. */
export function forwardEvents(bus: Pick<EventBus, 'on'>, send: (event: ApiEvent) => void): () => void {
  const offs = (Object.keys(events) as EventName[]).map((event) =>
    bus.on(event, (payload) => send({ event, payload } as ApiEvent)),
  );
  return () => {
    for (const off of offs) off();
  };
}

function guarded(
  options: IpcOptions,
  channel: string,
  name: string,
  run: (args: unknown[]) => Promise<ApiResponse<unknown>>,
): IpcHandler {
  return async (event, ...args) => {
    const problem = senderProblem(event, options.windowContentsId());
    if (problem === undefined) return run(args);
    options.onRefused?.(channel, problem);
    return toApiFailure(new ApiError('unauthorized', `${name}: refused a call from ${problem}`));
  };
}

/** Positional arguments (the bridge's method arguments) checked as named fields, so that messages name them. */
async function runDesktop(
  desktop: DesktopActions,
  name: DesktopActionName,
  args: unknown[],
): Promise<ApiResponse<unknown>> {
  const fields = Object.keys(desktopParams[name].shape);
  if (args.length > fields.length) {
    return badRequest(`${name}: takes ${fields.length} argument${fields.length === 1 ? '' : 's'}, got ${args.length}`);
  }
  const checked = check(desktopParams[name], Object.fromEntries(fields.map((field, i) => [field, args[i]])));
  if (!checked.success) return badRequest(`${name}: ${checked.message}`);
  try {
    const call = desktopCalls[name] as (desktop: DesktopActions, params: unknown) => Promise<unknown>;
    return { ok: true, result: await call(desktop, checked.data) };
  } catch (error) {
    return toApiFailure(error);
  }
}

function badRequest(message: string): ApiFailure {
  return toApiFailure(new ApiError('bad-request', message));
}
