import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, commands, events, type ApiEvent, type ApiFailure, type ApiResponse } from '../../core/api/index.js';
import { EventBus } from '../../core/engine/session/event-bus.js';
import {
  API_CHANNEL_PREFIX,
  apiChannel,
  DESKTOP_CHANNELS,
  EVENT_CHANNEL,
  forwardEvents,
  ipcHandlers,
  registerIpc,
  senderProblem,
  type DesktopActions,
  type IpcHandler,
  type IpcSender,
} from '../../electron/ipc.js';
import { startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';

const WINDOW = 7;
const MAGNET = 'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567&dn=x';

/** An invoke event as Electron builds it, from the app window's top frame unless told otherwise. */
function from(overrides: { id?: number; url?: string; parent?: unknown; frame?: null } = {}): IpcSender {
  return {
    sender: { id: overrides.id ?? WINDOW },
    senderFrame:
      overrides.frame === null
        ? null
        : { url: overrides.url ?? 'app://shoal/index.html', parent: overrides.parent ?? null },
  };
}

/** The desktop side as main gives it: what the dialogs and the login item would answer, recorded. */
class RecordingDesktop implements DesktopActions {
  readonly calls: unknown[][] = [];
  async pickPaths(kind: 'file' | 'folder') {
    this.calls.push(['pickPaths', kind]);
    return ['/home/me/share'];
  }
  async showInFolder(infoHash: string) {
    this.calls.push(['showInFolder', infoHash]);
    throw new ApiError('not-found', `no torrent ${infoHash} in the library`);
  }
  async getStartOnLogin() {
    this.calls.push(['getStartOnLogin']);
    return false;
  }
  async setStartOnLogin(enabled: boolean) {
    this.calls.push(['setStartOnLogin', enabled]);
    return enabled;
  }
}

let root: Awaited<ReturnType<typeof tempRoot>>;
let peer: TestPeer;
let desktop: RecordingDesktop;
let refused: string[];
let handlers: Map<string, IpcHandler>;

function handler(channel: string): IpcHandler {
  const h = handlers.get(channel);
  if (!h) throw new Error(`no handler for ${channel}`);
  return h;
}

async function failure(response: Promise<ApiResponse<unknown>>): Promise<ApiFailure['error']> {
  const r = await response;
  if (r.ok) throw new Error(`expected a failure, got ${JSON.stringify(r.result)}`);
  return r.error;
}

beforeAll(async () => {
  root = await tempRoot('electron-ipc');
  peer = await startPeer(root.root, 'app', { startAll: false });
  desktop = new RecordingDesktop();
  refused = [];
  handlers = ipcHandlers({
    api: peer.session,
    desktop,
    windowContentsId: () => WINDOW,
    onRefused: (channel, reason) => refused.push(`${channel}: ${reason}`),
  });
});

afterAll(async () => {
  await peer?.close();
  await root?.remove();
});

describe('the channels', () => {
  it('are one per command and one per desktop action', () => {
    expect([...handlers.keys()].sort()).toEqual(
      [...Object.keys(commands).map((n) => `${API_CHANNEL_PREFIX}${n}`), ...Object.values(DESKTOP_CHANNELS)].sort(),
    );
  });

  it('are spelt the same in the preload, which cannot import them', async () => {
    const preload = await readFile(new URL('../../electron/preload.cts', import.meta.url), 'utf8');
    for (const channel of [API_CHANNEL_PREFIX, EVENT_CHANNEL, ...Object.values(DESKTOP_CHANNELS)]) {
      expect(preload, channel).toContain(`'${channel}'`);
    }
  });

  it('expose in the preload what renderer/src/bridge.d.ts declares, and nothing but the platform besides', async () => {
    const preload = await readFile(new URL('../../electron/preload.cts', import.meta.url), 'utf8');
    const declared = await readFile(new URL('../../renderer/src/bridge.d.ts', import.meta.url), 'utf8');
    const iface = declared.slice(declared.indexOf('interface ShoalBridge'), declared.indexOf('declare global'));
    const bridge = preload.slice(
      preload.indexOf('const bridge = {'),
      preload.indexOf('};', preload.indexOf('const bridge = {')),
    );
    const names = (text: string, pattern: RegExp) => [...text.matchAll(pattern)].map((m) => m[1]!).sort();
    expect(names(bridge, /^ {2}(\w+)[:(]/gm)).toEqual([...names(iface, /^ {2}(\w+)\??\(/gm), 'platform'].sort());
    expect(preload.match(/exposeInMainWorld\(/g)).toHaveLength(1);
  });

  it('are registered with ipcMain.handle and removed again', () => {
    const registered = new Map<string, unknown>();
    const ipcMain = {
      handle: (channel: string, listener: unknown) => void registered.set(channel, listener),
      removeHandler: (channel: string) => void registered.delete(channel),
    };
    const remove = registerIpc(ipcMain, handlers);
    expect(registered.size).toBe(handlers.size);
    expect(registered.get(apiChannel('listTorrents'))).toBe(handlers.get(apiChannel('listTorrents')));
    remove();
    expect(registered.size).toBe(0);
  });
});

describe('a call from the app window', () => {
  it('reaches the engine and answers an ApiResponse', async () => {
    expect(await handler(apiChannel('listTorrents'))(from())).toEqual({ ok: true, result: [] });
    const settings = await handler(apiChannel('getSettings'))(from(), {});
    expect(settings.ok && (settings.result as { downloadDir: string }).downloadDir).toBe(peer.downloadDir);
  });

  it('with malformed params is refused, the message naming each bad field', async () => {
    const pause = handler(apiChannel('pause'));
    expect(await failure(pause(from(), { infoHash: 'XYZ' }))).toEqual({
      code: 'bad-request',
      message: 'pause: infoHash must be 40 lower-case hex characters',
    });
    expect(await failure(pause(from(), {}))).toEqual({ code: 'bad-request', message: 'pause: infoHash is required' });
    expect(await failure(pause(from(), 'abc'))).toEqual({
      code: 'bad-request',
      message: 'pause: params must be an object',
    });

    const add = handler(apiChannel('addTorrent'));
    const savePath = await failure(add(from(), { magnet: MAGNET, savePath: 'a\0b' }));
    expect(savePath).toEqual({ code: 'bad-request', message: 'addTorrent: savePath must not contain NUL' });
    const unknown = await failure(add(from(), { magnet: MAGNET, evil: true }));
    expect(unknown).toEqual({ code: 'bad-request', message: 'addTorrent: unknown field evil' });
    const files = await failure(add(from(), { magnet: MAGNET, files: [0, -1] }));
    expect(files.message).toBe('addTorrent: files[1] must not be negative');

    const limits = await failure(handler(apiChannel('setLimits'))(from(), { download: 0.5, upload: 'fast' }));
    expect(limits.message).toContain('download must be a whole number');
    expect(limits.message).toContain('upload must be a number');
  });

  it('with more than one argument is refused', async () => {
    const error = await failure(handler(apiChannel('listTorrents'))(from(), {}, { extra: true }));
    expect(error).toEqual({ code: 'bad-request', message: 'listTorrents: takes one argument (its params), got 2' });
  });

  it('that the engine refuses answers its error code', async () => {
    const error = await failure(handler(apiChannel('pause'))(from(), { infoHash: 'ab'.repeat(20) }));
    expect(error.code).toBe('not-found');
  });
});

describe('a call from anywhere else', () => {
  const foreign: [string, IpcSender][] = [
    ['another web contents', from({ id: WINDOW + 1 })],
    ['a subframe', from({ parent: { url: 'app://shoal/index.html' } })],
    ['another URL', from({ url: 'https://evil.example/' })],
    ['a local file', from({ url: 'file:///home/me/evil.html' })],
    ['a look-alike host', from({ url: 'app://shoal.evil/index.html' })],
    ['a frame that is gone', from({ frame: null })],
  ];

  it.each(foreign)('(%s) is refused before it is validated or run', async (_name, sender) => {
    const before = refused.length;
    const error = await failure(handler(apiChannel('addTorrent'))(sender, { magnet: MAGNET }));
    expect(error.code).toBe('unauthorized');
    expect(error.message).toMatch(/^addTorrent: refused a call from /);
    expect(refused.length).toBe(before + 1);
    expect(await peer.session.listTorrents()).toEqual([]);
  });

  it('is refused while there is no window', async () => {
    const noWindow = ipcHandlers({ api: peer.session, desktop, windowContentsId: () => undefined });
    const error = await failure(noWindow.get(apiChannel('listTorrents'))!(from()));
    expect(error.code).toBe('unauthorized');
  });

  it('cannot reach the desktop actions either', async () => {
    const calls = desktop.calls.length;
    const error = await failure(handler(DESKTOP_CHANNELS.pickPaths)(from({ url: 'https://evil.example/' }), 'file'));
    expect(error.code).toBe('unauthorized');
    expect(desktop.calls.length).toBe(calls);
  });

  it('names why', () => {
    expect(senderProblem(from(), WINDOW)).toBeUndefined();
    expect(senderProblem(from({ id: 1 }), WINDOW)).toBe('another web contents');
    expect(senderProblem(from({ parent: {} }), WINDOW)).toBe('a subframe');
    expect(senderProblem(from({ frame: null }), WINDOW)).toBe('a frame that is gone');
    expect(senderProblem(from({ url: 'https://evil.example/' }), WINDOW)).toBe(
      `a page that is not Shoal's ("https://evil.example/")`,
    );
  });
});

describe('the desktop actions', () => {
  it('run with valid arguments and answer ApiResponses', async () => {
    expect(await handler(DESKTOP_CHANNELS.pickPaths)(from(), 'folder')).toEqual({
      ok: true,
      result: ['/home/me/share'],
    });
    expect(await handler(DESKTOP_CHANNELS.setStartOnLogin)(from(), true)).toEqual({ ok: true, result: true });
    expect(await handler(DESKTOP_CHANNELS.getStartOnLogin)(from())).toEqual({ ok: true, result: false });
    expect(desktop.calls.slice(-3)).toEqual([['pickPaths', 'folder'], ['setStartOnLogin', true], ['getStartOnLogin']]);
  });

  it('pass an action’s error code on', async () => {
    const error = await failure(handler(DESKTOP_CHANNELS.showInFolder)(from(), 'ab'.repeat(20)));
    expect(error.code).toBe('not-found');
  });

  it('refuse malformed arguments, naming the argument, without running', async () => {
    const calls = desktop.calls.length;
    const cases: [string, unknown[], string][] = [
      [DESKTOP_CHANNELS.pickPaths, ['drive'], 'pickPaths: kind must be one of "file", "folder"'],
      [DESKTOP_CHANNELS.pickPaths, [], 'pickPaths: kind is required'],
      [DESKTOP_CHANNELS.showInFolder, ['../etc'], 'showInFolder: infoHash must be 40 lower-case hex characters'],
      [DESKTOP_CHANNELS.setStartOnLogin, ['yes'], 'setStartOnLogin: enabled must be true or false'],
      [DESKTOP_CHANNELS.getStartOnLogin, [true], 'getStartOnLogin: takes 0 arguments, got 1'],
      [DESKTOP_CHANNELS.pickPaths, ['file', 'folder'], 'pickPaths: takes 1 argument, got 2'],
    ];
    for (const [channel, args, message] of cases) {
      expect(await failure(handler(channel)(from(), ...args)), message).toEqual({ code: 'bad-request', message });
    }
    expect(desktop.calls.length).toBe(calls);
  });
});

describe('forwardEvents', () => {
  it('sends every engine event as {event, payload} until stopped', () => {
    const bus = new EventBus();
    const sent: ApiEvent[] = [];
    const stop = forwardEvents(bus, (e) => sent.push(e));
    const infoHash = 'ab'.repeat(20);
    bus.emit('torrent:done', { infoHash, name: 'x' });
    bus.emit('torrent:removed', { infoHash });
    expect(sent).toEqual([
      { event: 'torrent:done', payload: { infoHash, name: 'x' } },
      { event: 'torrent:removed', payload: { infoHash } },
    ]);
    stop();
    bus.emit('torrent:removed', { infoHash });
    expect(sent).toHaveLength(2);
  });

  it('covers every event the control API defines', () => {
    const names = new Set<string>();
    const bus = { on: (name: string) => (names.add(name), () => undefined) } as unknown as EventBus;
    forwardEvents(bus, () => undefined);
    expect([...names].sort()).toEqual(Object.keys(events).sort());
  });
});
