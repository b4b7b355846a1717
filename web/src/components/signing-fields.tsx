import { useId } from 'react';
import type { SigningStyle } from '../api/delivery-types.ts';
import type { EndpointDraft } from '../lib/endpoint-form.ts';
import { isScopedStyle, ownsCredential, type SigningStyles } from '../lib/outbound-labels.ts';

interface SigningFieldsProps {
  readonly draft: EndpointDraft;
  /** From `GET /api/v1/signing-styles`; null until it answers (only the current style is offered). */
  readonly styles: SigningStyles;
  readonly onChange: (patch: Partial<EndpointDraft>) => void;
  readonly editing: boolean;
}

/** How deliveries to the endpoint are signed: style, whose secret, the style's field, an optional credential. */
export function SigningFields({ draft, styles, onChange, editing }: SigningFieldsProps) {
  const base = useId();
  const info = styles?.find((style) => style.id === draft.style);
  const field = info?.field ?? null;
  const scoped = isScopedStyle(info);
  const takesSecret = ownsCredential(info) || (scoped && draft.ownSecret);
  const options = styles ?? [{ id: draft.style, label: draft.style }];

  function selectStyle(style: SigningStyle) {
    const chosen = styles?.find((each) => each.id === style);
    onChange({ style, styleField: chosen?.field?.default ?? '', secret: '' });
  }

  return (
    <fieldset className="fields">
      <legend>Signing</legend>
      <div className="field">
        <label htmlFor={`${base}-style`}>Style</label>
        <select
          id={`${base}-style`}
          value={draft.style}
          onChange={(e) => selectStyle(e.target.value as SigningStyle)}
        >
          {options.map((style) => (
            <option key={style.id} value={style.id}>
              {style.label}
            </option>
          ))}
        </select>
      </div>
      {scoped && (
        <div className="check">
          <input
            id={`${base}-own`}
            type="checkbox"
            checked={draft.ownSecret}
            onChange={(e) => onChange({ ownSecret: e.target.checked, secret: '' })}
          />
          <label htmlFor={`${base}-own`}>Use a secret of its own instead of the application's</label>
        </div>
      )}
      {field && (
        <div className="field">
          <label htmlFor={`${base}-field`}>{field.label}</label>
          <input
            id={`${base}-field`}
            value={draft.styleField}
            required={field.default === null}
            onChange={(e) => onChange({ styleField: e.target.value })}
          />
        </div>
      )}
      {takesSecret && (
        <div className="field">
          <label htmlFor={`${base}-secret`}>Credential (optional)</label>
          <input
            id={`${base}-secret`}
            type="password"
            autoComplete="new-password"
            value={draft.secret}
            aria-describedby={`${base}-secret-help`}
            onChange={(e) => onChange({ secret: e.target.value })}
          />
          <p id={`${base}-secret-help`} className="help">
            {editing
              ? 'Empty keeps the current credential (a style that needs a new one gets it generated, shown once).'
              : 'Empty and hookgate generates one, shown once after you create the endpoint.'}
          </p>
        </div>
      )}
    </fieldset>
  );
}
