/**
 * Saving and loading a trained model in the TensorFlow.js format (model.json + weights.bin) with
 * tf.io: as a download and in the browser's IndexedDB, from which it is restored without retraining.
 */
import { io } from '@tensorflow/tfjs-core';
// Imported directly: the bundler drops the 'downloads://' router registration otherwise.
import { browserDownloads } from '@tensorflow/tfjs-core/dist/io/browser_files';
import type { ModelSnapshot } from '../engine/engine';
import { artifactsToSnapshot, snapshotToArtifacts } from '../engine/serialize';

/** IndexedDB key of the saved model. */
export const MODEL_URL = 'indexeddb://recsys-trainer-model';
/** File-name prefix of the downloaded model (recsys-model.json + recsys-model.weights.bin). */
export const DOWNLOAD_PREFIX = 'recsys-model';

function handler(url: string, kind: 'save' | 'load'): io.IOHandler {
  const hs = kind === 'save' ? io.getSaveHandlers(url) : io.getLoadHandlers(url);
  if (!hs.length) throw new Error(`this browser cannot ${kind} models at ${url}`);
  return hs[0];
}

/** Stores the snapshot in IndexedDB and, unless `download` is false, downloads it too. */
export async function saveModel(snapshot: ModelSnapshot, download = true): Promise<void> {
  const artifacts = snapshotToArtifacts(snapshot);
  await handler(MODEL_URL, 'save').save!(artifacts);
  if (download) await browserDownloads(DOWNLOAD_PREFIX).save!(artifacts);
}

/** The model saved in IndexedDB, or null when there is none. */
export async function loadSavedModel(): Promise<ModelSnapshot | null> {
  const models = await io.listModels().catch(() => ({}) as Record<string, unknown>);
  if (!(MODEL_URL in models)) return null;
  const artifacts = await handler(MODEL_URL, 'load').load!();
  return artifactsToSnapshot(artifacts);
}
