import { describe, expect, it } from 'vitest';
import { registerNodeBackends } from '../backends/node.ts';
import { rankingMetrics } from '../eval/metrics';
import { fitLinearAutoencoder } from '../references/linearAutoencoder';
import { defaultRunConfig, validateRunConfig } from './config';
import { runConfigFromParams, runConfigToParams } from './configParams';
import type { EpochReport } from './engine';
import { InProcessEngine } from './inProcessEngine';
import { artifactsToSnapshot, snapshotToArtifacts } from './serialize';
import { syntheticSplit } from '../../testing/synthetic';

const split = syntheticSplit(160, 50, 12, 5);
const splitVal = syntheticSplit(160, 50, 14, 6, 0.8, 0.2);
const users = Int32Array.from({ length: 160 }, (_, i) => i);

async function trained(s = split, patch: (c: ReturnType<typeof defaultRunConfig>) => void = () => {}) {
  const c = defaultRunConfig('edlae');
  c.backend = 'cpu';
  c.k = 5;
  c.split.validationRatio = s.config.validationRatio;
  patch(c);
  const e = new InProcessEngine(() => registerNodeBackends({ webgpu: false }));
  await e.init('cpu');
  await e.load(s, c);
  const reports: EpochReport[] = [];
  const states: string[] = [];
  const state = await e.train({ onEpoch: (r) => reports.push(r), onState: (st, m) => states.push(m ? `${st}: ${m}` : st) });
  return { e, c, reports, states, state };
}

