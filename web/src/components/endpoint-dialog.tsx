import { useId, useState } from 'react';
import type { CreateEndpointInput, Endpoint, EndpointWithSecret } from '../api/delivery-types.ts';
import { useSigningStyles } from '../hooks/use-signing-styles.ts';
import { draftFromEndpoint, type EndpointDraft, inputFromDraft } from '../lib/endpoint-form.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';
import { SigningFields } from './signing-fields.tsx';

interface EndpointDialogProps {
  /** The endpoint to edit; a new one when null. */
  readonly endpoint: Endpoint | null;
  readonly onSubmit: (input: CreateEndpointInput) => Promise<EndpointWithSecret>;
  readonly onDone: (result: EndpointWithSecret) => void;
  readonly onClose: () => void;
}

/** An endpoint's URL, subscriptions, signing, limits, headers and retry schedule. */
export function EndpointDialog({ endpoint, onSubmit, onDone, onClose }: EndpointDialogProps) {
  const styles = useSigningStyles();
  const base = useId();
  const [initial] = useState(() => (endpoint ? draftFromEndpoint(endpoint) : null));
  const [draft, setDraft] = useState<EndpointDraft>(() => draftFromEndpoint(endpoint));
  const set = (patch: Partial<EndpointDraft>) => setDraft((previous) => ({ ...previous, ...patch }));
  const id = (name: string) => `${base}-${name}`;

  function submit() {
    const built = inputFromDraft(draft, initial, styles);
    if ('error' in built) return built.error;
    return onSubmit(built.input).then(onDone);
  }

  const text = (
    name: 'url' | 'description' | 'eventTypes' | 'rateLimit' | 'maxConcurrency' | 'retrySchedule',
    label: string,
    help?: string,
    placeholder?: string,
  ) => (
    <div className="field">
      <label htmlFor={id(name)}>{label}</label>
      <input
        id={id(name)}
        type={name === 'url' ? 'url' : 'text'}
        value={draft[name]}
        required={name === 'url'}
        placeholder={placeholder}
        aria-describedby={help ? id(`${name}-help`) : undefined}
        onChange={(e) => set({ [name]: e.target.value })}
      />
      {help && (
        <p id={id(`${name}-help`)} className="help">
          {help}
        </p>
      )}
    </div>
  );

  return (
    <Dialog title={endpoint ? 'Edit endpoint' : 'New endpoint'} onClose={onClose} wide>
      <DialogForm
        onSubmit={submit}
        onCancel={onClose}
        submitLabel={endpoint ? 'Save endpoint' : 'Create endpoint'}
      >
        {text(
          'url',
          'URL',
          'http(s) only; private and loopback addresses are refused.',
          'https://hooks.example.com/acme',
        )}
        {text('description', 'Description (optional)')}
        {text(
          'eventTypes',
          'Event types (optional)',
          'Comma-separated: order.updated, order.*, or * . Empty receives every type.',
        )}
        <SigningFields draft={draft} styles={styles} onChange={set} editing={endpoint !== null} />
        <div className="form-row">
          {text('rateLimit', 'Rate limit per second (optional)')}
          {text('maxConcurrency', 'Max concurrency (optional)')}
        </div>
        {text(
          'retrySchedule',
          'Retry schedule (optional)',
          'Delays in seconds, the first before attempt 1, e.g. 0, 5, 300, 1800. Empty uses the default.',
        )}
        <div className="field">
          <label htmlFor={id('headers')}>Custom headers (optional)</label>
          <textarea
            id={id('headers')}
            className="mono"
            rows={2}
            value={draft.headers}
            placeholder="X-Tenant: acme"
            onChange={(e) => set({ headers: e.target.value })}
          />
        </div>
        <div className="check">
          <input
            id={id('enabled')}
            type="checkbox"
            checked={draft.enabled}
            onChange={(e) => set({ enabled: e.target.checked })}
          />
          <label htmlFor={id('enabled')}>Enabled (receives new messages)</label>
        </div>
      </DialogForm>
    </Dialog>
  );
}
