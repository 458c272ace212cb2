import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { z } from 'zod';

/**
 * One way for every Shoal server to take its settings: command-line flags, then `<PREFIX>*`
 * environment variables, then an optional JSON config file, then the schema's defaults.
 * The zod schema is the single source: flags, env names, help text and validation all derive
 * from it, so a setting cannot exist in one place and be missing in another.
 */
export interface ConfigSpec<S extends z.ZodObject> {
  /** How the command is typed, for the usage line: `shoal tracker`. */
  command: string;
  description: string;
  /** Environment variable prefix, e.g. `SHOAL_TRACKER_`; `port` reads `SHOAL_TRACKER_PORT`. */
  envPrefix: string;
  /** Every field has a default or is optional, and a `.describe()` text used by `--help`. */
  schema: S;
  short?: Partial<Record<keyof z.infer<S> & string, string>>;
}

export interface LoadedConfig<T> {
  config: T;
  help: boolean;
  printConfig: boolean;
}

export class ConfigError extends Error {
  readonly code = 'bad-config';
  override name = 'ConfigError';
}

type Kind = 'string' | 'number' | 'boolean' | 'list';
type Source = 'default' | 'file' | 'env' | 'flag';

interface Field {
  key: string;
  flag: string;
  env: string;
  kind: Kind;
  description: string;
  defaultValue: unknown;
}

export function loadConfig<S extends z.ZodObject>(
  spec: ConfigSpec<S>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): LoadedConfig<z.infer<S>> {
  const fields = describeFields(spec);
  const flags = readFlags(spec, fields, argv);
  const merged: Record<string, unknown> = {};
  const sources = new Map<string, Source>();
  const configFile = (flags.values.config as string | undefined) ?? env[`${spec.envPrefix}CONFIG`];
  if (configFile) assign(merged, sources, readConfigFile(configFile), 'file');
  assign(merged, sources, readEnv(spec, fields, env), 'env');
  assign(merged, sources, flags.settings, 'flag');

  const result = spec.schema.strict().safeParse(merged);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      const field = fields.find((f) => f.key === key);
      const from = sourceName(sources.get(key), field, configFile);
      const what = issue.code === 'unrecognized_keys' ? `unknown setting(s) ${issue.keys.join(', ')}` : issue.message;
      return key ? `${key}${from}: ${what}` : what;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  return {
    config: result.data as z.infer<S>,
    help: flags.values.help === true,
    printConfig: flags.values['print-config'] === true,
  };
}

/** `--help` text: usage, description, every setting with its flag, environment variable and default. */
export function configHelp<S extends z.ZodObject>(spec: ConfigSpec<S>): string {
  const fields = describeFields(spec);
  const rows = fields.map((f) => {
    const short = spec.short?.[f.key as keyof z.infer<S> & string];
    const arg = f.kind === 'boolean' ? '' : f.kind === 'list' ? ' <value>...' : ` <${f.kind}>`;
    const name = `${short ? `-${short}, ` : ''}--${f.flag}${arg}`;
    const dflt = f.defaultValue === undefined ? '' : ` (default: ${JSON.stringify(f.defaultValue)})`;
    return `  ${name}\n      ${f.description}${dflt}\n      env ${f.env}`;
  });
  return [
    `Usage: ${spec.command} [options]`,
    '',
    spec.description,
    '',
    'Options:',
    ...rows,
    `  --config <file>\n      JSON file with any of the settings above (camelCase keys)\n      env ${spec.envPrefix}CONFIG`,
    '  --print-config\n      Print the effective configuration as JSON and exit',
    '  -h, --help\n      Show this help',
    '',
    'Precedence: flags, then environment, then the config file, then defaults.',
  ].join('\n');
}

