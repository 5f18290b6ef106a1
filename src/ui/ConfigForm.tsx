/**
 * Every hyper-parameter of a run, editable, checked with validateRunConfig (problems listed, Start
 * disabled by the parent). Split settings re-split the data; the rest apply at the next Start.
 */
import { memo } from 'react';
import { defaultRunConfig, type Activation, type ModelConfig, type RunConfig } from '../engine/config';
import { PRESETS } from '../engine/presets';
import { CheckField, NumberField, SelectField, TextField } from './fields';
import { LinearModelFields } from './LinearModelFields';
import { ReferencesFields } from './ReferencesFields';

const ACTIVATIONS: Activation[] = ['sigmoid', 'tanh', 'relu', 'linear'];

/** Props of ConfigForm. */
export interface ConfigFormProps {
  config: RunConfig;
  onChange(c: RunConfig): void;
  problems: string[];
  disabled?: boolean;
}

const parseList = (s: string) => (s.trim() === '' ? [] : s.split(',').map((x) => (x.trim() === '' ? NaN : Number(x))));

/** The run configuration form. */
function ConfigFormView({ config, onChange, problems, disabled = false }: ConfigFormProps) {
  const m = config.model;
  const setModel = (patch: Partial<ModelConfig>) => onChange({ ...config, model: { ...m, ...patch } });
  const setHidden = (hidden: number[]) => {
    // Keep one activation per layer: hidden ones repeat the first, the output one stays last.
    const acts = m.activations;
    const out = acts[acts.length - 1] ?? 'sigmoid';
    const activations = hidden.map((_, i) => (i < acts.length - 1 ? acts[i] : (acts[0] ?? 'sigmoid')));
    setModel({ hidden, activations: [...activations, out] });
  };
  const setActivation = (i: number, a: Activation) => setModel({ activations: m.activations.map((x, j) => (j === i ? a : x)) });
  const setPreset = (preset: string) => {
    const d = defaultRunConfig(preset);
    onChange({
      ...d,
      split: config.split,
      threshold: config.threshold,
      k: config.k,
      backend: config.backend,
      references: config.references,
    });
  };

  return (
    <form className="config" onSubmit={(e) => e.preventDefault()} aria-label="Run configuration">
      <fieldset disabled={disabled}>
        <legend>Model</legend>
        <SelectField
          label="Preset"
          testId="preset"
          value={config.preset}
          options={Object.values(PRESETS).map((p) => ({ value: p.name, label: p.name }))}
          onChange={setPreset}
          help={PRESETS[config.preset]?.description}
        />
        {m.kind === 'linear' ? (
          <LinearModelFields model={m} onChange={setModel} />
        ) : (
          <>
            <TextField
              label="Hidden layer sizes"
              testId="cfg-hidden"
              value={m.hidden}
              format={(v) => v.join(',')}
              parse={parseList}
              onChange={setHidden}
              help="comma-separated, e.g. 10,5,10"
            />
            <fieldset className="field-group" aria-label="Activations">
              {m.activations.map((a, i) => (
                <SelectField
                  // biome-ignore lint/suspicious/noArrayIndexKey: a layer's position is what identifies its activation field
                  key={i}
                  label={i === m.activations.length - 1 ? 'Output activation' : `Layer ${i + 1} activation`}
                  testId={`cfg-activation-${i}`}
                  value={a}
                  options={ACTIVATIONS}
                  onChange={(v) => setActivation(i, v)}
                />
              ))}
            </fieldset>
            <div className="field-row">
              <SelectField
                label="Initialisation"
                testId="cfg-init"
                value={m.init}
                options={['normal', 'glorot'] as const}
                onChange={(init) => setModel({ init })}
              />
              <NumberField label="Init std" testId="cfg-init-std" value={m.initStd} onChange={(initStd) => setModel({ initStd })} />
            </div>
            <div className="field-row">
              <SelectField
                label="Optimiser"
                testId="cfg-optimizer"
                value={m.optimizer}
                options={
                  [
                    { value: 'rmsprop-tf1', label: 'RMSProp (TF1)' },
                    { value: 'adam', label: 'Adam' },
                  ] as const
                }
                onChange={(optimizer) => setModel({ optimizer })}
              />
              <NumberField
                label="Learning rate"
                testId="cfg-lr"
                value={m.learningRate}
                onChange={(learningRate) => setModel({ learningRate })}
              />
            </div>
            <div className="field-row">
              <NumberField
                label="Epochs"
                testId="cfg-epochs"
                step="1"
                min={1}
                value={m.epochs}
                onChange={(epochs) => setModel({ epochs })}
              />
              <NumberField
                label="Batch size (users)"
                testId="cfg-batch-size"
                step="1"
                min={1}
                value={m.batchSize}
                onChange={(batchSize) => setModel({ batchSize })}
              />
            </div>
            <div className="field-row">
              <NumberField label="Seed" testId="cfg-seed" step="1" min={0} value={m.seed} onChange={(seed) => setModel({ seed })} />
              <CheckField
                label="Shuffle users each epoch"
                testId="cfg-shuffle"
                value={m.shuffle}
                onChange={(shuffle) => setModel({ shuffle })}
              />
            </div>
            <details>
              <summary>More model settings</summary>
              <div className="field-row">
                <SelectField
                  label="Loss"
                  testId="cfg-loss"
                  value={m.loss}
                  options={['mse-dense', 'multinomial'] as const}
                  onChange={(loss) => setModel({ loss })}
                />
                <SelectField
                  label="Input transform"
                  testId="cfg-input"
                  value={m.input}
                  options={['minmax', 'binary-l2'] as const}
                  onChange={(input) => setModel({ input })}
                />
              </div>
              <div className="field-row">
                <NumberField label="Dropout" testId="cfg-dropout" value={m.dropout} onChange={(dropout) => setModel({ dropout })} />
                <NumberField label="L2 penalty" testId="cfg-l2" value={m.l2} onChange={(l2) => setModel({ l2 })} />
              </div>
              <div className="field-row">
                <NumberField label="RMSProp decay" testId="cfg-decay" value={m.decay} onChange={(decay) => setModel({ decay })} />
                <NumberField label="Momentum" testId="cfg-momentum" value={m.momentum} onChange={(momentum) => setModel({ momentum })} />
              </div>
              <div className="field-row">
                <NumberField label="Epsilon" testId="cfg-epsilon" value={m.epsilon} onChange={(epsilon) => setModel({ epsilon })} />
                <NumberField
                  label="Accumulator init"
                  testId="cfg-accumulator-init"
                  value={m.accumulatorInit}
                  onChange={(accumulatorInit) => setModel({ accumulatorInit })}
                />
              </div>
            </details>
          </>
        )}
      </fieldset>
      <fieldset disabled={disabled}>
        <legend>Split and evaluation</legend>
        <SelectField
          label="Split"
          testId="cfg-split"
          value={config.split.method ?? 'random'}
          options={[
            { value: 'random', label: 'random per user (seeded)' },
            { value: 'time', label: "temporal: each user's latest ratings are the test set" },
          ]}
          onChange={(method) => onChange({ ...config, split: { ...config.split, method } })}
        />
        <div className="field-row">
          <NumberField
            label="Train ratio (per user)"
            testId="cfg-split-ratio"
            value={config.split.trainRatio}
            onChange={(trainRatio) => onChange({ ...config, split: { ...config.split, trainRatio } })}
          />
          <NumberField
            label="Split seed"
            testId="cfg-split-seed"
            step="1"
            min={0}
            value={config.split.seed}
            onChange={(seed) => onChange({ ...config, split: { ...config.split, seed } })}
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Validation ratio"
            testId="cfg-validation"
            value={config.split.validationRatio}
            onChange={(validationRatio) => onChange({ ...config, split: { ...config.split, validationRatio } })}
          />
          <NumberField
            label="Early-stopping patience"
            testId="cfg-patience"
            step="1"
            min={0}
            value={m.patience}
            onChange={(patience) => setModel({ patience })}
            help="epochs without validation gain; 0 = off"
          />
        </div>
        <div className="field-row">
          <NumberField
            label="Relevance threshold"
            testId="cfg-threshold"
            value={config.threshold}
            onChange={(threshold) => onChange({ ...config, threshold })}
            help="held-out rating ≥ this counts as relevant (0 = all)"
          />
          <NumberField
            label="K (metrics and lists)"
            testId="cfg-k"
            step="1"
            min={1}
            value={config.k}
            onChange={(k) => onChange({ ...config, k })}
          />
        </div>
      </fieldset>
      <ReferencesFields value={config.references} onChange={(references) => onChange({ ...config, references })} />
      {problems.length > 0 && (
        <ul className="problems" data-testid="config-problems" aria-live="polite">
          {problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      )}
    </form>
  );
}

/** Memoised: its props do not change while training, when the app re-renders on every progress update. */
export const ConfigForm = memo(ConfigFormView);
