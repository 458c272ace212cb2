import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { HandlerDetails, WindowOpenHandlerResponse } from 'electron';
import {
  APP_CSP,
  APP_INDEX_URL,
  externalLinkUrl,
  isAllowedDownload,
  isAllowedPermission,
  isAllowedRequest,
  isAppUrl,
  lockSession,
  lockWebContents,
  windowOpenTarget,
  type LockableContents,
  type LockableSession,
} from '../../electron/security.js';

/** What Electron passes to will-navigate and friends: an event whose default can be prevented. */
function preventable() {
  return {
    defaultPrevented: false,
    preventDefault() {
      this.defaultPrevented = true;
    },
  };
}

/** Stands in for Electron's WebContents: the events it emits and the window-open handler slot. */
class Contents extends EventEmitter {
  windowOpen: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpen = handler;
  }
}

function details(
  url: string,
  disposition: HandlerDetails['disposition'],
  extra: Partial<HandlerDetails> = {},
): HandlerDetails {
  return { url, disposition, frameName: '', features: '', referrer: { url: '', policy: 'default' }, ...extra };
}

function directives(csp: string): Map<string, string[]> {
  return new Map(
    csp
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .map(([name, ...values]) => [name!, values]),
  );
}

describe('the content security policy', () => {
  const policy = directives(APP_CSP);

  it('denies by default and allows scripts and styles only from the app itself', () => {
    expect(policy.get('default-src')).toEqual(["'none'"]);
    expect(policy.get('script-src')).toEqual(["'self'"]);
    expect(policy.get('style-src')).toEqual(["'self'"]);
    expect(policy.get('connect-src')).toEqual(["'self'"]);
    expect(policy.get('img-src')).toEqual(["'self'", 'data:']);
  });

  it('refuses plugins, frames, workers, base tags, forms and being framed', () => {
    for (const name of ['object-src', 'frame-src', 'worker-src', 'base-uri', 'form-action', 'frame-ancestors']) {
      expect(policy.get(name), name).toEqual(["'none'"]);
    }
  });

  it('names no remote source, no wildcard and no unsafe keyword', () => {
    expect(APP_CSP).not.toMatch(/https?:|wss?:|\*|unsafe|blob:/);
  });
});

describe('app URLs', () => {
  it('are the custom scheme and host only', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://shoal/assets/index-1.js')).toBe(true);
    for (const url of [
      'app://evil/index.html',
      'app://shoal.evil/index.html',
      'app://user@shoal/index.html',
      'https://shoal/index.html',
      'file:///index.html',
      'appx://shoal/',
      'not a url',
      '',
    ]) {
      expect(isAppUrl(url), url).toBe(false);
    }
  });
});

describe('external links', () => {
  it('are http and https only, normalised', () => {
    expect(externalLinkUrl('https://search.example/t/abc')).toBe('https://search.example/t/abc');
    expect(externalLinkUrl('HTTP://Search.Example')).toBe('http://search.example/');
  });

  it('refuse every other scheme, credentials, junk and very long URLs', () => {
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'magnet:?xt=urn:btih:0123456789abcdef0123456789abcdef01234567',
      'smb://host/share',
      'app://shoal/index.html',
      'https://user:pw@search.example/',
      'https://',
      'search.example',
      `https://search.example/${'a'.repeat(2100)}`,
    ]) {
      expect(externalLinkUrl(url), url).toBeUndefined();
    }
  });

  it('open from a clicked target=_blank link (or a middle click), not from window.open with features or a form post', () => {
    const url = 'https://search.example/t/abc';
    expect(windowOpenTarget(details(url, 'foreground-tab'))).toBe(url);
    expect(windowOpenTarget(details(url, 'background-tab'))).toBe(url);
    expect(windowOpenTarget(details(url, 'new-window'))).toBeUndefined();
    expect(windowOpenTarget(details(url, 'default'))).toBeUndefined();
    expect(windowOpenTarget(details(url, 'other'))).toBeUndefined();
    expect(
      windowOpenTarget(details(url, 'foreground-tab', { postBody: { data: [], contentType: 'text/plain' } })),
    ).toBeUndefined();
    expect(windowOpenTarget(details('file:///etc/passwd', 'foreground-tab'))).toBeUndefined();
  });
});

