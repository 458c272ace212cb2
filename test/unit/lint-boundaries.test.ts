import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

/**
 * The room rules of eslint.config.js hold (../shared/ARCHITECTURE.md): small deliberately bad
 * files, each linted with the project's own configuration as if it sat in the room named by its
 * path, must get the error of the rule that guards that room, and well-behaved ones none. The
 * files exist only as text here, so no lint or type-check of the repository ever sees them.
 */
const ROOT = join(import.meta.dirname, '../..');
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: ROOT });
});

/** The rules that report errors for `code` placed at `path` (relative to the repository). */
async function errorsOf(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(ROOT, path) });
  return result!.messages.filter((m) => m.severity === 2).map((m) => m.ruleId ?? m.message);
}

const IMPORTS = 'no-restricted-imports';
const SYNTAX = 'no-restricted-syntax';

describe.each(['core/protocol/bad.ts', 'core/api/bad.ts'])('%s: no I/O module, no native module', (path) => {
  it.each([
    ['node:fs', "import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n", IMPORTS],
    ['node:fs/promises', "import { readFile } from 'node:fs/promises';\nexport const f = readFile;\n", IMPORTS],
    ['node:net', "export * from 'node:net';\n", IMPORTS],
    ['node:dns', "import { lookup } from 'node:dns';\nexport const f = lookup;\n", IMPORTS],
    ['os (bare)', "import os from 'os';\nexport const n = os.cpus().length;\n", IMPORTS],
    ['node:http2', "import { connect } from 'node:http2';\nexport const f = connect;\n", IMPORTS],
    ['node:worker_threads', "import { Worker } from 'node:worker_threads';\nexport const W = Worker;\n", IMPORTS],
    [
      'node:module (createRequire)',
      "import { createRequire } from 'node:module';\nexport const r = createRequire;\n",
      IMPORTS,
    ],
    [
      'node:sqlite (only with the prefix)',
      "import { DatabaseSync } from 'node:sqlite';\nexport const D = DatabaseSync;\n",
      IMPORTS,
    ],
    ['ws', "import { WebSocket } from 'ws';\nexport const W = WebSocket;\n", IMPORTS],
    ['better-sqlite3', "import Database from 'better-sqlite3';\nexport const D = Database;\n", IMPORTS],
    ['node-datachannel/polyfill', "import 'node-datachannel/polyfill';\n", IMPORTS],
    ["import('node:fs')", "export const fs = await import('node:fs');\n", SYNTAX],
    ['import(`ws`)', 'export const ws = await import(`ws`);\n', SYNTAX],
    ['import() of a computed name', "const name = 'fs';\nexport const m = await import(name);\n", SYNTAX],
    ['require()', "export const fs = require('fs');\n", SYNTAX],
    ['import = require()', "import fs = require('fs');\nexport const f = fs;\n", SYNTAX],
  ])('refuses %s', async (_name, code, rule) => {
    expect(await errorsOf(path, code)).toContain(rule);
  });

  it('allows crypto and the other pure Node modules, zod, and code of its own room', async () => {
    const code = [
      "import { createHash } from 'node:crypto';",
      "import { StringDecoder } from 'node:string_decoder';",
      "import { z } from 'zod';",
      "import { toHex } from '../protocol/hex.js';",
      'export const all = [createHash, StringDecoder, z, toHex];',
      '',
    ].join('\n');
    expect(await errorsOf(path, code)).toEqual([]);
  });
});

describe('renderer/: no Node module at all', () => {
  it.each([
    ['node:fs', "import { readFile } from 'node:fs';\nexport const f = readFile;\n", IMPORTS],
    ['path (bare, even a pure one)', "import path from 'path';\nexport const j = path.join;\n", IMPORTS],
    ['node:crypto', "import { createHash } from 'node:crypto';\nexport const h = createHash;\n", IMPORTS],
    ['node:test (only with the prefix)', "import { test } from 'node:test';\nexport const t = test;\n", IMPORTS],
    ['electron', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n", IMPORTS],
    ["import('node:os')", "export const os = await import('node:os');\n", SYNTAX],
    ['import(`node:${name}`)', "const name = 'os';\nexport const os = await import(`node:${name}`);\n", SYNTAX],
    [
      'the engine',
      "import { createTorrent } from '../core/engine/create/create-torrent.js';\nexport const c = createTorrent;\n",
      'boundaries/dependencies',
    ],
  ])('refuses %s', async (_name, code, rule) => {
    expect(await errorsOf('renderer/bad.ts', code)).toContain(rule);
  });

  it('holds in .tsx files and sub-folders too', async () => {
    const code = "import { readFileSync } from 'fs';\nexport const App = () => <p>{String(readFileSync)}</p>;\n";
    expect(await errorsOf('renderer/src/ui/App.tsx', code)).toContain(IMPORTS);
  });

  it('leaves Node to the build configuration, which never reaches the page', async () => {
    const code = "import { fileURLToPath } from 'node:url';\nexport const root = fileURLToPath(import.meta.url);\n";
    expect(await errorsOf('renderer/vite.config.ts', code)).toEqual([]);
    expect(await errorsOf('renderer/src/vite.config.ts', code)).toContain(IMPORTS);
  });

  it('allows core/api, its own files and a lazy import of its own page', async () => {
    const code = [
      "import { parseCommand } from '../core/api/index.js';",
      "import { page } from './page.js';",
      "export const lazy = () => import('./settings.js');",
      'export const all = [parseCommand, page];',
      '',
    ].join('\n');
    expect(await errorsOf('renderer/good.ts', code)).toEqual([]);
  });
});

describe('outside the pure rooms', () => {
  it('leaves the tracker its sockets', async () => {
    const code = "import { createSocket } from 'node:dgram';\nexport const s = createSocket;\n";
    expect(await errorsOf('tracker/ok.ts', code)).toEqual([]);
  });
});
