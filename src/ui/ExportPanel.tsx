/**
 * Exports generated in the browser (recs.tsv, train.tsv + test.tsv, metrics.csv) and model
 * save / load (tf.io: download + IndexedDB).
 */
import { useState } from 'react';
import type { ReferenceResult } from '../references/references';
import type { LoadedData } from '../workers/protocol';
import { downloadBlob } from './download';
import { metricsCsv, recsLines, splitTsvParts } from './exports';
import { RecSourceSelect, referenceRecommendations, type RecSource } from './recSource';
import type { TrainerApi } from './useTrainer';

/** Props of ExportPanel. */
export interface ExportPanelProps {
  data: LoadedData | null;
  trainer: TrainerApi;
  /** Restores the model saved in IndexedDB (the app re-splits as needed). */
  onLoadModel(): Promise<void>;
  /** Computed references: recs.tsv can hold one of theirs instead of the model's lists. */
  references?: ReferenceResult[];
}

const TOP = 10;
const CHUNK = 512;

/** Export and model buttons with a status line. */
export function ExportPanel({ data, trainer, onLoadModel, references = [] }: ExportPanelProps) {
  const [busy, setBusy] = useState<string | null>(null);
  const [source, setSource] = useState<RecSource>('model');
  const reference = source === 'model' ? null : (references.find((r) => r.name === source && r.metrics) ?? null);
  const canExportRecs = source === 'model' ? trainer.model !== null : reference !== null;
  const [note, setNote] = useState<string | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const hasModel = trainer.model !== null;
  const split = trainer.model?.split ?? data?.split;

  const run = async (label: string, fn: () => Promise<string>) => {
    setBusy(label);
    setErr(null);
    setNote(null);
    try {
      setNote(await fn());
    } catch (e) {
      setErr(`${label} failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(null);
    }
  };

  const exportRecs = () =>
    run('Exporting recommendations', async () => {
      if (!data) throw new Error('no data');
      const parts: string[] = [];
      const n = data.userIds.length;
      for (let start = 0; start < n; start += CHUNK) {
        const users = Int32Array.from({ length: Math.min(CHUNK, n - start) }, (_, i) => start + i);
        const r = reference ? referenceRecommendations(reference, users, TOP) : await trainer.recommend(users, TOP);
        if (!r) throw new Error('no model');
        parts.push(recsLines(r, data));
        setBusy(`Exporting recommendations (${Math.min(n, start + CHUNK)}/${n} users)`);
      }
      downloadBlob('recs.tsv', new Blob(parts, { type: 'text/tab-separated-values' }));
      return `recs.tsv: top ${TOP} for ${n} users (${reference ? reference.name : 'model'})`;
    });

  const exportSplit = () =>
    run('Exporting the split', async () => {
      if (!data || !split) throw new Error('no data');
      downloadBlob('train.tsv', new Blob(splitTsvParts(split.train, data), { type: 'text/tab-separated-values' }));
      await new Promise((r) => setTimeout(r, 250));
      downloadBlob('test.tsv', new Blob(splitTsvParts(split.test, data), { type: 'text/tab-separated-values' }));
      return 'train.tsv and test.tsv';
    });

  const exportMetrics = () =>
    run('Exporting metrics', async () => {
      downloadBlob('metrics.csv', metricsCsv(trainer.epochs, trainer.baseline, trainer.model?.config.k ?? 10), 'text/csv');
      return `metrics.csv: ${trainer.epochs.length} epochs`;
    });

  const save = () =>
    run('Saving the model', async () => {
      const { saveModel } = await import('./modelStore');
      const s = await trainer.snapshot();
      if (!s) throw new Error('no model');
      await saveModel(s);
      return `Model (epoch ${s.epoch}) saved to this browser and downloaded`;
    });

  const load = () =>
    run('Loading the model', async () => {
      await onLoadModel();
      return 'Model loaded from this browser';
    });

  const active = trainer.state === 'running' || trainer.state === 'paused';
  return (
    <div className="exports">
      <fieldset className="buttons" aria-label="Exports">
        <button type="button" data-testid="export-recs" disabled={!canExportRecs || !data || !!busy} onClick={exportRecs}>
          recs.tsv
        </button>
        <RecSourceSelect value={source} onChange={setSource} references={references} testId="export-source" />
        <button type="button" data-testid="export-split" disabled={!data || !!busy} onClick={exportSplit}>
          train.tsv + test.tsv
        </button>
        <button type="button" data-testid="export-metrics" disabled={trainer.epochs.length === 0 || !!busy} onClick={exportMetrics}>
          metrics.csv
        </button>
        <button type="button" data-testid="save-model" disabled={!hasModel || active || !!busy} onClick={save}>
          Save model
        </button>
        <button type="button" data-testid="load-model" disabled={!data || active || !!busy} onClick={load}>
          Load saved model
        </button>
      </fieldset>
      <p className="muted" role="status" data-testid="export-status">
        {busy ?? note ?? 'Files are generated in your browser.'}
      </p>
      {err && (
        <p className="bad" role="alert">
          {err}
        </p>
      )}
    </div>
  );
}
