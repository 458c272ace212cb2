import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, configHelp, loadConfig, type ConfigSpec } from '../../../core/server/config.js';

const spec: ConfigSpec<z.ZodObject> = {
  command: 'shoal demo',
  description: 'A demo server.',
  envPrefix: 'SHOAL_DEMO_',
  schema: z.object({
    port: z.number().int().min(0).max(65535).default(8000).describe('Port to listen on'),
    host: z.string().default('127.0.0.1').describe('Address to bind'),
    stats: z.boolean().default(false).describe('Serve statistics'),
    tracker: z.array(z.string()).default([]).describe('Tracker URLs'),
  }),
  short: { port: 'p' },
};

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'shoal-config-')), 'config.json');
  writeFileSync(file, content);
  return file;
}

describe('loadConfig', () => {
  it('uses defaults when nothing is given', () => {
    expect(loadConfig(spec, [], {}).config).toEqual({ port: 8000, host: '127.0.0.1', stats: false, tracker: [] });
  });

  it('takes flags over environment over file', () => {
    const file = configFile(JSON.stringify({ port: 1, host: 'file', stats: true }));
    const env = { SHOAL_DEMO_PORT: '2', SHOAL_DEMO_HOST: 'env', SHOAL_DEMO_TRACKER: 'udp://a:1, ws://b:2' };
    const { config } = loadConfig(spec, ['--config', file, '-p', '3'], env);
    expect(config).toEqual({ port: 3, host: 'env', stats: true, tracker: ['udp://a:1', 'ws://b:2'] });
  });

  it('collects repeated list flags', () => {
    expect(loadConfig(spec, ['--tracker', 'a', '--tracker', 'b'], {}).config.tracker).toEqual(['a', 'b']);
  });

  it.each([
    [['--port', 'eighty'], {}, /port \(--port\): .*number/],
    [['--port', '70000'], {}, /port \(--port\): .*65535/],
    [[], { SHOAL_DEMO_STATS: 'maybe' }, /stats \(SHOAL_DEMO_STATS\)/],
    [[], { SHOAL_DEMO_PROT: '1' }, /unknown environment variable\(s\): SHOAL_DEMO_PROT/],
    [['--bogus'], {}, /Unknown option '--bogus'/],
  ])('refuses %j %j with a message naming the setting', (argv, env, message) => {
    expect(() => loadConfig(spec, argv, env)).toThrow(ConfigError);
    expect(() => loadConfig(spec, argv, env)).toThrow(message);
  });

  it('refuses unknown keys and bad JSON in the config file', () => {
    expect(() => loadConfig(spec, ['--config', configFile('{"prot": 1}')], {})).toThrow(/unknown setting\(s\) prot/);
    expect(() => loadConfig(spec, ['--config', configFile('{port: 1')], {})).toThrow(/not valid JSON/);
    expect(() => loadConfig(spec, ['--config', '/nonexistent/x.json'], {})).toThrow(/cannot read config file .*ENOENT/);
  });

  it('reports --help and --print-config', () => {
    expect(loadConfig(spec, ['--help'], {}).help).toBe(true);
    expect(loadConfig(spec, ['--print-config'], {}).printConfig).toBe(true);
  });

  it('derives help from the schema', () => {
    const help = configHelp(spec);
    expect(help).toContain('-p, --port <number>');
    expect(help).toContain('Port to listen on (default: 8000)');
    expect(help).toContain('env SHOAL_DEMO_PORT');
    expect(help).toContain('--tracker <value>...');
  });
});
