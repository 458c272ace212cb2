import type { Database, Statement } from 'better-sqlite3';

/**
 * Which of a search's phrases relevance ranks by. bm25 computes every phrase's IDF with one pass
 * over the phrase's whole doclist, however few rows it ranks: ~6 ms for a word in a third of a
 * million rows, the largest cost of a search like `star 1080p`. Such a word tells matches apart
 * least (IDF ≤ ln 4 ≈ 1.4, against ≥ 2.2 for a word in under a tenth of the rows) and every match holds it
 * anyway, so a search that also has rarer phrases is ranked by those only: search-sql.ts then
 * scores the relevance window's matches through a second MATCH of the rare phrases alone.
 *
 * A phrase's share of rows is estimated on the newest SAMPLE ids, so the estimate costs at most
 * SAMPLE index entries per phrase (~0.15 ms) at any table size. Prefix phrases are never
 * sampled (one longer than the prefix indexes merges all its words' doclists) and always rank.
 */
const SAMPLE = 10_000;
/**
 * Below this share, scoring the rare phrases' rows (they are read from the window's oldest match
 * on, about RANK_WINDOW / share of them) costs more than the common phrase's IDF pass saves.
 */
const COMMON_SHARE = 0.2;

export class RankTerms {
  readonly #newest: Statement;
  readonly #sample: Statement;

  constructor(db: Database) {
    this.#newest = db.prepare('SELECT max(id) AS id FROM torrents');
    // CAST: better-sqlite3 binds numbers as REAL, and FTS5 only narrows its scan to a rowid
    // bound that is an INTEGER (with a REAL one it reads every match: 17 ms instead of 0.3 ms).
    this.#sample = db.prepare(
      'SELECT count(*) AS n FROM torrents_fts WHERE torrents_fts MATCH ? AND rowid > CAST(? AS INTEGER)',
    );
  }

  /** Indexes of the phrases to rank by; undefined to rank by all of them. */
  choose(phrases: readonly string[]): number[] | undefined {
    if (phrases.length < 2) return undefined;
    const newest = (this.#newest.get() as { id: number | null }).id ?? 0;
    const since = Math.max(0, newest - SAMPLE);
    const common = (phrase: string) =>
      !phrase.endsWith('*') && (this.#sample.get(phrase, since) as { n: number }).n >= COMMON_SHARE * (newest - since);
    const rare = phrases.flatMap((phrase, i) => (common(phrase) ? [] : [i]));
    return rare.length === 0 || rare.length === phrases.length ? undefined : rare;
  }
}
