import { UsageError, parseCommandArgs } from '../command.js';
import { databaseFile } from '../../search-server/config.js';
import { openSearchDatabase, type SearchDatabase, type TokenRole } from '../../search-server/db/index.js';

export const ADMIN_HELP = `Administration (run on the server machine; opens the database file directly):
  shoal search-server token create <name> [--role publisher|admin]
      Create an API token; it is printed once and only its hash is stored
  shoal search-server token list
  shoal search-server token revoke <id|name>
  shoal search-server blocklist add <infohash> [--reason TEXT]
      Refuse this infohash from now on and delete it if already published
  shoal search-server blocklist remove <infohash>
  shoal search-server blocklist list
  Each takes --db FILE or --data-dir DIR (or SHOAL_SEARCH_DB / SHOAL_SEARCH_DATA_DIR / SHOAL_DATA_DIR).`;

const OPTIONS = {
  db: { type: 'string' },
  'data-dir': { type: 'string' },
  role: { type: 'string' },
  reason: { type: 'string' },
} as const;

/** `token …` and `blocklist …`: small jobs on the database, printed for people. */
export function runAdmin(area: 'token' | 'blocklist', argv: string[]): number {
  const { values, positionals } = parseCommandArgs(argv, OPTIONS);
  const file = databaseFile({
    db: values.db ?? process.env.SHOAL_SEARCH_DB,
    dataDir: values['data-dir'] ?? process.env.SHOAL_SEARCH_DATA_DIR,
  });
  const [action, arg, ...extra] = positionals;
  if (extra.length > 0) throw new UsageError(`unexpected argument "${extra[0]}"`);
  const db = openSearchDatabase(file);
  try {
    if (area === 'token') tokenAction(db, action, arg, values.role);
    else blocklistAction(db, action, arg, values.reason);
  } finally {
    db.close();
  }
  return 0;
}

function tokenAction(db: SearchDatabase, action: string | undefined, arg: string | undefined, role = 'publisher') {
  if (action === 'create') {
    if (!arg) throw new UsageError('token create needs a name');
    if (role !== 'publisher' && role !== 'admin') throw new UsageError('--role must be publisher or admin');
    const { id, token } = db.tokens.createToken(arg, role as TokenRole);
    process.stderr.write(`created ${role} token "${arg}" (id ${id}); it is shown only this once:\n`);
    process.stdout.write(`${token}\n`);
  } else if (action === 'list') {
    for (const t of db.tokens.listTokens()) {
      const state = t.revokedAt === null ? 'active' : `revoked ${new Date(t.revokedAt).toISOString()}`;
      process.stdout.write(`${t.id}\t${t.name}\t${t.role}\t${new Date(t.createdAt).toISOString()}\t${state}\n`);
    }
  } else if (action === 'revoke') {
    if (!arg) throw new UsageError('token revoke needs an id or a name');
    db.tokens.revokeToken(/^\d+$/.test(arg) ? Number(arg) : arg);
    process.stdout.write(`revoked token ${arg}\n`);
  } else {
    throw new UsageError('token needs create, list or revoke');
  }
}

function blocklistAction(db: SearchDatabase, action: string | undefined, arg: string | undefined, reason = '') {
  if (action === 'list') {
    for (const b of db.blocklist.list()) process.stdout.write(`${b.infoHash}\t${b.reason}\n`);
    return;
  }
  if (action !== 'add' && action !== 'remove') throw new UsageError('blocklist needs add, remove or list');
  if (!arg || !/^[0-9a-fA-F]{40}$/.test(arg)) throw new UsageError(`blocklist ${action} needs a 40-hex infohash`);
  const hash = arg.toLowerCase();
  if (action === 'add') {
    db.blocklist.add(hash, reason);
    const existing = db.torrents.getByInfoHash(hash);
    if (existing) db.torrents.delete(existing.id);
    process.stdout.write(`blocked ${hash}${existing ? ' and deleted the published torrent' : ''}\n`);
  } else if (db.blocklist.remove(hash)) {
    process.stdout.write(`unblocked ${hash}\n`);
  } else {
    throw new UsageError(`${hash} is not on the blocklist`);
  }
}
