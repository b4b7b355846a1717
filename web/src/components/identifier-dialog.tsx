import { useId, useState } from 'react';
import {
  IDENTIFIER_TYPES,
  type IdentifierType,
  type ProcessingInput,
  type UnknownContactPolicy,
} from '../api/processing-types.ts';
import { identifierLabel } from '../lib/processing-labels.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

export interface IdentifierDraft {
  readonly type: IdentifierType;
  readonly path: string;
  readonly defaultCountry: string;
  readonly onUnknownContact: UnknownContactPolicy;
  /** The sample's value at the path, when the path was picked from the sample. */
  readonly example?: string;
}

interface IdentifierDialogProps {
  readonly draft: IdentifierDraft;
  readonly onSave: (input: ProcessingInput) => Promise<void>;
  readonly onClose: () => void;
}

/** Where the contact identifier is in the payload: type, JSONPath, default country, unknown-contact policy. */
export function IdentifierDialog({ draft, onSave, onClose }: IdentifierDialogProps) {
  const ids = {
    type: useId(),
    path: useId(),
    pathHelp: useId(),
    country: useId(),
    countryHelp: useId(),
    policy: useId(),
  };
  const [type, setType] = useState(draft.type);
  const [path, setPath] = useState(draft.path);
  const [country, setCountry] = useState(draft.defaultCountry);
  const [policy, setPolicy] = useState(draft.onUnknownContact);

  function submit() {
    const defaultCountry = type === 'phone' && country.trim() ? country.trim().toUpperCase() : undefined;
    const identifier = { type, path: path.trim(), ...(defaultCountry ? { defaultCountry } : {}) };
    return onSave({ identifier, onUnknownContact: policy }).then(onClose);
  }

  return (
    <Dialog title="Contact identifier" onClose={onClose}>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel="Save identifier">
        <div className="field">
          <label htmlFor={ids.path}>JSONPath</label>
          <input
            id={ids.path}
            className="mono"
            value={path}
            required
            spellCheck={false}
            aria-describedby={ids.pathHelp}
            onChange={(e) => setPath(e.target.value)}
          />
          <p id={ids.pathHelp} className="help">
            {draft.example ? `In the sample: ${draft.example}. ` : ''}The first value it selects identifies
            the contact, e.g. $.data.counterparty.email.
          </p>
        </div>
        <div className="field">
          <label htmlFor={ids.type}>Identifier type</label>
          <select
            id={ids.type}
            value={type}
            onChange={(e) => setType(e.target.value as IdentifierType)}
            data-autofocus
          >
            {IDENTIFIER_TYPES.map((value) => (
              <option key={value} value={value}>
                {identifierLabel(value)}
              </option>
            ))}
          </select>
        </div>
        {type === 'phone' && (
          <div className="field">
            <label htmlFor={ids.country}>Default country (optional)</label>
            <input
              id={ids.country}
              value={country}
              maxLength={2}
              placeholder="DE"
              aria-describedby={ids.countryHelp}
              onChange={(e) => setCountry(e.target.value)}
            />
            <p id={ids.countryHelp} className="help">
              ISO 3166 code used to read national numbers written without +country code.
            </p>
          </div>
        )}
        <div className="field">
          <label htmlFor={ids.policy}>When no contact matches</label>
          <select
            id={ids.policy}
            value={policy}
            onChange={(e) => setPolicy(e.target.value as UnknownContactPolicy)}
          >
            <option value="skip">Skip the event (outcome Identifier not found)</option>
            <option value="create">Create the contact</option>
          </select>
        </div>
      </DialogForm>
    </Dialog>
  );
}
