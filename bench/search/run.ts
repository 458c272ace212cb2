import Sqlite from 'better-sqlite3';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CACHE_KIB, MMAP_BYTES } from '../../search-server/db/connection.js';
import { openSearchDatabase } from '../../search-server/db/database.js';
import type { SearchDatabase } from '../../search-server/db/types.js';
import { makeTorrent, Random, Vocabulary } from './generate.js';
import { CACHE_MODES, describeCache, setCache, type CacheMode } from './page-cache.js';
import { queryClasses, type BenchQuery, type Terms } from './queries.js';

/**
 * npm run bench:search [-- --rows N --batch N --queries N --like-queries N --reuse --cache MODE]
 * Builds an index of N generated torrents through the repository's insert path, then times each
 * query class through the search service and, in the same run, as a naive LIKE '%term%' scan.
 * --reuse skips the build and queries the previous run's index (same --rows).
 * --cache warm (default: the file is read once before the queries), cold (its pages are dropped
 * from the OS page cache first) or as-is; the residency is printed either way, with the load
 * average at the start, before the queries and at the end.
 */

/** Unmeasured queries per class (other terms than the measured ones) to fill SQLite's page cache. */
const WARM_UP = 20;
const WORK = join(process.cwd(), 'bench', '.work');
const FILE = join(WORK, 'search-bench.db');
const BROAD_CANDIDATES = ['1080p', 'mkv', 'the', 'x264'];

const { values } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    queries: { type: 'string', default: '200' },
    'like-queries': { type: 'string', default: '20' },
    batch: { type: 'string', default: '10000' },
    reuse: { type: 'boolean', default: false },
    cache: { type: 'string', default: 'warm' },
  },
});
if (!CACHE_MODES.includes(values.cache as CacheMode))
  throw new Error(`--cache must be one of ${CACHE_MODES.join(', ')}`);
const cacheMode = values.cache as CacheMode;
const rows = Number(values.rows);
const perClass = Number(values.queries);
const likePerClass = Number(values['like-queries']);
/** Torrents per insertMany transaction. */
const batchSize = Number(values.batch);

function ms(ns: bigint): number {
  return Number(ns) / 1e6;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

function ingest(db: SearchDatabase, vocabulary: Vocabulary): void {
  const random = new Random(7);
  const start = Date.UTC(2020, 0, 1);
  let dbTime = 0n;
  let dbCpu = 0;
  const wall = process.hrtime.bigint();
  for (let done = 0; done < rows; done += batchSize) {
    const n = Math.min(batchSize, rows - done);
    const batch = Array.from({ length: n }, (_, i) => makeTorrent(random, vocabulary, start + (done + i) * 60_000));
    const t0 = process.hrtime.bigint();
    const c0 = process.cpuUsage();
    db.torrents.insertMany(batch);
    dbTime += process.hrtime.bigint() - t0;
    const cpu = process.cpuUsage(c0);
    dbCpu += (cpu.user + cpu.system) / 1e6;
    if (done % 100_000 < batchSize) process.stdout.write(`\r  ingested ${done.toLocaleString('en')} rows`);
  }
  const wallMs = ms(process.hrtime.bigint() - wall);
  console.log(
    `\r  ingested ${rows.toLocaleString('en')} rows: ${Math.round(rows / (ms(dbTime) / 1000)).toLocaleString('en')} torrents/s ` +
      `in insertMany (${(ms(dbTime) / 1000).toFixed(1)} s wall; ${Math.round(rows / dbCpu).toLocaleString('en')}/s ` +
      `per CPU-second used), ${Math.round(rows / (wallMs / 1000)).toLocaleString('en')}/s including generation ` +
      `(${(wallMs / 1000).toFixed(1)} s)`,
  );
}

/** Stand-in for the scraper: Zipf-like seeder counts, so seeders filters and sorts have data. */
function fakeScrape(raw: Sqlite.Database): void {
  raw.exec(
    'UPDATE torrents SET seeders = CAST(2000.0 / (1 + abs(random() % 2000)) AS INTEGER), ' +
      'leechers = abs(random() % 50), scraped_at = created_at',
  );
}

function broadTerms(raw: Sqlite.Database): string[] {
  const count = raw.prepare('SELECT count(*) AS n FROM torrents_fts WHERE torrents_fts MATCH ?');
  const broad = BROAD_CANDIDATES.filter((term) => {
    const n = (count.get(`"${term}"`) as { n: number }).n;
    console.log(`  "${term}" matches ${((100 * n) / rows).toFixed(1)}% of rows`);
    return n >= rows / 5;
  });
  if (broad.length === 0) throw new Error('no generated term matches 20% of rows');
  return broad;
}

function load(): string {
  return loadavg()
    .map((n) => n.toFixed(2))
    .join(' / ');
}

interface Timing {
  p50: number;
  p95: number;
  p99: number;
  meanTotal: number;
}

function time(run: (q: BenchQuery) => number, queries: BenchQuery[]): Timing {
  const latencies: number[] = [];
  let totals = 0;
  for (const q of queries) {
    const t0 = process.hrtime.bigint();
    totals += run(q);
    latencies.push(ms(process.hrtime.bigint() - t0));
  }
  latencies.sort((a, b) => a - b);
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    meanTotal: totals / queries.length,
  };
}

