/** The folder electron-builder extracts `asarUnpack` files to, beside the app archive. */
const ARCHIVE = 'app.asar';
const UNPACKED = 'app.asar.unpacked';

/**
 * Where a worker script can really be loaded from. Inside a packaged Electron app the code sits
 * in `app.asar`, an archive that Electron's fs patches can read but from which a worker thread
 * cannot start; the packager's `asarUnpack` puts the worker files beside it in
 * `app.asar.unpacked`, so the path element `app.asar` is mapped there. Other URLs are returned
 * unchanged (dist/, tests).
 */
export function workerScriptUrl(url: URL): URL {
  if (url.protocol !== 'file:') return url;
  const elements = url.pathname.split('/');
  const at = elements.indexOf(ARCHIVE);
  if (at === -1) return url;
  elements[at] = UNPACKED;
  const mapped = new URL(url.href);
  mapped.pathname = elements.join('/');
  return mapped;
}
