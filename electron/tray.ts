import type { MenuItemConstructorOptions } from 'electron';
import type { TorrentProgress, TorrentSummary } from '../core/api/index.js';
import { formatBytes } from '../core/protocol/units.js';

export interface Speeds {
  download: number;
  upload: number;
}

type SpeedEntry = Pick<TorrentSummary, 'infoHash' | 'downloadSpeed' | 'uploadSpeed'>;

/**
 * Total speeds across the library, kept from the engine's events: 'torrent:progress' carries
 * only torrents whose numbers changed, so the last speed of each torrent is remembered.
 */
export class SpeedTotals {
  private readonly byTorrent = new Map<string, Speeds>();

  /** Starts over from a full list (listTorrents at launch). */
  reset(torrents: readonly SpeedEntry[]): void {
    this.byTorrent.clear();
    this.update(torrents);
  }

  update(entries: readonly (SpeedEntry | TorrentProgress)[]): void {
    for (const e of entries) this.byTorrent.set(e.infoHash, { download: e.downloadSpeed, upload: e.uploadSpeed });
  }

  remove(infoHash: string): void {
    this.byTorrent.delete(infoHash);
  }

  get totals(): Speeds {
    let download = 0;
    let upload = 0;
    for (const s of this.byTorrent.values()) {
      download += s.download;
      upload += s.upload;
    }
    return { download, upload };
  }
}

/** `↓ 1.2 MiB/s  ↑ 300 KiB/s` */
export function speedsLabel({ download, upload }: Speeds): string {
  return `↓ ${formatBytes(download)}/s  ↑ ${formatBytes(upload)}/s`;
}

export interface TrayActions {
  show(): void;
  pauseAll(): void;
  resumeAll(): void;
  quit(): void;
}

/** The tray icon's menu: the total speeds (a label, not an action), then what can be done from there. */
export function trayMenuTemplate(speeds: Speeds, actions: TrayActions): MenuItemConstructorOptions[] {
  return [
    { label: speedsLabel(speeds), enabled: false },
    { type: 'separator' },
    { label: 'Show Shoal', click: () => actions.show() },
    { label: 'Pause All', click: () => actions.pauseAll() },
    { label: 'Resume All', click: () => actions.resumeAll() },
    { type: 'separator' },
    { label: 'Quit Shoal', click: () => actions.quit() },
  ];
}
