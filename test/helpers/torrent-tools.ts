import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { shoal, tool } from './shoal-cli.js';

/** Writes random files of the given sizes below `root` (paths relative, `/`-separated). */
export function writeTree(root: string, files: Record<string, number>): Record<string, number> {
  for (const [rel, size] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    writeFileSync(path.join(root, rel), randomBytes(size));
  }
  return files;
}

/** `shoal create` through the built CLI, without a date; returns the printed infohash. */
export function shoalCreate(target: string, out: string, flags: string[]): string {
  const run = shoal(['create', target, '-o', out, '--no-date', ...flags]);
  expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
  expect(run.status, run.stderr).toBe(0);
  return /infohash: ([0-9a-f]{40})/.exec(run.stdout)![1]!;
}

export interface InfoJson {
  infoHash: string;
  name: string;
  pieceLength: number;
  pieceCount: number;
  length: number;
  private: boolean;
  source?: string;
  files: { path: string; length: number }[];
  announce: string[];
  announceTiers: string[][];
  urlList: string[];
  comment?: string;
}

/** `shoal info --json` through the built CLI. */
export function shoalInfo(torrent: string): InfoJson {
  const run = shoal(['info', '--json', torrent]);
  expect(run.status, run.stderr).toBe(0);
  return JSON.parse(run.stdout) as InfoJson;
}

/** The fields transmission-show prints that can be compared exactly. */
export function transmissionShow(torrent: string) {
  const text = tool('transmission-show', [torrent]);
  const field = (label: string) => new RegExp(`^  ${label}: (.*)$`, 'm').exec(text)?.[1];
  const trackers = text.split(/^TRACKERS$/m)[1]!.split(/^FILES$/m)[0]!;
  return {
    name: field('Name'),
    hash: field('Hash'),
    pieceCount: Number(field('Piece Count')),
    private: field('Privacy') === 'Private torrent',
    tiers: trackers
      .split(/^\s*Tier #\d+$/m)
      .slice(1)
      .map((t) => t.trim().split(/\s+/)),
    files: text
      .split(/^FILES$/m)[1]!
      .trim()
      .split('\n')
      .map((line) => line.trim().replace(/ \([^)]*\)$/, '')),
  };
}
