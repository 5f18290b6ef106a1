/**
 * The generative model behind the synthetic MovieLens-shaped sample (see sample.ts for the public API).
 * Items have a Zipf-like popularity and a topic mixture θ (k topics); users have latent tastes x ∈ R^k.
 * Which items a user rates: a topic z ~ softmax(2.5·x) then an item ∝ popularity·θ[z] (5%: by popularity
 * only), so presence is low-rank + popularity. The rating: round(2.95 + b_u + b_i + 1.1·(x·θ) + 0.6·ε)
 * clamped to 1..5. Users rate ≥ 20 items (long-tailed, log-normal activity); every item is rated at least
 * once when ratings ≥ items. Generation is one sequential pass over users driven by one seeded Rng.
 */
import { Rng } from './rng';

/** Constants of the generative model (tuned so that CF clearly beats popularity, as on MovieLens). */
export const SAMPLE_MODEL: Readonly<Record<'sharpness' | 'popularPicks' | 'zipfOffset' | 'primary' | 'taste' | 'noise' | 'base', number>> =
  {
    /** Softmax sharpness of a user's topic preferences: P(topic) ∝ exp(sharpness·x). */
    sharpness: 2.5,
    /** Share of picks made by popularity alone. */
    popularPicks: 0.05,
    /** Zipf offset: popularity ∝ 1 / (rank + offset). */
    zipfOffset: 10,
    /** Weight of the primary topic in an item's mixture. */
    primary: 0.85,
    /** Weight of the taste affinity x·θ in the rating. */
    taste: 1.1,
    /** Rating noise standard deviation. */
    noise: 0.6,
    /** Base rating. */
    base: 2.95,
  };

/** Options of the synthetic sample. */
export interface SampleOptions {
  users: number;
  items: number;
  /** Exact number of (distinct) ratings; must be in [users, users × items]. */
  ratings: number;
  /** uint32 seed: same options ⇒ identical output. */
  seed: number;
  /** Latent taste dimensions (topics); default 8. */
  factors?: number;
}

/** Alias table for O(1) sampling from a discrete distribution. */
interface Alias {
  prob: Float64Array;
  alias: Int32Array;
}

function buildAlias(w: Float64Array): Alias {
  const n = w.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += w[i];
  const prob = new Float64Array(n);
  const alias = new Int32Array(n);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < n; i++) {
    prob[i] = (w[i] * n) / sum;
    (prob[i] < 1 ? small : large).push(i);
  }
  while (small.length && large.length) {
    const s = small.pop()!;
    const l = large[large.length - 1];
    alias[s] = l;
    prob[l] -= 1 - prob[s];
    if (prob[l] < 1) small.push(large.pop()!);
  }
  for (const i of large) prob[i] = 1;
  for (const i of small) prob[i] = 1;
  return { prob, alias };
}

function drawAlias(a: Alias, rng: Rng): number {
  const x = rng.next() * a.prob.length;
  const i = Math.floor(x);
  return x - i < a.prob[i] ? i : a.alias[i];
}

/** Original (MovieLens-like, gappy) id of dense item i: 1, 2, …, 15, 17, … (max ≈ 1.07·items). */
export const sampleItemId = (i: number): number => i + 1 + Math.floor(i / 15);

/** Item-side model, a pure function of (items, factors, seed). */
export interface ItemModel {
  k: number;
  /** Primary topic of each item. */
  topic: Int32Array;
  /** items × k topic mixtures, row-major, rows sum to 1. */
  theta: Float32Array;
  /** Popularity weight of each item (Zipf over a random rank). */
  pop: Float64Array;
  bias: Float32Array;
}

/** Builds the item side of the model (also used for the titles' genres). */
export function itemModel(items: number, k: number, seed: number): ItemModel {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const rank = new Int32Array(items);
  for (let i = 0; i < items; i++) rank[i] = i;
  rng.shuffle(rank);
  const topic = new Int32Array(items);
  const theta = new Float32Array(items * k);
  const pop = new Float64Array(items);
  const bias = new Float32Array(items);
  const mix = new Float64Array(k);
  for (let i = 0; i < items; i++) {
    const t = rng.int(k);
    topic[i] = t;
    let s = 0;
    for (let z = 0; z < k; z++) s += mix[z] = rng.next() ** 3;
    for (let z = 0; z < k; z++) theta[i * k + z] = (1 - SAMPLE_MODEL.primary) * (mix[z] / s) + (z === t ? SAMPLE_MODEL.primary : 0);
    pop[i] = 1 / (rank[i] + SAMPLE_MODEL.zipfOffset);
    bias[i] = 0.35 * rng.normal() + 0.25 * (1 - rank[i] / items);
  }
  return { k, topic, theta, pop, bias };
}

/** Number of ratings of each user: ≥ min(20, ratings/users), log-normal extra, exact total. */
export function userCounts(opts: SampleOptions, rng: Rng): Int32Array {
  const { users: U, items: I, ratings: R } = opts;
  const base = Math.min(20, Math.floor(R / U));
  let cap = Math.max(base, Math.floor(0.6 * I));
  if (R > U * cap) cap = I;
  const n = new Int32Array(U).fill(base);
  const w = new Float64Array(U);
  for (let u = 0; u < U; u++) w[u] = Math.exp(0.95 * rng.normal());
  let left = R - base * U;
  while (left > 0) {
    let wsum = 0;
    for (let u = 0; u < U; u++) if (n[u] < cap) wsum += w[u];
    let given = 0;
    const pool = left;
    for (let u = 0; u < U && left > 0; u++) {
      if (n[u] >= cap) continue;
      const add = Math.min(cap - n[u], Math.floor((pool * w[u]) / wsum), left);
      n[u] += add;
      left -= add;
      given += add;
    }
    if (given === 0) {
      for (let u = rng.int(U), c = 0; c < U && left > 0; c++, u = (u + 1) % U) {
        if (n[u] < cap) {
          n[u]++;
          left--;
        }
      }
    }
  }
  return n;
}

