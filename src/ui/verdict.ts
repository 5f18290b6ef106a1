/**
 * The one-sentence verdict shown when a run ends: how its P@K compares with the reference figures
 * on the same test set (most-popular, and whatever other references the page shows), and, when the
 * app knows one, a better figure from a stored run of another preset on the same data and split.
 * Pure, unit-tested.
 */
import type { BestEpoch } from './runRecords';

/** A figure to compare with: a reference recommender, or a stored run of another preset. */
export interface VerdictReference {
  /** e.g. "most-popular", "EASE", "mult-dae". */
  label: string;
  /** Its test P@K (same K, same test set); non-finite figures are ignored. */
  precision: number;
  /** 'reference' (default): shown next to the curves; 'run': a stored run, named only when it beats this one. */
  kind?: 'reference' | 'run';
}

/** What the verdict says about the run. */
export interface VerdictRun {
  /** K of the metric. */
  k: number;
  /** Test P@K after the last finished epoch. */
  precision: number;
  /** The run's best epoch, mentioned when it is clearly above the last one. */
  best?: BestEpoch | null;
  /** Number of the last finished epoch. */
  lastEpoch?: number;
}

/** Figures print with 3 decimals; two figures equal at 3 decimals are "level". */
const f = (v: number) => v.toFixed(3);
const same = (a: number, b: number) => f(a) === f(b);
const named = (r: VerdictReference) => `${r.label} ${f(r.precision)}`;

/**
 * E.g. "P@10 0.003 — below most-popular 0.160: this preset does not suit this data; mult-dae reaches 0.281."
 * References are compared in full; at most one stored run (the best one above this run) is named.
 */
export function verdictSentence(run: VerdictRun, references: readonly VerdictReference[]): string {
  const { k, precision: p } = run;
  if (!Number.isFinite(p)) return `No P@${k} yet: no epoch finished.`;
  let head = `P@${k} ${f(p)}`;
  const b = run.best;
  if (b && b.epoch !== run.lastEpoch && b.precision > p && !same(b.precision, p)) {
    head += ` (best ${f(b.precision)} at epoch ${b.epoch}${b.chosenOn === 'validation' ? ', chosen on validation' : ''})`;
  }
  const valid = references.filter((r) => Number.isFinite(r.precision));
  const refs = valid.filter((r) => r.kind !== 'run');
  const above = refs.filter((r) => r.precision < p && !same(r.precision, p)).sort((x, y) => y.precision - x.precision);
  const level = refs.filter((r) => same(r.precision, p));
  const below = refs.filter((r) => r.precision > p && !same(r.precision, p)).sort((x, y) => x.precision - y.precision);

  const clauses: string[] = [];
  if (above.length) {
    const top = above[0];
    const ratio = top.precision > 0 ? ` (${(p / top.precision).toFixed(1)}×)` : '';
    clauses.push(
      above.length > 1 && !level.length && !below.length
        ? `above every reference, best ${named(top)}${ratio}`
        : `above ${named(top)}${ratio}`,
    );
  }
  if (level.length) clauses.push(`level with ${level.map(named).join(' and ')}`);
  if (below.length) {
    const low = below[0];
    const text = !above.length && !level.length && below.length > 1 ? `below every reference, even ${named(low)}` : `below ${named(low)}`;
    clauses.push(above.length || level.length ? `but ${text}` : text);
  }
  let sentence = refs.length
    ? `${head} — ${clauses.join(', ').replace(', but', ' but')}`
    : `${head} — no reference figures to compare with`;
  if (refs.length && !above.length && !level.length) sentence += ': this preset does not suit this data';

  const better = valid
    .filter((r) => r.kind === 'run' && r.precision > p && !same(r.precision, p))
    .sort((x, y) => y.precision - x.precision)[0];
  if (better) sentence += `; ${better.label} reaches ${f(better.precision)}`;
  return `${sentence}.`;
}
