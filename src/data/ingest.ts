/**
 * Ingest: turns dropped files (ratings, optional movies, or GroupLens zips) into a deduplicated
 * RatingsDataset, its stats, a report, an optional movie catalogue and warnings. Files are recognised
 * from their content, streamed chunk by chunk, and never held as one string. Runs in Node and workers.
 */
import { computeStats, buildDataset } from './dataset';
import { lookupMovie, parseMovies } from './movies';
import { parseRatings } from './ratings';
import { ratingOutlierWarning } from './ratingScale';
import { sniffSource, type MoviesLayout, type RatingsLayout, type SourceKind } from './sniff';
import type { ByteSource } from './source';
import { checkAbort } from './textlines';
import { InputError, type DatasetStats, type IngestReport, type MovieCatalog, type RatingsDataset } from './types';
import { zipEntries } from './zip';

/** Progress of the parse. Byte counts cover the files actually parsed (ratings + movies; zip entries uncompressed). */
export interface IngestProgress {
  /** File being parsed (inside a zip: "archive.zip/dir/ratings.dat"). */
  fileName: string;
  /** Bytes parsed so far over all parsed files; non-decreasing, ends equal to bytesTotal. */
  bytesDone: number;
  /** Sum of the sizes of all files to parse. */
  bytesTotal: number;
}

/** What ingestSources returns. */
export interface IngestResult {
  dataset: RatingsDataset;
  stats: DatasetStats;
  report: IngestReport;
  /** Catalogue from movies.dat / u.item / movies.csv when one was given (or found in the zip), else null. */
  movies: MovieCatalog | null;
  /** Human-readable notes: duplicates dropped, single-rating users, ignored files, titles not loaded… */
  warnings: string[];
}

/** Options of ingestSources. */
export interface IngestOptions {
  /** Called after every chunk parsed. */
  onProgress?: (p: IngestProgress) => void;
  /** Checked between chunks; aborting rejects with a DOMException named 'AbortError'. */
  signal?: AbortSignal;
}

interface Candidate {
  source: ByteSource;
  kind: SourceKind;
  /** Name of the zip it came from, or null for a top-level file. */
  zip: string | null;
}

const baseName = (name: string) => name.slice(name.lastIndexOf('/') + 1).toLowerCase();

/** Lower is preferred: canonical names first, ML-100K's u1.base…ub.test folds last. */
function ratingsRank(c: Candidate): number {
  const b = baseName(c.source.name);
  if (/^u\d\.(base|test)$|^u[ab]\.(base|test)$/.test(b)) return 2;
  return /^(u\.data|ratings\.(dat|csv|tsv|txt))$/.test(b) ? 0 : 1;
}

const moviesRank = (c: Candidate) => (/^(movies\.(dat|csv)|u\.item)$/.test(baseName(c.source.name)) ? 0 : 1);

async function expand(sources: ByteSource[], signal?: AbortSignal): Promise<Candidate[]> {
  const out: Candidate[] = [];
  for (const source of sources) {
    checkAbort(signal);
    const kind = await sniffSource(source);
    if (kind.role !== 'zip') {
      out.push({ source, kind, zip: null });
      continue;
    }
    let entries: ByteSource[];
    try {
      entries = await zipEntries(source);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push({ source, kind: { role: 'invalid', error: e }, zip: null });
      continue;
    }
    out.push({ source, kind, zip: null });
    for (const entry of entries) {
      checkAbort(signal);
      out.push({ source: entry, kind: await sniffSource(entry), zip: source.name });
    }
  }
  return out;
}

/** Picks the ratings and movies files, or throws the most helpful InputError. */
function choose(cands: Candidate[], warnings: string[]): { ratings: Candidate; movies: Candidate | null } {
  const ratings = cands
    .filter((c) => c.kind.role === 'ratings')
    .sort((a, b) => ratingsRank(a) - ratingsRank(b) || b.source.size - a.source.size);
  const movies = cands.filter((c) => c.kind.role === 'movies');
  if (ratings.length === 0) {
    const zip = cands.find((c) => c.kind.role === 'zip');
    if (zip) {
      const inside = cands.filter((c) => c.zip === zip.source.name).map((c) => baseName(c.source.name));
      const found = inside.length ? ` (found ${inside.slice(0, 8).join(', ')}${inside.length > 8 ? ', …' : ''})` : ' (it is empty)';
      throw new InputError(zip.source.name, 0, `no ratings file in the archive${found}: expected ratings.dat, u.data or ratings.csv`);
    }
    if (movies.length) {
      throw new InputError(
        movies[0].source.name,
        0,
        'contains movie titles, not ratings: drop a ratings file with it (ratings.dat, u.data or ratings.csv)',
      );
    }
    const bad = cands.find((c) => c.kind.role === 'invalid');
    if (bad && bad.kind.role === 'invalid') throw bad.kind.error;
    const other = cands.find((c) => c.kind.role === 'other');
    if (other && other.kind.role === 'other') {
      throw new InputError(other.source.name, 0, `${other.kind.reason}: drop a ratings file (ratings.dat, u.data or ratings.csv)`);
    }
    throw new InputError('(no file)', 0, 'no files given: drop a ratings file (ratings.dat, u.data or ratings.csv)');
  }
  const chosen = ratings[0];
  const rivals = ratings.slice(1).filter((c) => c.zip === null || ratingsRank(c) < 2);
  if (rivals.length)
    warnings.push(`Several ratings files: using ${chosen.source.name}; ignored ${rivals.map((c) => c.source.name).join(', ')}.`);
  for (const c of cands) {
    if (c.zip === null && (c.kind.role === 'invalid' || c.kind.role === 'other')) {
      warnings.push(`Ignored ${c.source.name}: ${c.kind.role === 'invalid' ? c.kind.error.reason : c.kind.reason}.`);
    }
  }
  movies.sort(
    (a, b) => +(a.zip !== chosen.zip) - +(b.zip !== chosen.zip) || moviesRank(a) - moviesRank(b) || b.source.size - a.source.size,
  );
  return { ratings: chosen, movies: movies[0] ?? null };
}

