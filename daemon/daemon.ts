import path from 'node:path';
import type { SettingsPatch } from '../core/api/index.js';
import { Session } from '../core/engine/session/session.js';
import type { Logger } from '../core/server/logger.js';
import type { DaemonConfig } from './config.js';
import { defaultUiDir } from './install-paths.js';
import { startDaemonServer, type DaemonServer } from './server.js';
import { loadOrCreateToken } from './token.js';

/** The settings with the defaults that depend on the machine already chosen by the host. */
export type ResolvedDaemonConfig = DaemonConfig & { dataDir: string; downloadDir: string };

export interface DaemonOptions {
  /** Applied to the engine's settings after it opens (shoal up points it at its own servers). */
  settings?: SettingsPatch;
}

export interface Daemon extends Omit<DaemonServer, 'close'> {
  session: Session;
  /** Stops serving, then closes the engine (which saves resume data). Safe to call twice. */
  close(): Promise<void>;
}

/** `shoal daemon`: the engine in this process, its control API and the web UI served over HTTP. */
export async function startDaemon(
  config: ResolvedDaemonConfig,
  logger: Logger,
  options: DaemonOptions = {},
): Promise<Daemon> {
  const dataDir = path.resolve(config.dataDir);
  const token = await loadOrCreateToken(dataDir);
  const session = await Session.open({ dataDir, defaultDownloadDir: path.resolve(config.downloadDir) });
  let server: DaemonServer;
  try {
    if (options.settings) await session.setSettings(options.settings);
    server = await startDaemonServer({
      engine: session,
      token,
      host: config.host,
      port: config.webPort,
      uiDir: config.uiDir ?? defaultUiDir(),
      publicUrl: config.publicUrl,
      logger,
    });
  } catch (e) {
    await session.close();
    throw e;
  }
  logger.info({ url: server.url, dataDir }, 'daemon listening');
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await server.close();
      await session.close();
    })();
    return closing;
  };
  return { session, port: server.port, url: server.url, openUrl: server.openUrl, close };
}
