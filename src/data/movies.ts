/**
 * Movie catalogues: ML-1M/10M movies.dat (`id::title::genres`, Latin-1), ML-100K u.item
 * (`id|title|date|video|url|19 genre flags`, Latin-1) and movies.csv (`movieId,title,genres`, UTF-8,
 * quoted titles). Streamed with the line-carrying decoder; lines are split with papaparse.
 */
import Papa from 'papaparse';
import type { MoviesLayout } from './sniff';
import type { ByteSource } from './source';
import { textBlocks } from './textlines';
import { InputError, type MovieCatalog } from './types';

/** The 18 MovieLens (ML-1M) genres, in their canonical order. */
export const ML_GENRES = [
  'Action',
  'Adventure',
  'Animation',
  "Children's",
  'Comedy',
  'Crime',
  'Documentary',
  'Drama',
  'Fantasy',
  'Film-Noir',
  'Horror',
  'Musical',
  'Mystery',
  'Romance',
  'Sci-Fi',
  'Thriller',
  'War',
  'Western',
] as const;

/** The 19 genre flags of ML-100K u.item, in column order: `unknown`, then the 18 above. */
export const UITEM_GENRES = ['unknown', ...ML_GENRES] as const;

/** Options of parseMovies. */
export interface ParseMoviesOptions {
  signal?: AbortSignal;
  /** Bytes of the source consumed, after each chunk. */
  onBytes?: (bytes: number) => void;
  /** Called for each line skipped because it cannot be split into fields (its title is not loaded). */
  onSkip?: (line: number, reason: string) => void;
}

/**
 * Fields of one movies.csv line, or the reason it cannot be read. Lines are parsed one by one so that
 * an unbalanced quote spoils its own line only (not every line after it).
 */
function csvFields(line: string, columns: number): string[] | string {
  let f: string[];
  if (line.includes('"')) {
    const r = Papa.parse<string[]>(line, { delimiter: ',', header: false });
    if (r.errors.length > 0 || r.data.length !== 1) return 'unbalanced quotes (quote a title that has commas, and double its own quotes)';
    f = r.data[0];
  } else f = line.split(',');
  if (columns > 0 && f.length !== columns) return `expected ${columns} comma-separated fields, found ${f.length}`;
  return f;
}

/**
 * Builds a catalogue sorted by ascending id from parallel arrays (any order).
 * A repeated id keeps its first occurrence.
 */
export function buildCatalog(ids: ArrayLike<number>, titles: string[], genres: string[], fileName: string): MovieCatalog {
  const order = Array.from({ length: ids.length }, (_, k) => k).sort((a, b) => ids[a] - ids[b] || a - b);
  const out: number[] = [];
  const t: string[] = [];
  const g: string[] = [];
  for (const k of order) {
    if (out.length && out[out.length - 1] === ids[k]) continue;
    out.push(ids[k]);
    t.push(titles[k]);
    g.push(genres[k]);
  }
  return { ids: Int32Array.from(out), titles: t, genres: g, fileName };
}

/** Title and genres ('|'-joined) of an original item id, or null when absent. Binary search: O(log n). */
export function lookupMovie(catalog: MovieCatalog, itemId: number): { title: string; genres: string } | null {
  const ids = catalog.ids;
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid];
    if (v === itemId) return { title: catalog.titles[mid], genres: catalog.genres[mid] };
    if (v < itemId) lo = mid + 1;
    else hi = mid - 1;
  }
  return null;
}

/**
 * Streams and parses a movies file detected by sniffSource. Throws InputError (file, line, reason) for
 * a malformed line (e.g. a non-integer id) and AbortError when aborted.
 */
export async function parseMovies(source: ByteSource, layout: MoviesLayout, opts: ParseMoviesOptions = {}): Promise<MovieCatalog> {
  const ids: number[] = [];
  const titles: string[] = [];
  const genres: string[] = [];
  const delimiter = layout.format === 'dat' ? '::' : layout.format === 'uitem' ? '|' : ',';
  let headerPending = layout.format === 'csv';
  let idCol = 0;
  let titleCol = 1;
  let genresCol = 2;
  /** Fields per csv line (from the header). */
  let columns = 0;
  const blocks = textBlocks(source, { encoding: layout.encoding, signal: opts.signal, onBytes: opts.onBytes });
  for await (const { text, firstLine } of blocks) {
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let r = 0; r < lines.length; r++) {
      const raw = lines[r].replace(/\r$/, '');
      const line = firstLine + r;
      if (raw.trim() === '') continue;
      const parsed = layout.format === 'csv' ? csvFields(raw, headerPending ? 0 : columns) : raw.split(delimiter);
      if (typeof parsed === 'string') {
        opts.onSkip?.(line, parsed);
        continue;
      }
      const f = parsed;
      if (f.length > 0) f[f.length - 1] = f[f.length - 1].replace(/\r$/, '');
      if (headerPending) {
        headerPending = false;
        const names = f.map((s) => s.trim().toLowerCase());
        idCol = Math.max(
          0,
          names.findIndex((s) => /movie_?id|^id$|item/.test(s)),
        );
        titleCol = Math.max(0, names.indexOf('title'));
        genresCol = names.indexOf('genres');
        columns = f.length;
        continue;
      }
      const idText = (f[idCol] ?? '').trim();
      if (!/^[+-]?\d+$/.test(idText) || Math.abs(Number(idText)) > 2147483647) {
        throw new InputError(source.name, line, `movie id "${idText.slice(0, 40)}" is not an integer`);
      }
      let title: string;
      let g = '';
      if (layout.format === 'dat') {
        if (f.length < 3) throw new InputError(source.name, line, `expected id::title::genres, found ${f.length} fields`);
        title = f.slice(1, -1).join('::');
        g = f[f.length - 1];
      } else if (layout.format === 'uitem') {
        if (f.length < 2) throw new InputError(source.name, line, 'expected id|title|date|video|url|19 genre flags');
        title = f[1];
        if (f.length >= 24) g = UITEM_GENRES.filter((_, k) => f[f.length - 19 + k].trim() === '1').join('|');
      } else {
        title = f[titleCol] ?? '';
        g = genresCol >= 0 ? (f[genresCol] ?? '') : '';
      }
      ids.push(Number(idText));
      titles.push(title.trim());
      genres.push(g.trim());
    }
  }
  return buildCatalog(ids, titles, genres, source.name);
}
