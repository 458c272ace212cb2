import type { ServerResponse } from 'node:http';

/**
 * The page may load and connect only to the daemon itself. `connect-src 'self'` covers ws: in
 * current browsers; the explicit ws:// (wss:// behind a TLS proxy) is for those that predate that.
 */
export function contentSecurityPolicy(host: string, publicUrl?: string): string {
  const sockets = [`ws://${host}`];
  if (publicUrl !== undefined) {
    const url = new URL(publicUrl);
    sockets.push(`${url.protocol === 'https:' ? 'wss' : 'ws'}://${url.host}`);
  }
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src 'self' ${sockets.join(' ')}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Set on every answer, pages and API alike (daemon-protocol.md, "Security headers"). */
export function setSecurityHeaders(res: ServerResponse, host: string, publicUrl?: string): void {
  res.setHeader('Content-Security-Policy', contentSecurityPolicy(host, publicUrl));
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
}