function describeFields<S extends z.ZodObject>(spec: ConfigSpec<S>): Field[] {
  return Object.entries(spec.schema.shape as Record<string, z.ZodType>).map(([key, type]) => {
    const snake = key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
    return {
      key,
      flag: key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`),
      env: `${spec.envPrefix}${snake}`,
      kind: kindOf(type),
      description: type.description ?? '',
      defaultValue: defaultOf(type),
    };
  });
}

function kindOf(type: z.ZodType): Kind {
  const def = type._zod.def as { type: string; innerType?: z.ZodType; in?: z.ZodType };
  switch (def.type) {
    case 'default':
    case 'optional':
    case 'prefault':
      return kindOf(def.innerType!);
    case 'pipe':
      return kindOf(def.in!);
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'array':
      return 'list';
    default:
      return 'string';
  }
}

function defaultOf(type: z.ZodType): unknown {
  const def = type._zod.def as { type: string; defaultValue?: unknown };
  return def.type === 'default' ? def.defaultValue : undefined;
}

function readFlags<S extends z.ZodObject>(spec: ConfigSpec<S>, fields: Field[], argv: readonly string[]) {
  type Opt = { type: 'string' | 'boolean'; short?: string; multiple?: boolean };
  const options: Record<string, Opt> = {
    config: { type: 'string' },
    'print-config': { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  };
  for (const f of fields) {
    const short = spec.short?.[f.key as keyof z.infer<S> & string];
    options[f.flag] = {
      type: f.kind === 'boolean' ? 'boolean' : 'string',
      ...(f.kind === 'list' ? { multiple: true } : {}),
      ...(short ? { short } : {}),
    };
  }
  let values: Record<string, unknown>;
  try {
    ({ values } = parseArgs({ args: [...argv], options, allowPositionals: false, strict: true }));
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const settings: Record<string, unknown> = {};
  for (const f of fields) {
    const v = values[f.flag];
    if (v !== undefined) settings[f.key] = f.kind === 'number' ? toNumber(v as string) : v;
  }
  return { values, settings };
}

function readEnv<S extends z.ZodObject>(spec: ConfigSpec<S>, fields: Field[], env: NodeJS.ProcessEnv) {
  const out: Record<string, unknown> = {};
  const known = new Set([...fields.map((f) => f.env), `${spec.envPrefix}CONFIG`]);
  const unknown = Object.keys(env).filter((name) => name.startsWith(spec.envPrefix) && !known.has(name));
  if (unknown.length > 0) throw new ConfigError(`unknown environment variable(s): ${unknown.join(', ')}`);
  for (const f of fields) {
    const raw = env[f.env];
    if (raw === undefined) continue;
    out[f.key] = fromText(f.kind, raw);
  }
  return out;
}

function fromText(kind: Kind, raw: string): unknown {
  switch (kind) {
    case 'number':
      return toNumber(raw);
    case 'boolean':
      if (/^(1|true|yes|on)$/i.test(raw)) return true;
      if (/^(0|false|no|off)$/i.test(raw)) return false;
      return raw;
    case 'list':
      return raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
    default:
      return raw;
  }
}

/** Leaves non-numeric text as it is, so the schema reports it with the setting's name. */
function toNumber(raw: string): number | string {
  const n = Number(raw);
  return raw.trim() !== '' && Number.isFinite(n) ? n : raw;
}

function readConfigFile(file: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(
      `cannot read config file ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`config file ${file} is not valid JSON: ${(e as Error).message}`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError(`config file ${file} must hold a JSON object`);
  }
  return parsed as Record<string, unknown>;
}

function assign(into: Record<string, unknown>, sources: Map<string, Source>, from: object, source: Source) {
  for (const [key, value] of Object.entries(from)) {
    into[key] = value;
    sources.set(key, source);
  }
}

/** Where a bad value came from, so the message says what to fix: `(--port)`, `(SHOAL_TRACKER_PORT)`. */
function sourceName(source: Source | undefined, field: Field | undefined, file?: string): string {
  if (source === 'flag' && field) return ` (--${field.flag})`;
  if (source === 'env' && field) return ` (${field.env})`;
  if (source === 'file' || (!field && file)) return ` (in ${file})`;
  return '';
}
