import { mkdir, truncate, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addDeepLink,
  LinkInbox,
  linkFromOpenFile,
  linkFromOpenUrl,
  linksFromArgv,
  type DeepLink,
} from '../../electron/deep-links.js';
import { makeFiles, startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';

const HASH = '0123456789abcdef0123456789abcdef01234567';
const MAGNET = `magnet:?xt=urn:btih:${HASH}&dn=Some%20Thing`;

describe('links from the command line', () => {
  it('take magnet links and .torrent paths, resolving relative ones against the working folder', () => {
    const argv = ['/opt/Shoal/shoal', MAGNET, 'a.torrent', '/data/B.TORRENT', `MAGNET:?xt=urn:btih:${'f'.repeat(40)}`];
    expect(linksFromArgv(argv, '/home/me')).toEqual([
      { kind: 'magnet', magnet: MAGNET },
      { kind: 'torrent-file', path: path.resolve('/home/me', 'a.torrent') },
      { kind: 'torrent-file', path: path.resolve('/data/B.TORRENT') },
      { kind: 'magnet', magnet: `MAGNET:?xt=urn:btih:${'f'.repeat(40)}` },
    ]);
  });

  it('take file:// URLs of .torrent files (what %U in a desktop entry passes)', () => {
    const url = pathToFileURL('/home/me/My Files/x.torrent').href;
    expect(linksFromArgv([url], '/')).toEqual([
      { kind: 'torrent-file', path: path.resolve('/home/me/My Files/x.torrent') },
    ]);
  });

  it('ignore the executable, the app path, flags, other files and remote URLs', () => {
    const junk = [
      '/usr/bin/electron',
      'dist/electron/main.js',
      '.',
      '--hidden',
      '--enable-features=Foo',
      '-psn_0_12345',
      '--x.torrent',
      'notes.txt',
      'torrent',
      'https://example.com/x.torrent',
      'file:///home/me/x.txt',
      'file://host%00/x.torrent',
      '',
      `magnet:?${'a'.repeat(70_000)}`,
    ];
    expect(linksFromArgv(junk, '/home/me')).toEqual([]);
  });

  it('read a Windows drive letter as a path, not as a URL scheme', () => {
    expect(linksFromArgv(['C:\\Users\\me\\x.torrent'], '/w').map((l) => l.kind)).toEqual(['torrent-file']);
  });

  it('drop duplicates', () => {
    expect(linksFromArgv([MAGNET, MAGNET, 'a.torrent', './a.torrent'], '/w')).toHaveLength(2);
  });
});

describe('links from open-url and open-file', () => {
  it('take magnets and absolute .torrent paths only', () => {
    expect(linkFromOpenUrl(MAGNET)).toEqual({ kind: 'magnet', magnet: MAGNET });
    expect(linkFromOpenUrl('https://example.com/')).toBeUndefined();
    expect(linkFromOpenUrl('javascript:alert(1)')).toBeUndefined();
    expect(linkFromOpenFile('/Users/me/Downloads/x.torrent')).toEqual({
      kind: 'torrent-file',
      path: '/Users/me/Downloads/x.torrent',
    });
    expect(linkFromOpenFile('x.torrent')).toBeUndefined();
    expect(linkFromOpenFile('/Users/me/x.pdf')).toBeUndefined();
  });
});

describe('LinkInbox', () => {
  it('holds links until it is opened, then passes them on in order, skipping junk', () => {
    const inbox = new LinkInbox();
    const seen: DeepLink[] = [];
    const a: DeepLink = { kind: 'magnet', magnet: MAGNET };
    const b: DeepLink = { kind: 'torrent-file', path: '/x.torrent' };
    inbox.push(a, undefined);
    inbox.open((link) => seen.push(link));
    expect(seen).toEqual([a]);
    inbox.push(undefined, b);
    expect(seen).toEqual([a, b]);
  });
});

describe('addDeepLink', () => {
  let root: Awaited<ReturnType<typeof tempRoot>>;
  let peer: TestPeer;
  let files: string;

  beforeAll(async () => {
    root = await tempRoot('electron-links');
    peer = await startPeer(root.root, 'app', { startAll: false });
    files = path.join(root.root, 'files');
    await mkdir(files);
  });

  afterAll(async () => {
    await peer?.close();
    await root?.remove();
  });

  it('adds a magnet link, and says exists the second time', async () => {
    const link: DeepLink = { kind: 'magnet', magnet: MAGNET };
    expect(await addDeepLink(peer.session, link)).toEqual({ ok: true, result: { infoHash: HASH } });
    const again = await addDeepLink(peer.session, link);
    expect(again.ok || again.error.code).toBe('exists');
    await peer.session.remove({ infoHash: HASH, deleteData: false });
  });

  it('adds a .torrent file', async () => {
    const source = path.join(root.root, 'share');
    await makeFiles(source, { 'a.bin': 40_000 });
    const created = await peer.session.createTorrent({ paths: [source], seed: false });
    const file = path.join(files, 'share.torrent');
    await writeFile(file, Buffer.from(created.torrent, 'base64'));
    expect(await addDeepLink(peer.session, { kind: 'torrent-file', path: file })).toEqual({
      ok: true,
      result: { infoHash: created.infoHash },
    });
  });

  it('answers a clear failure for a missing, oversized, non-file or broken .torrent', async () => {
    const missing = await addDeepLink(peer.session, { kind: 'torrent-file', path: path.join(files, 'none.torrent') });
    expect(missing.ok || missing.error.code).toBe('not-found');

    const big = path.join(files, 'big.torrent');
    await writeFile(big, '');
    await truncate(big, 16 * 1024 * 1024 + 1);
    const tooBig = await addDeepLink(peer.session, { kind: 'torrent-file', path: big });
    expect(tooBig.ok || tooBig.error).toMatchObject({
      code: 'bad-request',
      message: expect.stringContaining('at most 16777216'),
    });

    const folder = path.join(files, 'folder.torrent');
    await mkdir(folder);
    const notFile = await addDeepLink(peer.session, { kind: 'torrent-file', path: folder });
    expect(notFile.ok || notFile.error).toMatchObject({ code: 'bad-request', message: `${folder} is not a file` });

    const junk = path.join(files, 'junk.torrent');
    await writeFile(junk, 'this is not bencode');
    const broken = await addDeepLink(peer.session, { kind: 'torrent-file', path: junk });
    expect(broken.ok).toBe(false);
    expect(broken.ok || broken.error.code).not.toBe('internal');
  });
});
