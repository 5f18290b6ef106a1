/**
 * The app: data intake → dataset summary → configuration and training → charts → recommendations
 * → exports. State lives in two hooks (useData, useTrainer); the config lives here and in the URL.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { validateRunConfig, type RunConfig } from '../engine/config';
import type { BackendChoice } from '../engine/engine';
import { InputError } from '../data/types';
import { unusableSplitReasons } from '../data/usable';
import { Charts } from './Charts';
import { ConfigPanel } from './ConfigPanel';
import { DatasetSummary } from './DatasetSummary';
import { DropZone } from './DropZone';
import { EpochTable } from './EpochTable';
import { ExportPanel } from './ExportPanel';
import { fmtBytes } from './format';
import { RecBrowser } from './RecBrowser';
import { overlaySeries } from './runSeries';
import { RunsTable } from './RunsTable';
import { REFERENCE_LABELS } from '../references/references';
import { ReferencesTable } from './ReferencesTable';
import { TrainPanel } from './TrainPanel';
import { YouPanel } from './YouPanel';
import { readUrlState, writeUrlState } from './urlState';
import { useData } from './useData';
import { useRuns } from './useRuns';
import { useReferences } from './useReferences';
import { useTrainer } from './useTrainer';
import { ResumeOffer } from './persist/ResumeOffer';
import { loadData, type SavedRun } from './persist/sessionStore';
import { useSessionSave } from './persist/useSessionSave';
import { Verdict } from './Verdict';

const sameSplit = (a: object, b: object) => JSON.stringify(a) === JSON.stringify(b);

declare global {
  interface Window {
    /** Test hooks (see README). */
    __recsys?: { crashTrainWorker(): void };
  }
}

