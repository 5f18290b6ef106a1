/**
 * Streaming parser of ratings tables (ML-1M/10M ratings.dat, ML-100K u.data, tab-separated exports,
 * ratings.csv) into growable typed columns. Works on the raw bytes of each chunk (ratings are ASCII
 * numbers, so no text decoding is needed on the hot path, and a chunk boundary inside a multi-byte
 * character is harmless); the partial last line is carried to the next chunk. Any line the hot path
 * cannot read as plain numbers is decoded (UTF-8, fatal) and re-read by a careful slow path
 * (papaparse for quoted CSV) that either accepts it or throws a precise InputError.
 */
import Papa from 'papaparse';
import { RatingColumns } from './columns';
import type { RatingsLayout } from './sniff';
import type { ByteSource } from './source';
import { checkAbort, MAX_LINE } from './textlines';
import { InputError } from './types';

/** Parsed ratings rows, in file order. */
export interface ParsedRatings {
  cols: RatingColumns;
  /** Data lines read (header and blank lines excluded). */
  lines: number;
  /** Wall ms spent waiting for the source's chunks (the rest of the call is parsing). */
  readMs: number;
  /** The rating of largest magnitude and its 1-based line (for the outlier check; line 0 when no rows). */
  extreme: { rating: number; line: number };
}

/** Options of parseRatings. */
export interface ParseRatingsOptions {
  signal?: AbortSignal;
  /** Bytes of the source consumed, after each chunk. */
  onBytes?: (bytes: number) => void;
}

const INT32_MAX = 2147483647;
/** Largest finite float32: ratings are stored and trained as float32. */
const FLOAT32_MAX = 3.4028234663852886e38;

const INT = /^[+-]?\d+$/;
const NUM = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Careful parse of one line's bytes; returns [user, item, rating, timestamp] or throws InputError. */
function slowLine(bytes: Uint8Array, lineNo: number, layout: RatingsLayout, name: string): [number, number, number, number] {
  const { delimiter, columns } = layout;
  if (bytes.some((b) => b < 32 && b !== 9 && b !== 13))
    throw new InputError(name, lineNo, 'binary data (NUL or control bytes): not a text ratings file');
  let line: string;
  try {
    line = utf8.decode(bytes);
  } catch {
    throw new InputError(name, lineNo, 'not valid UTF-8 text (is it a binary file?)');
  }
  const f =
    delimiter === ',' && line.includes('"')
      ? (Papa.parse<string[]>(line, { delimiter: ',', header: false }).data[0] ?? [])
      : line.split(delimiter);
  const sep = delimiter === '\t' ? 'tab' : `"${delimiter}"`;
  const what = columns === 4 ? 'user, item, rating, timestamp' : 'user, item, rating';
  if (f.length !== columns) {
    throw new InputError(name, lineNo, `expected ${columns} ${sep}-separated columns (${what}), found ${f.length}`);
  }
  const fail = (reason: string) => new InputError(name, lineNo, reason);
  const id = (s: string, label: string) => {
    const t = s.trim();
    if (!INT.test(t)) throw fail(`${label} "${t.slice(0, 40)}" is not an integer`);
    const v = Number(t);
    if (v > INT32_MAX || v < -INT32_MAX - 1) throw fail(`${label} ${t} is out of range (ids must fit in 32 bits)`);
    return v;
  };
  const num = (s: string, label: string) => {
    const t = s.trim();
    const v = NUM.test(t) ? Number(t) : NaN;
    if (!Number.isFinite(v)) throw fail(`${label} "${t.slice(0, 40)}" is not a finite number`);
    return v;
  };
  const rating = num(f[2], 'rating');
  if (Math.abs(rating) > FLOAT32_MAX) throw fail(`rating ${f[2].trim().slice(0, 40)} is outside the float32 range (±3.4e38)`);
  return [id(f[0], 'user id'), id(f[1], 'item id'), rating, columns === 4 ? num(f[3], 'timestamp') : 0];
}

/** Parser state carried across chunks. */
interface ScanState {
  headerPending: boolean;
  /** Number of the last line started (1-based). */
  line: number;
  lines: number;
  /** The rating of largest magnitude so far and its line. */
  extreme: number;
  extremeLine: number;
}

const isBlank = (b: Uint8Array) => b.every((c) => c === 32 || c === 9 || c === 13);

/**
 * Scans buf[from, to) — complete lines (the region end counts as a line end) — into `cols`.
 * Fast path: plain decimal fields separated by the delimiter, parsed in place from the bytes.
 */
