/**
 * The request heads the HTTP fast path (http-fast-path.ts) answers itself: `GET /announce` or
 * `GET /scrape`, HTTP/1.0 or 1.1, no body, no upgrade, nothing unusual. Anything else is not
 * parsed further but handed to node:http, so every odd or malformed request keeps getting exactly
 * node:http's answer. Pure: strings in (the head as latin1, one char per byte), values out.
 */

export type FastPath = '/announce' | '/scrape';

export interface FastRequest {
  path: FastPath;
  /** The raw query string, without the "?". */
  query: string;
  keepAlive: boolean;
  /** Every X-Forwarded-For header's value joined by ", " (as node:http joins them); undefined without one. */
  forwardedFor: string | undefined;
}

const PREFIXES = ['GET /announce', 'GET /scrape'];

/** Whether a connection's next bytes can still turn out to be a request the fast path answers. */
export function mayBeFast(start: string): boolean {
  for (const p of PREFIXES) {
    if (start.length <= p.length ? p.startsWith(start) : start.startsWith(p) && isPathEnd(start.charCodeAt(p.length)))
      return true;
  }
  return false;
}

/** Whether [from, end) holds a LF not preceded by CR: node:http's parser decides what that means. */
export function hasBareLf(text: string, from: number): boolean {
  for (let i = text.indexOf('\n', from); i >= 0; i = text.indexOf('\n', i + 1)) {
    if (i === 0 || text.charCodeAt(i - 1) !== 0x0d) return true;
  }
  return false;
}

/** Parses a head (request line and header lines, without the blank line); undefined: not for the fast path. */
export function parseHead(head: string): FastRequest | undefined {
  const lineEnd = head.indexOf('\r\n');
  const line = lineEnd < 0 ? head : head.slice(0, lineEnd);
  const space = line.indexOf(' ', 4);
  if (space < 0 || !line.startsWith('GET ')) return undefined;
  const version = line.slice(space + 1);
  if (version !== 'HTTP/1.1' && version !== 'HTTP/1.0') return undefined;
  const target = line.slice(4, space);
  const q = target.indexOf('?');
  const path = q < 0 ? target : target.slice(0, q);
  if ((path !== '/announce' && path !== '/scrape') || !isVisible(target)) return undefined;

  let keepAlive = version === 'HTTP/1.1';
  // node:http answers 400 to an HTTP/1.1 request without Host (requireHostHeader).
  let host = version === 'HTTP/1.0';
  let forwardedFor: string | undefined;
  for (let at = lineEnd + 2; lineEnd >= 0 && at <= head.length;) {
    let end = head.indexOf('\r\n', at);
    if (end < 0) end = head.length;
    const colon = head.indexOf(':', at);
    if (colon <= at || colon > end) return undefined;
    const name = head.slice(at, colon).toLowerCase();
    const value = trimOws(head, colon + 1, end);
    if (!isToken(name) || value === undefined) return undefined;
    switch (name) {
      case 'host':
        host = true;
        break;
      case 'connection': {
        const token = value.toLowerCase();
        if (token === 'close') keepAlive = false;
        else if (token === 'keep-alive') keepAlive = true;
        else return undefined;
        break;
      }
      case 'x-forwarded-for':
        forwardedFor = forwardedFor === undefined ? value : `${forwardedFor}, ${value}`;
        break;
      case 'content-length':
      case 'transfer-encoding':
      case 'upgrade':
      case 'expect':
        return undefined;
    }
    at = end + 2;
  }
  if (!host) return undefined;
  return { path, query: q < 0 ? '' : target.slice(q + 1), keepAlive, forwardedFor };
}

function isPathEnd(c: number): boolean {
  return c === 0x3f || c === 0x20;
}

/** Only printable ASCII, no space: anything else in a request target is node:http's to judge. */
function isVisible(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c >= 0x7f) return false;
  }
  return true;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9a-z-]+$/;

function isToken(name: string): boolean {
  return TOKEN.test(name);
}

/** A header value without its surrounding spaces and tabs; undefined when it holds a control character. */
function trimOws(text: string, from: number, to: number): string | undefined {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f) return undefined;
  }
  while (from < to && isOws(text.charCodeAt(from))) from++;
  while (to > from && isOws(text.charCodeAt(to - 1))) to--;
  return text.slice(from, to);
}

function isOws(c: number): boolean {
  return c === 0x20 || c === 0x09;
}
