/**
 * "You": search the catalogue by title, rate a handful of movies, and see your top 10 from the
 * current model at once (no retraining; during training, from the last finished epoch). Each
 * recommendation names the rated movie that explains it. Ratings persist per dataset (youStore.ts).
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { lookupMovie } from '../data/movies';
import type { MovieCatalog } from '../data/types';
import type { RatingsRecommendations } from '../engine/engine';
import type { LoadedData } from '../workers/protocol';
import { findSorted, fmtNum } from './format';
import type { TrainerApi } from './useTrainer';
import { datasetFingerprint, loadYourRatings, saveYourRatings, type StoredRating } from './youStore';

/** Props of YouPanel. */
export interface YouPanelProps {
  data: LoadedData;
  trainer: TrainerApi;
}

const TOP = 10;
const MAX_RESULTS = 20;
const STARS = [1, 2, 3, 4, 5] as const;

/** A movie's title (or "item <id>" without a catalogue). */
function titleOf(movies: MovieCatalog | null, itemId: number): string {
  return (movies && lookupMovie(movies, itemId)?.title) || `item ${itemId}`;
}

/** The "You" panel. */
export function YouPanel({ data, trainer }: YouPanelProps) {
  const { userIds, itemIds, movies } = data;
  const fingerprint = useMemo(() => datasetFingerprint(userIds, itemIds, data.stats.ratings), [userIds, itemIds, data.stats.ratings]);
  const [rated, setRated] = useState<StoredRating[]>([]);
  /** The fingerprint whose stored ratings are in `rated` (nothing is saved before they are read). */
  const [loadedFor, setLoadedFor] = useState<string | null>(null);
  const [query, setQuery] = useState('');
  /** The latest answer and the ratings it was made for (shown only while those are still the ratings). */
  const [answer, setAnswer] = useState<{ recs: RatingsRecommendations; for: StoredRating[] } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const searchId = useId();

  useEffect(() => {
    let live = true;
    setLoadedFor(null);
    setRated([]);
    loadYourRatings(fingerprint)
      .catch(() => [] as StoredRating[])
      .then((stored) => {
        if (!live) return;
        setRated(stored.filter((r) => findSorted(itemIds, r.itemId) >= 0));
        setLoadedFor(fingerprint);
      });
    return () => {
      live = false;
    };
  }, [fingerprint, itemIds]);

  const update = (next: StoredRating[]) => {
    setRated(next);
    if (loadedFor === fingerprint) {
      saveYourRatings(fingerprint, next).catch((e: unknown) =>
        setError(`could not keep your ratings: ${e instanceof Error ? e.message : e}`),
      );
    }
  };
  const rate = (itemId: number, rating: number) => update([...rated.filter((r) => r.itemId !== itemId), { itemId, rating }]);
  const unrate = (itemId: number) => update(rated.filter((r) => r.itemId !== itemId));

  /** Every item of the data (only those can be scored), with its title in lower case for the search. */
  const catalogue = useMemo(
    () =>
      Array.from(itemIds, (id) => {
        const title = titleOf(movies, id);
        return { id, title, key: title.toLowerCase() };
      }),
    [itemIds, movies],
  );
  const results = useMemo(() => {
    const q = query.trim().toLowerCase();
    if (!q) return [];
    const out: typeof catalogue = [];
    for (const m of catalogue) {
      if (m.key.includes(q) || String(m.id) === q) out.push(m);
      if (out.length === MAX_RESULTS) break;
    }
    return out;
  }, [catalogue, query]);
  const ratingOf = useMemo(() => new Map(rated.map((r) => [r.itemId, r.rating])), [rated]);

  const hasModel = trainer.model !== null;
  const recs = answer && answer.for === rated ? answer.recs : null;
  const { recommendForRatings, modelVersion } = trainer;
  // biome-ignore lint/correctness/useExhaustiveDependencies: modelVersion changes when the weights do (a new epoch): ask again.
  useEffect(() => {
    if (!hasModel || rated.length === 0) {
      setAnswer(null);
      return;
    }
    let live = true;
    const input = rated.map((r) => ({ item: findSorted(itemIds, r.itemId), rating: r.rating }));
    recommendForRatings(input, TOP).then(
      (recs) => {
        if (!live) return;
        setAnswer(recs && { recs, for: rated });
        setError(null);
      },
      (e: unknown) => live && setError(e instanceof Error ? e.message : String(e)),
    );
    return () => {
      live = false;
    };
  }, [rated, hasModel, modelVersion, recommendForRatings, itemIds]);

  return (
    <div className="you">
      <div className="rec-columns">
        <section aria-labelledby="you-rate-h">
          <h3 id="you-rate-h">Rate some movies</h3>
          <label htmlFor={searchId}>Search by title</label>{' '}
          <input
            id={searchId}
            data-testid="you-search"
            type="search"
            value={query}
            placeholder="e.g. star"
            onChange={(e) => setQuery(e.target.value)}
          />
          <ul className="rated-list" data-testid="you-results" aria-label="Search results">
            {results.map((m) => (
              <li key={m.id} data-item-id={m.id}>
                <span className="item-title">{m.title}</span>
                <fieldset className="stars" aria-label={`Rate ${m.title}`}>
                  {STARS.map((n) => (
                    <button
                      key={n}
                      type="button"
                      data-rating={n}
                      aria-pressed={ratingOf.get(m.id) === n}
                      aria-label={`${n} star${n > 1 ? 's' : ''}`}
                      onClick={() => rate(m.id, n)}
                    >
                      {n}★
                    </button>
                  ))}
                </fieldset>
              </li>
            ))}
          </ul>
          {query.trim() && results.length === 0 && <p className="muted">No movie matches “{query}”.</p>}
          <h3>Your ratings ({rated.length})</h3>
          <ul className="rated-list" data-testid="you-rated" data-loaded={loadedFor === fingerprint}>
            {rated.map((r) => (
              <li key={r.itemId} data-item-id={r.itemId} data-rating={r.rating}>
                <span className="item-title">{titleOf(movies, r.itemId)}</span>
                <span className="score">{r.rating}★</span>
                <button type="button" className="link" aria-label={`Forget ${titleOf(movies, r.itemId)}`} onClick={() => unrate(r.itemId)}>
                  ×
                </button>
              </li>
            ))}
          </ul>
          <button type="button" data-testid="you-clear" disabled={rated.length === 0} onClick={() => update([])}>
            Clear my ratings
          </button>
        </section>
        <section aria-labelledby="you-recs-h">
          <h3 id="you-recs-h">
            Your top {TOP}
            {trainer.model ? <span className="muted"> (epoch {trainer.model.epoch})</span> : null}
          </h3>
          <p className="muted">
            Why: the movie you rated with the highest stars × similarity, where similarity is how often two movies are rated by the same
            people in the training data (cosine of co-occurrence).
          </p>
          {!hasModel && <p className="muted">Train (or load) a model to see recommendations.</p>}
          {hasModel && rated.length === 0 && <p className="muted">Rate a few movies to see recommendations.</p>}
          {error && <p className="bad">{error}</p>}
          {hasModel && recs && (
            <ol className="rec-list" data-testid="you-recs">
              {Array.from(recs.items, (item, j) => {
                const because = itemIds[recs.because[j]];
                return (
                  <li key={item} data-item-id={itemIds[item]} data-because={because}>
                    <span className="item-title">{titleOf(movies, itemIds[item])}</span>
                    <span className="score">{fmtNum(recs.scores[j], 3)}</span>
                    <span className="genres">
                      {' '}
                      because you rated <em>{titleOf(movies, because)}</em> {ratingOf.get(because) ?? '?'}★
                    </span>
                  </li>
                );
              })}
            </ol>
          )}
        </section>
      </div>
    </div>
  );
}
