import { useId } from 'react';

interface TextFieldProps {
  readonly value: string;
  readonly onChange: (value: string) => void;
}

/** A connection's name, as created and as edited. */
export function ConnectionNameField({ value, onChange }: TextFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>Name</label>
      <input id={id} value={value} required maxLength={200} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

/** A connection's optional body limit; `help` says what empty means. */
export function MaxBodyField({ value, onChange, help }: TextFieldProps & { readonly help: string }) {
  const ids = { limit: useId(), help: useId() };
  return (
    <div className="field">
      <label htmlFor={ids.limit}>Max body size in bytes (optional)</label>
      <input
        id={ids.limit}
        type="number"
        min={1}
        value={value}
        aria-describedby={ids.help}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id={ids.help} className="help">
        {help}
      </p>
    </div>
  );
}
