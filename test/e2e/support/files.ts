import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

/** Files below a shared folder: path relative to it, and size. */
export type FileList = readonly (readonly [string, number])[];

/** Makes `folder` with the given files of random bytes; answers its path. */
export function makeFolder(parent: string, name: string, files: FileList): string {
  const folder = path.join(parent, name);
  for (const [relative, size] of files) {
    const file = path.join(folder, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(size));
  }
  return folder;
}

/** Every file of `files` under `copy` has the same bytes as under `original`. */
export function expectSameFiles(original: string, copy: string, files: FileList): void {
  for (const [relative] of files) {
    const a = readFileSync(path.join(original, relative));
    const b = readFileSync(path.join(copy, relative));
    expect(b.length, relative).toBe(a.length);
    expect(b.equals(a), `${relative} differs`).toBe(true);
  }
}

/** Which of `files` are still on disk under `folder`. */
export function presentFiles(folder: string, files: FileList): string[] {
  return files.map(([relative]) => relative).filter((relative) => existsSync(path.join(folder, relative)));
}
