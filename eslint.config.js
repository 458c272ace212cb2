// @ts-check
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import boundaries from 'eslint-plugin-boundaries';

/** Who may import whom (../shared/ARCHITECTURE.md, "Rooms"). Anything not listed is refused. */
const rooms = [
  { type: 'protocol', pattern: 'core/protocol' },
  { type: 'tracker-client', pattern: 'core/engine/tracker-client' },
  { type: 'engine', pattern: 'core/engine' },
  { type: 'api', pattern: 'core/api' },
  { type: 'server-kit', pattern: 'core/server' },
  { type: 'sqlite-kit', pattern: 'core/sqlite' },
  { type: 'tracker', pattern: 'tracker', partialMatch: false },
  { type: 'search-server', pattern: 'search-server' },
  { type: 'daemon', pattern: 'daemon' },
  { type: 'cli', pattern: 'cli' },
  { type: 'electron', pattern: 'electron' },
  { type: 'renderer', pattern: 'renderer' },
  { type: 'test', pattern: 'test' },
  { type: 'bench', pattern: 'bench' },
];

/** @param {string} from @param {string[]} to */
const allow = (from, to) => ({
  from: { element: { type: from } },
  allow: { to: { element: { types: { anyOf: to } } } },
});

/**
 * Node's own modules that compute without I/O, which the pure rooms may use: SHA-1 for infohashes
 * (core/protocol/metainfo-parse.ts) needs crypto.
 */
const pureBuiltins = ['assert', 'buffer', 'crypto', 'events', 'path', 'querystring', 'string_decoder', 'url', 'util'];
/** Packages that do I/O or load native code. */
const ioPackages = [
  'ws',
  'better-sqlite3',
  'node-datachannel',
  'simple-peer',
  'express',
  'busboy',
  'pino',
  'electron',
  'playwright-core',
  'webtorrent',
  'bittorrent-tracker',
];
const topLevel = (names) => [...new Set(names.map((m) => m.split('/')[0]))];
const alternatives = (names) => names.map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
/**
 * The names in `banned`, bare or `node:`, with any subpath (`fs`, `node:fs/promises`, `ws/lib/x`),
 * and every other `node:` module but those in `allowed` (`node:test`, `node:sqlite`, …), as a
 * regex source written without slashes, so that it also fits an esquery selector.
 */
const moduleRegex = (banned, allowed) => {
  const otherNode = allowed.length > 0 ? `node:(?!(${alternatives(allowed)})([/]|$)).*` : 'node:.*';
  return `^((node:)?(${alternatives(banned)})([/].*)?|${otherNode})$`;
};

/**
 * Forbids importing these modules in any form: `import`, `export … from`, `import x = require()`,
 * `require()` and dynamic `import()` (a computed `import()` too, when `computed` is false).
 */
function forbidModules(regex, message, { computedImports }) {
  const literal = `/${regex}/`;
  return {
    'no-restricted-imports': ['error', { patterns: [{ regex, message }] }],
    'no-restricted-syntax': [
      'error',
      { selector: `ImportExpression[source.type='Literal'][source.value=${literal}]`, message },
      {
        selector: `ImportExpression > TemplateLiteral.source > TemplateElement:first-child[value.cooked=${literal}]`,
        message,
      },
      { selector: `CallExpression[callee.name='require']`, message: `${message} (and this is ESM: no require)` },
      { selector: 'TSImportEqualsDeclaration[moduleReference.type="TSExternalModuleReference"]', message },
      ...(computedImports
        ? []
        : [
            {
              selector: "ImportExpression[source.type!='Literal']",
              message: `${message} An import() of a computed name cannot be checked: import it statically.`,
            },
          ]),
    ],
  };
}

const impureForCore = moduleRegex(
  [...topLevel(builtinModules).filter((m) => !pureBuiltins.includes(m)), ...ioPackages],
  pureBuiltins,
);
const nodeForRenderer = moduleRegex([...topLevel(builtinModules), ...ioPackages], []);

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**', 'bench/.work/**', 'release/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: [
      'core/**',
      'tracker/**',
      'search-server/**',
      'daemon/**',
      'cli/**',
      'electron/**',
      'renderer/**',
      'test/**',
      'bench/**',
    ],
    plugins: { boundaries },
    settings: {
      'boundaries/elements': rooms,
      'import/resolver': { typescript: { project: './tsconfig.json' }, node: true },
    },
    rules: {
      'boundaries/no-unknown-files': 'error',
      'boundaries/dependencies': [
        'error',
        {
          default: 'disallow',
          policies: [
            allow('protocol', ['protocol']),
            allow('tracker-client', ['protocol', 'tracker-client']),
            allow('engine', ['protocol', 'tracker-client', 'engine', 'api', 'sqlite-kit']),
            allow('sqlite-kit', ['sqlite-kit']),
            allow('api', ['protocol']),
            allow('server-kit', ['server-kit']),
            allow('tracker', ['protocol', 'server-kit', 'tracker']),
            allow('search-server', ['protocol', 'tracker-client', 'server-kit', 'sqlite-kit', 'search-server']),
            allow('cli', [
              'protocol',
              'tracker-client',
              'engine',
              'api',
              'server-kit',
              'sqlite-kit',
              'tracker',
              'search-server',
              'daemon',
              'cli',
            ]),
            allow('daemon', ['protocol', 'engine', 'tracker-client', 'api', 'server-kit', 'sqlite-kit', 'daemon']),
            allow('electron', ['protocol', 'tracker-client', 'engine', 'api', 'sqlite-kit', 'electron']),
            allow('renderer', ['api', 'renderer']),
            allow(
              'test',
              rooms.map((r) => r.type),
            ),
            allow(
              'bench',
              rooms.map((r) => r.type),
            ),
          ],
        },
      ],
    },
  },
  {
    // The protocol core is pure: codecs and validation only, shared by servers, engine, benchmarks and tests.
    files: ['core/protocol/**'],
    rules: forbidModules(impureForCore, 'core/protocol does no I/O and loads no native module.', {
      computedImports: false,
    }),
  },
  {
    // The control API is the contract between the engine and every UI: schemas and types only.
    files: ['core/api/**'],
    rules: forbidModules(impureForCore, 'core/api does no I/O and loads no native module.', { computedImports: false }),
  },
  {
    // The UI runs in a browser page (and in Electron without Node integration): no Node API reaches it.
    // Its build configuration (vite.config.ts) runs in Node at build time and never reaches the page.
    files: ['renderer/**'],
    ignores: ['renderer/*.config.ts'],
    rules: forbidModules(nodeForRenderer, 'renderer/ runs in a browser: no Node module, talk to core/api.', {
      computedImports: true,
    }),
  },
);
