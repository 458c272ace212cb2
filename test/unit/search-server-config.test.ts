import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../core/server/config.js';
import { databaseFile, defaultDataDir, searchServerConfigSpec } from '../../search-server/config.js';

describe('search server configuration', () => {
  it('has safe defaults', () => {
    expect(loadConfig(searchServerConfigSpec, [], {}).config).toEqual({
      port: 8080,
      host: '127.0.0.1',
      tracker: [],
      anonymousPublish: false,
      scrapeInterval: 60,
      scrapeBatch: 100,
      scrapeTimeout: 5000,
      scrapePrivateTrackers: false,
      maxUploadBytes: 10 * 1024 * 1024,
      searchRate: 120,
      publishRate: 10,
      trustProxy: 0,
      logLevel: 'info',
    });
  });

  it('reads SHOAL_SEARCH_* variables and refuses bad values with the setting named', () => {
    const env = { SHOAL_SEARCH_TRACKER: 'udp://a.example:1, wss://b.example', SHOAL_SEARCH_ANONYMOUS_PUBLISH: 'yes' };
    expect(loadConfig(searchServerConfigSpec, [], env).config).toMatchObject({
      tracker: ['udp://a.example:1', 'wss://b.example'],
      anonymousPublish: true,
    });
    expect(() => loadConfig(searchServerConfigSpec, ['--public-url', 'ftp://x'], {})).toThrow(ConfigError);
    expect(() => loadConfig(searchServerConfigSpec, ['--tracker', 'not a url'], {})).toThrow(/tracker \(--tracker\)/);
    expect(() => loadConfig(searchServerConfigSpec, [], { SHOAL_SEARCH_PROT: '1' })).toThrow(/SHOAL_SEARCH_PROT/);
  });

  it('puts the database in the data folder unless --db says otherwise', () => {
    expect(defaultDataDir({ SHOAL_DATA_DIR: '/srv/shoal' })).toBe('/srv/shoal');
    if (process.platform === 'linux') {
      expect(defaultDataDir({ XDG_DATA_HOME: '/x/data' })).toBe('/x/data/shoal');
      expect(defaultDataDir({})).toBe(join(homedir(), '.local', 'share', 'shoal'));
    }
    expect(databaseFile({ db: '/a/b.sqlite', dataDir: '/ignored' })).toBe('/a/b.sqlite');
    expect(databaseFile({ dataDir: '/srv/data' })).toBe(join('/srv/data', 'search.sqlite'));
    expect(databaseFile({}, { SHOAL_DATA_DIR: '/env/dir' })).toBe(join('/env/dir', 'search.sqlite'));
  });
});
