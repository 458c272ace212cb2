import { SearchDbError } from './errors.js';
import { MAX_QUERY_LENGTH } from './types.js';

/**
 * Turns what a person typed into an FTS5 MATCH expression that can never be read as FTS5 syntax.
 * Every term becomes a double-quoted FTS5 string (inner quotes doubled), so `NOT`, `OR`, `name:x`,
 * `(`, `^`, `WEB-DL`, `AC/DC` and `C++` are all just text; the tokenizer then splits a term like
 * `WEB-DL` into the phrase `web dl`, which is what a person means. Terms are ANDed.
 *
 * Understood on purpose: `"a phrase"` (balanced double quotes) and a trailing `*` (prefix). An
 * unbalanced quote is ignored. Terms with nothing the index could hold (only punctuation) are
 * dropped; when nothing is left the result is null (no row can match).
 */

export interface FtsTerm {
  text: string;
  prefix: boolean;
}

/**
 * A character the index keeps: letters, digits, private-use and the tokenizer's extra token
 * characters. Must agree with the tokenizer declared in ./schema.ts.
 */
const TOKEN_CHAR = /[\p{L}\p{N}\p{Co}+#]/u;
/**
 * Shorter prefixes would expand to a large share of the vocabulary; they search the word itself.
 * Three- and four-character prefixes are answered by the prefix indexes declared in schema.ts.
 */
const MIN_PREFIX_CHARS = 3;
const SPACE = /[\s\p{Cc}]/u;

export function buildFtsQuery(input: string): string | null {
  const phrases = ftsPhrases(input);
  return phrases.length === 0 ? null : phrases.join(' ');
}

/** The query's terms, each rendered as one FTS5 phrase; buildFtsQuery ANDs them. */
export function ftsPhrases(input: string): string[] {
  return parseTerms(input).map(renderTerm);
}

export function parseTerms(input: string): FtsTerm[] {
  checkInput(input);
  const terms: FtsTerm[] = [];
  let i = 0;
  while (i < input.length) {
    const ch = input[i]!;
    if (SPACE.test(ch)) {
      i += 1;
    } else if (ch === '"') {
      i = readPhrase(input, i, terms);
    } else {
      const end = wordEnd(input, i);
      const word = input.slice(i, end);
      const text = word.replace(/\*+$/, '');
      addTerm(terms, text, text.length < word.length);
      i = end;
    }
  }
  return terms;
}

function checkInput(input: string): void {
  if (input.length > MAX_QUERY_LENGTH) {
    throw new SearchDbError(
      'bad-query',
      `the search text is ${input.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  if (!input.isWellFormed()) {
    throw new SearchDbError('bad-query', 'the search text is not valid Unicode (it contains a lone surrogate)');
  }
}

/** Reads `"a phrase"` (optionally followed by `*`) starting at the quote; an unbalanced quote is skipped. */
function readPhrase(input: string, quote: number, terms: FtsTerm[]): number {
  const close = input.indexOf('"', quote + 1);
  if (close < 0) return quote + 1;
  const stars = countStars(input, close + 1);
  addTerm(terms, input.slice(quote + 1, close), stars > 0);
  return close + 1 + stars;
}

function wordEnd(input: string, from: number): number {
  let end = from;
  while (end < input.length && !SPACE.test(input[end]!) && input[end] !== '"') end += 1;
  return end;
}

function countStars(input: string, from: number): number {
  let n = 0;
  while (input[from + n] === '*') n += 1;
  return n;
}

function addTerm(terms: FtsTerm[], text: string, prefix: boolean): void {
  if (!TOKEN_CHAR.test(text)) return;
  terms.push({ text, prefix: prefix && lastTokenLength(text) >= MIN_PREFIX_CHARS });
}

/** Length of the last run of token characters: the part FTS5 applies the prefix to. */
function lastTokenLength(text: string): number {
  let n = 0;
  for (const ch of [...text].reverse()) {
    if (!TOKEN_CHAR.test(ch)) {
      if (n > 0) break;
      continue;
    }
    n += 1;
  }
  return n;
}

function renderTerm(term: FtsTerm): string {
  const quoted = `"${term.text.replaceAll('"', '""')}"`;
  return term.prefix ? `${quoted}*` : quoted;
}
