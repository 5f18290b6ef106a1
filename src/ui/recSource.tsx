/**
 * Where recommendation lists come from in the browser and the recs.tsv export: the trained model or
 * one of the references (their top lists are computed with the references, see useReferences).
 */
import { useId } from 'react';
import type { Recommendations } from '../engine/engine';
import { REFERENCE_LABELS, type ReferenceName, type ReferenceResult } from '../references/references';

/** 'model' or a reference. */
export type RecSource = 'model' | ReferenceName;

const ORDER: ReferenceName[] = ['ease', 'itemknn', 'popular'];

/**
 * A reference's lists for some users, shaped like the engine's answer.
 * @param k list length wanted; capped at the reference's listLength.
 */
export function referenceRecommendations(ref: ReferenceResult, users: Int32Array, k: number): Recommendations {
  const n = Math.min(k, ref.listLength);
  const items = new Int32Array(users.length * n);
  const scores = new Float32Array(users.length * n);
  users.forEach((u, r) => {
    items.set(ref.topK.subarray(u * ref.listLength, u * ref.listLength + n), r * n);
    scores.set(ref.scores.subarray(u * ref.listLength, u * ref.listLength + n), r * n);
  });
  return { users, k: n, items, scores };
}

/** Props of RecSourceSelect. */
export interface RecSourceSelectProps {
  value: RecSource;
  onChange(source: RecSource): void;
  /** Computed references; only those with results are offered. */
  references: ReferenceResult[];
  testId: string;
}

/** "Source: model / EASE / item-kNN / most popular". */
export function RecSourceSelect({ value, onChange, references, testId }: RecSourceSelectProps) {
  const id = useId();
  const available = ORDER.filter((name) => references.some((r) => r.name === name && r.metrics));
  return (
    <span className="rec-source">
      <label htmlFor={id}>Source</label>{' '}
      <select id={id} data-testid={testId} value={value} onChange={(e) => onChange(e.target.value as RecSource)}>
        <option value="model">model</option>
        {ORDER.map((name) => (
          <option key={name} value={name} disabled={!available.includes(name)}>
            {REFERENCE_LABELS[name]}
            {available.includes(name) ? '' : ' (not computed yet)'}
          </option>
        ))}
      </select>
    </span>
  );
}
