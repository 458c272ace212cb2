import { createHash } from 'node:crypto';
import { encode, concat } from '../../core/protocol/bencode.js';
import type { NewTorrent } from '../../search-server/db/types.js';

/**
 * Deterministic generator of realistic torrents: scene-style TV and movie releases, music
 * albums, books, software and misc, with file lists of 1–50 files. Title words follow a Zipf
 * law over a vocabulary of real words plus generated ones, so a few words are in a large share
 * of rows and most are rare, as in real indexes. Fixed tags (1080p, mkv, FLAC...) give terms
 * that match far more than a fifth of the rows.
 */

const COMMON = (
  'the of and a to in love night man world dark last day life war house time black city girl ' +
  'star dead king blood secret little story game new return lost road wild fire river queen ' +
  'shadow dream moon sun iron heart bad good big red blue white green gold silver summer winter ' +
  'angel devil ghost island ocean storm north south east west empire kingdom hunter doctor ' +
  'brother sister mother father family child children school house street town village castle ' +
  'war peace light sky earth stone glass paper steel wolf lion tiger eagle dragon snake horse ' +
  'highway garden forest mountain desert valley lake sea bridge tower station train ship plane'
).split(' ');

const SYLLABLES = 'ka ri to mo na shi ven dor al ber cal lin ta ro mi sa el ur on fen gar tel vi zan qua'.split(' ');
const GROUPS = 'NTb FLUX SPARKS GalaxyRG RARBG YIFY CAKES TEPES KOGi ETHEL NOGRP SuccessfulCrab'.split(' ');
const SOURCES = ['WEB-DL', 'WEBRip', 'HDTV', 'BluRay', 'AMZN.WEB-DL', 'NF.WEB-DL'];
const CODECS = ['x264', 'x265', 'H.264', 'HEVC', 'AV1'];
const AUDIO = ['FLAC', 'MP3 320', 'MP3 V0', '24bit FLAC', 'AAC'];
const BOOKS = ['EPUB', 'PDF', 'MOBI', 'AZW3'];
const SOFTWARE = [
  ['Ubuntu', 'desktop amd64'],
  ['Debian', 'netinst amd64'],
  ['Fedora Workstation', 'x86_64'],
  ['LibreOffice', 'Win x64'],
  ['GIMP', 'setup x64'],
  ['Blender', 'linux x64'],
  ['Arch Linux', 'x86_64'],
  ['Krita', 'portable x64'],
  ['Learning C++', 'ebook'],
  ['Notepad++', 'installer x64'],
];
const TRACKERS = ['udp://tracker.example.org:1337/announce', 'wss://tracker.shoal.example/announce'];

