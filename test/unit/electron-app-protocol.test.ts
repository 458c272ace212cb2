import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appFilePath, appResponseHeaders, serveAppRequest } from '../../electron/app-protocol.js';
import { APP_CSP, APP_INDEX_URL } from '../../electron/security.js';

let root: string;
let ui: string;

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'shoal-app-protocol-'));
  ui = path.join(root, 'ui');
  await mkdir(path.join(ui, 'assets'), { recursive: true });
  await writeFile(path.join(ui, 'index.html'), '<!doctype html><title>Shoal</title>');
  await writeFile(path.join(ui, 'assets', 'index-1.js'), 'export {};');
  await writeFile(path.join(ui, 'assets', 'index-1.css'), 'body{}');
  await writeFile(path.join(root, 'secret.txt'), 'not for the page');
});

afterAll(() => rm(root, { recursive: true, force: true }));

describe('app://shoal/ requests', () => {
  it('serve the built renderer with its type, the CSP and no sniffing', async () => {
    const page = await serveAppRequest(ui, APP_INDEX_URL);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toBe(APP_CSP);
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await page.text()).toContain('<title>Shoal</title>');

    const script = await serveAppRequest(ui, 'app://shoal/assets/index-1.js');
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const style = await serveAppRequest(ui, 'app://shoal/assets/index-1.css?v=1#x');
    expect(style.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answer the index for the bare origin', async () => {
    expect(appFilePath(ui, 'app://shoal/')).toBe(path.join(ui, 'index.html'));
    expect((await serveAppRequest(ui, 'app://shoal/')).status).toBe(200);
  });

  it('never leave the renderer folder, however the path is spelt', async () => {
    // URL parsing already folds %2e%2e segments; what survives it is refused by the containment check.
    expect(appFilePath(ui, 'app://shoal/assets/%2E%2E%2F%2E%2E%2Fsecret.txt')).toBeUndefined();
    for (const url of [
      'app://shoal/%2e%2e/secret.txt',
      'app://shoal/assets/%2E%2E%2F%2E%2E%2Fsecret.txt',
      'app://shoal/..%5Csecret.txt',
      'app://shoal/%00index.html',
      'app://shoal/%E0%A4%A',
      'app://evil/index.html',
      'file:///etc/passwd',
      `https://shoal/index.html`,
    ]) {
      const file = appFilePath(ui, url);
      expect(file === undefined || file.startsWith(`${ui}${path.sep}`), `${url} → ${file}`).toBe(true);
      const response = await serveAppRequest(ui, url);
      expect(response.status, url).toBe(404);
      expect(await response.text()).toBe('not found');
    }
  });

  it('answer 404 for missing files and folders', async () => {
    expect((await serveAppRequest(ui, 'app://shoal/nothing.js')).status).toBe(404);
    expect((await serveAppRequest(ui, 'app://shoal/assets')).status).toBe(404);
    expect((await serveAppRequest(ui, 'app://shoal/assets/')).status).toBe(404);
  });

  it('give unknown types no type a browser would run', () => {
    expect(appResponseHeaders('x.bin')['Content-Type']).toBe('application/octet-stream');
    expect(appResponseHeaders('x.SVG')['Content-Type']).toBe('image/svg+xml');
  });
});
