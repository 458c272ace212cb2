// @ts-check
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
  { type: 'tracker', pattern: 'tracker', partialMatch: false },
  { type: 'search-server', pattern: 'search-server' },
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

const ioModules = [
  'fs',
  'fs/promises',
  'net',
  'dgram',
  'http',
  'https',
  'child_process',
  'worker_threads',
  'tls',
  'http2',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'renderer/dist/**', 'bench/.work/**'] },
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
    files: ['core/**', 'tracker/**', 'search-server/**', 'cli/**', 'electron/**', 'renderer/**', 'test/**', 'bench/**'],
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
            allow('engine', ['protocol', 'tracker-client', 'engine', 'api']),
            allow('api', ['protocol']),
            allow('server-kit', ['server-kit']),
            allow('tracker', ['protocol', 'server-kit', 'tracker']),
            allow('search-server', ['protocol', 'tracker-client', 'server-kit', 'search-server']),
            allow('cli', [
              'protocol',
              'tracker-client',
              'engine',
              'api',
              'server-kit',
              'tracker',
              'search-server',
              'cli',
            ]),
            allow('electron', ['protocol', 'tracker-client', 'engine', 'api', 'electron']),
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
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [...ioModules, ...ioModules.map((m) => `node:${m}`)].map((name) => ({
            name,
            message: 'core/protocol does no I/O.',
          })),
        },
      ],
    },
  },
);