function likeRunner(raw: Sqlite.Database): (q: BenchQuery) => number {
  return (q) => {
    const sql =
      `SELECT id, title, size, seeders FROM torrents WHERE hidden = 0 AND ${q.like.where.join(' AND ')} ` +
      `ORDER BY ${q.like.order} LIMIT 50 OFFSET ${q.like.offset}`;
    return raw.prepare(sql).all(...q.like.params).length;
  };
}

function main(): void {
  mkdirSync(WORK, { recursive: true });
  if (!values.reuse) for (const suffix of ['', '-wal', '-shm']) rmSync(FILE + suffix, { force: true });
  console.log(
    `search bench: ${rows.toLocaleString('en')} rows in transactions of ${batchSize}, ` +
      `${perClass} queries per class (LIKE: ${likePerClass}), index ${cacheMode}; ` +
      `connection: cache_size ${CACHE_KIB / 1024} MiB, mmap_size ${(MMAP_BYTES / 2 ** 30).toFixed(2)} GiB, ` +
      `temp_store memory; load average (1/5/15 min) at start ${load()}`,
  );
  const vocabulary = new Vocabulary(20_000, new Random(1));
  const db = openSearchDatabase(FILE);
  const raw = new Sqlite(FILE);
  if (values.reuse) {
    console.log('  --reuse: querying the index built by the previous run');
  } else {
    ingest(db, vocabulary);
    fakeScrape(raw);
    raw.pragma('optimize');
  }
  // Queries then read the database file alone, as a server long after its last big write does.
  raw.pragma('wal_checkpoint(TRUNCATE)');
  console.log(`  database file: ${(statSync(FILE).size / 2 ** 30).toFixed(2)} GiB, WAL checkpointed`);
  const terms: Terms = { vocabulary, broad: broadTerms(raw) };
  const random = new Random(42);
  const warmUp = new Random(4242);
  setCache(FILE, cacheMode);
  console.log(`  index ${cacheMode}: ${describeCache(FILE)}; load average before the queries ${load()}`);
  const header =
    '| query class | FTS5 p50 ms | FTS5 p95 ms | FTS5 p99 ms | mean total | LIKE p50 ms | LIKE p99 ms | p50 ratio | p99 ratio |';
  const lines = [header, '|---|---:|---:|---:|---:|---:|---:|---:|---:|'];
  for (const kind of queryClasses(terms)) {
    const queries = Array.from({ length: perClass }, () => kind.make(random));
    for (let i = 0; i < WARM_UP; i += 1) db.searcher.search(kind.make(warmUp).query);
    const fts = time((q) => {
      const page = db.searcher.search(q.query);
      return page.total;
    }, queries);
    const like = time(likeRunner(raw), queries.slice(0, likePerClass));
    const line =
      `| ${kind.name} | ${fts.p50.toFixed(2)} | ${fts.p95.toFixed(2)} | ${fts.p99.toFixed(2)} | ` +
      `${Math.round(fts.meanTotal).toLocaleString('en')} | ` +
      `${like.p50.toFixed(1)} | ${like.p99.toFixed(1)} | ${(like.p50 / fts.p50).toFixed(0)}× | ${(like.p99 / fts.p99).toFixed(0)}× |`;
    lines.push(line);
    console.log(line);
  }
  console.log(`\n${lines.join('\n')}`);
  console.log(`\nindex after the queries: ${describeCache(FILE)}; load average at end ${load()}`);
  raw.close();
  db.close();
}

main();
