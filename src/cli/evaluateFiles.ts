/**
 * An independent evaluator: ranking metrics at K computed from two TSV files alone — recs.tsv
 * (`user\titem\tscore`) and test.tsv (`user\titem\trating`) — with plain Maps and Sets keyed by the
 * original ids. It shares no code with the app's metrics (src/eval), so it can check them.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';

/** Metrics at K, averaged over the test users with ≥ 1 relevant held-out item. */
export interface FileMetrics {
  k: number;
  threshold: number;
  precision: number;
  recall: number;
  ndcg: number;
  hitRate: number;
  /** Users averaged over (≥ 1 relevant held-out item). */
  users: number;
  /** Users with at least one line in recs.tsv. */
  recommendedUsers: number;
  /** Distinct items in anyone's top-K. */
  recommendedItems: number;
}

/** Reads `a\tb\tnumber` lines (a header line whose third field is not a number is skipped); calls `row` for each. */
async function readTriples(path: string, row: (a: string, b: string, v: number) => void): Promise<void> {
  try {
    if (!(await stat(path)).isFile()) throw new Error(`${path}: not a file`);
  } catch (e) {
    throw (e as NodeJS.ErrnoException).code === 'ENOENT' ? new Error(`${path}: file not found`) : e;
  }
  const rl = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  let dataSeen = false;
  try {
    for await (const text of rl) {
      line++;
      if (text.trim() === '') continue;
      const f = text.split('\t');
      const v = Number(f[2]);
      if (f.length < 3 || f[2].trim() === '' || !Number.isFinite(v)) {
        if (!dataSeen) {
          dataSeen = true; // the header
          continue;
        }
        throw new Error(`${path}, line ${line}: expected "user<TAB>item<TAB>number", got "${text.slice(0, 80)}"`);
      }
      dataSeen = true;
      row(f[0].trim(), f[1].trim(), v);
    }
  } finally {
    rl.close();
  }
}

/**
 * Computes P@K, R@K, nDCG@K (binary gains) and HitRate@K of recs.tsv against test.tsv.
 * A user's list is their recs.tsv lines sorted by descending score (file order among equal scores),
 * cut to K. A held-out rating is relevant when rating ≥ threshold (threshold ≤ 0: every held-out rating).
 * Precision = hits / K, recall = hits / |relevant|, nDCG = DCG / IDCG with IDCG over min(|relevant|, K)
 * positions, hit rate = share of users with ≥ 1 hit; users without recommendations count with 0 hits.
 */
export async function evaluateFiles(recsPath: string, testPath: string, k = 10, threshold = 0): Promise<FileMetrics> {
  const relevant = new Map<string, Set<string>>();
  await readTriples(testPath, (user, item, rating) => {
    if (threshold > 0 && !(rating >= threshold)) return;
    let s = relevant.get(user);
    if (!s) {
      s = new Set();
      relevant.set(user, s);
    }
    s.add(item);
  });
  const lists = new Map<string, { item: string; score: number }[]>();
  await readTriples(recsPath, (user, item, score) => {
    let l = lists.get(user);
    if (!l) {
      l = [];
      lists.set(user, l);
    }
    l.push({ item, score });
  });
  const recommended = new Set<string>();
  for (const l of lists.values()) {
    l.sort((a, b) => b.score - a.score); // stable: file order among ties
    l.length = Math.min(l.length, k);
    for (const r of l) recommended.add(r.item);
  }
  let precision = 0,
    recall = 0,
    ndcg = 0,
    hitRate = 0,
    users = 0;
  for (const [user, rel] of relevant) {
    const list = lists.get(user) ?? [];
    const counted = new Set<string>();
    let hits = 0,
      dcg = 0;
    list.forEach((r, pos) => {
      if (rel.has(r.item) && !counted.has(r.item)) {
        counted.add(r.item);
        hits++;
        dcg += 1 / Math.log2(pos + 2);
      }
    });
    let idcg = 0;
    for (let pos = 0; pos < Math.min(rel.size, k); pos++) idcg += 1 / Math.log2(pos + 2);
    precision += hits / k;
    recall += hits / rel.size;
    ndcg += dcg / idcg;
    if (hits > 0) hitRate++;
    users++;
  }
  const n = Math.max(users, 1);
  return {
    k,
    threshold,
    precision: precision / n,
    recall: recall / n,
    ndcg: ndcg / n,
    hitRate: hitRate / n,
    users,
    recommendedUsers: lists.size,
    recommendedItems: recommended.size,
  };
}
