import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Shoal: web UI not built</title></head>
<body><h1>The Shoal web UI is not built yet</h1>
<p>The daemon is running and its control API answers at <code>/api/v1/</code>, but the folder of the
built web UI (<code>renderer/dist</code>) is missing. Build it in the Shoal folder, then reload this page:</p>
<pre>npm run build:renderer</pre>
<p>(<code>npm install</code> and <code>npm run build</code> build it too.)</p></body></html>
`;

/**
 * The built renderer (index.html + hashed assets), GET and HEAD only. Every path is resolved,
 * links included, inside the folder; anything else is 404. Vite names assets by content hash,
 * so they are cached for good; index.html is revalidated so a new build shows at once.
 */
export class StaticFiles {
  private readonly root: string;

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  async serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return plain(res, 405, 'only GET and HEAD are served here');
    }
    const relative = decoded(pathname === '/' ? '/index.html' : pathname);
    const file = relative === undefined ? undefined : await this.find(relative);
    if (file === undefined) {
      if (pathname === '/' || pathname === '/index.html') return send(res, 503, TYPES['.html']!, NOT_BUILT);
      return plain(res, 404, 'not found');
    }
    res.writeHead(200, {
      'Content-Type': TYPES[path.extname(file.path).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': file.size,
      'Cache-Control': relative!.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (req.method === 'HEAD') return void res.end();
    await pipeline(createReadStream(file.path), res);
  }

  /** The regular file at `relative` inside the root (after links), or undefined. */
  private async find(relative: string): Promise<{ path: string; size: number } | undefined> {
    try {
      const root = await realpath(this.root);
      const real = await realpath(path.join(root, relative));
      if (!real.startsWith(root + path.sep)) return undefined;
      const info = await stat(real);
      return info.isFile() ? { path: real, size: info.size } : undefined;
    } catch {
      return undefined;
    }
  }
}

function decoded(pathname: string): string | undefined {
  try {
    const text = decodeURIComponent(pathname);
    return text.includes('\0') || text.includes('\\') ? undefined : path.posix.normalize(text);
  } catch {
    return undefined;
  }
}

function plain(res: ServerResponse, status: number, text: string): void {
  send(res, status, TYPES['.txt']!, `${text}\n`);
}

/** Node leaves the body out of an answer to HEAD by itself. */
function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-cache',
  });
  res.end(body);
}
