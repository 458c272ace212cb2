import { SUMMARY_COLUMNS } from './rows.js';
import type { Plan } from './search-query.js';
import { COUNT_CAP } from './types.js';

/**
 * SQL for a planned search, in the cheapest shape that answers it. Hidden torrents are not in
 * the full-text index (hide removes them), so index-only shapes need no join to exclude them.
 *
 * - browse (no text), filters leaving more than COUNT_CAP rows or none: the torrents table
 *   walked along the sort column's index (id for newest); filters on other columns are written
 *   `+column` so SQLite does not pick their index and then sort every matching row. The sort
 *   indexes also hold the filter columns, so the walk reads no table rows it does not return.
 *   A page costs about (offset + limit) / selectivity index entries (selectivity ≥ 1% here).
 * - browse, filters leaving at most COUNT_CAP rows (known from the count, which runs first):
 *   those rows collected through the filters' indexes, sorted, paged.
 * - text, newest first: FTS5 yields matches in descending rowid order and stops at the LIMIT, so
 *   the page streams out of the index; at most WINDOW matches are ever read.
 * - text, relevance, no filters: bm25 over the window's matches, sorted inside the index query;
 *   only the page's rows are looked up in `torrents`. Rows carry the window's size and oldest id,
 *   so the count only has to read the matches older than the window (olderCountSql), and
 *   nothing at all when the window did not fill: each match is read once, not twice.
 * - text, anything else: the window's matches looked up once in the `torrents_facets` covering
 *   index, filtered, counted and sorted as (id, value) pairs; the page's rows are then read in full.
 *
 * Every text shape reads at most WINDOW matches, the newest ones (RANK_WINDOW when ranking by
 * relevance): ranking a word that is in a fifth of a million rows costs RANK_WINDOW bm25
 * evaluations, not 200,000, and sorting or filtering it costs WINDOW row lookups. The window is
 * the same for every page of a search, so keyset and offset pages agree. WINDOW equals the count
 * cap, so in newest, size or seeders order everything counted can be paged to.
 * Rows are ordered by the sort value then id, a total order for keyset cursors.
 */

/** COUNT_CAP + 1: one more than is counted, to tell "exactly 10,000" from "more". */
export const WINDOW = COUNT_CAP + 1;
/**
 * Matches ranked by relevance. bm25 costs ~0.5–1 µs a row, on top of one pass over each word's
 * whole doclist for its IDF (~7 ms for a word in a third of a million rows); ranking 2,000
 * rather than 10,001 rows keeps a common word's search within budget. Pages in relevance order
 * end after RANK_WINDOW rows.
 */
export const RANK_WINDOW = 2000;
/** Title matches weigh ten times as much as matches in file paths. */
const BM25 = 'bm25(torrents_fts, 10.0, 1.0)';
const MATCH = 'torrents_fts MATCH :match';

type Params = Record<string, number | string>;

export interface Sql {
  sql: string;
  params: Params;
}

/**
 * `browseTotal` is countSql's total for a browse (no text): when the filters leave at most
 * COUNT_CAP rows, collecting them through the filters' indexes and sorting beats walking the
 * sort order past rows that fail them (an empty category sorted by size walked the whole table).
 */
export function pageSql(plan: Plan, browseTotal = 0): Sql {
  const params: Params = { limit: plan.limit + 1, offset: plan.offset };
  if (plan.match === undefined || plan.match === null) {
    const collect = browseTotal <= COUNT_CAP && hasFilters(plan);
    return collect ? collectPage(plan, params) : browsePage(plan, params);
  }
  params.match = plan.match;
  params.window = WINDOW;
  const filters = filterTerms(plan, params, false);
  if (plan.sort === 'newest') return streamPage(plan, params, filters);
  if (plan.sort === 'relevance') params.window = RANK_WINDOW;
  if (plan.sort === 'relevance' && filters.length === 0) return rankPage(plan, params);
  return joinedPage(plan, params, filters);
}

/** `total` counts up to WINDOW rows; `windowFull` says the text search's window filled. */
export function countSql(plan: Plan): Sql {
  const params: Params = { cap: WINDOW };
  if (plan.match === undefined || plan.match === null) {
    const where = ['t.hidden = 0', ...filterTerms(plan, params, false)].join(' AND ');
    return {
      sql: `SELECT count(*) AS total, 0 AS windowFull FROM (SELECT 1 FROM torrents t WHERE ${where} LIMIT :cap)`,
      params,
    };
  }
  params.match = plan.match;
  const filters = filterTerms(plan, params, false);
  if (filters.length === 0) {
    return {
      sql: `SELECT count(*) AS total, 0 AS windowFull FROM (SELECT rowid FROM torrents_fts WHERE ${MATCH} LIMIT :cap)`,
      params,
    };
  }
  params.window = plan.sort === 'relevance' ? RANK_WINDOW : WINDOW;
  return {
    sql:
      `WITH hits AS MATERIALIZED (${hitsSql(false)}) ` +
      `SELECT count(*) AS total, (SELECT count(*) FROM hits) >= :window AS windowFull ` +
      `FROM hits h CROSS JOIN torrents t INDEXED BY torrents_facets ON t.id = h.id WHERE ${['t.hidden = 0', ...filters].join(' AND ')}`,
    params,
  };
}

