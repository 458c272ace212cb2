import { describe, expect, it } from 'vitest';
import { SETTINGS_DEFAULTS, type Settings } from '../../core/api/index.js';
import { addItems, isMagnet, isTorrentFile } from '../../renderer/src/model/add-request.js';
import {
  createRequest,
  EMPTY_CREATE_FORM,
  publishRequest,
  trackerTiers,
} from '../../renderer/src/model/create-form.js';
import { settingsForm, settingsPatch } from '../../renderer/src/model/settings-form.js';
import { hash } from './renderer-fixtures.js';

const saved: Settings = {
  ...SETTINGS_DEFAULTS,
  trackers: ['wss://tracker.example.org'],
  downloadDir: '/home/me/Downloads',
  searchServer: 'http://127.0.0.1:8080',
  publishToken: '********wxyz',
  iceServers: [{ urls: 'turn:turn.example.org:3478', username: 'alice', credential: 'secret' }],
  uploadLimit: 102_400,
};

describe('renderer settings form', () => {
  it('shows the settings as text, rates in KiB/s, never the token', () => {
    expect(settingsForm(saved)).toEqual({
      downloadDir: '/home/me/Downloads',
      trackers: 'wss://tracker.example.org',
      searchServer: 'http://127.0.0.1:8080',
      publishToken: '',
      forgetPublishToken: false,
      downloadLimit: '',
      uploadLimit: '100',
      maxConnections: '100',
      maxConnectionsPerTorrent: '20',
      seedAfterDownload: true,
      iceServers: 'turn:turn.example.org:3478 alice secret',
    });
  });

  it('sends nothing when nothing changed, so the masked token is never sent back', () => {
    expect(settingsPatch(settingsForm(saved), saved)).toEqual({ ok: true, params: {} });
  });

  it('sends only what changed, with rates in bytes and an empty field clearing', () => {
    const form = {
      ...settingsForm(saved),
      trackers: 'udp://t.example.org:6969\n\n  wss://tracker.example.org  ',
      searchServer: ' ',
      downloadLimit: '1.5',
      uploadLimit: '0',
      iceServers: 'stun:stun.example.org:3478,stun:stun2.example.org',
      publishToken: 'newToken_123',
    };
    expect(settingsPatch(form, saved)).toEqual({
      ok: true,
      params: {
        trackers: ['udp://t.example.org:6969', 'wss://tracker.example.org'],
        searchServer: null,
        downloadLimit: 1536,
        uploadLimit: null,
        iceServers: [{ urls: ['stun:stun.example.org:3478', 'stun:stun2.example.org'] }],
        publishToken: 'newToken_123',
      },
    });
    expect(settingsPatch({ ...settingsForm(saved), forgetPublishToken: true }, saved)).toEqual({
      ok: true,
      params: { publishToken: null },
    });
  });

  it('puts each problem next to its field, in the words of the API', () => {
    const form = {
      ...settingsForm(saved),
      trackers: 'ftp://nope.example.org',
      downloadLimit: 'fast',
      maxConnections: '0',
      maxConnectionsPerTorrent: '2.5',
      searchServer: 'not a url',
      downloadDir: '',
    };
    const checked = settingsPatch(form, saved);
    expect(checked.ok).toBe(false);
    if (checked.ok) return;
    expect(checked.errors).toEqual({
      downloadDir: 'downloadDir must not be empty',
      trackers: 'trackers[0] must be a http, https, udp, ws, wss URL',
      searchServer: 'searchServer is not a valid URL',
      downloadLimit: 'downloadLimit must be a number of KiB/s (empty for no limit)',
      maxConnections: 'maxConnections must be at least 1',
      maxConnectionsPerTorrent: 'maxConnectionsPerTorrent must be a whole number',
    });
  });
});

