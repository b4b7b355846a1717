import { useId } from 'react';
import type { AuthMode, FieldValues, ModeField } from '../lib/auth-modes.ts';

interface AuthFieldsProps {
  readonly mode: AuthMode;
  readonly values: FieldValues;
  readonly onChange: (name: string, value: string | boolean) => void;
}

/** The inputs of one auth mode, rendered from its field descriptions. */
export function AuthFields({ mode, values, onChange }: AuthFieldsProps) {
  return (
    <fieldset className="fields">
      <legend>{mode.name} settings</legend>
      {mode.description && <p className="muted">{mode.description}</p>}
      {mode.docsUrl && (
        <p className="muted">
          <a href={mode.docsUrl} target="_blank" rel="noreferrer noopener">
            Provider documentation
          </a>
        </p>
      )}
      {mode.fields.map((field) => (
        <FieldInput
          key={`${mode.id}.${field.name}`}
          field={field}
          value={values[field.name]}
          onChange={(value) => onChange(field.name, value)}
        />
      ))}
    </fieldset>
  );
}

interface FieldInputProps {
  readonly field: ModeField;
  readonly value: string | boolean | undefined;
  readonly onChange: (value: string | boolean) => void;
}

function FieldInput({ field, value, onChange }: FieldInputProps) {
  const id = useId();
  const helpId = `${id}-help`;
  const described = field.help ? { 'aria-describedby': helpId } : {};
  const label = field.required ? field.label : `${field.label} (optional)`;

  if (field.kind === 'checkbox') {
    return (
      <div className="check">
        <input
          id={id}
          type="checkbox"
          checked={value === true}
          onChange={(e) => onChange(e.target.checked)}
          {...described}
        />
        <label htmlFor={id}>{field.label}</label>
        {field.help && (
          <p id={helpId} className="help">
            {field.help}
          </p>
        )}
      </div>
    );
  }

  const text = typeof value === 'string' ? value : '';
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {field.kind === 'select' ? (
        <select
          id={id}
          value={text}
          required={field.required}
          onChange={(e) => onChange(e.target.value)}
          {...described}
        >
          {(field.options ?? []).map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          type={field.kind === 'number' ? 'number' : field.kind === 'secret' ? 'password' : 'text'}
          autoComplete={field.kind === 'secret' ? 'new-password' : 'off'}
          spellCheck={false}
          value={text}
          required={field.required}
          placeholder={field.placeholder}
          onChange={(e) => onChange(e.target.value)}
          {...described}
        />
      )}
      {field.help && (
        <p id={helpId} className="help">
          {field.help}
        </p>
      )}
    </div>
  );
}