/**
 * Matches older than `below` (the relevance window's oldest id), counted up to what the window
 * leaves of WINDOW: the window's size plus this equals countSql's total. The CAST matters:
 * better-sqlite3 binds numbers as REAL, and FTS5 starts its scan at a rowid bound only when it
 * is an INTEGER (otherwise it reads the window's matches again and SQLite drops them).
 */
export function olderCountSql(plan: Plan, below: number): Sql {
  return {
    sql:
      'SELECT count(*) AS total FROM (SELECT rowid FROM torrents_fts ' +
      `WHERE ${MATCH} AND rowid < CAST(:below AS INTEGER) ORDER BY rowid DESC LIMIT :cap)`,
    params: { match: plan.match as string, below, cap: WINDOW - RANK_WINDOW },
  };
}

/** The sort column's value of a row, for the next cursor. */
export function sortValueColumn(plan: Plan): 'score' | 'size' | 'seeders' | undefined {
  if (plan.sort === 'relevance') return 'score';
  return plan.sort === 'newest' ? undefined : plan.sort;
}

/**
 * The CTE `hits(id, score)`: the relevance window's matches with their bm25. When the plan ranks
 * by some phrases only (rank-terms.ts), the window is found with the whole MATCH and scored by a
 * second MATCH of those phrases, read from the window's oldest match on, so bm25 never makes its
 * IDF pass over the common phrases' doclists.
 */
function rankedHits(plan: Plan, params: Params): string {
  if (plan.rankBy === undefined) return `hits AS MATERIALIZED (${hitsSql(true)})`;
  params.rankMatch = plan.rankBy.map((i) => plan.phrases[i]).join(' ');
  return (
    `matched AS MATERIALIZED (${hitsSql(false)}), hits AS MATERIALIZED (SELECT rowid AS id, ${BM25} AS score ` +
    'FROM torrents_fts WHERE torrents_fts MATCH :rankMatch AND rowid >= (SELECT min(id) FROM matched) ' +
    'AND +rowid IN (SELECT id FROM matched))'
  );
}

function hitsSql(withScore: boolean, order: 'ASC' | 'DESC' = 'DESC'): string {
  const score = withScore ? `, ${BM25} AS score` : '';
  return `SELECT rowid AS id${score} FROM torrents_fts WHERE ${MATCH} ORDER BY rowid ${order} LIMIT :window`;
}

function browsePage(plan: Plan, params: Params): Sql {
  const cols = { id: 't.id', value: `t.${plan.sort}` };
  const where = ['t.hidden = 0', ...filterTerms(plan, params, true), ...keysetTerms(plan, params, cols)];
  return {
    sql: `SELECT ${SUMMARY_COLUMNS} FROM torrents t WHERE ${where.join(' AND ')} ORDER BY ${orderOf(plan, cols)} LIMIT :limit OFFSET :offset`,
    params,
  };
}

/** The (few) visible rows passing the filters, gathered by whichever index suits them, then paged. */
function collectPage(plan: Plan, params: Params): Sql {
  const value = plan.sort === 'newest' ? 't.id' : `t.${plan.sort}`;
  const where = ['t.hidden = 0', ...filterTerms(plan, params, false)].join(' AND ');
  const withClause = `WITH m AS MATERIALIZED (SELECT t.id AS id, ${value} AS v FROM torrents t WHERE ${where})`;
  return { sql: pageOfMaterialized(plan, params, withClause, ''), params };
}

/**
 * Pages the rows `m(id, v)` built by `withClause` (v: the sort value) and reads only the page's
 * rows in full; `columns` are added to the summary columns.
 */
function pageOfMaterialized(plan: Plan, params: Params, withClause: string, columns: string): string {
  const inner = { id: 'id', value: 'v' };
  const keyset = keysetTerms(plan, params, inner);
  const page =
    `SELECT id, v FROM m ${keyset.length > 0 ? `WHERE ${keyset.join(' AND ')} ` : ''}` +
    `ORDER BY ${orderOf(plan, inner)} LIMIT :limit OFFSET :offset`;
  return (
    `${withClause} SELECT ${SUMMARY_COLUMNS}${columns} FROM (${page}) p CROSS JOIN torrents t ON t.id = p.id ` +
    `ORDER BY ${orderOf(plan, { id: 'p.id', value: 'p.v' })}`
  );
}

function streamPage(plan: Plan, params: Params, filters: string[]): Sql {
  // Ordering by h.id (not t.id) lets SQLite take the index's own order instead of sorting.
  const cols = { id: 'h.id', value: 'h.id' };
  const where = ['t.hidden = 0', ...filters, ...keysetTerms(plan, params, cols)];
  return {
    sql:
      `SELECT ${SUMMARY_COLUMNS} FROM (${hitsSql(false, plan.direction === 'desc' ? 'DESC' : 'ASC')}) h ` +
      `CROSS JOIN torrents t ON t.id = h.id WHERE ${where.join(' AND ')} ORDER BY ${orderOf(plan, cols)} LIMIT :limit OFFSET :offset`,
    params,
  };
}

