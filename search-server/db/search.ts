import type { Database, Statement } from 'better-sqlite3';
import { RankTerms } from './rank-terms.js';
import { toSummary, type SummaryRow } from './rows.js';
import { countSql, olderCountSql, pageSql, RANK_WINDOW, sortValueColumn, type Sql } from './search-sql.js';
import { encodeCursor, planSearch, type Plan } from './search-query.js';
import { COUNT_CAP, type SearchPage, type SearchQuery, type SearchService } from './types.js';

/** Shapes seen in practice are a few dozen; the bound only stops a client cycling through all. */
const MAX_STATEMENTS = 500;

interface Counts {
  total: number;
  windowFull: number;
}

/** What the relevance window tells about the count (see rankPage in search-sql.ts). */
interface RankedWindow {
  ranked: number;
  oldestRanked: number;
}

/**
 * Some shapes count in the page query itself, relevance pages half of it (see search-sql.ts);
 * the others need countSql.
 */
type PageRow = SummaryRow & { score?: number } & Partial<Counts> & Partial<RankedWindow>;

/** Full-text and browse search over visible torrents; see search-sql.ts for how cost is bounded. */
export class SqliteSearchService implements SearchService {
  readonly #db: Database;
  /** Statements by SQL text: one per query shape (sort, filters present, category count). */
  readonly #statements = new Map<string, Statement>();
  readonly #rankTerms: RankTerms;

  constructor(db: Database) {
    this.#db = db;
    this.#rankTerms = new RankTerms(db);
  }

  search(query: SearchQuery): SearchPage {
    const plan = planSearch(query);
    if (plan.match === null) return { items: [], total: 0, totalIsEstimate: false };
    if (plan.sort === 'relevance' && plan.after === undefined) plan.rankBy = this.#rankTerms.choose(plan.phrases);
    const browsed = plan.match === undefined ? this.#count(plan) : undefined;
    const rows = this.#all(pageSql(plan, browsed?.total)) as PageRow[];
    const counted = browsed ?? this.#countOf(plan, rows[0]);
    const more = rows.length > plan.limit;
    const items = rows.slice(0, plan.limit);
    const last = items.at(-1);
    const valueColumn = sortValueColumn(plan);
    return {
      items: items.map(toSummary),
      nextCursor:
        more && last
          ? encodeCursor(
              { value: valueColumn && last[valueColumn], id: last.id, rankBy: plan.rankBy },
              plan.fingerprint,
            )
          : undefined,
      total: Math.min(counted.total, COUNT_CAP),
      totalIsEstimate: counted.total > COUNT_CAP || counted.windowFull === 1,
    };
  }

  #countOf(plan: Plan, first: PageRow | undefined): Counts {
    if (first?.total !== undefined) return first as Counts;
    if (first?.ranked === undefined) return this.#count(plan);
    const { ranked, oldestRanked } = first as RankedWindow;
    if (ranked < RANK_WINDOW) return { total: ranked, windowFull: 0 };
    const older = this.#all(olderCountSql(plan, oldestRanked))[0] as { total: number };
    return { total: ranked + older.total, windowFull: 0 };
  }

  #count(plan: Plan): Counts {
    return this.#all(countSql(plan))[0] as Counts;
  }

  #all(query: Sql): unknown[] {
    let statement = this.#statements.get(query.sql);
    if (!statement) {
      if (this.#statements.size >= MAX_STATEMENTS) this.#statements.clear();
      statement = this.#db.prepare(query.sql);
      this.#statements.set(query.sql, statement);
    }
    return statement.all(query.params);
  }
}
