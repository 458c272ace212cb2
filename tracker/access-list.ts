import { readFile } from 'node:fs/promises';
import { CodedError } from '../core/protocol/errors.js';
import { fromHex, isInfoHashHex } from '../core/protocol/hex.js';

export type AccessMode = 'allow' | 'deny';

export class AccessListError extends CodedError<'bad-access-list'> {
  constructor(message: string) {
    super('bad-access-list', message);
  }
}

/**
 * Which torrents the tracker serves. Open when no file is configured; otherwise an allow-list
 * (only the listed info hashes) or a deny-list (all but the listed). The file holds hex info
 * hashes, one per line, `#` starts a comment. `reload` swaps the set in one step, so requests
 * never see a half-read list, and a bad file keeps the previous list.
 */
export class AccessList {
  private keys = new Set<string>();

  constructor(
    private readonly file: string | undefined,
    private readonly mode: AccessMode,
  ) {}

  get size(): number {
    return this.keys.size;
  }

  get enabled(): boolean {
    return this.file !== undefined;
  }

  /** Reads the file again; returns the number of info hashes. Throws AccessListError on a bad file. */
  async reload(): Promise<number> {
    if (!this.file) return 0;
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (e) {
      throw new AccessListError(`cannot read access list ${this.file}: ${(e as NodeJS.ErrnoException).code ?? e}`);
    }
    const keys = new Set<string>();
    text.split('\n').forEach((line, i) => {
      const entry = line.replace(/#.*/, '').trim();
      if (entry === '') return;
      if (!isInfoHashHex(entry)) {
        throw new AccessListError(`${this.file} line ${i + 1}: not a 40-character hex info hash`);
      }
      keys.add(String.fromCharCode(...fromHex(entry)));
    });
    this.keys = keys;
    return keys.size;
  }

  /** `infoHash` as a 20-character binary string (the swarm key). */
  allows(infoHash: string): boolean {
    if (!this.file) return true;
    return this.keys.has(infoHash) === (this.mode === 'allow');
  }

  allowsHex(infoHashHex: string): boolean {
    return !this.file || (isInfoHashHex(infoHashHex) && this.allows(String.fromCharCode(...fromHex(infoHashHex))));
  }
}
