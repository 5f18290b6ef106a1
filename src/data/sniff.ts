/**
 * Recognises what a file is FROM ITS CONTENT (first bytes / first lines): a zip archive, a ratings
 * table (and its delimiter, column count, header), a movies table (movies.dat, u.item, movies.csv),
 * another MovieLens table (users.dat, tags.csv, …), or invalid input (empty, binary, unknown delimiter).
 */
import Papa from 'papaparse';
import type { ByteSource } from './source';
import { MAX_LINE } from './textlines';
import { InputError, type RatingsFormat } from './types';

/** Layout of a ratings file, as detected. */
export interface RatingsLayout {
  role: 'ratings';
  format: RatingsFormat;
  /** '::', '\t' or ','. */
  delimiter: string;
  /** 3 (user, item, rating) or 4 (… timestamp). */
  columns: 3 | 4;
  /** The first non-blank line is a header to skip. */
  header: boolean;
}

/** Layout of a movies file, as detected. */
export interface MoviesLayout {
  role: 'movies';
  /** dat: id::title::genres; uitem: ML-100K u.item (pipes, 19 genre flags); csv: movieId,title,genres. */
  format: 'dat' | 'uitem' | 'csv';
  /** TextDecoder label: 'utf-8' or 'windows-1252' (Latin-1). */
  encoding: string;
}

/** What a file is, as recognised from its content. */
export type SourceKind =
  | { role: 'zip' }
  | RatingsLayout
  | MoviesLayout
  /** A recognised non-ratings table (users.dat, tags.csv, links.csv, README…). */
  | { role: 'other'; reason: string }
  | { role: 'invalid'; error: InputError };

/** Bytes read to sniff a file. */
export const SNIFF_BYTES = 1 << 16;

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
/** True when `s` (trimmed) is a decimal integer. */
export const isIntText = (s: string): boolean => INT.test(s.trim());
/** True when `s` (trimmed) is a plain decimal number (no hex, no Infinity, not empty). */
export const isNumText = (s: string): boolean => NUM.test(s.trim());

function looksBinary(b: Uint8Array): boolean {
  let ctrl = 0;
  for (let i = 0; i < b.length; i++) {
    const c = b[i];
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) ctrl++;
  }
  return ctrl > b.length / 100;
}

/**
 * UTF-16 text: a byte-order mark (FF FE / FE FF), or — without one — NUL in every other byte of the
 * first 64 bytes (ASCII text encoded as UTF-16LE or BE).
 */
export function looksUtf16(b: Uint8Array): boolean {
  if (b.length >= 2 && ((b[0] === 0xff && b[1] === 0xfe) || (b[0] === 0xfe && b[1] === 0xff))) return true;
  const n = Math.min(64, b.length & ~1);
  if (n < 4) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (b[i] === 0) evenNul++;
    if (b[i + 1] === 0) oddNul++;
  }
  const pairs = n / 2;
  return (oddNul === pairs && evenNul === 0) || (evenNul === pairs && oddNul === 0);
}

function isValidUtf8Prefix(b: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(b, { stream: true });
    return true;
  } catch {
    return false;
  }
}

/** Classifies `source` from its first bytes. Never throws for bad content: returns role 'invalid'. */
export async function sniffSource(source: ByteSource): Promise<SourceKind> {
  const name = source.name;
  const invalid = (line: number, reason: string): SourceKind => ({ role: 'invalid', error: new InputError(name, line, reason) });
  let head = await source.slice(0, SNIFF_BYTES);
  if (head.length === 0) return invalid(0, 'the file is empty');
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return { role: 'zip' };
  }
  if (head[0] === 0x1f && head[1] === 0x8b) return invalid(0, 'gzip-compressed file: decompress it first, or drop the .zip');
  if (looksUtf16(head)) return invalid(0, 'UTF-16 text: save it as UTF-8');
  if (looksBinary(head)) return invalid(0, 'binary file (contains NUL or control bytes), not a text table');
  if (head.indexOf(10) < 0 && source.size > head.length) {
    head = await source.slice(0, MAX_LINE + 1);
    if (looksBinary(head)) return invalid(0, 'binary file (contains NUL or control bytes), not a text table');
    if (head.indexOf(10) < 0 && source.size > MAX_LINE) return invalid(1, 'line is longer than 1 MB: not a ratings or movies text file');
  }
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  const body = head.subarray(bom);
  const highBytes = body.some((c) => c >= 0x80);
  const utf8 = isValidUtf8Prefix(body);
  const text = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252').decode(body);
  const all = text.split('\n');
  if (head.length < source.size && all.length > 1) all.pop(); // partial last line
  let lineNo = 0;
  let first = '';
  for (const raw of all) {
    lineNo++;
    const l = raw.replace(/\r$/, '');
    if (l.trim() !== '') {
      first = l;
      break;
    }
  }
  if (first === '') return invalid(0, 'the file is empty (only blank lines)');
  const hasHeader = (f: string[]) => !isIntText(f[0]) && /user|item|movie|rating/i.test(first);
  const ratings = (format: RatingsFormat, delimiter: string, f: string[]): SourceKind => {
    const header = hasHeader(f);
    if (f.length !== 3 && f.length !== 4) {
      const sep = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
      return invalid(lineNo, `expected 3 or 4 ${sep}-separated columns (user, item, rating[, timestamp]), found ${f.length}`);
    }
    return { role: 'ratings', format, delimiter, columns: f.length as 3 | 4, header };
  };
  const movieEncoding = highBytes && utf8 ? 'utf-8' : 'windows-1252';

  if (first.includes('::')) {
    const f = first.split('::');
    if (f.length === 4) return ratings('dat', '::', f);
    if (f.length === 3) {
      if (isNumText(f[2]) && isIntText(f[1])) return ratings('dat', '::', f);
      return { role: 'movies', format: 'dat', encoding: movieEncoding };
    }
    if (f.length === 5) return { role: 'other', reason: 'user demographics (users.dat), not ratings' };
    return invalid(lineNo, `expected 4 "::"-separated fields (user::item::rating::timestamp), found ${f.length}`);
  }
  if (first.includes('\t')) return ratings('tsv', '\t', first.split('\t'));
  if (first.includes('|')) {
    const f = first.split('|');
    if (f.length >= 6 && isIntText(f[0])) return { role: 'movies', format: 'uitem', encoding: movieEncoding };
    return { role: 'other', reason: 'a "|"-separated table that is not u.item (users, genres or occupations?)' };
  }
  if (first.includes(',')) {
    const f = (Papa.parse<string[]>(first, { delimiter: ',', header: false }).data[0] ?? []).map((s) => s.trim());
    if (f.some((s) => !isNumText(s))) {
      const cols = f.map((s) => s.toLowerCase());
      if (cols.some((c) => c.includes('rating')) && cols.some((c) => c.includes('user'))) return ratings('csv', ',', f);
      if (cols.includes('title')) return { role: 'movies', format: 'csv', encoding: 'utf-8' };
      if (!isIntText(f[0]) && cols.every((c) => /^[a-z_ ]+$/.test(c))) {
        return { role: 'other', reason: `a table with columns ${f.join(', ')}, not ratings` };
      }
    }
    return ratings('csv', ',', f);
  }
  const semi = first.includes(';') ? ' (found ";")' : '';
  return invalid(lineNo, `unknown delimiter${semi}: expected user, item, rating[, timestamp] columns separated by "::", a tab or a comma`);
}