describe('lockWebContents', () => {
  function locked() {
    const contents = new Contents();
    const opened: string[] = [];
    lockWebContents(contents as unknown as LockableContents, (url) => opened.push(url));
    return { contents, opened };
  }

  it('prevents every navigation, frame navigation, redirect and webview', () => {
    const { contents } = locked();
    for (const event of ['will-navigate', 'will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const e = preventable();
      contents.emit(event, e, { url: 'https://evil.example/' });
      expect(e.defaultPrevented, event).toBe(true);
    }
    const toApp = preventable();
    contents.emit('will-navigate', toApp, { url: APP_INDEX_URL });
    expect(toApp.defaultPrevented).toBe(true);
  });

  it('denies every new window and hands only clicked http(s) links to the browser', () => {
    const { contents, opened } = locked();
    const open = contents.windowOpen!;
    expect(open(details('https://search.example/t/1', 'foreground-tab'))).toEqual({ action: 'deny' });
    expect(open(details('https://popup.example/', 'new-window'))).toEqual({ action: 'deny' });
    expect(open(details('file:///home/me/.ssh/id_rsa', 'foreground-tab'))).toEqual({ action: 'deny' });
    expect(open(details(APP_INDEX_URL, 'foreground-tab'))).toEqual({ action: 'deny' });
    expect(opened).toEqual(['https://search.example/t/1']);
  });
});

describe('the app session', () => {
  it('loads the app, its blobs, inline data and the devtools, and nothing remote', () => {
    for (const url of [APP_INDEX_URL, 'blob:app://shoal/5d1c', 'data:image/png;base64,AA==', 'devtools://devtools/x']) {
      expect(isAllowedRequest(url), url).toBe(true);
    }
    for (const url of [
      'https://cdn.example/lib.js',
      'http://127.0.0.1:9091/',
      'ws://127.0.0.1:8000/',
      'file:///etc/passwd',
      'blob:https://evil.example/5d1c',
      'app://evil/x.js',
    ]) {
      expect(isAllowedRequest(url), url).toBe(false);
    }
  });

  it('downloads only what the page made itself', () => {
    expect(isAllowedDownload('blob:app://shoal/5d1c')).toBe(true);
    expect(isAllowedDownload('data:application/x-bittorrent;base64,ZDRl')).toBe(true);
    expect(isAllowedDownload('https://evil.example/x.exe')).toBe(false);
    expect(isAllowedDownload('blob:https://evil.example/5d1c')).toBe(false);
  });

  it('grants clipboard writes to app frames and nothing else', () => {
    expect(isAllowedPermission('clipboard-sanitized-write', APP_INDEX_URL)).toBe(true);
    expect(isAllowedPermission('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(isAllowedPermission('clipboard-sanitized-write', undefined)).toBe(false);
    for (const permission of [
      'clipboard-read',
      'media',
      'geolocation',
      'notifications',
      'openExternal',
      'fullscreen',
    ]) {
      expect(isAllowedPermission(permission, APP_INDEX_URL), permission).toBe(false);
    }
  });

  it('wires those decisions into the session handlers', () => {
    const handlers: Record<string, (...args: never[]) => unknown> = {};
    const events = new EventEmitter();
    const session = {
      setPermissionRequestHandler: (h: never) => (handlers.request = h),
      setPermissionCheckHandler: (h: never) => (handlers.check = h),
      webRequest: { onBeforeRequest: (h: never) => (handlers.beforeRequest = h) },
      on: (name: string, listener: (...args: unknown[]) => void) => events.on(name, listener),
    };
    lockSession(session as unknown as LockableSession);

    const granted: boolean[] = [];
    const request = handlers.request as (
      c: null,
      p: string,
      cb: (ok: boolean) => void,
      d: { requestingUrl: string },
    ) => void;
    request(null, 'media', (ok) => granted.push(ok), { requestingUrl: APP_INDEX_URL });
    request(null, 'clipboard-sanitized-write', (ok) => granted.push(ok), { requestingUrl: APP_INDEX_URL });
    expect(granted).toEqual([false, true]);
    const check = handlers.check as (c: null, p: string, o: string, d: { requestingUrl?: string }) => boolean;
    expect(check(null, 'geolocation', 'app://shoal', { requestingUrl: APP_INDEX_URL })).toBe(false);

    const cancelled: boolean[] = [];
    const beforeRequest = handlers.beforeRequest as (d: { url: string }, cb: (r: { cancel: boolean }) => void) => void;
    beforeRequest({ url: 'https://cdn.example/x.js' }, (r) => cancelled.push(r.cancel));
    beforeRequest({ url: 'app://shoal/assets/x.js' }, (r) => cancelled.push(r.cancel));
    expect(cancelled).toEqual([true, false]);

    const remote = preventable();
    events.emit('will-download', remote, { getURL: () => 'https://evil.example/x.exe' });
    const own = preventable();
    events.emit('will-download', own, { getURL: () => 'blob:app://shoal/5d1c' });
    expect([remote.defaultPrevented, own.defaultPrevented]).toEqual([true, false]);
  });
});
