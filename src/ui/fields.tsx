/** Labelled form controls that keep the user's text while it is being typed. */
import { useEffect, useId, useState, type InputHTMLAttributes, type ReactNode } from 'react';

interface FieldProps {
  label: ReactNode;
  /** Short help shown under the control. */
  help?: string;
  testId?: string;
  disabled?: boolean;
}

/** Props of a text-backed input: the value round-trips through format/parse. */
type ParsedFieldProps<T> = FieldProps & {
  value: T;
  format(v: T): string;
  parse(s: string): T;
  onChange(v: T): void;
  /** Extra attributes of the <input> (type, step, min, …). */
  input?: InputHTMLAttributes<HTMLInputElement>;
};

/**
 * An input that keeps the user's text while it is being typed (e.g. "0." or "10,5,") and only
 * replaces it when the value changes from outside to something the text does not already mean.
 */
function ParsedField<T>({ label, help, testId, disabled, value, format, parse, onChange, input }: ParsedFieldProps<T>) {
  const id = useId();
  const [text, setText] = useState(format(value));
  // biome-ignore lint/correctness/useExhaustiveDependencies: only an outside change of `value` may replace the text; the text being typed, and format/parse (new closures each render), must not
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
        {...input}
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

const formatNumber = (v: number) => (Number.isNaN(v) ? '' : String(v));
const parseNumber = (s: string) => (s.trim() === '' ? NaN : Number(s));

/** A number input; invalid text yields NaN (caught by validateRunConfig). */
export function NumberField(props: FieldProps & { value: number; onChange(v: number): void; step?: string; min?: number; max?: number }) {
  const { step = 'any', min, max, ...rest } = props;
  return (
    <ParsedField {...rest} format={formatNumber} parse={parseNumber} input={{ type: 'number', inputMode: 'decimal', step, min, max }} />
  );
}

/** A text input with parse/format (e.g. comma-separated layer sizes). */
export function TextField<T>(props: FieldProps & { value: T; format(v: T): string; parse(s: string): T; onChange(v: T): void }) {
  return <ParsedField {...props} />;
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
      <input
        id={id}
        data-testid={testId}
        type="checkbox"
        checked={value}
        disabled={disabled}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      {help && <small>{help}</small>}
    </div>
  );
}
