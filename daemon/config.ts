import { z } from 'zod';
import type { ConfigSpec } from '../core/server/config.js';
import { LOG_LEVELS } from '../core/server/logger.js';

/** Every daemon setting: flags, SHOAL_DAEMON_* variables, config file and help all come from here. */
export const daemonSchema = z.object({
  webPort: z
    .int()
    .min(0)
    .max(65535)
    .default(9091)
    .describe('TCP port of the web UI and the control API (0: any free port, printed at start)'),
  host: z
    .string()
    .min(1)
    .default('127.0.0.1')
    .describe(
      'Address to listen on. Anything but loopback serves your network: the token is then the only guard and travels without TLS (put a TLS proxy in front, see --public-url)',
    ),
  dataDir: z
    .string()
    .min(1)
    .optional()
    .describe(
      'Where the engine keeps its library, resume data and the daemon-token file; default $SHOAL_DATA_DIR or the OS user-data folder for shoal',
    ),
  downloadDir: z
    .string()
    .min(1)
    .optional()
    .describe('Default download folder for new torrents (the downloadDir setting starts from it); default ~/Downloads'),
  publicUrl: z
    .url({ protocol: /^https?$/ })
    .optional()
    .describe(
      'The address people open through a TLS proxy (https://shoal.example.org) or by a LAN name (http://mybox.lan:9091): its Host and Origin are accepted too',
    ),
  uiDir: z
    .string()
    .min(1)
    .optional()
    .describe('Folder of the built web UI (index.html + assets); default renderer/dist of this installation'),
  logLevel: z
    .enum(LOG_LEVELS)
    .default('info')
    .describe(`Log level: ${LOG_LEVELS.join(', ')}`),
});

export type DaemonConfig = z.infer<typeof daemonSchema>;

export const daemonConfigSpec: ConfigSpec<typeof daemonSchema> = {
  command: 'shoal daemon',
  description: [
    'Runs the engine headless and serves the web UI and the control API (HTTP + WebSocket), as',
    'qBittorrent-nox and transmission-daemon do. Every API request needs the token stored in',
    '<data dir>/daemon-token (created on first start, mode 0600); the URL printed at start carries it.',
    '',
    'Security: it listens on 127.0.0.1 by default. With --host 0.0.0.0 (or a LAN address) anyone who',
    'can reach the port and learns the token controls the engine: it can download into and delete',
    'from your folders. The token is the only guard and the daemon speaks plain HTTP, so on a',
    'network put it behind a TLS proxy (nginx, Caddy) and set --public-url. Requests with a foreign',
    'Host header (DNS rebinding) or from another site (CSRF) are refused. Delete daemon-token and',
    'restart to change the token. SIGTERM or SIGINT stops it, saving resume data.',
  ].join('\n'),
  envPrefix: 'SHOAL_DAEMON_',
  schema: daemonSchema,
};