describe('renderer create and publish forms', () => {
  it('builds createTorrent params: one tier per line, defaults left out', () => {
    expect(trackerTiers('udp://a.example:1 udp://b.example:2\n\nwss://c.example')).toEqual([
      ['udp://a.example:1', 'udp://b.example:2'],
      ['wss://c.example'],
    ]);
    expect(createRequest({ ...EMPTY_CREATE_FORM, path: ' /data/share ' }, 'job1')).toEqual({
      ok: true,
      params: { paths: ['/data/share'], seed: true, jobId: 'job1' },
    });
    expect(
      createRequest(
        { path: '/d', name: 'Holiday', trackers: 'wss://t.example', private: true, comment: 'hi', seed: false },
        'j',
      ),
    ).toEqual({
      ok: true,
      params: {
        paths: ['/d'],
        name: 'Holiday',
        trackers: [['wss://t.example']],
        private: true,
        comment: 'hi',
        seed: false,
        jobId: 'j',
      },
    });
  });

  it('names the bad create fields', () => {
    const checked = createRequest({ ...EMPTY_CREATE_FORM, path: '', name: 'a/b', trackers: 'gopher://x' }, 'j');
    expect(checked).toEqual({
      ok: false,
      errors: {
        path: 'paths[0] must not be empty',
        name: 'name must not contain / or \\',
        trackers: 'trackers[0][0] must be a http, https, udp, ws, wss URL',
      },
    });
  });

  it('builds publish params and names bad fields', () => {
    expect(
      publishRequest(hash(1), { title: ' A Film ', category: '2000', description: '', tags: 'hd, , remux' }),
    ).toEqual({
      ok: true,
      params: { infoHash: hash(1), title: 'A Film', category: 2000, tags: ['hd', 'remux'] },
    });
    expect(publishRequest(hash(1), { title: 'two\nlines', category: '', description: '', tags: '' })).toEqual({
      ok: false,
      errors: { title: 'title must be one line without control characters' },
    });
  });
});

describe('renderer add dialog', () => {
  const magnet = `magnet:?xt=urn:btih:${hash(1)}&dn=x`;

  it('makes one call per magnet, infohash and .torrent file, with the shared options', () => {
    const { items, errors } = addItems(
      `${magnet}\n\n${hash(2).toUpperCase()}`,
      [{ name: 'a.torrent', bytes: new Uint8Array([100, 101]) }],
      {
        savePath: ' /media/x ',
        paused: true,
      },
    );
    expect(errors).toEqual([]);
    expect(items.map((i) => i.params)).toEqual([
      { magnet, savePath: '/media/x', paused: true },
      { infoHash: hash(2), savePath: '/media/x', paused: true },
      { torrent: 'ZGU=', savePath: '/media/x', paused: true },
    ]);
    expect(items[2]!.label).toBe('a.torrent');
  });

  it('names lines that are neither magnet nor infohash, and files too large to be torrents', () => {
    const { items, errors } = addItems(
      'https://example.org/x.torrent',
      [{ name: 'big.torrent', bytes: new Uint8Array(16 * 1024 * 1024 + 1) }],
      {
        savePath: '',
        paused: false,
      },
    );
    expect(items).toEqual([]);
    expect(errors).toEqual([
      '“https://example.org/x.torrent” is neither a magnet link (magnet:?xt=…) nor a 40-character infohash',
      'big.torrent is larger than a .torrent file can be (16 MiB)',
    ]);
  });

  it('tells magnet links and .torrent files from the rest', () => {
    expect(isMagnet('  MAGNET:?xt=urn:btih:abc')).toBe(true);
    expect(isMagnet('magnetic')).toBe(false);
    expect(isTorrentFile({ name: 'X.TORRENT', type: '' })).toBe(true);
    expect(isTorrentFile({ name: 'x', type: 'application/x-bittorrent' })).toBe(true);
    expect(isTorrentFile({ name: 'movie.mkv', type: 'video/x-matroska' })).toBe(false);
  });
});
