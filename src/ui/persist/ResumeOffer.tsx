/** The offer to resume a training run saved before the page was closed, reloaded or crashed. */
import { useEffect, useState } from 'react';
import { clearRun, loadRun, type SavedRun } from './sessionStore';

/** Props of ResumeOffer. */
export interface ResumeOfferProps {
  /** Hide the offer (e.g. once a model is loaded or trained). */
  hidden: boolean;
  /** Resumes the run; rejects with a reason to show. */
  onResume(run: SavedRun): Promise<void>;
}

/** Shows "Resume from epoch N" when a run was saved, until it is resumed or discarded. */
export function ResumeOffer({ hidden, onResume }: ResumeOfferProps) {
  const [run, setRun] = useState<SavedRun | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void loadRun().then(setRun);
  }, []);
  if (!run || hidden) return null;
  const resume = async () => {
    setBusy(true);
    try {
      await onResume(run);
      setRun(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  const discard = () => {
    void clearRun();
    setRun(null);
  };
  return (
    <div className="notice resume-offer" role="status" data-testid="resume-offer" data-epoch={run.snapshot.epoch}>
      A training run was saved at epoch {run.snapshot.epoch} of {run.config.model.epochs} ({new Date(run.savedAt).toLocaleString()}).{' '}
      <button type="button" className="primary" data-testid="resume-saved" disabled={busy} onClick={() => void resume()}>
        Resume from epoch {run.snapshot.epoch}
      </button>{' '}
      <button type="button" data-testid="resume-discard" disabled={busy} onClick={discard}>
        Discard
      </button>
      {error && <span className="bad"> Could not resume: {error}</span>}
    </div>
  );
}