/**
 * Parses several dropped files at once: finds the ratings file and the optional movies file by content
 * (also inside GroupLens zips), streams them, and builds the deduplicated dataset and its stats.
 * Throws InputError for bad input and a DOMException named 'AbortError' when `opts.signal` aborts.
 */
export async function ingestSources(sources: ByteSource[], opts: IngestOptions = {}): Promise<IngestResult> {
  const t0 = performance.now();
  const { signal, onProgress } = opts;
  const warnings: string[] = [];
  const chosen = choose(await expand(sources, signal), warnings);
  const rSrc = chosen.ratings.source;
  const mSrc = chosen.movies?.source ?? null;
  const bytesTotal = rSrc.size + (mSrc?.size ?? 0);
  let bytesDone = 0;
  const progress = (fileName: string) => (bytes: number) => {
    bytesDone = Math.min(bytesTotal, bytesDone + bytes);
    onProgress?.({ fileName, bytesDone, bytesTotal });
  };
  const layout = chosen.ratings.kind as RatingsLayout;
  const tParse = performance.now();
  const parsed = await parseRatings(rSrc, layout, { signal, onBytes: progress(rSrc.name) });
  const tBuild = performance.now();
  if (parsed.cols.n === 0) throw new InputError(rSrc.name, 0, 'no ratings: the file has no data lines');
  const outlier = ratingOutlierWarning(rSrc.name, parsed.cols.ratings, parsed.cols.n, parsed.extreme);
  if (outlier) warnings.push(outlier);
  if (bytesDone < rSrc.size) progress(rSrc.name)(rSrc.size - bytesDone);
  const { dataset, duplicatesDropped } = buildDataset(parsed.cols);
  const stats = computeStats(dataset);
  const tEnd = performance.now();
  const parseMs = tEnd - t0;
  const phasesMs = { read: parsed.readMs, scan: tBuild - tParse - parsed.readMs, build: tEnd - tBuild };
  if (duplicatesDropped > 0) {
    warnings.push(`${duplicatesDropped} duplicate (user, item) ratings dropped: kept the latest by timestamp.`);
  }
  if (stats.singleRatingUsers > 0) {
    warnings.push(`${stats.singleRatingUsers} users have a single rating: they stay in training and cannot be evaluated.`);
  }

  let movies: MovieCatalog | null = null;
  if (mSrc) {
    const before = bytesDone;
    try {
      const skipped: string[] = [];
      const onSkip = (line: number, reason: string) => skipped.push(`${mSrc.name}, line ${line}: ${reason}`);
      movies = await parseMovies(mSrc, chosen.movies!.kind as MoviesLayout, { signal, onBytes: progress(mSrc.name), onSkip });
      for (const w of skipped.slice(0, 5)) warnings.push(`${w}; its title is not loaded.`);
      if (skipped.length > 5) warnings.push(`${skipped.length - 5} more lines of ${mSrc.name} could not be read (titles not loaded).`);
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      warnings.push(`Movie titles not loaded: ${e.message}.`);
    }
    if (bytesDone < before + mSrc.size) progress(mSrc.name)(before + mSrc.size - bytesDone);
    if (movies) {
      let missing = 0;
      for (const id of dataset.itemIds) if (!lookupMovie(movies, id)) missing++;
      if (missing > 0) warnings.push(`${missing} of ${stats.items} rated items have no title in ${mSrc.name}.`);
    }
  }
  const report: IngestReport = { fileName: rSrc.name, format: layout.format, lines: parsed.lines, duplicatesDropped, parseMs, phasesMs };
  return { dataset, stats, report, movies, warnings };
}
