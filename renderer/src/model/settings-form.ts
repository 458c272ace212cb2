import { settingsPatchSchema, type Settings, type SettingsPatch } from '../../../core/api/index.js';
import { checkParams, lines, type FieldErrors, type FormCheck } from './form-check.js';

/** The settings as a form edits them: text as typed, rates in KiB/s. */
export interface SettingsForm {
  downloadDir: string;
  /** One URL per line. */
  trackers: string;
  searchServer: string;
  /** Empty keeps the saved token. */
  publishToken: string;
  forgetPublishToken: boolean;
  /** KiB/s; empty or 0 for no limit. */
  downloadLimit: string;
  uploadLimit: string;
  maxConnections: string;
  maxConnectionsPerTorrent: string;
  seedAfterDownload: boolean;
  /** One server per line: `URL[,URL…] [username [credential]]`. */
  iceServers: string;
}
export type SettingsField = keyof SettingsForm;

const KIB = 1024;

function rateText(bytesPerSecond: number | null): string {
  return bytesPerSecond === null ? '' : String(Math.round((bytesPerSecond / KIB) * 100) / 100);
}

export function settingsForm(s: Settings): SettingsForm {
  return {
    downloadDir: s.downloadDir,
    trackers: s.trackers.join('\n'),
    searchServer: s.searchServer ?? '',
    publishToken: '',
    forgetPublishToken: false,
    downloadLimit: rateText(s.downloadLimit),
    uploadLimit: rateText(s.uploadLimit),
    maxConnections: String(s.maxConnections),
    maxConnectionsPerTorrent: String(s.maxConnectionsPerTorrent),
    seedAfterDownload: s.seedAfterDownload,
    iceServers: s.iceServers
      .map((server) =>
        [Array.isArray(server.urls) ? server.urls.join(',') : server.urls, server.username, server.credential]
          .filter((part) => part !== undefined)
          .join(' '),
      )
      .join('\n'),
  };
}

type Parsed<T> = { value: T } | { error: string };

function parseRate(text: string): Parsed<number | null> {
  const t = text.trim();
  if (t === '' || t === '0') return { value: null };
  const kib = Number(t);
  if (!Number.isFinite(kib) || kib < 0) return { error: 'must be a number of KiB/s (empty for no limit)' };
  return { value: Math.max(1, Math.round(kib * KIB)) };
}

function parseCount(text: string): Parsed<number> {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) ? { value: n } : { error: 'must be a whole number' };
}

function parseIceServers(text: string): Settings['iceServers'] {
  return lines(text).map((line) => {
    const [urls = '', username, credential] = line.split(/\s+/);
    const list = urls.split(',').filter((u) => u !== '');
    return {
      urls: list.length === 1 ? list[0]! : list,
      ...(username === undefined ? {} : { username }),
      ...(credential === undefined ? {} : { credential }),
    };
  });
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What to send to setSettings: only the fields that differ from `saved`, checked against the API's schema. */
export function settingsPatch(form: SettingsForm, saved: Settings): FormCheck<SettingsPatch, SettingsField> {
  const errors: FieldErrors<SettingsField> = {};
  const wanted: Record<string, unknown> = {
    downloadDir: form.downloadDir.trim(),
    trackers: lines(form.trackers),
    searchServer: form.searchServer.trim() === '' ? null : form.searchServer.trim(),
    iceServers: parseIceServers(form.iceServers),
    seedAfterDownload: form.seedAfterDownload,
  };
  const numbers = {
    downloadLimit: parseRate(form.downloadLimit),
    uploadLimit: parseRate(form.uploadLimit),
    maxConnections: parseCount(form.maxConnections),
    maxConnectionsPerTorrent: parseCount(form.maxConnectionsPerTorrent),
  };
  for (const [key, parsed] of Object.entries(numbers)) {
    if ('error' in parsed) errors[key as SettingsField] = `${key} ${parsed.error}`;
    else wanted[key] = parsed.value;
  }
  const patch: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(wanted)) {
    const current = (saved as Record<string, unknown>)[key] ?? null;
    if (!same(value, current)) patch[key] = value;
  }
  if (form.forgetPublishToken) patch.publishToken = null;
  else if (form.publishToken.trim() !== '') patch.publishToken = form.publishToken.trim();
  return checkParams(settingsPatchSchema, patch, (key) => key as SettingsField, errors);
}
