/**
 * The Torznab parent categories (the newznab table every indexer shares), for the search and
 * publish forms. The search server holds the full table with the children and refuses unknown ids.
 */
export const CATEGORIES: readonly { id: number; name: string }[] = [
  { id: 2000, name: 'Movies' },
  { id: 5000, name: 'TV' },
  { id: 3000, name: 'Audio' },
  { id: 7000, name: 'Books' },
  { id: 4000, name: 'PC' },
  { id: 1000, name: 'Console' },
  { id: 6000, name: 'XXX' },
  { id: 8000, name: 'Other' },
];

export function categoryName(id: number): string {
  const parent = Math.floor(id / 1000) * 1000;
  return CATEGORIES.find((c) => c.id === id)?.name ?? CATEGORIES.find((c) => c.id === parent)?.name ?? String(id);
}