export class Random {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** mulberry32: fast, good enough, reproducible. */
  next(): number {
    let t = (this.#state = (this.#state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }
}

/** A vocabulary with Zipf(s≈1) weights: word k is drawn with probability ∝ 1/(k+10). */
export class Vocabulary {
  readonly words: string[];
  readonly #cumulative: Float64Array;

  constructor(size: number, random: Random) {
    const words = new Set(COMMON);
    while (words.size < size) {
      const n = random.int(2, 4);
      let word = '';
      for (let i = 0; i < n; i += 1) word += random.pick(SYLLABLES);
      words.add(word);
    }
    this.words = [...words];
    this.#cumulative = new Float64Array(this.words.length);
    let total = 0;
    this.words.forEach((_, k) => {
      total += 1 / (k + 10);
      this.#cumulative[k] = total;
    });
  }

  draw(random: Random): string {
    const target = random.next() * this.#cumulative[this.#cumulative.length - 1]!;
    let lo = 0;
    let hi = this.#cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.#cumulative[mid]! < target) lo = mid + 1;
      else hi = mid;
    }
    return this.words[lo]!;
  }

  phrase(random: Random, min: number, max: number): string[] {
    return Array.from({ length: random.int(min, max) }, () => capital(this.draw(random)));
  }
}

interface Shape {
  name: string;
  category: number;
  files: { path: string[]; length: number }[];
}

type Maker = (random: Random, vocabulary: Vocabulary) => Shape;

const MB = 1024 * 1024;

function capital(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function video(random: Random): string {
  const resolution = random.next() < 0.6 ? '1080p' : random.pick(['720p', '2160p', '480p']);
  return `${resolution}.${random.pick(SOURCES)}.${random.pick(CODECS)}-${random.pick(GROUPS)}`;
}

const tv: Maker = (random, vocabulary) => {
  const show = vocabulary.phrase(random, 1, 3).join('.');
  const season = pad(random.int(1, 12));
  const release = video(random);
  if (random.next() < 0.8) {
    const name = `${show}.S${season}E${pad(random.int(1, 24))}.${release}`;
    return {
      name,
      category: random.pick([5040, 5030, 5010]),
      files: [{ path: [`${name}.mkv`], length: random.int(200, 3000) * MB }],
    };
  }
  const name = `${show}.S${season}.${release}`;
  const files = Array.from({ length: random.int(6, 24) }, (_, e) => ({
    path: [`${show}.S${season}E${pad(e + 1)}.${release}.mkv`],
    length: random.int(300, 2500) * MB,
  }));
  return { name, category: 5000, files };
};

const movie: Maker = (random, vocabulary) => {
  const name = `${vocabulary.phrase(random, 1, 4).join('.')}.${random.int(1950, 2025)}.${video(random)}`;
  const files = [{ path: [`${name}.mkv`], length: random.int(700, 20000) * MB }];
  if (random.next() < 0.5)
    files.push({
      path: ['Subs', `${random.pick(['English', 'French', 'Spanish'])}.srt`],
      length: random.int(40, 120) * 1024,
    });
  if (random.next() < 0.3) files.push({ path: [`${name}.nfo`], length: random.int(1, 8) * 1024 });
  return { name, category: random.pick([2040, 2045, 2030, 2000]), files };
};

const album: Maker = (random, vocabulary) => {
  const format = random.pick(AUDIO);
  const name = `${vocabulary.phrase(random, 1, 3).join(' ')} - ${vocabulary.phrase(random, 1, 4).join(' ')} (${random.int(1960, 2025)}) [${format}]`;
  const ext = format.includes('FLAC') ? 'flac' : format === 'AAC' ? 'm4a' : 'mp3';
  const files = Array.from({ length: random.int(6, 20) }, (_, t) => ({
    path: [`${pad(t + 1)} - ${vocabulary.phrase(random, 1, 4).join(' ')}.${ext}`],
    length: random.int(3, ext === 'flac' ? 60 : 12) * MB,
  }));
  files.push({ path: ['cover.jpg'], length: random.int(100, 900) * 1024 });
  return { name, category: ext === 'flac' ? 3040 : 3010, files };
};

const book: Maker = (random, vocabulary) => {
  const author = `${vocabulary.phrase(random, 2, 2).join(' ')}`;
  const title = vocabulary.phrase(random, 2, 6).join(' ');
  const formats = Array.from({ length: random.int(1, 3) }, () => random.pick(BOOKS));
  const name = `${author} - ${title} (${random.int(1900, 2025)}) [${formats[0]}]`;
  const files = [...new Set(formats)].map((f) => ({
    path: [`${author} - ${title}.${f.toLowerCase()}`],
    length: random.int(200, 30000) * 1024,
  }));
  return { name, category: random.pick([7020, 7040, 7000]), files };
};

const software: Maker = (random, vocabulary) => {
  const [product, suffix] = random.pick(SOFTWARE);
  const name = `${product} ${random.int(1, 24)}.${pad(random.int(0, 12))} ${suffix} ${capital(vocabulary.draw(random))}`;
  const files = Array.from({ length: random.int(1, 50) }, (_, i) => ({
    path:
      i === 0 ? [`${name.replaceAll(' ', '-').toLowerCase()}.iso`] : ['docs', `${vocabulary.draw(random)}-${i}.txt`],
    length: i === 0 ? random.int(500, 5000) * MB : random.int(1, 200) * 1024,
  }));
  return { name, category: random.pick([4000, 4020, 4010]), files };
};

const misc: Maker = (random, vocabulary) => {
  const words = vocabulary.phrase(random, 2, 5);
  const folder = words.join(' ');
  const files = Array.from({ length: random.int(1, 50) }, () => ({
    path: [
      capital(vocabulary.draw(random)),
      `${vocabulary.phrase(random, 1, 3).join('_')}.${random.pick(['jpg', 'png', 'zip', 'pdf'])}`,
    ],
    length: random.int(10, 5000) * 1024,
  }));
  return { name: folder, category: random.pick([8000, 8010]), files };
};

/** Category mix: TV 30%, movies 25%, music 20%, books 10%, software 10%, misc 5%. */
const MIX: [number, Maker][] = [
  [0.3, tv],
  [0.55, movie],
  [0.75, album],
  [0.85, book],
  [0.95, software],
  [1, misc],
];

/** Piece hashes kept per fake .torrent: real ones carry 20–60 KiB; see bench/RESULTS.md. */
const PIECE_BYTES = 1000;

export function makeTorrent(random: Random, vocabulary: Vocabulary, createdAt: number): NewTorrent {
  const roll = random.next();
  const shape = MIX.find(([edge]) => roll < edge)![1](random, vocabulary);
  const files = dedupe(shape.files);
  const size = files.reduce((sum, f) => sum + f.length, 0);
  const multiFile = files.length > 1 || files[0]!.path.length > 1;
  const info = encode({
    ...(multiFile ? { files: files.map((f) => ({ length: f.length, path: f.path })) } : { length: size }),
    name: shape.name,
    'piece length': 4 * MB,
    pieces: Buffer.alloc(PIECE_BYTES, random.int(0, 255)),
  });
  const torrentBytes = concat([
    encode({ announce: TRACKERS[0]! }).subarray(0, -1),
    Buffer.from('4:info'),
    info,
    Buffer.from('e'),
  ]);
  return {
    infoHash: createHash('sha1').update(info).digest('hex'),
    name: shape.name,
    category: shape.category,
    size,
    files: multiFile ? files : [{ path: [shape.name], length: size }],
    trackers: TRACKERS,
    torrentBytes,
    createdAt,
  };
}

/** Torrent paths must be unique; generated names can collide. */
function dedupe(files: { path: string[]; length: number }[]): { path: string[]; length: number }[] {
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = f.path.join('/');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
