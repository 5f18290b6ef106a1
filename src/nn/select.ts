/** Top-k selection of one score row on the host (pure TS), and the score that masks an item out of top-k. */

/**
 * The score given to items that must not be recommended (the user's training items) and to empty
 * top-k slots, on every path: the host kernels, tfjs masks and the WGSL top-k program. A finite f32
 * near −FLT_MAX (WGSL has no infinity literal): below any real score, and still far below one after
 * an additive mask (score + MASKED_SCORE).
 */
export const MASKED_SCORE = -3.4e38;

/** MASKED_SCORE as WGSL f32 literal text, for interpolation into shaders. */
export const MASKED_SCORE_WGSL = `${MASKED_SCORE}`;

/** True when a selected score is a masked item or an empty slot (at or near MASKED_SCORE, −∞ or NaN). */
export function isMaskedScore(score: number): boolean {
  return !(score > MASKED_SCORE / 2);
}

/**
 * Top-k of one row, skipping flagged items and NaN; ties keep the lower index.
 * Writes up to k items / raw scores at `at`, best first (slots past the count are left untouched).
 * @returns how many were written (< k only when fewer items qualify).
 */
export function selectTopK(row: Float32Array, skip: Uint8Array, k: number, items: Int32Array, scores: Float32Array, at: number): number {
  const len = row.length;
  let n = 0,
    i = 0;
  // Fill phase: the first k candidates, kept sorted (descending, stable).
  for (; i < len && n < k; i++) {
    const v = row[i];
    if (skip[i] || Number.isNaN(v)) continue;
    let j = n++;
    while (j > 0 && scores[at + j - 1] < v) {
      scores[at + j] = scores[at + j - 1];
      items[at + j] = items[at + j - 1];
      j--;
    }
    scores[at + j] = v;
    items[at + j] = i;
  }
  if (n < k) return n;
  // Scan phase: only strictly better scores enter (NaN never does). The insertion loop is written out
  // twice on purpose: a shared helper measured 15–30% slower on the evaluation benchmark.
  let worst = scores[at + k - 1];
  for (; i < len; i++) {
    const v = row[i];
    if (v <= worst || Number.isNaN(v) || skip[i]) continue;
    let j = k - 1;
    while (j > 0 && scores[at + j - 1] < v) {
      scores[at + j] = scores[at + j - 1];
      items[at + j] = items[at + j - 1];
      j--;
    }
    scores[at + j] = v;
    items[at + j] = i;
    worst = scores[at + k - 1];
  }
  return n;
}
