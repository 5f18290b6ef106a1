/**
 * Backend choice and status, the Start / Pause / Resume / Stop controls, the training status
 * (data-* attributes for tests), the epoch progress bar, and the offer to continue on another
 * backend after a failure.
 */
import { BACKEND_LABEL, BACKEND_ORDER, type BackendChoice } from '../engine/engine';
import { fmtDuration, fmtNum } from './format';
import { SelectField } from './fields';
import type { TrainerApi } from './useTrainer';

/** Props of TrainPanel. */
export interface TrainPanelProps {
  trainer: TrainerApi;
  /** Start is possible (data loaded, config valid). */
  canStart: boolean;
  /** Why Start is disabled, when it is. */
  blocker: string | null;
  onStart(): void;
  onBackendChange(choice: BackendChoice): void;
}

const BACKEND_OPTIONS: { value: BackendChoice; label: string }[] = [
  { value: 'auto', label: `auto (${BACKEND_ORDER.map((b) => BACKEND_LABEL[b]).join(' → ')})` },
  ...BACKEND_ORDER.map((b) => ({ value: b, label: b === 'cpu' ? 'CPU (plain JS)' : BACKEND_LABEL[b] })),
];

/** The training control panel. */
export function TrainPanel({ trainer, canStart, blocker, onStart, onBackendChange }: TrainPanelProps) {
  const { state, epochs, backend, failure } = trainer;
  const k = trainer.model?.config.k ?? 10;
  const active = state === 'running' || state === 'paused';
  const last = epochs[epochs.length - 1];
  const lastEpoch = last?.epoch ?? trainer.model?.epoch ?? 0;
  return (
    <div className="train-panel">
      <div className="backend-row">
        <SelectField
          label="Backend"
          testId="backend-select"
          value={trainer.backendChoice}
          options={BACKEND_OPTIONS}
          disabled={active}
          onChange={(v) => onBackendChange(v)}
        />
        <p className="backend" data-testid="backend" data-backend={backend?.name ?? ''} aria-live="polite">
          {trainer.backendBusy && 'Starting backend…'}
          {backend && (
            <>
              <strong>{backend.name}</strong> — {backend.reason}
              {backend.device ? ` (${backend.device})` : ''}
            </>
          )}
          {trainer.backendError && <span className="bad">Backend unavailable: {trainer.backendError}</span>}
        </p>
      </div>
      <fieldset className="buttons" aria-label="Training controls">
        <button
          type="button"
          className="primary"
          data-testid="train-start"
          disabled={!canStart || active}
          onClick={onStart}
          title={blocker ?? undefined}
        >
          Start training
        </button>
        <button type="button" data-testid="train-pause" disabled={state !== 'running'} onClick={trainer.pause}>
          Pause
        </button>
        <button
          type="button"
          data-testid="train-resume"
          disabled={!(state === 'paused' || (state === 'stopped' && trainer.model))}
          onClick={trainer.resume}
        >
          Resume
        </button>
        <button type="button" data-testid="train-stop" disabled={!active} onClick={trainer.stop}>
          Stop
        </button>
      </fieldset>
      {blocker && !active && <p className="hint">{blocker}</p>}
      <p
        className={`status state-${state}`}
        data-testid="train-status"
        data-state={state}
        data-epoch={lastEpoch}
        data-loss={last ? String(last.loss) : ''}
        data-precision={last ? String(last.test.precision) : ''}
        data-num-tensors={trainer.numTensors ?? ''}
        role="status"
      >
        <span className="pill">{state}</span> epoch {lastEpoch}
        {last && (
          <>
            {' '}
            · loss {fmtNum(last.loss)} · P@{k} {fmtNum(last.test.precision, 3)}
          </>
        )}
        {trainer.numTensors !== null && <span className="muted"> · {trainer.numTensors} tensors</span>}
        {trainer.message && <span className="muted"> · {trainer.message}</span>}
      </p>
      <EpochProgress trainer={trainer} />
      {failure && (
        <div className="failure" role="alert" data-testid="train-failure">
          <p>
            Training failed{backend ? ` on ${backend.name}` : ''}: {failure.message}. The data and the model up to epoch{' '}
            {trainer.model?.epoch ?? 0} are kept.
          </p>
          {failure.next && (
            <button type="button" data-testid="train-continue" onClick={() => void trainer.continueOn(failure.next!)}>
              Continue on {failure.next} from epoch {trainer.model?.epoch ?? 0}
            </button>
          )}
          {!failure.next && trainer.model && (
            <button
              type="button"
              data-testid="train-retry"
              onClick={() => void trainer.continueOn(backend?.name ?? (trainer.backendChoice === 'auto' ? 'cpu' : trainer.backendChoice))}
            >
              Retry from epoch {trainer.model.epoch} on {backend?.name ?? trainer.backendChoice}
            </button>
          )}
        </div>
      )}
    </div>
  );
}

/** Epoch n/N with batch progress, elapsed, ETA and steps/s. */
function EpochProgress({ trainer }: { trainer: TrainerApi }) {
  const p = trainer.progress;
  const total = p?.epochs ?? trainer.model?.config.model.epochs ?? 0;
  if (!p || total === 0) {
    return (
      <div
        className="epoch-progress"
        data-testid="epoch-progress"
        role="progressbar"
        aria-label="Training progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={0}
      >
        <div className="bar">
          <div style={{ width: '0%' }} />
        </div>
        <span className="muted">not started</span>
      </div>
    );
  }
  const doneFrac = Math.min(1, (p.epoch - 1 + p.done / Math.max(1, p.total)) / total);
  const runFrac = (doneFrac * total - p.fromEpoch) / Math.max(1e-9, total - p.fromEpoch);
  const elapsed = p.now - p.startedAt;
  const eta = runFrac > 0 ? (elapsed * (1 - runFrac)) / runFrac : NaN;
  const stepsPerSec = elapsed > 0 ? (p.batches * 1000) / elapsed : 0;
  const pct = Math.round(doneFrac * 100);
  const finished = trainer.state !== 'running' && trainer.state !== 'paused';
  return (
    <div
      className="epoch-progress"
      data-testid="epoch-progress"
      role="progressbar"
      aria-label="Training progress"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={pct}
      aria-valuetext={`Epoch ${p.epoch} of ${total}, batch ${p.done} of ${p.total}`}
    >
      <div className="bar">
        <div style={{ width: `${pct}%` }} />
      </div>
      <span>
        Epoch {p.epoch}/{total} · batch {p.done}/{p.total} · elapsed {fmtDuration(elapsed)}
        {!finished && ` · ETA ${fmtDuration(eta)}`} · {stepsPerSec.toFixed(1)} steps/s
      </span>
    </div>
  );
}
