/** The search database's public surface: open it, then use the interfaces in ./types.ts. */
export { openSearchDatabase } from './database.js';
export { SearchDbError, DuplicateError, BlockedError, type SearchDbErrorCode } from './errors.js';
export {
  CATEGORIES,
  findCategory,
  isParentCategory,
  parentCategories,
  childCategories,
  type Category,
} from './categories.js';
export { SCRAPE_INTERVAL_MS, FIRST_RETRY_MS, MAX_RETRY_MS } from './scrape-book.js';
export * from './types.js';
