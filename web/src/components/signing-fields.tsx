import { useId } from 'react';
import { SIGNING_STYLES, type SigningStyle } from '../api/outbound-types.ts';
import { type EndpointDraft, styleFieldOf } from '../lib/endpoint-form.ts';
import { OWN_CREDENTIAL_STYLES, SCOPED_STYLES, styleLabel } from '../lib/outbound-labels.ts';

interface SigningFieldsProps {
  readonly draft: EndpointDraft;
  readonly onChange: (patch: Partial<EndpointDraft>) => void;
  readonly editing: boolean;
}

/** How deliveries to the endpoint are signed: style, whose secret, the style's field, an optional credential. */
export function SigningFields({ draft, onChange, editing }: SigningFieldsProps) {
  const base = useId();
  const field = styleFieldOf(draft.style);
  const scoped = SCOPED_STYLES.includes(draft.style);
  const takesSecret = OWN_CREDENTIAL_STYLES.includes(draft.style) || (scoped && draft.ownSecret);

  function selectStyle(style: SigningStyle) {
    onChange({ style, styleField: styleFieldOf(style)?.fallback ?? '', secret: '' });
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
          {SIGNING_STYLES.map((style) => (
            <option key={style} value={style}>
              {styleLabel(style)}
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
            required={field.name === 'username'}
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
