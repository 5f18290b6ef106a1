/**
 * Text output of the synthetic sample: ratings as ML-1M `.dat` or ML-20M `ratings.csv`, in chunks, and the
 * movie catalogue (fake "Title (Year)" titles, MovieLens genres correlated with each item's topic).
 */
import { ML_GENRES } from './movies';
import { Rng } from './rng';
import { checkSampleOptions, itemModel, sampleItemId, sampleUserRows, type SampleOptions } from './sampleModel';

/** Genre index of each topic (popular genres first). */
const TOPIC_GENRE = [7, 4, 0, 15, 13, 14, 10, 3, 1, 5, 16, 6, 11, 12, 2, 8, 17, 9];

const ADJ = [
  'Silent',
  'Last',
  'Red',
  'Broken',
  'Hidden',
  'Golden',
  'Dark',
  'Wild',
  'Lost',
  'Secret',
  'Crimson',
  'Frozen',
  'Endless',
  'Quiet',
  'Burning',
  'Electric',
  'Midnight',
  'Little',
  'Great',
  'Strange',
  'Lonely',
  'Savage',
];
const NOUN = [
  'Harbor',
  'River',
  'Kingdom',
  'Stranger',
  'Summer',
  'Machine',
  'Garden',
  'Highway',
  'Mirror',
  'Island',
  'Dream',
  'Station',
  'Empire',
  'Storm',
  'Heart',
  'Detective',
  'Circus',
  'Frontier',
  'Orchard',
  'Signal',
  'Voyage',
  'Witness',
];

function title(rng: Rng): string {
  const a = ADJ[rng.int(ADJ.length)];
  const b = NOUN[rng.int(NOUN.length)];
  const c = NOUN[rng.int(NOUN.length)];
  const year = 2000 - Math.floor(81 * rng.next() ** 2.5);
  const p = rng.next();
  const name =
    p < 0.3
      ? `${a} ${b}, The`
      : p < 0.5
        ? `${b} of the ${c}`
        : p < 0.6
          ? `${a} ${b} ${2 + rng.int(3)}`
          : p < 0.7
            ? `${b}, ${c} and Me`
            : `${a} ${b}`;
  return `${name} (${year})`;
}

/** Titles and genres of the sample's items (dense order); ASCII only, so valid as Latin-1 and UTF-8. */
export function sampleMovieRows(opts: SampleOptions): { ids: Int32Array; titles: string[]; genres: string[] } {
  const o = checkSampleOptions(opts);
  const m = itemModel(o.items, o.factors, o.seed);
  const rng = new Rng(o.seed ^ 0x27d4eb2f);
  const ids = new Int32Array(o.items);
  const titles: string[] = [];
  const genres: string[] = [];
  for (let i = 0; i < o.items; i++) {
    ids[i] = sampleItemId(i);
    titles.push(title(rng));
    const g = new Set([TOPIC_GENRE[m.topic[i] % TOPIC_GENRE.length]]);
    if (rng.next() < 0.5) g.add(rng.int(ML_GENRES.length));
    if (rng.next() < 0.15) g.add(rng.int(ML_GENRES.length));
    genres.push(
      [...g]
        .sort((x, y) => x - y)
        .map((x) => ML_GENRES[x])
        .join('|'),
    );
  }
  return { ids, titles, genres };
}

/** CSV field quoting (RFC 4180): quoted when it holds a comma, quote or newline. */
const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * The sample's ratings as text chunks of ~`linesPerChunk` lines: 'dat' = `user::item::rating::timestamp\n`
 * (ML-1M), 'csv' = header `userId,movieId,rating,timestamp` then `user,item,rating,timestamp\n` (ML-20M).
 * Lines are grouped by user (ascending), timestamps increasing within a user. Streams: O(items) memory.
 */
export function* sampleRatingsText(opts: SampleOptions, format: 'dat' | 'csv' = 'dat', linesPerChunk = 16384): Generator<string> {
  const sep = format === 'dat' ? '::' : ',';
  if (format === 'csv') yield 'userId,movieId,rating,timestamp\n';
  let parts: string[] = [];
  for (const row of sampleUserRows(opts)) {
    const pre = row.userId + sep;
    for (let c = 0; c < row.n; c++) {
      parts.push(`${pre}${sampleItemId(row.items[c])}${sep}${row.ratings[c]}${sep}${row.timestamps[c]}\n`);
    }
    if (parts.length >= linesPerChunk) {
      yield parts.join('');
      parts = [];
    }
  }
  if (parts.length) yield parts.join('');
}

/** ML-1M style `ratings.dat` chunks (same as sampleRatingsText(opts, 'dat')). */
export function sampleDatLines(opts: SampleOptions): Generator<string> {
  return sampleRatingsText(opts, 'dat');
}

/** The sample's movies as text: 'dat' = `id::title::genres` (movies.dat), 'csv' = movies.csv with header and quoting. */
export function sampleMoviesText(opts: SampleOptions, format: 'dat' | 'csv' = 'dat'): string {
  const { ids, titles, genres } = sampleMovieRows(opts);
  const lines: string[] = format === 'csv' ? ['movieId,title,genres'] : [];
  for (let i = 0; i < ids.length; i++) {
    lines.push(format === 'csv' ? `${ids[i]},${csvField(titles[i])},${csvField(genres[i])}` : `${ids[i]}::${titles[i]}::${genres[i]}`);
  }
  return `${lines.join('\n')}\n`;
}

function encodeChunks(chunks: Iterable<string>): Uint8Array {
  const enc = new TextEncoder();
  let buf = new Uint8Array(1 << 20);
  let n = 0;
  for (const s of chunks) {
    const need = n + s.length * 3;
    if (need > buf.length) {
      const b = new Uint8Array(Math.max(need, buf.length * 2));
      b.set(buf.subarray(0, n));
      buf = b;
    }
    n += enc.encodeInto(s, buf.subarray(n)).written;
  }
  return buf.slice(0, n);
}

/** The sample as in-memory files `ratings.dat` and `movies.dat` (ASCII), for ingesting through the real parser. */
export function sampleFiles(opts: SampleOptions): { name: string; bytes: Uint8Array }[] {
  return [
    { name: 'ratings.dat', bytes: encodeChunks(sampleRatingsText(opts, 'dat')) },
    { name: 'movies.dat', bytes: encodeChunks([sampleMoviesText(opts, 'dat')]) },
  ];
}
