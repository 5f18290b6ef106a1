/** Labelled form controls that keep the user's text while it is being typed. */
import { useEffect, useId, useState, type ReactNode } from 'react';

interface FieldProps {
  label: ReactNode;
  /** Short help shown under the control. */
  help?: string;
  testId?: string;
  disabled?: boolean;
}

/** A number input; invalid text yields NaN (caught by validateRunConfig). */
export function NumberField(props: FieldProps & { value: number; onChange(v: number): void; step?: string; min?: number; max?: number }) {
  const { label, help, testId, disabled, value, onChange, step = 'any', min, max } = props;
  const id = useId();
  const [text, setText] = useState(String(value));
  useEffect(() => {
    if (Number(text) !== value && !(Number.isNaN(value) && text.trim() === '')) setText(Number.isNaN(value) ? '' : String(value));
  }, [value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        type="number"
        inputMode="decimal"
        step={step}
        min={min}
        max={max}
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          onChange(e.target.value.trim() === '' ? NaN : Number(e.target.value));
        }}
      />
      {help && <small>{help}</small>}
    </div>
  );
}

/** A text input with parse/format (e.g. comma-separated layer sizes). */
export function TextField<T>(props: FieldProps & { value: T; format(v: T): string; parse(s: string): T; onChange(v: T): void }) {
  const { label, help, testId, disabled, value, format, parse, onChange } = props;
  const id = useId();
  const [text, setText] = useState(format(value));
  useEffect(() => {
    if (format(parse(text)) !== format(value)) setText(format(value));
  }, [value]);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        data-testid={testId}
        type="text"
        value={text}
        disabled={disabled}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parse(e.target.value));
        }}
      />
      {help && <small>{help}</small>}
    </div>
  );
}

/** A select over string options. */
export function SelectField<T extends string>(
  props: FieldProps & { value: T; options: readonly (T | { value: T; label: string })[]; onChange(v: T): void },
) {
  const { label, help, testId, disabled, value, options, onChange } = props;
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} data-testid={testId} value={value} disabled={disabled} onChange={(e) => onChange(e.target.value as T)}>
        {options.map((o) => {
          const v = typeof o === 'string' ? o : o.value;
          return (
            <option key={v} value={v}>
              {typeof o === 'string' ? o : o.label}
            </option>
          );
        })}
      </select>
      {help && <small>{help}</small>}
    </div>
  );
}

/** A checkbox. */
export function CheckField(props: FieldProps & { value: boolean; onChange(v: boolean): void }) {
  const { label, help, testId, disabled, value, onChange } = props;
  const id = useId();
  return (
    <div className="field check">
      <input id={id} data-testid={testId} type="checkbox" checked={value} disabled={disabled} onChange={(e) => onChange(e.target.checked)} />
      <label htmlFor={id}>{label}</label>
      {help && <small>{help}</small>}
    </div>
  );
}
