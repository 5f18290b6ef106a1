/**
 * The references' settings in the configuration form: which to compute, item-kNN's neighbours and
 * EASE's λ (a number, or auto = chosen on a validation carve of train). They never block training.
 */
import type { ReferencesConfig, ReferenceSet } from '../engine/config';
import { NumberField, SelectField, TextField } from './fields';

/** Props of ReferencesFields. */
export interface ReferencesFieldsProps {
  value: ReferencesConfig;
  onChange(value: ReferencesConfig): void;
}

const SETS: { value: ReferenceSet; label: string }[] = [
  { value: 'all', label: 'most popular, item-kNN, EASE' },
  { value: 'popular', label: 'most popular only' },
  { value: 'none', label: 'none' },
];

/** λ as typed: a number or "auto" (anything else is NaN, which validation reports). */
const parseLambda = (s: string): number | 'auto' => (s.trim().toLowerCase() === 'auto' ? 'auto' : s.trim() === '' ? Number.NaN : Number(s));

/** The "References" fieldset. */
export function ReferencesFields({ value, onChange }: ReferencesFieldsProps) {
  return (
    <fieldset>
      <legend>References</legend>
      <SelectField
        label="Compare with"
        testId="cfg-references"
        value={value.set}
        options={SETS}
        onChange={(set) => onChange({ ...value, set })}
      />
      <div className="field-row">
        <NumberField
          label="Item-kNN neighbours"
          testId="cfg-knn-k"
          step="1"
          min={1}
          value={value.knnNeighbours}
          onChange={(knnNeighbours) => onChange({ ...value, knnNeighbours })}
        />
        <TextField
          label="EASE λ"
          testId="cfg-ease-lambda"
          value={value.easeLambda}
          format={String}
          parse={parseLambda}
          onChange={(easeLambda) => onChange({ ...value, easeLambda })}
          help="a number, or auto (chosen on 10% of train)"
        />
      </div>
    </fieldset>
  );
}
