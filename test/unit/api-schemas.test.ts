import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  ApiError,
  commands,
  events,
  fromApiFailure,
  handleCall,
  maskToken,
  parseCommand,
  resolveSettings,
  SETTINGS_DEFAULTS,
  settingsSchema,
  toApiFailure,
  type ApiFailure,
  type CommandName,
  type Settings,
  type SettingsPatch,
  type ShoalApi,
  type TorrentSummary,
} from '../../core/api/index.js';
import { CodedError } from '../../core/protocol/errors.js';

const HASH = 'a'.repeat(40);
const TORRENT = Buffer.from('d4:infod6:lengthi1eee').toString('base64');

type Case = [name: string, params: unknown];

const good: Case[] = [
  ['listTorrents', undefined],
  ['listTorrents', {}],
  ['getTorrent', { infoHash: HASH }],
  ['addTorrent', { torrent: TORRENT }],
  ['addTorrent', { magnet: `magnet:?xt=urn:btih:${HASH}`, savePath: '/data/x', paused: true, files: [0, 3] }],
  ['addTorrent', { infoHash: HASH, sequential: true, trackers: ['udp://t.example:6969', 'wss://t.example'] }],
  ['createTorrent', { paths: ['/home/a/folder'] }],
  [
    'createTorrent',
    {
      paths: ['C:\\Users\\a\\file.iso'],
      name: 'My Files',
      trackers: [['udp://a.example:1', 'http://b.example/announce'], ['wss://c.example']],
      webSeeds: ['https://mirror.example/files/'],
      private: true,
      comment: 'hello',
      source: 'SRC',
      pieceLength: 262144,
      seed: false,
      jobId: 'job-1',
    },
  ],
  ['pause', { infoHash: HASH }],
  ['resume', { infoHash: HASH }],
  ['recheck', { infoHash: HASH }],
  ['remove', { infoHash: HASH, deleteData: false }],
  [
    'selectFiles',
    {
      infoHash: HASH,
      files: [
        { index: 0, priority: 'skip' },
        { index: 2, priority: 'high' },
      ],
    },
  ],
  ['setSequential', { infoHash: HASH, sequential: true }],
  ['setLimits', { download: 1, upload: null }],
  ['setLimits', { infoHash: HASH, download: 10_000_000_000 }],
  ['getSettings', undefined],
  ['setSettings', {}],
  [
    'setSettings',
    {
      downloadDir: '/home/a/Downloads',
      trackers: ['wss://t.example'],
      searchServer: 'https://search.example/',
      publishToken: 'AbC_def-123',
      iceServers: [{ urls: 'stun:stun.example:3478' }, { urls: ['turn:t.example'], username: 'u', credential: 'c' }],
      maxConnectionsPerTorrent: 20,
      maxConnections: 100,
      downloadLimit: null,
      uploadLimit: 500_000,
      seedAfterDownload: false,
    },
  ],
  ['setSettings', { searchServer: null, publishToken: null }],
  ['search', { query: '' }],
  ['search', { query: 'ubuntu iso', category: 4000, sort: 'seeders', limit: 100, cursor: 'abc' }],
  ['publish', { infoHash: HASH }],
  ['publish', { infoHash: HASH, title: 'A title', category: 2000, description: 'Line 1\nLine 2', tags: ['a', 'b'] }],
];

