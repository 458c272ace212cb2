import { CATEGORIES, isParentCategory } from '../db/categories.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../db/types.js';
import { element, escapeXml, XML_DECLARATION } from './xml.js';

/** Newznab/Torznab error codes: clients branch on `code`. */
export const TORZNAB_ERRORS = {
  badCredentials: 100,
  missingParameter: 200,
  badParameter: 201,
  noSuchFunction: 202,
  notAvailable: 203,
  requestLimit: 500,
} as const;

export function torznabError(code: number, description: string): string {
  return `${XML_DECLARATION}${element('error', { code, description })}\n`;
}

/** `t=caps`: what this indexer can do, and the category tree. */
export function capsDocument(title: string): string {
  const parents = CATEGORIES.filter((c) => isParentCategory(c.id));
  const categories = parents.map((p) => {
    const children = CATEGORIES.filter((c) => !isParentCategory(c.id) && Math.floor(c.id / 1000) * 1000 === p.id);
    const subcats = children.map((c) => element('subcat', { id: c.id, name: c.name })).join('');
    return `<category id="${p.id}" name="${escapeXml(p.name)}">${subcats}</category>`;
  });
  return [
    XML_DECLARATION.trimEnd(),
    '<caps>',
    element('server', { version: '1.0', title }),
    element('limits', { max: MAX_LIMIT, default: DEFAULT_LIMIT }),
    '<searching>',
    element('search', { available: 'yes', supportedParams: 'q' }),
    element('tv-search', { available: 'yes', supportedParams: 'q,season,ep' }),
    element('movie-search', { available: 'yes', supportedParams: 'q' }),
    element('music-search', { available: 'no', supportedParams: 'q' }),
    element('audio-search', { available: 'no', supportedParams: 'q' }),
    element('book-search', { available: 'no', supportedParams: 'q' }),
    '</searching>',
    '<categories>',
    ...categories,
    '</categories>',
    '</caps>',
    '',
  ].join('\n');
}
