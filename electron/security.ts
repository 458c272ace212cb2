import type { HandlerDetails, Session, WebContents } from 'electron';

/**
 * What the app window may load, open and ask for. The window shows only Shoal's own pages from
 * the custom scheme below; it never navigates, never opens windows, loads nothing remote and
 * gets no browser permission but writing to the clipboard (the "copy magnet link" buttons).
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'shoal';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/**
 * Sent with every app response; the built page also carries the renderer's own policy in a meta
 * tag, and Chromium enforces both. No inline code, nothing from elsewhere, no frames, no forms.
 */
export const APP_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "frame-src 'none'",
  "worker-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Longer links are not something a person clicked on to read. */
const MAX_EXTERNAL_URL = 2048;

/**
 * Whether `url` is a page or asset of the app itself. WHATWG URLs give non-special schemes the
 * opaque origin 'null', so scheme and host are compared instead.
 */
export function isAppUrl(url: string): boolean {
  if (!URL.canParse(url)) return false;
  const parsed = new URL(url);
  return (
    parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST && parsed.username === '' && parsed.password === ''
  );
}

/** The http(s) link as the browser should get it, or undefined for any other scheme, for credentials in it, or for junk. */
export function externalLinkUrl(url: string): string | undefined {
  if (url.length > MAX_EXTERNAL_URL || !URL.canParse(url)) return undefined;
  const parsed = new URL(url);
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
  if (parsed.username !== '' || parsed.password !== '') return undefined;
  return parsed.href;
}

/**
 * How a click on a `target="_blank"` link arrives (a middle or Ctrl click gives a background
 * tab). Electron tells no user gesture apart; `window.open` with window features ('new-window'),
 * form submissions and the rest are refused, so what reaches the browser is what links offer.
 */
const LINK_CLICKS: ReadonlySet<HandlerDetails['disposition']> = new Set(['foreground-tab', 'background-tab']);

/** The URL to hand to the user's browser for a window-open request, or undefined to drop it. */
export function windowOpenTarget(
  details: Pick<HandlerDetails, 'url' | 'disposition' | 'postBody'>,
): string | undefined {
  if (!LINK_CLICKS.has(details.disposition) || details.postBody !== undefined) return undefined;
  return externalLinkUrl(details.url);
}

/** A blob made by the app page itself (`blob:app://shoal/<uuid>`). */
function isAppBlob(url: string): boolean {
  return url.startsWith('blob:') && isAppUrl(url.slice('blob:'.length));
}

/** The session's requests: the app's own files and blobs, inline data, the developer tools. Nothing remote. */
export function isAllowedRequest(url: string): boolean {
  return isAppUrl(url) || isAppBlob(url) || url.startsWith('data:') || url.startsWith('devtools:');
}

/** Downloads the page may start: a .torrent it made (blob or data URL). Never one from a server. */
export function isAllowedDownload(url: string): boolean {
  return isAppBlob(url) || url.startsWith('data:');
}

/** The one browser permission the page gets: clipboard writes, from the app's own frames. */
export function isAllowedPermission(permission: string, requestingUrl: string | undefined): boolean {
  return permission === 'clipboard-sanitized-write' && requestingUrl !== undefined && isAppUrl(requestingUrl);
}

export type LockableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;
export type LockableSession = Pick<Session, 'on' | 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onBeforeRequest'>;
};

/**
 * Every navigation, redirect and webview of these contents is refused; a window-open request is
 * refused too, and a clicked http(s) link goes to `openExternal` (the user's browser) instead.
 */
export function lockWebContents(contents: LockableContents, openExternal: (url: string) => void): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-frame-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler((details) => {
    const target = windowOpenTarget(details);
    if (target !== undefined) openExternal(target);
    return { action: 'deny' };
  });
}

/** Requests, permissions and downloads of the app's session, as the functions above decide. */
export function lockSession(session: LockableSession): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) =>
    callback(isAllowedPermission(permission, details.requestingUrl)),
  );
  session.setPermissionCheckHandler((_contents, permission, _origin, details) =>
    isAllowedPermission(permission, details.requestingUrl),
  );
  session.webRequest.onBeforeRequest((details, callback) => callback({ cancel: !isAllowedRequest(details.url) }));
  session.on('will-download', (event, item) => {
    if (!isAllowedDownload(item.getURL())) event.preventDefault();
  });
}
