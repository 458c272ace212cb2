import { useMemo, useState, type FormEvent } from 'react';
import { ApiError, type SearchItem, type SearchParams, type SearchResult } from '../../../core/api/index.js';
import { CATEGORIES, categoryName } from '../model/categories.js';
import { formatBytes, formatDate } from '../model/format.js';
import { useShell } from './context.js';
import { messageOf, useTorrents } from './hooks.js';

type Sort = NonNullable<SearchParams['sort']>;
const SORTS: readonly { value: Sort; label: string }[] = [
  { value: 'relevance', label: 'Best match' },
  { value: 'seeders', label: 'Most seeders' },
  { value: 'newest', label: 'Newest' },
  { value: 'size', label: 'Largest' },
];

interface Shown {
  params: SearchParams;
  result: SearchResult;
}

/** Searches the configured search server; one click adds a result by its magnet link. */
export function SearchView({ onOpenSettings }: { onOpenSettings(): void }) {
  const { client, store } = useShell();
  const { torrents } = useTorrents(store);
  const library = useMemo(() => new Set(torrents.map((t) => t.infoHash)), [torrents]);
  const [query, setQuery] = useState('');
  const [category, setCategory] = useState('');
  const [sort, setSort] = useState<Sort>('relevance');
  const [shown, setShown] = useState<Shown>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<{ message: string; needsSettings: boolean }>();

  const run = async (params: SearchParams, more: boolean) => {
    setBusy(true);
    setFailure(undefined);
    try {
      const result = await client.search(params);
      setShown((s) =>
        more && s ? { params, result: { ...result, items: [...s.result.items, ...result.items] } } : { params, result },
      );
    } catch (error) {
      setFailure({ message: messageOf(error), needsSettings: error instanceof ApiError && error.code === 'not-ready' });
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run({ query: query.trim(), sort, ...(category === '' ? {} : { category: Number(category) }) }, false);
  };
  const nextCursor = shown?.result.nextCursor;

  return (
    <section className="view search-view" aria-labelledby="search-title" data-testid="search-view">
      <h2 id="search-title">Search</h2>
      <form className="search-form" role="search" onSubmit={submit}>
        <label className="inline grow">
          <span>Words</span>
          <input
            type="search"
            value={query}
            maxLength={256}
            data-testid="search-query"
            onChange={(e) => setQuery(e.target.value)}
          />
        </label>
        <label className="inline">
          <span>Category</span>
          <select value={category} data-testid="search-category" onChange={(e) => setCategory(e.target.value)}>
            <option value="">All</option>
            {CATEGORIES.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <span>Order</span>
          <select value={sort} onChange={(e) => setSort(e.target.value as Sort)}>
            {SORTS.map((s) => (
              <option key={s.value} value={s.value}>
                {s.label}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="primary" disabled={busy} data-testid="search-submit">
          Search
        </button>
      </form>
      {failure ? (
        <div role="alert" className="error" data-testid="search-error">
          <p>{failure.message}</p>
          {failure.needsSettings ? (
            <button type="button" onClick={onOpenSettings}>
              Open the settings
            </button>
          ) : null}
        </div>
      ) : null}
      <p className="result-count" role="status" data-testid="search-status">
        {busy ? 'Searching…' : shown ? countText(shown) : 'Empty words list the newest torrents.'}
      </p>
      {shown && shown.result.items.length > 0 ? <Results items={shown.result.items} library={library} /> : null}
      {nextCursor !== undefined && shown ? (
        <button type="button" disabled={busy} onClick={() => void run({ ...shown.params, cursor: nextCursor }, true)}>
          More results
        </button>
      ) : null}
    </section>
  );
}

function countText({ params, result }: Shown): string {
  if (result.items.length === 0)
    return params.query ? `Nothing found for “${params.query}”.` : 'The search server lists no torrents yet.';
  const total = result.totalIsEstimate ? `${result.total.toLocaleString('en')}+` : result.total.toLocaleString('en');
  return `${total} ${result.total === 1 ? 'result' : 'results'}${params.query ? ` for “${params.query}”` : ''}`;
}

function Results({ items, library }: { items: readonly SearchItem[]; library: ReadonlySet<string> }) {
  return (
    <table className="data results" data-testid="search-results">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Category</th>
          <th scope="col" className="num">
            Size
          </th>
          <th scope="col" className="num">
            Seeders
          </th>
          <th scope="col" className="num">
            Leechers
          </th>
          <th scope="col">Published</th>
          <th scope="col">
            <span className="visually-hidden">Download</span>
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <ResultRow key={item.infoHash} item={item} inLibrary={library.has(item.infoHash)} />
        ))}
      </tbody>
    </table>
  );
}

function ResultRow({ item, inLibrary }: { item: SearchItem; inLibrary: boolean }) {
  const { client, notify } = useShell();
  const [adding, setAdding] = useState(false);
  const download = () => {
    setAdding(true);
    client
      .addTorrent({ magnet: item.magnet })
      .then(() => notify('info', `Downloading “${item.title}”.`))
      .catch((e: unknown) => notify('error', `Could not add “${item.title}”: ${messageOf(e)}`))
      .finally(() => setAdding(false));
  };
  return (
    <tr data-testid="search-result" data-infohash={item.infoHash}>
      <td>
        <a href={item.url} target="_blank" rel="noreferrer noopener" className="title">
          {item.title}
        </a>
        {item.name !== item.title ? <span className="sub">{item.name}</span> : null}
      </td>
      <td>{categoryName(item.category)}</td>
      <td className="num">{formatBytes(item.size)}</td>
      <td className="num">{item.seeders}</td>
      <td className="num">{item.leechers}</td>
      <td>{formatDate(item.createdAt)}</td>
      <td>
        <button
          type="button"
          className="primary"
          disabled={inLibrary || adding}
          data-testid="search-download"
          onClick={download}
        >
          {inLibrary ? 'In library' : adding ? 'Adding…' : 'Download'}
          {/* The title completes the name for a screen reader; the name keeps the visible words (WCAG 2.5.3). */}
          <span className="visually-hidden"> {item.title}</span>
        </button>
      </td>
    </tr>
  );
}