/** [command, params, the exact message parseCommand gives]. */
const bad: [name: string, params: unknown, message: string][] = [
  ['getTorrent', {}, 'getTorrent: infoHash is required'],
  ['getTorrent', { infoHash: 'A'.repeat(40) }, 'getTorrent: infoHash must be 40 lower-case hex characters'],
  ['getTorrent', { infoHash: 42 }, 'getTorrent: infoHash must be text'],
  ['getTorrent', 'aaaa', 'getTorrent: params must be an object'],
  ['getTorrent', { infoHash: HASH, extra: 1 }, 'getTorrent: unknown field extra'],
  ['listTorrents', { all: true, x: 1 }, 'listTorrents: unknown fields all, x'],
  ['addTorrent', {}, 'addTorrent: give exactly one of torrent, magnet or infoHash'],
  ['addTorrent', { torrent: TORRENT, infoHash: HASH }, 'addTorrent: give exactly one of torrent, magnet or infoHash'],
  ['addTorrent', { torrent: 'not base64!' }, 'addTorrent: torrent must be base64 text'],
  ['addTorrent', { magnet: 'http://x' }, 'addTorrent: magnet must be a magnet link (starting with "magnet:")'],
  ['addTorrent', { infoHash: HASH, savePath: '' }, 'addTorrent: savePath must not be empty'],
  ['addTorrent', { infoHash: HASH, savePath: '/a\0b' }, 'addTorrent: savePath must not contain NUL'],
  ['addTorrent', { infoHash: HASH, files: [1, 1] }, 'addTorrent: files must not list a file twice'],
  ['addTorrent', { infoHash: HASH, files: [-1] }, 'addTorrent: files[0] must not be negative'],
  ['addTorrent', { infoHash: HASH, files: [0.5] }, 'addTorrent: files[0] must be a whole number'],
  [
    'addTorrent',
    { infoHash: HASH, trackers: ['ftp://x.example'] },
    'addTorrent: trackers[0] must be a http, https, udp, ws, wss URL',
  ],
  ['addTorrent', { infoHash: HASH, trackers: ['not a url'] }, 'addTorrent: trackers[0] is not a valid URL'],
  ['addTorrent', { infoHash: HASH, paused: 'yes' }, 'addTorrent: paused must be true or false'],
  ['createTorrent', { paths: [] }, 'createTorrent: paths must name the file or folder to share'],
  ['createTorrent', { paths: ['/a', '/b'] }, 'createTorrent: paths takes one file or folder for now'],
  ['createTorrent', { paths: ['/a'], pieceLength: 100_000 }, 'createTorrent: pieceLength must be a power of two'],
  ['createTorrent', { paths: ['/a'], pieceLength: 1024 }, 'createTorrent: pieceLength must be at least 16384 bytes'],
  ['createTorrent', { paths: ['/a'], name: 'a/b' }, 'createTorrent: name must not contain / or \\'],
  ['createTorrent', { paths: ['/a'], trackers: [[]] }, 'createTorrent: trackers[0] must not be an empty tier'],
  [
    'createTorrent',
    { paths: ['/a'], webSeeds: ['udp://x.example'] },
    'createTorrent: webSeeds[0] must be a http, https URL',
  ],
  ['remove', { infoHash: HASH }, 'remove: deleteData is required'],
  [
    'selectFiles',
    { infoHash: HASH, files: [{ index: 0, priority: 'urgent' }] },
    'selectFiles: files[0].priority must be one of "skip", "low", "normal", "high"',
  ],
  ['selectFiles', { infoHash: HASH, files: [] }, 'selectFiles: files must list at least one file'],
  [
    'selectFiles',
    {
      infoHash: HASH,
      files: [
        { index: 1, priority: 'low' },
        { index: 1, priority: 'high' },
      ],
    },
    'selectFiles: files must not list a file twice',
  ],
  ['selectFiles', { infoHash: HASH, files: [{ index: 0 }] }, 'selectFiles: files[0].priority is required'],
  ['setLimits', {}, 'setLimits: give download or upload (null removes one)'],
  ['setLimits', { download: 0 }, 'setLimits: download must be at least 1 byte/s (null means no limit)'],
  ['setLimits', { upload: 10_000_000_001 }, 'setLimits: upload must be at most 10000000000 bytes/s (10 GB/s)'],
  ['setLimits', { upload: Infinity }, 'setLimits: upload must be a number'],
  ['setLimits', { upload: 1.5 }, 'setLimits: upload must be a whole number of bytes per second'],
  ['setSettings', { colour: 'blue' }, 'setSettings: unknown field colour'],
  ['setSettings', { maxConnections: 0 }, 'setSettings: maxConnections must be at least 1'],
  ['setSettings', { searchServer: 'ftp://x.example' }, 'setSettings: searchServer must be a http, https URL'],
  [
    'setSettings',
    { publishToken: maskToken('x'.repeat(40)) },
    'setSettings: publishToken is the masked value getSettings shows: send the real token or leave it out',
  ],
  [
    'setSettings',
    { iceServers: [{ urls: 'http://x.example' }] },
    'setSettings: iceServers[0].urls must be a stun, turn, turns URL',
  ],
  ['setSettings', { iceServers: [{ urls: 'stun:x', user: 'u' }] }, 'setSettings: unknown field iceServers[0].user'],
  ['setSettings', { iceServers: [{ urls: 5 }] }, 'setSettings: iceServers[0].urls has the wrong type'],
  ['setSettings', { downloadDir: null }, 'setSettings: downloadDir must be text'],
  ['search', {}, 'search: query is required'],
  ['search', { query: 'x'.repeat(257) }, 'search: query must be at most 256 characters'],
  ['search', { query: 'x', limit: 101 }, 'search: limit must be at most 100'],
  ['search', { query: '\ud800' }, 'search: query must be valid Unicode text'],
  ['publish', { infoHash: HASH, title: 'two\nlines' }, 'publish: title must be one line without control characters'],
  ['publish', { infoHash: HASH, tags: [''] }, 'publish: tags[0] must not be empty'],
  [
    'publish',
    { infoHash: 'x', title: 5, category: -1, tags: 'a' },
    'publish: infoHash must be 40 lower-case hex characters; title must be text; category must be a category id such as 2000 (and 1 more)',
  ],
];

