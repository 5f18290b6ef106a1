/**
 * The run configuration, folded to a one-line summary once training starts (so status, progress
 * and charts fit on one screen); the summary opens the full form again when training is not running.
 */
import { useEffect, useState } from 'react';
import type { RunConfig } from '../engine/config';
import { ConfigForm } from './ConfigForm';

/** Props of ConfigPanel. */
export interface ConfigPanelProps {
  config: RunConfig;
  onChange(c: RunConfig): void;
  problems: string[];
  /** Training is running or paused: the form is folded and cannot be opened. */
  active: boolean;
}

/** One line: "seed · 10-5-10 sigmoid · rmsprop-tf1 lr 0.03 · 100 epochs × batch 250 · split 0.8 seed 42 · K 10". */
export function configSummary(c: RunConfig): string {
  const m = c.model;
  const acts = [...new Set(m.activations.slice(0, -1))].join('/');
  const val = c.split.validationRatio > 0 ? ` + validation ${c.split.validationRatio}` : '';
  const threshold = c.threshold > 0 ? ` · relevant ≥ ${c.threshold}` : '';
  return (
    `${c.preset} · ${m.hidden.join('-')} ${acts} → ${m.activations[m.activations.length - 1]} · ${m.optimizer} lr ${m.learningRate}` +
    ` · ${m.epochs} epochs × batch ${m.batchSize} · split ${c.split.trainRatio} seed ${c.split.seed}${val} · K ${c.k}${threshold}`
  );
}

/** The configuration form, or its one-line summary. */
export function ConfigPanel({ config, onChange, problems, active }: ConfigPanelProps) {
  const [open, setOpen] = useState(true);
  useEffect(() => {
    if (active) setOpen(false);
  }, [active]);
  if (open && !active) return <ConfigForm config={config} onChange={onChange} problems={problems} />;
  return (
    <div className="config-summary" data-testid="config-summary">
      <button
        type="button"
        className="summary-line"
        aria-expanded="false"
        data-testid="config-edit"
        disabled={active}
        onClick={() => setOpen(true)}
        title={active ? 'Stop or let training finish to edit the configuration' : 'Edit the configuration'}
      >
        <span className="summary-label">Configuration:</span> {configSummary(config)}
        {!active && <span className="summary-action"> — edit</span>}
      </button>
      {problems.length > 0 && (
        <ul className="problems" aria-live="polite">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