describe('edlae preset (linear model kind)', () => {
  it('config: λ and p accept numbers or auto, validate, and round-trip through the URL', () => {
    const c = defaultRunConfig('edlae');
    expect(c.model.kind).toBe('linear');
    expect(runConfigToParams(c).toString()).toBe('preset=edlae');
    const back = runConfigFromParams(new URLSearchParams('preset=edlae&lambda=300&p=0.4'));
    expect([back.model.lambda, back.model.p]).toEqual([300, 0.4]);
    expect(runConfigFromParams(runConfigToParams(back)).model).toEqual(back.model);
    expect(runConfigFromParams(new URLSearchParams('preset=edlae&lambda=auto')).model.lambda).toBe('auto');
    expect(validateRunConfig({ ...c, model: { ...c.model, lambda: -1, p: 1 } }).join()).toMatch(/λ must be.*p must be/);
  });

  it('searches on a carve of train, refits, reports test metrics that match its recommendations', async () => {
    const { e, c, reports, states, state } = await trained();
    expect(state).toBe('done');
    expect(reports.length).toBeGreaterThanOrEqual(3); // ≥ 2 candidates + the refit
    expect(reports.map((r) => r.epoch)).toEqual(reports.map((_, i) => i + 1));
    const last = reports[reports.length - 1];
    expect(last.validation).toBeUndefined(); // refit on all of train: the carve is no longer held out
    for (const r of reports.slice(0, -1)) expect(r.validation!.users).toBeGreaterThan(40);
    const m = states[states.length - 1].match(/done: refit on all of train with λ ([\d.]+), p ([\d.]+)/);
    expect(m).not.toBeNull();
    // The choice is the candidate with the best validation P@K.
    const bestVal = Math.max(...reports.slice(0, -1).map((r) => r.validation!.precision));
    expect(states[states.length - 1]).toContain(`validation P@5 ${bestVal.toFixed(4)}`);
    const rec = await e.recommend(users, c.k);
    for (const u of users) {
      const rated = new Set(split.train.colIdx.subarray(split.train.rowPtr[u], split.train.rowPtr[u + 1]));
      expect([...rec.items.subarray(u * 5, u * 5 + 5)].some((i) => rated.has(i))).toBe(false);
    }
    const test = rankingMetrics(rec.items, users, c.k, split.test, 0, split.train.cols);
    expect(last.test.precision).toBeCloseTo(test.precision, 12);
    // The final model is EDLAE with the chosen λ, p on all of train: same lists as a direct fit.
    const direct = await fitLinearAutoencoder(split.train, { lambda: Number(m![1]), p: Number(m![2]) });
    const s = direct.scoreUsers(Int32Array.of(7));
    const best = [...s.keys()].filter((i) => !split.train.colIdx.subarray(split.train.rowPtr[7], split.train.rowPtr[8]).includes(i));
    best.sort((a, b) => s[b] - s[a] || a - b);
    expect([...rec.items.subarray(35, 40)]).toEqual(best.slice(0, 5));
    // Someone who rated user 7's training items gets user 7's list (the You panel's path).
    const items7 = [...split.train.colIdx.subarray(split.train.rowPtr[7], split.train.rowPtr[8])];
    const you = await e.recommendForRatings(
      items7.map((item) => ({ item, rating: 4 })),
      5,
    );
    expect([...you.items]).toEqual(best.slice(0, 5));
    // Snapshot → artifacts → restore on a fresh engine: identical recommendations.
    const snap = artifactsToSnapshot(snapshotToArtifacts(await e.snapshot()));
    const other = new InProcessEngine(() => registerNodeBackends({ webgpu: false }));
    await other.init('cpu');
    await other.load(split, defaultRunConfig('seed'));
    await other.restore(snap);
    const again = await other.recommend(users, c.k);
    expect([...again.items]).toEqual([...rec.items]);
    expect([...again.scores]).toEqual([...rec.scores]);
    await e.dispose();
    await other.dispose();
  });

  it('with a validation split: candidates are fitted on train, chosen by validation, no refit; test excludes validation', async () => {
    const { e, c, reports, states } = await trained(splitVal, (c) => Object.assign(c.model, { p: 0.25 }));
    expect(states[states.length - 1]).toMatch(/done: chose λ [\d.]+, p 0.25/);
    const vals = reports.map((r) => r.validation!.precision);
    expect(states[states.length - 1]).toContain(`validation P@5 ${Math.max(...vals).toFixed(4)}`);
    const rec = await e.recommend(users, c.k + 30);
    const known = (u: number) =>
      new Set([...splitVal.validation.colIdx.subarray(splitVal.validation.rowPtr[u], splitVal.validation.rowPtr[u + 1])]);
    const lists = new Int32Array(160 * 5).fill(-1);
    for (const u of users) lists.set([...rec.items.subarray(u * 35, u * 35 + 35)].filter((i) => !known(u).has(i)).slice(0, 5), u * 5);
    // recommend() itself leaves validation items out (the filter above changes nothing) …
    for (const u of users) expect(rec.items.subarray(u * 35, u * 35 + 35).some((i) => known(u).has(i))).toBe(false);
    // … and its top 5 are the lists test is scored on.
    expect([...(await e.recommend(users, c.k)).items]).toEqual([...lists]);
    const best = reports[vals.indexOf(Math.max(...vals))];
    expect(best.test.precision).toBeCloseTo(rankingMetrics(lists, users, 5, splitVal.test, 0, 50).precision, 12);
    await e.dispose();
  });

  it('stop() during the search keeps the best candidate so far', async () => {
    const c = defaultRunConfig('edlae');
    c.backend = 'cpu';
    const e = new InProcessEngine(() => registerNodeBackends({ webgpu: false }));
    await e.init('cpu');
    await e.load(split, c);
    const reports: EpochReport[] = [];
    const state = await e.train({
      onEpoch: (r) => {
        reports.push(r);
        if (r.epoch === 2) e.stop();
      },
    });
    expect(state).toBe('stopped');
    expect(reports.length).toBe(2);
    expect((await e.snapshot()).epoch).toBeGreaterThanOrEqual(1);
    expect((await e.recommend(Int32Array.of(0), 3)).items.length).toBe(3);
    await e.dispose();
  });
});
