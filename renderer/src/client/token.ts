/** Where the page keeps the daemon's token for the tab's life (daemon-protocol: `shoal.token`). */
export const TOKEN_KEY = 'shoal.token';

/** The daemon's tokens are 32 random bytes as base64url (43 characters); a little slack for others. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{16,256}$/;

export interface TokenStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

export interface PageAddress {
  hash: string;
  pathname: string;
  search: string;
}

export function isToken(value: string): boolean {
  return TOKEN_FORMAT.test(value);
}

/** The token pasted by a person: trimmed, and taken from a whole `…#token=…` URL too. */
export function tokenFromInput(input: string): string | undefined {
  const trimmed = input.trim();
  const hashAt = trimmed.indexOf('#');
  const candidate = hashAt >= 0 ? (new URLSearchParams(trimmed.slice(hashAt + 1)).get('token') ?? '') : trimmed;
  return isToken(candidate) ? candidate : undefined;
}

/**
 * The token the page was opened with (`#token=…`, moved into storage and taken off the address
 * bar so it does not linger in history or screenshots), else the one stored earlier in this tab.
 */
export function takeToken(
  address: PageAddress,
  storage: TokenStore,
  replaceUrl: (url: string) => void,
): string | undefined {
  const fromHash = new URLSearchParams(address.hash.replace(/^#/, '')).get('token');
  if (fromHash !== null) {
    if (isToken(fromHash)) storage.setItem(TOKEN_KEY, fromHash);
    replaceUrl(address.pathname + address.search);
  }
  const stored = storage.getItem(TOKEN_KEY);
  return stored !== null && isToken(stored) ? stored : undefined;
}