describe('parseCommand', () => {
  it.each(good)('accepts %s %j', (name, params) => {
    const call = parseCommand(name, params);
    expect(call.name).toBe(name);
    expect(call.params).toEqual(params ?? {});
  });

  it.each(bad)('refuses %s %j', (name, params, message) => {
    expect(() => parseCommand(name, params)).toThrow(
      expect.objectContaining({ name: 'ApiError', code: 'bad-request', message }),
    );
  });

  it('refuses names that are not commands, including inherited properties', () => {
    for (const name of ['launchMissiles', 'toString', '__proto__', 'constructor', 42, undefined]) {
      expect(() => parseCommand(name, {})).toThrow(expect.objectContaining({ code: 'unknown-command' }));
    }
    expect(() => parseCommand('x'.repeat(10_000), {})).toThrow(/^unknown command "x{64}"$/);
  });

  it('has a good case for every command', () => {
    expect(new Set(good.map(([name]) => name))).toEqual(new Set(Object.keys(commands)));
  });

  it('caps sizes: a torrent over 16 MiB, too many trackers or files', () => {
    const huge = 'A'.repeat((16 * 1024 * 1024 * 4) / 3 + 8);
    expect(() => parseCommand('addTorrent', { torrent: huge })).toThrow(/torrent must hold at most 16777216 bytes/);
    const trackers = Array.from({ length: 201 }, (_, i) => `udp://t${i}.example:1`);
    expect(() => parseCommand('addTorrent', { infoHash: HASH, trackers })).toThrow(/trackers must list at most 200/);
    const files = Array.from({ length: 100_001 }, (_, index) => ({ index, priority: 'low' }));
    expect(() => parseCommand('selectFiles', { infoHash: HASH, files })).toThrow(/files must list at most 100000/);
  });
});

