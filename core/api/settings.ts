import { z } from 'zod';
import { fsPath, httpUrl, MAX_TRACKERS, rateLimit, text, trackerUrl, url } from './common.js';

/** The engine's settings: getSettings answers them whole, setSettings takes any subset. */

const MASK = '********';

/**
 * Search-server tokens are URL-safe base64 (search-server/db/tokens.ts); the wider token68 set of
 * RFC 7235 leaves room for other servers. It excludes `*`, so a masked value can never be saved.
 */
const publishToken = z
  .string()
  .max(1024, 'must be at most 1024 characters')
  .refine((t) => !t.startsWith(MASK), {
    message: 'is the masked value getSettings shows: send the real token or leave it out',
    abort: true,
  })
  .refine((t) => /^[A-Za-z0-9._~+/=-]+$/.test(t), 'must be a bearer token (letters, digits and -._~+/=)');

const iceServer = z.strictObject({
  urls: z.union([
    url(['stun:', 'turn:', 'turns:']),
    z
      .array(url(['stun:', 'turn:', 'turns:']))
      .min(1, 'must list at least one URL')
      .max(8, 'must list at most 8 URLs'),
  ]),
  username: text(256).optional(),
  credential: text(1024).optional(),
});

const connections = (max: number) =>
  z.number().int('must be a whole number').min(1, 'must be at least 1').max(max, `must be at most ${max}`);

const fields = {
  downloadDir: fsPath,
  /** Default trackers for created torrents, one tier each. */
  trackers: z.array(trackerUrl).max(MAX_TRACKERS, `must list at most ${MAX_TRACKERS} trackers`),
  searchServer: httpUrl.optional(),
  /** getSettings shows it masked (see maskToken); setSettings takes the real one. */
  publishToken: publishToken.optional(),
  iceServers: z.array(iceServer).max(16, 'must list at most 16 servers'),
  maxConnectionsPerTorrent: connections(1000),
  maxConnections: connections(10_000),
  /** Global limits in bytes/s; null for none. */
  downloadLimit: rateLimit,
  uploadLimit: rateLimit,
  /** Keep seeding a torrent once it has finished downloading. */
  seedAfterDownload: z.boolean(),
};

export const settingsSchema = z.strictObject(fields);
export type Settings = z.infer<typeof settingsSchema>;

/** A subset of the settings; null clears an optional one (searchServer, publishToken). Unknown keys are refused. */
export const settingsPatchSchema = z.strictObject({
  ...settingsSchema.partial().shape,
  searchServer: httpUrl.nullable().optional(),
  publishToken: publishToken.nullable().optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchSchema>;

/** Defaults of everything but downloadDir, which depends on the host (its user's download folder). */
export const SETTINGS_DEFAULTS = {
  trackers: [],
  iceServers: [],
  maxConnectionsPerTorrent: 20,
  maxConnections: 100,
  downloadLimit: null,
  uploadLimit: null,
  seedAfterDownload: true,
} as const satisfies Omit<Settings, 'downloadDir'>;

/**
 * The effective settings from what was stored: each stored value that is still valid wins over
 * its default, an invalid or unknown one is dropped (a setting a newer Shoal wrote, or one whose
 * rules tightened), so a damaged value never stops the engine from starting.
 */
export function resolveSettings(stored: Record<string, unknown>, downloadDir: string): Settings {
  const out: Record<string, unknown> = { ...SETTINGS_DEFAULTS, downloadDir };
  for (const [key, schema] of Object.entries(fields) as [string, z.ZodType][]) {
    if (!Object.hasOwn(stored, key)) continue;
    const parsed = schema.safeParse(stored[key]);
    if (parsed.success && parsed.data !== undefined) out[key] = parsed.data;
  }
  return settingsSchema.parse(out);
}

/** How getSettings shows a publish token: never whole; the last four characters only when it is long. */
export function maskToken(token: string): string {
  return token.length >= 20 ? `${MASK}${token.slice(-4)}` : MASK;
}