/** The whole application. */
export function App() {
  const initial = useMemo(() => readUrlState(), []);
  const [config, setConfig] = useState<RunConfig>(initial.config);
  const data = useData();
  const trainer = useTrainer(initial.config.backend);
  const d = data.data;
  const items = d?.itemIds.length;
  const users = d?.userIds.length;
  const maxBufferBytes = trainer.backend?.maxBufferBytes;
  const problems = useMemo(
    () => validateRunConfig(config, items && users ? { users, items, maxBufferBytes } : undefined),
    [config, users, items, maxBufferBytes],
  );
  const unusable = useMemo(() => (d ? unusableSplitReasons(d.split) : []), [d]);
  useSessionSave(d, trainer);
  const runs = useRuns(trainer, d);
  const overlays = useMemo(() => overlaySeries(runs.runs, runs.compared, runs.currentId), [runs.runs, runs.compared, runs.currentId]);

  // URL round trip.
  useEffect(() => {
    writeUrlState(config, d ? d.sample : initial.sample);
  }, [config, d, initial.sample]);

  // The trainer may switch backend itself (continue after a failure): mirror it in the config.
  useEffect(() => {
    setConfig((c) => (c.backend === trainer.backendChoice ? c : { ...c, backend: trainer.backendChoice }));
  }, [trainer.backendChoice]);

  const { loadFiles, loadSample, resplit } = data;
  const { reset } = trainer;
  const configRef = useRef(config);
  configRef.current = config;

  const onFiles = useCallback(
    async (files: File[]) => {
      if (await loadFiles(files, configRef.current.split)) reset();
    },
    [loadFiles, reset],
  );
  const onSample = useCallback(async () => {
    if (await loadSample(configRef.current.split)) reset();
  }, [loadSample, reset]);

  // ?sample=1 loads the sample on start.
  const started = useRef(false);
  useEffect(() => {
    if (initial.sample && !started.current) {
      started.current = true;
      void onSample();
    }
    // Unmounted (React's StrictMode check): the ingest worker went with it, so load again on remount.
    return () => {
      started.current = false;
    };
  }, [initial.sample, onSample]);

  // Split settings changed: re-split (debounced) once they are valid.
  const splitValid = !problems.some((p) => /split|validation ratio/.test(p));
  const splitStale = d !== null && !sameSplit(d.split.config, config.split);
  const refs = useReferences(d && !splitStale && !problems.length ? d.split : null, config);
  useEffect(() => {
    if (!splitStale || !splitValid || data.loading) return;
    const t = setTimeout(() => void resplit(config.split), 300);
    return () => clearTimeout(t);
  }, [splitStale, splitValid, config.split, resplit, data.loading]);

  useEffect(() => {
    window.__recsys = { crashTrainWorker: trainer.crashWorker };
  }, [trainer.crashWorker]);

  // The references are shown for the current split and K; the verdict may cite them only when the run was scored on the same.
  const verdictRefs = useMemo(() => {
    const m = trainer.model;
    if (!m || !d || m.split !== d.split || m.config.k !== config.k || m.config.threshold !== config.threshold) return [];
    return refs.results.flatMap((r) =>
      r.name !== 'popular' && r.metrics ? [{ label: REFERENCE_LABELS[r.name], precision: r.metrics.precision }] : [],
    );
  }, [trainer.model, d, config.k, config.threshold, refs.results]);
  const active = trainer.state === 'running' || trainer.state === 'paused';
  const blocker = !d
    ? 'Load a dataset first.'
    : data.loading
      ? 'Loading…'
      : unusable.length
        ? `Nothing to train on: ${unusable.join('; ')}.`
        : problems.length
          ? 'Fix the configuration problems listed above.'
          : splitStale
            ? 'Re-splitting the data…'
            : null;

  const onStart = () => {
    if (!d) return;
    runs.begin();
    // The dashboard: the training panel at the top, its status, progress and the charts in view.
    document.getElementById('train-h')?.parentElement?.scrollIntoView({ block: 'start' });
    void trainer.start(d.split, config);
  };

  const onBackendChange = (choice: BackendChoice) => {
    setConfig((c) => ({ ...c, backend: choice }));
    trainer.chooseBackend(choice);
  };

  const onLoadModel = async () => {
    const { loadSavedModel } = await import('./modelStore');
    const snap = await loadSavedModel();
    if (!snap) throw new Error('no model has been saved in this browser yet');
    if (!d) throw new Error('load the data the model was trained on first');
    if (snap.items !== d.itemIds.length) {
      throw new Error(`the saved model was trained on ${snap.items} items, the loaded data has ${d.itemIds.length}`);
    }
    const cfg = { ...snap.config, backend: config.backend };
    setConfig(cfg);
    const current = sameSplit(d.split.config, cfg.split) ? d : await resplit(cfg.split);
    if (!current) throw new Error('could not re-split the data with the model’s split settings');
    await trainer.restore({ ...snap, config: cfg }, current.split);
  };

  const onResumeSaved = async (run: SavedRun) => {
    const saved = await loadData();
    if (!saved || saved.dataId !== run.dataId) throw new Error('the saved dataset is missing');
    data.adopt(saved.data);
    setConfig({ ...run.config, backend: config.backend });
    await trainer.resumeRun(run, saved.data.split);
  };

  const err = data.error;
  const pct = data.loading?.progress
    ? Math.round((100 * data.loading.progress.bytesDone) / Math.max(1, data.loading.progress.bytesTotal))
    : 0;

  return (
    <div className="app">
      <header>
        <h1>Recommender trainer</h1>
        <p>
          Train a collaborative-filtering autoencoder on MovieLens-style ratings, entirely in your browser (TensorFlow.js on WebGPU, WebGL,
          WASM or CPU). Your files never leave this page.
        </p>
      </header>
      <main>
        <section className="panel" aria-labelledby="data-h">
          <h2 id="data-h">1. Data</h2>
          <ResumeOffer hidden={trainer.model !== null || data.loading !== null} onResume={onResumeSaved} />
          <DropZone onFiles={onFiles} onSample={onSample} disabled={false} />
          {data.loading && (
            <div className="ingest">
              <div
                data-testid="ingest-progress"
                role="progressbar"
                aria-label={data.loading.label}
                aria-valuemin={0}
                aria-valuemax={100}
                aria-valuenow={pct}
                className="bar"
              >
                <div style={{ width: `${pct}%` }} />
              </div>
              <span>
                {data.loading.label}
                {data.loading.progress &&
                  ` — ${data.loading.progress.fileName}: ${fmtBytes(data.loading.progress.bytesDone)} / ${fmtBytes(data.loading.progress.bytesTotal)}`}
              </span>
              <button type="button" data-testid="ingest-cancel" onClick={data.cancel}>
                Cancel
              </button>
            </div>
          )}
          {data.notice && (
            <p className="notice" role="status" data-testid="notice">
              {data.notice}
            </p>
          )}
          {err && (
            <div className="error" role="alert" data-testid="error">
              <strong>Could not load the data.</strong>{' '}
              {err instanceof InputError ? (
                <>
                  <span className="mono">{err.fileName}</span>
                  {err.line > 0 && <>, line {err.line}</>}: {err.reason}
                </>
              ) : (
                err.message
              )}
              {d && <span> The previously loaded data is still in use.</span>}
              <button type="button" className="link" onClick={data.clearError} aria-label="Dismiss error">
                ×
              </button>
            </div>
          )}
          {initial.error && (
            <p className="bad" role="alert" data-testid="url-notice">
              URL settings ignored: {initial.error}
            </p>
          )}
          {d && <DatasetSummary data={d} />}
        </section>

        <section className="panel" aria-labelledby="train-h">
          <h2 id="train-h">2. Train</h2>
          <div className="train-grid">
            <ConfigPanel config={config} onChange={setConfig} problems={problems} active={active} />
            <TrainPanel trainer={trainer} canStart={!blocker} blocker={blocker} onStart={onStart} onBackendChange={onBackendChange} />
          </div>
        </section>

        <section className="panel" aria-labelledby="results-h">
          <h2 id="results-h">3. Learning curves</h2>
          <Verdict trainer={trainer} runs={runs} data={d} references={verdictRefs} />
          <Charts
            epochs={trainer.epochs}
            baseline={trainer.baseline}
            references={refs.results}
            k={trainer.model?.config.k ?? config.k}
            overlays={overlays}
          />
          <ReferencesTable refs={refs} set={config.references.set} k={config.k} baseline={trainer.baseline} />
          <EpochTable epochs={trainer.epochs} k={trainer.model?.config.k ?? config.k} tensors={trainer.epochTensors} />
          <RunsTable runs={runs} />
        </section>

        <section className="panel" aria-labelledby="recs-h">
          <h2 id="recs-h">4. Recommendations</h2>
          {d ? (
            <RecBrowser data={d} trainer={trainer} references={refs.results} />
          ) : (
            <p className="muted">Load data and train a model first.</p>
          )}
        </section>

        <section className="panel" aria-labelledby="you-h">
          <h2 id="you-h">You: rate movies, get your top 10</h2>
          {d ? <YouPanel data={d} trainer={trainer} /> : <p className="muted">Load data and train a model first.</p>}
        </section>

        <section className="panel" aria-labelledby="export-h">
          <h2 id="export-h">5. Export</h2>
          <ExportPanel data={d} trainer={trainer} onLoadModel={onLoadModel} references={refs.results} />
        </section>
      </main>
      <footer>
        <p className="muted">Runs offline: no request leaves this origin.</p>
      </footer>
    </div>
  );
}
