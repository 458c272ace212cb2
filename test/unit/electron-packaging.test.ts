import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config.js';
import { DebugLogger } from 'builder-util';
import picomatch from 'picomatch';

const repo = fileURLToPath(new URL('../..', import.meta.url));
const json = (file: string) => JSON.parse(readFileSync(path.join(repo, file), 'utf8')) as Record<string, unknown>;

describe('electron-builder.yml', () => {
  it('passes electron-builder’s own validation and builds AppImage, deb, dmg and NSIS', async () => {
    const config = await getConfig(repo, path.join(repo, 'electron-builder.yml'), null);
    await validateConfiguration(config, new DebugLogger(false));
    expect(config.linux?.target).toEqual(['AppImage', 'deb']);
    expect(config.mac?.target).toBe('dmg');
    expect(config.win?.target).toBe('nsis');
    expect(config.protocols).toEqual([expect.objectContaining({ schemes: ['magnet'] })]);
    expect(config.fileAssociations).toEqual([expect.objectContaining({ ext: 'torrent' })]);
  });

  it('unpacks the hashing workers (and the package.json that makes them ES modules) and the native modules', async () => {
    const config = await getConfig(repo, path.join(repo, 'electron-builder.yml'), null);
    expect(config.asarUnpack).toEqual(
      expect.arrayContaining([
        'dist/core/engine/hashing/**',
        'package.json',
        'node_modules/better-sqlite3/**',
        'node_modules/node-datachannel/**',
      ]),
    );
    expect(config.npmRebuild).toBe(true);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, onlyLoadAppFromAsar: true });
  });

  it('packs what the main process and the window load, and leaves the servers, tests and source maps out', async () => {
    const config = await getConfig(repo, path.join(repo, 'electron-builder.yml'), null);
    const [files] = config.files as { filter: string[] }[];
    // electron-builder's reading of the list: the last pattern that matches decides.
    const packed = (file: string) =>
      files!.filter.reduce(
        (inside, pattern) =>
          pattern.startsWith('!')
            ? picomatch.isMatch(file, pattern.slice(1))
              ? false
              : inside
            : inside || picomatch.isMatch(file, pattern),
        false,
      );
    for (const file of [
      'package.json',
      'dist/electron/main.js',
      'dist/electron/preload.cjs',
      'dist/core/engine/session/session.js',
      'dist/core/engine/hashing/hash-worker.js',
      'dist/core/engine/hashing/piece-hasher.js',
      'renderer/dist/index.html',
      'renderer/dist/assets/index-1.js',
      'electron/assets/icon.png',
    ]) {
      expect(packed(file), file).toBe(true);
    }
    for (const file of [
      'dist/cli/main.js',
      'dist/tracker/server.js',
      'dist/test/unit/x.js',
      'dist/electron/main.js.map',
      'core/api/index.ts',
      'renderer/src/bridge.d.ts',
    ]) {
      expect(packed(file), file).toBe(false);
    }
    expect(existsSync(path.join(repo, 'electron', 'assets', 'icon.png'))).toBe(true);
  });
});

describe('the build', () => {
  it('starts Electron at the compiled main process and has a dist script', () => {
    const pkg = json('package.json');
    expect(pkg.main).toBe('dist/electron/main.js');
    expect((pkg.scripts as Record<string, string>).dist).toMatch(/electron-builder/);
  });

  it('compiles electron/ with the main build, the preload as CommonJS', () => {
    expect(json('tsconfig.build.json').include).toContain('electron');
    expect(existsSync(path.join(repo, 'electron', 'preload.cts'))).toBe(true);
  });
});
