/**
 * Whether a split gives a model anything to learn, recommend and evaluate. A dataset can parse fine
 * and still be useless (one item, one rating, no held-out rating): training it would end "done" with
 * P@K 0 and empty top-K lists, so the app blocks Start and the CLI stops with these reasons.
 */
import type { DatasetSplit } from './types';

/** Reasons the split cannot be trained and evaluated; empty when it can. */
export function unusableSplitReasons(split: DatasetSplit): string[] {
  const reasons: string[] = [];
  const total = split.train.rowPtr[split.train.rows] + split.validation.rowPtr[split.validation.rows] + split.test.rowPtr[split.test.rows];
  const test = split.test.rowPtr[split.test.rows];
  if (split.train.cols < 2) {
    reasons.push(`only ${split.train.cols} item: there is nothing to recommend (a user's top-K excludes the items they rated)`);
  }
  if (total < 2) reasons.push(`only ${total} rating: there is nothing to learn from and nothing to evaluate`);
  else if (test === 0) {
    reasons.push(
      'no user has a held-out rating (users need at least 2 ratings, and the split ratio must leave some out): there is nothing to evaluate',
    );
  }
  return reasons;
}