function scanBytes(
  buf: Uint8Array,
  from: number,
  to: number,
  layout: RatingsLayout,
  cols: RatingColumns,
  st: ScanState,
  name: string,
): void {
  const d = layout.delimiter.charCodeAt(0);
  const step = layout.delimiter.length;
  const ncols = layout.columns;
  const last = ncols - 1;
  const four = ncols === 4;
  const vals = new Float64Array(4);
  let { users, items, ratings, timestamps } = cols;
  let n = cols.n;
  let cap = users.length;
  let line = st.line;
  let lines = 0;
  let p = from;
  while (p < to) {
    line++;
    const start = p;
    let c = buf[p];
    if (c === 10) {
      p++;
      continue;
    }
    let q = p;
    let ok = !st.headerPending;
    for (let f = 0; f < ncols && ok; f++) {
      c = q < to ? buf[q] : 10;
      const neg = c === 45;
      if (neg) q++;
      let v = 0;
      let digits = 0;
      for (; q < to; q++) {
        c = buf[q];
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
        digits++;
      }
      if (q === to) c = 10;
      if (f >= 2 && c === 46) {
        q++;
        let scale = 1;
        for (; q < to; q++) {
          c = buf[q];
          if (c < 48 || c > 57) break;
          v = v * 10 + (c - 48);
          scale *= 10;
          digits++;
        }
        if (q === to) c = 10;
        v /= scale;
      }
      if (digits === 0 || digits > 15 || (f < 2 && (digits > 10 || v > INT32_MAX))) ok = false;
      vals[f] = neg ? -v : v;
      if (f < last) {
        if (c === d && (step === 1 || buf[q + 1] === d)) q += step;
        else ok = false;
      } else if (c === 13 && (q + 1 === to || buf[q + 1] === 10)) q++;
      else if (c !== 10) ok = false;
    }
    let u = vals[0];
    let i = vals[1];
    let r = vals[2];
    let t = four ? vals[3] : 0;
    if (ok) p = q + 1;
    else {
      let nl = buf.indexOf(10, start);
      if (nl < 0 || nl >= to) nl = to;
      p = nl + 1;
      if (nl - start > MAX_LINE) throw new InputError(name, line, 'line is longer than 1 MB: not a ratings text file');
      let lineBytes = buf.subarray(start, nl);
      if (line === 1 && lineBytes[0] === 0xef && lineBytes[1] === 0xbb && lineBytes[2] === 0xbf) lineBytes = lineBytes.subarray(3);
      if (isBlank(lineBytes)) continue;
      if (st.headerPending) {
        st.headerPending = false;
        continue;
      }
      if (lineBytes[lineBytes.length - 1] === 13) lineBytes = lineBytes.subarray(0, -1);
      [u, i, r, t] = slowLine(lineBytes, line, layout, name);
    }
    lines++;
    if (Math.abs(r) > Math.abs(st.extreme)) {
      st.extreme = r;
      st.extremeLine = line;
    }
    if (n === cap) {
      cols.n = n;
      cols.reserve(1);
      ({ users, items, ratings, timestamps } = cols);
      cap = users.length;
    }
    users[n] = u;
    items[n] = i;
    ratings[n] = r;
    timestamps[n] = t;
    n++;
  }
  cols.n = n;
  st.line = line;
  st.lines += lines;
}

/**
 * Streams `source` and parses every data line per `layout` (as detected by sniffSource).
 * Throws InputError (file, 1-based line, reason) for malformed lines or a line over 1 MB, and a
 * DOMException named 'AbortError' when `opts.signal` is aborted (checked between chunks).
 */
export async function parseRatings(source: ByteSource, layout: RatingsLayout, opts: ParseRatingsOptions = {}): Promise<ParsedRatings> {
  const cols = new RatingColumns(Math.min(source.size / 20 + 1024, 1 << 26));
  const st: ScanState = { headerPending: layout.header, line: 0, lines: 0, extreme: 0, extremeLine: 0 };
  const name = source.name;
  let carry: Uint8Array | null = null;
  checkAbort(opts.signal);
  const it = source.stream()[Symbol.asyncIterator]();
  let readMs = 0;
  let done = false;
  try {
    for (;;) {
      const tr = performance.now();
      const next = await it.next();
      readMs += performance.now() - tr;
      if (next.done) {
        done = true;
        break;
      }
      const chunk = next.value;
      checkAbort(opts.signal);
      let from = 0;
      if (carry) {
        const nl = chunk.indexOf(10);
        const headLen = nl < 0 ? chunk.length : nl + 1;
        const joined: Uint8Array = new Uint8Array(carry.length + headLen);
        joined.set(carry);
        joined.set(chunk.subarray(0, headLen), carry.length);
        if (nl < 0) {
          carry = joined;
          if (carry.length > MAX_LINE) throw new InputError(name, st.line + 1, 'line is longer than 1 MB: not a ratings text file');
          opts.onBytes?.(chunk.length);
          continue;
        }
        carry = null;
        scanBytes(joined, 0, joined.length, layout, cols, st, name);
        from = headLen;
      }
      const cut = chunk.lastIndexOf(10) + 1;
      if (cut > from) scanBytes(chunk, from, cut, layout, cols, st, name);
      const rest = Math.max(cut, from);
      if (rest < chunk.length) {
        carry = chunk.slice(rest);
        if (carry.length > MAX_LINE) throw new InputError(name, st.line + 1, 'line is longer than 1 MB: not a ratings text file');
      }
      opts.onBytes?.(chunk.length);
    }
  } finally {
    if (!done) void it.return?.(undefined);
  }
  checkAbort(opts.signal);
  if (carry) scanBytes(carry, 0, carry.length, layout, cols, st, name);
  return { cols, lines: st.lines, readMs, extreme: { rating: st.extreme, line: st.extremeLine } };
}
