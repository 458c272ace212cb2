import type { Database } from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { SearchDbError } from './errors.js';
import type { TokenInfo, TokenRole, TokenStore } from './types.js';

/**
 * API tokens: 32 random bytes, base64url, shown once. Only the SHA-256 is stored, so a leaked
 * database does not leak usable tokens; lookups by hash need no constant-time compare.
 * Names are unique among active tokens (a revoked name may be reused).
 */
const ROLES: readonly TokenRole[] = ['publisher', 'admin'];
const MAX_NAME = 64;
const MAX_TOKEN = 128;

export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class SqliteTokenStore implements TokenStore {
  readonly #sql;

  constructor(db: Database) {
    this.#sql = {
      insert: db.prepare('INSERT INTO api_tokens (name, token_hash, role, created_at) VALUES (?, ?, ?, ?)'),
      activeByName: db.prepare('SELECT id FROM api_tokens WHERE name = ? AND revoked_at IS NULL'),
      list: db.prepare(
        'SELECT id, name, role, created_at AS createdAt, revoked_at AS revokedAt FROM api_tokens ORDER BY id',
      ),
      exists: db.prepare('SELECT id FROM api_tokens WHERE id = ?'),
      revoke: db.prepare('UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL'),
      verify: db.prepare('SELECT id, name, role FROM api_tokens WHERE token_hash = ? AND revoked_at IS NULL'),
    };
  }

  createToken(name: string, role: TokenRole): { id: number; token: string } {
    checkName(name);
    if (!ROLES.includes(role)) throw new SearchDbError('bad-entry', `role must be one of ${ROLES.join(', ')}`);
    if (this.#sql.activeByName.get(name)) {
      throw new SearchDbError('bad-entry', `an active token named "${name}" already exists`);
    }
    const token = randomBytes(32).toString('base64url');
    const id = Number(this.#sql.insert.run(name, hashToken(token), role, Date.now()).lastInsertRowid);
    return { id, token };
  }

  listTokens(): TokenInfo[] {
    return this.#sql.list.all() as TokenInfo[];
  }

  revokeToken(idOrName: number | string): void {
    const row = (
      typeof idOrName === 'number' ? this.#sql.exists.get(idOrName) : this.#sql.activeByName.get(idOrName)
    ) as { id: number } | undefined;
    if (!row)
      throw new SearchDbError(
        'not-found',
        `no token ${typeof idOrName === 'number' ? 'with id' : 'named'} ${idOrName}`,
      );
    this.#sql.revoke.run(Date.now(), row.id);
  }

  verifyToken(token: string): { id: number; name: string; role: TokenRole } | null {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN) return null;
    return (
      (this.#sql.verify.get(hashToken(token)) as { id: number; name: string; role: TokenRole } | undefined) ?? null
    );
  }
}

function checkName(name: unknown): asserts name is string {
  if (typeof name !== 'string' || name.trim() === '' || name.length > MAX_NAME || !name.isWellFormed()) {
    throw new SearchDbError('bad-entry', `a token name must be 1 to ${MAX_NAME} characters of text`);
  }
  if (/^\d+$/.test(name)) throw new SearchDbError('bad-entry', 'a token name must not be only digits (ids are)');
}
