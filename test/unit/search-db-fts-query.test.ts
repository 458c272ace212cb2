import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import Sqlite from 'better-sqlite3';
import { buildFtsQuery } from '../../search-server/db/fts-query.js';
import { SearchDbError } from '../../search-server/db/errors.js';
import { MAX_QUERY_LENGTH } from '../../search-server/db/types.js';

describe('buildFtsQuery', () => {
  it.each([
    ['ubuntu', '"ubuntu"'],
    ['WEB-DL', '"WEB-DL"'],
    ['AC/DC', '"AC/DC"'],
    ['C++', '"C++"'],
    ['NOT', '"NOT"'],
    ['cats NOT dogs', '"cats" "NOT" "dogs"'],
    ['a OR b', '"a" "OR" "b"'],
    ['AND', '"AND"'],
    ['name:x', '"name:x"'],
    ['(foo', '"(foo"'],
    ['^start', '"^start"'],
    ['NEAR(a b)', '"NEAR(a" "b)"'],
    ['"a phrase"', '"a phrase"'],
    ['"a phrase" word', '"a phrase" "word"'],
    ['prefix*', '"prefix"*'],
    ['"a phr"*', '"a phr"*'],
    ['pre**', '"pre"*'],
    ['a*', '"a"'],
    ['ab*', '"ab"'],
    ['abc*', '"abc"*'],
    ['web-d*', '"web-d"'],
    ['mid*dle', '"mid*dle"'],
    ['unbalanced "quote', '"unbalanced" "quote"'],
    ['"', null],
    ['!!! ---', null],
    ['"" ...', null],
    ['*', null],
    ['AC/DC !!', '"AC/DC"'],
    ['  spaced\tout\nwords  ', '"spaced" "out" "words"'],
    ['Café', '"Café"'],
    ['foo"bar baz"', '"foo" "bar baz"'],
    ['nul\u0000inside', '"nul" "inside"'],
  ])('%j → %j', (input, expected) => {
    expect(buildFtsQuery(input)).toBe(expected);
  });

  it('refuses text longer than the cap with a typed error', () => {
    expect(buildFtsQuery('x'.repeat(MAX_QUERY_LENGTH))).not.toBeNull();
    const attempt = () => buildFtsQuery('x'.repeat(MAX_QUERY_LENGTH + 1));
    expect(attempt).toThrow(SearchDbError);
    expect(attempt).toThrow(/at most 256/);
  });

  it('refuses a lone surrogate (invalid UTF-8 after decoding) with a typed error', () => {
    expect(() => buildFtsQuery('abc\uD800')).toThrow(expect.objectContaining({ code: 'bad-query' }));
  });

  it('never yields an expression FTS5 rejects, whatever a person types', () => {
    const db = new Sqlite(':memory:');
    db.exec('CREATE VIRTUAL TABLE f USING fts5(title, tokenize = "unicode61 remove_diacritics 2 tokenchars \'+#\'")');
    db.prepare('INSERT INTO f (title) VALUES (?)').run('Some.Show.S02E05.1080p.WEB-DL.x264 AC/DC C++ "quoted"');
    const probe = db.prepare('SELECT count(*) AS n FROM f WHERE f MATCH ?');
    const alphabet = fc.constantFrom(...'aZ9 "*-/+#:()^.,!?\'\\\t{}[]NOTORAND'.split(''));
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 40 }), (chars) => {
        const match = buildFtsQuery(chars.join(''));
        if (match !== null) probe.get(match);
      }),
      { numRuns: 2000 },
    );
    db.close();
  });
});
