import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const repo = fileURLToPath(new URL('..', import.meta.url));

/**
 * The policy the built page carries itself, for Electron's file:// where no server sends headers.
 * Only in the build: the dev server's hot reload needs inline scripts. The daemon sends its own
 * (stricter) header too; a page obeys both.
 */
const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

function contentSecurityPolicy(): Plugin {
  return {
    name: 'shoal-csp',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP }, injectTo: 'head-prepend' },
    ],
  };
}

export default defineConfig({
  root,
  // Relative asset URLs: the same build loads from file:// in Electron and from the daemon's `/`.
  base: './',
  plugins: [react(), contentSecurityPolicy()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Chromium has module preload; the polyfill would only add code.
    modulePreload: { polyfill: false },
    target: 'chrome120',
  },
  server: { host: '127.0.0.1', fs: { allow: [repo] } },
});
