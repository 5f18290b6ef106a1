/**
 * Recommendation browser: pick a user by original id (with suggestions, prev/next/random), see the
 * model's — or a reference's (EASE, item-kNN, most-popular) — top 10 unseen items (held-out hits
 * marked) next to the user's training ratings.
 * Titles from a movies file are rendered as text only.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import { lookupMovie } from '../data/movies';
import type { Csr, MovieCatalog } from '../data/types';
import type { Recommendations } from '../engine/engine';
import type { LoadedData } from '../workers/protocol';
import { REFERENCE_LABELS, type ReferenceResult } from '../references/references';
import { findSorted, fmtNum } from './format';
import { RecSourceSelect, referenceRecommendations, type RecSource } from './recSource';
import type { TrainerApi } from './useTrainer';

/** Props of RecBrowser. */
export interface RecBrowserProps {
  data: LoadedData;
  trainer: TrainerApi;
  /** Computed references whose lists can be browsed instead of the model's. */
  references?: ReferenceResult[];
}

const TOP = 10;

/** Entries of row u: [item, rating] pairs. */
function row(csr: Csr, u: number): [number, number][] {
  const out: [number, number][] = [];
  if (u < 0 || u >= csr.rows) return out;
  for (let p = csr.rowPtr[u]; p < csr.rowPtr[u + 1]; p++) out.push([csr.colIdx[p], csr.values[p]]);
  return out;
}

/** An item's display: title and genres when a catalogue exists, else its id. */
function ItemLabel({ movies, itemId }: { movies: MovieCatalog | null; itemId: number }) {
  const m = movies ? lookupMovie(movies, itemId) : null;
  if (!m) return <span className="item-title">item {itemId}</span>;
  return (
    <>
      <span className="item-title" title={m.title}>
        {m.title}
      </span>
      {m.genres && <span className="genres"> {m.genres.split('|').join(', ')}</span>}
    </>
  );
}

