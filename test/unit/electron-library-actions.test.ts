import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pauseAll, resumeAll } from '../../electron/library-actions.js';
import { startPeer, tempRoot, type TestPeer } from '../helpers/engine.js';

describe('pause all and resume all', () => {
  let root: Awaited<ReturnType<typeof tempRoot>>;
  let peer: TestPeer;

  beforeAll(async () => {
    root = await tempRoot('electron-bulk');
    peer = await startPeer(root.root, 'app');
    for (const digit of ['1', '2', '3'])
      await peer.session.addTorrent({ magnet: `magnet:?xt=urn:btih:${digit.repeat(40)}` });
    await peer.session.pause({ infoHash: '3'.repeat(40) });
  });

  afterAll(async () => {
    await peer?.close();
    await root?.remove();
  });

  const states = async () => (await peer.session.listTorrents()).map((t) => t.state);

  it('pause every torrent that runs, then resume every paused one', async () => {
    expect(await states()).toEqual(['metadata', 'metadata', 'paused']);
    expect(await pauseAll(peer.session)).toEqual({ changed: 2, failures: [] });
    expect(await states()).toEqual(['paused', 'paused', 'paused']);
    expect(await pauseAll(peer.session)).toEqual({ changed: 0, failures: [] });
    expect(await resumeAll(peer.session)).toEqual({ changed: 3, failures: [] });
    expect(await states()).toEqual(['metadata', 'metadata', 'metadata']);
    expect(await resumeAll(peer.session)).toEqual({ changed: 0, failures: [] });
  });
});