/** One user's generated ratings. The arrays are views into buffers reused for the next user. */
export interface UserRows {
  /** Original user id (dense index + 1). */
  userId: number;
  n: number;
  /** Dense item indices (0..items-1), in rating (time) order. */
  items: Int32Array;
  ratings: Uint8Array;
  /** Seconds since epoch, increasing within the user. */
  timestamps: Float64Array;
}

/** Validates options and fills defaults; throws RangeError when infeasible. */
export function checkSampleOptions(opts: SampleOptions): Required<SampleOptions> {
  const o = { factors: 8, ...opts };
  for (const key of ['users', 'items', 'ratings', 'factors'] as const) {
    if (!Number.isInteger(o[key]) || o[key] < 1) throw new RangeError(`sample: ${key} must be a positive integer`);
  }
  if (o.ratings < o.users) throw new RangeError('sample: need at least one rating per user (ratings ≥ users)');
  if (o.ratings > o.users * o.items) throw new RangeError('sample: more ratings than users × items');
  if (o.users > 2147483646 || o.items > 2000000000) throw new RangeError('sample: too many users or items');
  return o;
}

/** Generates the sample user by user (users ascending). Deterministic in the options. */
export function* sampleUserRows(opts: SampleOptions): Generator<UserRows> {
  const o = checkSampleOptions(opts);
  const { users: U, items: I, ratings: R, factors: k } = o;
  const m = itemModel(I, k, o.seed);
  const rng = new Rng(o.seed);
  const counts = userCounts(o, rng);
  const topicAlias: Alias[] = [];
  const w = new Float64Array(I);
  for (let z = 0; z < k; z++) {
    for (let i = 0; i < I; i++) w[i] = m.pop[i] * m.theta[i * k + z];
    topicAlias.push(buildAlias(w));
  }
  const popAlias = buildAlias(m.pop);
  const forcedOrder = new Int32Array(I);
  for (let i = 0; i < I; i++) forcedOrder[i] = i;
  rng.shuffle(forcedOrder);
  const maxN = counts.reduce((a, b) => Math.max(a, b), 0);
  const items = new Int32Array(maxN);
  const ratings = new Uint8Array(maxN);
  const times = new Float64Array(maxN);
  const stamp = new Int32Array(I).fill(-1);
  const x = new Float64Array(k);
  const cum = new Float64Array(k);
  let slot = 0;
  for (let u = 0; u < U; u++) {
    const n = counts[u];
    for (let z = 0; z < k; z++) x[z] = rng.normal();
    let s = 0;
    for (let z = 0; z < k; z++) cum[z] = s += Math.exp(SAMPLE_MODEL.sharpness * x[z]);
    let c = 0;
    if (R >= I) {
      // Every item is rated at least once: slot j·R/I (j = 0..I-1) of the concatenated user lists forces item forcedOrder[j].
      const jEnd = Math.min(I, Math.ceil(((slot + n) * I) / R));
      for (let j = Math.ceil((slot * I) / R); j < jEnd; j++) {
        items[c++] = forcedOrder[j];
        stamp[forcedOrder[j]] = u;
      }
    }
    slot += n;
    while (c < n) {
      let i = -1;
      for (let tries = 0; tries < 64 && i < 0; tries++) {
        let cand: number;
        if (rng.next() < SAMPLE_MODEL.popularPicks) cand = drawAlias(popAlias, rng);
        else {
          const r = rng.next() * s;
          let z = 0;
          while (z < k - 1 && cum[z] <= r) z++;
          cand = drawAlias(topicAlias[z], rng);
        }
        if (stamp[cand] !== u) i = cand;
      }
      if (i < 0) for (i = rng.int(I); stamp[i] === u; i = i + 1 === I ? 0 : i + 1);
      stamp[i] = u;
      items[c++] = i;
    }
    rng.shuffle(items, 0, n);
    const bu = 0.3 * rng.normal();
    let t = 956703932 + Math.floor((u / U) * 9e7) + rng.int(30 * 86400);
    for (let c2 = 0; c2 < n; c2++) {
      const i = items[c2];
      let a = 0;
      for (let z = 0; z < k; z++) a += x[z] * m.theta[i * k + z];
      const r = Math.round(SAMPLE_MODEL.base + bu + m.bias[i] + SAMPLE_MODEL.taste * a + SAMPLE_MODEL.noise * rng.normal());
      ratings[c2] = Math.min(5, Math.max(1, r));
      t += rng.next() < 0.05 ? 3600 + rng.int(60 * 86400) : 1 + Math.floor(-Math.log(1 - rng.next()) * 120);
      times[c2] = t;
    }
    yield { userId: u + 1, n, items: items.subarray(0, n), ratings: ratings.subarray(0, n), timestamps: times.subarray(0, n) };
  }
}
