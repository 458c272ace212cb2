/**
 * Torznab standard categories (the newznab table Sonarr, Radarr and Prowlarr know). One table for
 * the database's validation, the caps document and the web forms. A parent id is a multiple of
 * 1000; its children share the thousands digit.
 */
export interface Category {
  id: number;
  name: string;
}

export const CATEGORIES: readonly Category[] = [
  { id: 1000, name: 'Console' },
  { id: 1010, name: 'Console/NDS' },
  { id: 1020, name: 'Console/PSP' },
  { id: 1030, name: 'Console/Wii' },
  { id: 1040, name: 'Console/XBox' },
  { id: 1050, name: 'Console/XBox 360' },
  { id: 1080, name: 'Console/PS3' },
  { id: 1090, name: 'Console/Other' },
  { id: 1180, name: 'Console/PS4' },
  { id: 2000, name: 'Movies' },
  { id: 2010, name: 'Movies/Foreign' },
  { id: 2020, name: 'Movies/Other' },
  { id: 2030, name: 'Movies/SD' },
  { id: 2040, name: 'Movies/HD' },
  { id: 2045, name: 'Movies/UHD' },
  { id: 2050, name: 'Movies/BluRay' },
  { id: 2060, name: 'Movies/3D' },
  { id: 2070, name: 'Movies/DVD' },
  { id: 2080, name: 'Movies/WEB-DL' },
  { id: 3000, name: 'Audio' },
  { id: 3010, name: 'Audio/MP3' },
  { id: 3020, name: 'Audio/Video' },
  { id: 3030, name: 'Audio/Audiobook' },
  { id: 3040, name: 'Audio/Lossless' },
  { id: 3050, name: 'Audio/Other' },
  { id: 4000, name: 'PC' },
  { id: 4010, name: 'PC/0day' },
  { id: 4020, name: 'PC/ISO' },
  { id: 4030, name: 'PC/Mac' },
  { id: 4040, name: 'PC/Mobile-Other' },
  { id: 4050, name: 'PC/Games' },
  { id: 4060, name: 'PC/Mobile-iOS' },
  { id: 4070, name: 'PC/Mobile-Android' },
  { id: 5000, name: 'TV' },
  { id: 5010, name: 'TV/WEB-DL' },
  { id: 5020, name: 'TV/Foreign' },
  { id: 5030, name: 'TV/SD' },
  { id: 5040, name: 'TV/HD' },
  { id: 5045, name: 'TV/UHD' },
  { id: 5050, name: 'TV/Other' },
  { id: 5060, name: 'TV/Sport' },
  { id: 5070, name: 'TV/Anime' },
  { id: 5080, name: 'TV/Documentary' },
  { id: 6000, name: 'XXX' },
  { id: 7000, name: 'Books' },
  { id: 7010, name: 'Books/Mags' },
  { id: 7020, name: 'Books/EBook' },
  { id: 7030, name: 'Books/Comics' },
  { id: 7040, name: 'Books/Technical' },
  { id: 7050, name: 'Books/Other' },
  { id: 7060, name: 'Books/Foreign' },
  { id: 8000, name: 'Other' },
  { id: 8010, name: 'Other/Misc' },
  { id: 8020, name: 'Other/Hashed' },
];

const byId = new Map(CATEGORIES.map((c) => [c.id, c]));

export function findCategory(id: number): Category | undefined {
  return byId.get(id);
}

export function isParentCategory(id: number): boolean {
  return id % 1000 === 0;
}

/** The parent categories, in table order (for top-level menus). */
export function parentCategories(): Category[] {
  return CATEGORIES.filter((c) => isParentCategory(c.id));
}

/** The children of a parent id, in table order. */
export function childCategories(parentId: number): Category[] {
  return CATEGORIES.filter((c) => !isParentCategory(c.id) && Math.floor(c.id / 1000) * 1000 === parentId);
}
