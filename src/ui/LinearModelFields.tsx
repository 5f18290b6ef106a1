/**
 * The linear model kind's settings (the edlae preset): λ and p, each a number or "auto" (chosen on the
 * validation split, else a 10% carve of train), and the most fits of the search (the epochs field).
 */
import type { AutoOr, ModelConfig } from '../engine/config';
import { NumberField, TextField } from './fields';

const formatAuto = (v: AutoOr<number>) => (v === 'auto' ? 'auto' : Number.isNaN(v) ? '' : String(v));
const parseAuto = (s: string): AutoOr<number> => (s.trim().toLowerCase() === 'auto' ? 'auto' : s.trim() === '' ? NaN : Number(s));

/** λ, p and the fit budget of a linear model. */
export function LinearModelFields({ model, onChange }: { model: ModelConfig; onChange(patch: Partial<ModelConfig>): void }) {
  return (
    <>
      <div className="field-row">
        <TextField
          label="λ (L2 weight)"
          testId="cfg-lambda"
          value={model.lambda}
          format={formatAuto}
          parse={parseAuto}
          onChange={(lambda) => onChange({ lambda })}
          help="a number > 0, or auto (chosen on validation)"
        />
        <TextField
          label="p (emphasised dropout)"
          testId="cfg-p"
          value={model.p}
          format={formatAuto}
          parse={parseAuto}
          onChange={(p) => onChange({ p })}
          help="in [0, 1), 0 = EASE, or auto"
        />
      </div>
      <NumberField
        label="Most fits (candidates + refit)"
        testId="cfg-epochs"
        step="1"
        min={1}
        value={model.epochs}
        onChange={(epochs) => onChange({ epochs })}
        help="each fit is one epoch in the charts; the search usually stops earlier"
      />
    </>
  );
}
