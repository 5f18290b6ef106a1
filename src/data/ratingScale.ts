/**
 * Checks the rating scale for one value that dominates it: min-max scaling (the tutorial's input)
 * divides by the range, so a single 1e30 among 1–5 stars squashes every other rating to ≈ 0.
 */

/** A rating counts as dominating when its magnitude exceeds this many times the 99th percentile's. */
export const OUTLIER_FACTOR = 1000;

/** Ratings sampled (evenly strided) to estimate the 99th percentile. */
const SAMPLE = 100_000;

/** The 99th percentile of |ratings[0..n)|, estimated from an evenly strided sample of at most 100,000. */
export function absPercentile99(ratings: ArrayLike<number>, n: number): number {
  const step = Math.max(1, Math.floor(n / SAMPLE));
  const sample = new Float64Array(Math.ceil(n / step));
  for (let k = 0, j = 0; k < n; k += step, j++) sample[j] = Math.abs(ratings[k]);
  sample.sort();
  return sample[Math.min(sample.length - 1, Math.floor(0.99 * (sample.length - 1)))] ?? 0;
}

/**
 * A warning naming the file and line of a rating whose magnitude is over OUTLIER_FACTOR × the 99th
 * percentile of |rating| (× 1 when that percentile is below 1), else null.
 * `extreme` is the rating of largest magnitude and its 1-based line (as parseRatings reports it).
 */
export function ratingOutlierWarning(
  fileName: string,
  ratings: ArrayLike<number>,
  n: number,
  extreme: { rating: number; line: number },
): string | null {
  if (n < 2 || extreme.line <= 0) return null;
  const p99 = absPercentile99(ratings, n);
  const big = Math.abs(extreme.rating);
  if (!(big > OUTLIER_FACTOR * Math.max(p99, 1))) return null;
  return (
    `${fileName}, line ${extreme.line}: rating ${extreme.rating} is over ${OUTLIER_FACTOR.toLocaleString('en-US')} × ` +
    `the 99th percentile of the ratings (${p99}); it dominates the rating scale and squashes every other rating to ≈ 0 ` +
    'when ratings are min-max scaled. Fix or remove that line.'
  );
}