/** Rows carry `ranked` (the window's size) and `oldestRanked` (its smallest id) for the count. */
function rankPage(plan: Plan, params: Params): Sql {
  const cols = { id: 'h.id', value: 'h.score' };
  const keyset = keysetTerms(plan, params, cols);
  const ranked =
    `SELECT h.id, h.score FROM hits h ${keyset.length > 0 ? `WHERE ${keyset.join(' AND ')} ` : ''}` +
    `ORDER BY ${orderOf(plan, cols)} LIMIT :limit OFFSET :offset`;
  return {
    sql:
      `WITH ${rankedHits(plan, params)} SELECT ${SUMMARY_COLUMNS}, h.score, ` +
      '(SELECT count(*) FROM hits) AS ranked, (SELECT min(id) FROM hits) AS oldestRanked ' +
      `FROM (${ranked}) h CROSS JOIN torrents t ON t.id = h.id WHERE t.hidden = 0 ORDER BY ${orderOf(plan, cols)}`,
    params,
  };
}

/**
 * The window's matches joined once (materialized as `m`: id and sort value), then counted and
 * paged from there; only the page's rows are read in full. Rows carry `total` and `windowFull`,
 * so this shape needs no separate count unless the page is empty.
 */
function joinedPage(plan: Plan, params: Params, filters: string[]): Sql {
  const relevance = plan.sort === 'relevance';
  const value = relevance ? 'h.score' : `t.${plan.sort}`;
  const hits = relevance ? rankedHits(plan, params) : `hits AS MATERIALIZED (${hitsSql(false)})`;
  const withClause =
    `WITH ${hits}, m AS MATERIALIZED (SELECT t.id AS id, ${value} AS v ` +
    `FROM hits h CROSS JOIN torrents t INDEXED BY torrents_facets ON t.id = h.id ` +
    `WHERE ${['t.hidden = 0', ...filters].join(' AND ')})`;
  const columns =
    `${relevance ? ', p.v AS score' : ''}, (SELECT count(*) FROM m) AS total, ` +
    '(SELECT count(*) FROM hits) >= :window AS windowFull';
  return { sql: pageOfMaterialized(plan, params, withClause, columns), params };
}

function hasFilters(plan: Plan): boolean {
  return (
    plan.categories.length > 0 ||
    plan.minSize !== undefined ||
    plan.maxSize !== undefined ||
    plan.minSeeders !== undefined
  );
}

/** Filter terms; `unindexed` marks columns other than the sort column with `+` (see browse). */
function filterTerms(plan: Plan, params: Params, unindexed: boolean): string[] {
  const col = (name: string) => (unindexed && plan.sort !== name ? `+t.${name}` : `t.${name}`);
  const terms: string[] = [];
  if (plan.categories.length > 0) {
    const ranges = plan.categories.map(([lo, hi], i) => {
      params[`c${i}lo`] = lo;
      params[`c${i}hi`] = hi;
      return `${col('category')} BETWEEN :c${i}lo AND :c${i}hi`;
    });
    terms.push(`(${ranges.join(' OR ')})`);
  }
  const bounds: [number | undefined, string, string][] = [
    [plan.minSize, 'minSize', `${col('size')} >= :minSize`],
    [plan.maxSize, 'maxSize', `${col('size')} <= :maxSize`],
    [plan.minSeeders, 'minSeeders', `${col('seeders')} >= :minSeeders`],
  ];
  for (const [value, name, term] of bounds) {
    if (value === undefined) continue;
    params[name] = value;
    terms.push(term);
  }
  return terms;
}

/** Where a shape keeps the row id and the sort value. */
interface SortColumns {
  id: string;
  value: string;
}

/** Rows strictly after the cursor in the sort order. */
function keysetTerms(plan: Plan, params: Params, cols: SortColumns): string[] {
  const after = plan.after;
  if (after === undefined) return [];
  params.afterId = after.id;
  const beyond = plan.direction === 'desc' ? '<' : '>';
  if (plan.sort === 'newest') return [`${cols.id} ${beyond} :afterId`];
  params.afterValue = after.value ?? 0;
  if (plan.sort === 'relevance') {
    return [`(${cols.value} > :afterValue OR (${cols.value} = :afterValue AND ${cols.id} < :afterId))`];
  }
  return [`(${cols.value}, ${cols.id}) ${beyond} (:afterValue, :afterId)`];
}

/** Relevance: best bm25 first (it is negative, lower is better), newer first on ties. */
function orderOf(plan: Plan, cols: SortColumns): string {
  const dir = plan.direction === 'desc' ? 'DESC' : 'ASC';
  if (plan.sort === 'relevance') return `${cols.value} ASC, ${cols.id} DESC`;
  if (plan.sort === 'newest') return `${cols.id} ${dir}`;
  return `${cols.value} ${dir}, ${cols.id} ${dir}`;
}
