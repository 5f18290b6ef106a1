/**
 * Seeded generator of MovieLens-shaped data (public API). Long-tailed user activity (every user ≥ 20
 * ratings when ratings ≥ 20·users), Zipf-like item popularity, integer ratings 1–5 from a low-rank taste
 * model (so collaborative filtering beats popularity), increasing timestamps per user, fake titles and
 * MovieLens genres. No duplicate (user, item). The model itself is described in sampleModel.ts.
 */
import { RatingColumns } from './columns';
import { buildDataset } from './dataset';
import { buildCatalog } from './movies';
import { checkSampleOptions, sampleItemId, sampleUserRows, type SampleOptions } from './sampleModel';
import { sampleFiles, sampleMovieRows } from './sampleText';
import type { MovieCatalog, RatingsDataset } from './types';

export type { SampleOptions, UserRows } from './sampleModel';
export { sampleItemId, sampleUserRows } from './sampleModel';
export { ML_GENRES } from './movies';
export { sampleDatLines, sampleMovieRows, sampleMoviesText, sampleRatingsText } from './sampleText';

/** The built-in sample: ≈ ML-100K shape (1,000 users × 1,700 items × 100,000 ratings). */
export const DEFAULT_SAMPLE: Required<SampleOptions> = { users: 1000, items: 1700, ratings: 100_000, seed: 1, factors: 8 };

/** Size presets (shape of the GroupLens datasets). */
export const SAMPLE_PRESETS: Record<'sample' | 'ml-1m' | 'ml-20m', Omit<SampleOptions, 'seed'>> = {
  sample: { users: 1000, items: 1700, ratings: 100_000 },
  'ml-1m': { users: 6040, items: 3706, ratings: 1_000_209 },
  'ml-20m': { users: 138_493, items: 26_744, ratings: 20_000_263 },
};

/** Fills missing options from DEFAULT_SAMPLE. */
export function sampleOptions(partial: Partial<SampleOptions> = {}): Required<SampleOptions> {
  const o = { ...DEFAULT_SAMPLE };
  for (const [k, v] of Object.entries(partial)) if (v !== undefined) (o as Record<string, number>)[k] = v;
  return checkSampleOptions(o);
}

/**
 * Generates the sample in memory: the dataset (exactly `ratings` ratings, `users` users, and `items` items
 * when ratings ≥ items) and its movie catalogue (all items). Same options ⇒ identical output.
 */
export function generateSample(partial: Partial<SampleOptions> = {}): { dataset: RatingsDataset; movies: MovieCatalog } {
  const opts = sampleOptions(partial);
  const cols = new RatingColumns(opts.ratings);
  for (const row of sampleUserRows(opts)) {
    for (let c = 0; c < row.n; c++) cols.push(row.userId, sampleItemId(row.items[c]), row.ratings[c], row.timestamps[c]);
  }
  const { dataset } = buildDataset(cols);
  const m = sampleMovieRows(opts);
  return { dataset, movies: buildCatalog(m.ids, m.titles, m.genres, 'movies.dat') };
}

/**
 * The sample as in-memory files (`ratings.dat`, `movies.dat`) to feed through `ingestSources`
 * with `bufferSource` — used by the app's "built-in sample" (missing options from DEFAULT_SAMPLE).
 */
export function generateSampleFiles(partial: Partial<SampleOptions> = {}): { name: string; bytes: Uint8Array }[] {
  return sampleFiles(sampleOptions(partial));
}