describe('handleCall and the wire form of errors', () => {
  const summary: TorrentSummary = {
    infoHash: HASH,
    name: 'x',
    state: 'seeding',
    progress: 1,
    length: 10,
    totalLength: 10,
    downloaded: 0,
    uploaded: 5,
    ratio: 0.5,
    downloadSpeed: 0,
    uploadSpeed: 0,
    peers: 0,
    seeds: 0,
    eta: null,
    savePath: '/d',
    addedAt: 1,
    sequential: false,
    limits: { download: null, upload: null },
  };
  const calls: unknown[] = [];
  const api = {
    async listTorrents() {
      return [summary];
    },
    async pause(params: unknown) {
      calls.push(params);
      return {};
    },
    async resume() {
      throw new CodedError('not-found', `no torrent ${HASH}`);
    },
    async recheck() {
      throw new TypeError('x is undefined');
    },
  } as unknown as ShoalApi;

  it('validates, calls the engine and wraps its answer', async () => {
    expect(await handleCall(api, 'listTorrents', undefined)).toEqual({ ok: true, result: [summary] });
    expect(commands.listTorrents.result.parse([summary])).toEqual([summary]);
    expect(await handleCall(api, 'pause', { infoHash: HASH })).toEqual({ ok: true, result: {} });
    expect(calls).toEqual([{ infoHash: HASH }]);
  });

  it('never calls the engine with bad params, and never rejects', async () => {
    expect(await handleCall(api, 'pause', { infoHash: 'nope' })).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'pause: infoHash must be 40 lower-case hex characters' },
    });
    expect(calls).toHaveLength(1);
    expect(await handleCall(api, 'resume', { infoHash: HASH })).toEqual({
      ok: false,
      error: { code: 'not-found', message: `no torrent ${HASH}` },
    });
    expect(await handleCall(api, 'recheck', { infoHash: HASH })).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error: x is undefined' },
    });
    expect(toApiFailure('a string')).toEqual({
      ok: false,
      error: { code: 'internal', message: 'internal error: a string' },
    });
  });

  it('turns a failure back into an ApiError', () => {
    const failure: ApiFailure = { ok: false, error: { code: 'exists', message: 'already there' } };
    const error = fromApiFailure(failure);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'exists', message: 'already there', name: 'ApiError' });
    expect(toApiFailure(error)).toEqual(failure);
  });
});

describe('settings', () => {
  it('resolves stored values over defaults and drops invalid or unknown ones', () => {
    const resolved = resolveSettings(
      { maxConnections: 50, uploadLimit: -3, trackers: 'nope', colour: 'blue', searchServer: 'https://s.example/' },
      '/home/a/Downloads',
    );
    expect(resolved).toEqual({
      ...SETTINGS_DEFAULTS,
      downloadDir: '/home/a/Downloads',
      maxConnections: 50,
      searchServer: 'https://s.example/',
    });
    expect(settingsSchema.parse(resolved)).toEqual(resolved);
  });

  it('masks tokens: never whole, the last four characters only of long ones', () => {
    expect(maskToken('abcdefghijklmnopqrstuvwxyz')).toBe('********wxyz');
    expect(maskToken('short')).toBe('********');
  });
});

describe('events', () => {
  it('validates payloads by name', () => {
    expect(events['torrent:state'].parse({ infoHash: HASH, state: 'paused' })).toEqual({
      infoHash: HASH,
      state: 'paused',
    });
    expect(() => events['torrent:state'].parse({ infoHash: HASH, state: 'sleeping' })).toThrow();
    const progress = {
      infoHash: HASH,
      state: 'downloading',
      progress: 0.5,
      downloaded: 5,
      uploaded: 0,
      downloadSpeed: 100,
      uploadSpeed: 0,
      peers: 2,
      seeds: 1,
      eta: 3,
      files: [1, 0.25],
    };
    expect(events['torrent:progress'].parse({ torrents: [progress] })).toEqual({ torrents: [progress] });
    expect(() => events['torrent:progress'].parse({ torrents: [{ ...progress, files: [2] }] })).toThrow();
  });
});

describe('types', () => {
  it('derive from the schemas', () => {
    expectTypeOf<CommandName>().toEqualTypeOf<keyof typeof commands>();
    expectTypeOf<ShoalApi['getTorrent']>().parameters.toEqualTypeOf<[{ infoHash: string }]>();
    expectTypeOf<ShoalApi['listTorrents']>().toEqualTypeOf<() => Promise<TorrentSummary[]>>();
    expectTypeOf<ShoalApi['setSettings']>().parameters.toEqualTypeOf<[SettingsPatch]>();
    expectTypeOf<ShoalApi['getSettings']>().returns.toEqualTypeOf<Promise<Settings>>();
    expectTypeOf<Settings['downloadLimit']>().toEqualTypeOf<number | null>();
  });
});