/** The recommendation browser. */
export function RecBrowser({ data, trainer, references = [] }: RecBrowserProps) {
  const { userIds, itemIds, movies } = data;
  const [source, setSource] = useState<RecSource>('model');
  const reference = source === 'model' ? null : (references.find((r) => r.name === source && r.metrics) ?? null);
  const split = reference ? data.split : (trainer.model?.split ?? data.split);
  const [u, setU] = useState(0);
  const [text, setText] = useState(String(userIds[0] ?? ''));
  const [recs, setRecs] = useState<Recommendations | null>(null);
  /** Milliseconds from asking the engine for the current user's list to having it (data-rec-ms). */
  const [recMs, setRecMs] = useState(0);
  const [recError, setRecError] = useState<string | null>(null);
  const inputId = useId();
  const listId = useId();
  const users = userIds.length;

  useEffect(() => {
    setU(0);
    setText(String(userIds[0] ?? ''));
  }, [userIds]);

  const pick = (i: number) => {
    const j = ((i % users) + users) % users;
    setU(j);
    setText(String(userIds[j]));
  };

  const hasModel = trainer.model !== null;
  const { recommend, modelVersion } = trainer;
  // biome-ignore lint/correctness/useExhaustiveDependencies: modelVersion is the trigger: the same (stable) recommend gives new lists after each epoch or restore
  useEffect(() => {
    if (reference) {
      setRecs(referenceRecommendations(reference, Int32Array.of(u), TOP));
      setRecMs(0);
      setRecError(null);
      return;
    }
    if (!hasModel) {
      setRecs(null);
      return;
    }
    let live = true;
    const t0 = performance.now();
    recommend(Int32Array.of(u), TOP).then(
      (r) => {
        if (!live) return;
        setRecs(r);
        setRecMs(performance.now() - t0);
        setRecError(null);
      },
      (e: unknown) => {
        if (live) setRecError(e instanceof Error ? e.message : String(e));
      },
    );
    return () => {
      live = false;
    };
  }, [u, hasModel, modelVersion, recommend, reference]);
  const showList = reference !== null || hasModel;

  const suggestions = useMemo(() => {
    if (users <= 3000) return Array.from(userIds, String);
    const out: string[] = [];
    for (let i = 0; i < users && out.length < 200; i++) if (String(userIds[i]).startsWith(text)) out.push(String(userIds[i]));
    return out;
  }, [userIds, users, text]);

  // The list shown may still be the previous user's while the next one is computed: mark hits and
  // label the list by the user it was made for.
  const recUser = recs ? recs.users[0] : u;
  const heldOut = useMemo(() => new Set(row(split.test, recUser).map(([i]) => i)), [split, recUser]);
  const trained = useMemo(() => row(split.train, u).sort((a, b) => b[1] - a[1] || a[0] - b[0]), [split, u]);
  const found = findSorted(userIds, Number(text)) >= 0;

  return (
    <div className="recs">
      <fieldset className="user-picker" aria-label="Choose a user">
        <label htmlFor={inputId}>User id</label>
        <input
          id={inputId}
          data-testid="user-select"
          list={listId}
          inputMode="numeric"
          value={text}
          aria-invalid={!found}
          onChange={(e) => {
            setText(e.target.value);
            const i = findSorted(userIds, Number(e.target.value));
            if (e.target.value.trim() !== '' && i >= 0) setU(i);
          }}
        />
        <datalist id={listId}>
          {suggestions.map((s) => (
            <option key={s} value={s} />
          ))}
        </datalist>
        <button type="button" data-testid="user-prev" onClick={() => pick(u - 1)} aria-label="Previous user">
          ◀ Prev
        </button>
        <button type="button" data-testid="user-next" onClick={() => pick(u + 1)} aria-label="Next user">
          Next ▶
        </button>
        <button type="button" data-testid="user-random" onClick={() => pick(Math.floor(Math.random() * users))}>
          Random
        </button>
        <RecSourceSelect value={source} onChange={setSource} references={references} testId="rec-source" />
        {!found && <span className="bad">No user with id “{text}”</span>}
      </fieldset>
      <div className="rec-columns">
        <section aria-labelledby="rec-title">
          <h3 id="rec-title">
            Top {TOP} for user {userIds[u]}
            {reference ? (
              <span className="muted"> ({REFERENCE_LABELS[reference.name]})</span>
            ) : trainer.model ? (
              <span className="muted"> (epoch {trainer.model.epoch})</span>
            ) : null}
          </h3>
          {!showList && <p className="muted">Train (or load) a model to see recommendations.</p>}
          {recError && <p className="bad">{recError}</p>}
          {showList && recs && (
            <ol
              className="rec-list"
              data-testid="rec-list"
              data-source={reference ? reference.name : 'model'}
              data-user={userIds[recUser]}
              data-version={modelVersion}
              data-rec-ms={recMs.toFixed(1)}
            >
              {Array.from({ length: recs.k }, (_, j) => j)
                .filter((j) => recs.items[j] >= 0)
                .map((j) => {
                  const item = recs.items[j];
                  const hit = heldOut.has(item);
                  return (
                    <li key={item} data-item-id={itemIds[item]} data-hit={hit ? 'true' : 'false'} className={hit ? 'hit' : undefined}>
                      <ItemLabel movies={movies} itemId={itemIds[item]} />
                      <span className="score">{fmtNum(recs.scores[j], 3)}</span>
                      {hit && (
                        <span className="badge" title="in this user's held-out ratings">
                          held-out ✓
                        </span>
                      )}
                    </li>
                  );
                })}
            </ol>
          )}
        </section>
        <section aria-labelledby="rated-title">
          <h3 id="rated-title">Training ratings ({trained.length}), best first</h3>
          {/* Scrollable, so it takes keyboard focus (and is named by its heading) to be scrolled without a mouse. */}
          {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard */}
          <ul className="rated-list" data-testid="user-ratings" tabIndex={0} aria-labelledby="rated-title">
            {trained.slice(0, 50).map(([item, r]) => (
              <li key={item} data-item-id={itemIds[item]}>
                <ItemLabel movies={movies} itemId={itemIds[item]} />
                <span className="score">{fmtNum(r, 2)}★</span>
              </li>
            ))}
          </ul>
          {trained.length > 50 && <p className="muted">…and {trained.length - 50} more</p>}
        </section>
      </div>
    </div>
  );
}
