import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { APP_CSP, isAppUrl } from './security.js';

/** For protocol.registerSchemesAsPrivileged: an origin of its own ('self' in the CSP), secure like https. */
export const APP_SCHEME_PRIVILEGES = { standard: true, secure: true, supportFetchAPI: true } as const;

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/**
 * The file inside `uiDir` that an app URL names, or undefined when it names none: another scheme
 * or host, an undecodable or NUL-bearing path, or one that would leave the folder.
 */
export function appFilePath(uiDir: string, url: string): string | undefined {
  if (!isAppUrl(url)) return undefined;
  let pathname: string;
  try {
    pathname = decodeURIComponent(new URL(url).pathname);
  } catch {
    return undefined;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return undefined;
  const relative = pathname === '/' ? 'index.html' : pathname.replace(/^\/+/, '');
  const root = path.resolve(uiDir);
  const file = path.resolve(root, relative);
  const inside = path.relative(root, file);
  if (inside === '' || inside.startsWith('..') || path.isAbsolute(inside)) return undefined;
  return file;
}

/** Headers of every app response: its type, the CSP, and no sniffing or caching of stale builds. */
export function appResponseHeaders(file: string): Record<string, string> {
  return {
    'Content-Type': MIME_TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Security-Policy': APP_CSP,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-cache',
  };
}

/** protocol.handle's answer for one request: the file, or a plain 404. */
export async function serveAppRequest(uiDir: string, url: string): Promise<Response> {
  const file = appFilePath(uiDir, url);
  if (file === undefined) return notFound();
  try {
    return new Response(await readFile(file), { status: 200, headers: appResponseHeaders(file) });
  } catch {
    return notFound();
  }
}

function notFound(): Response {
  return new Response('not found', {
    status: 404,
    headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Security-Policy': APP_CSP },
  });
}
