import { type FormEvent, useId, useMemo, useState } from 'react';
import type { ConnectionWithSecret, CreateConnectionInput } from '../api/types.ts';
import { useApi, useErrorHandler } from '../hooks/api-context.tsx';
import { type AuthMode, buildAuth, type FieldValues, initialValues } from '../lib/auth-modes.ts';
import { AuthFields } from './auth-fields.tsx';
import { ConnectionNameField, MaxBodyField } from './connection-fields.tsx';
import { Dialog } from './dialog.tsx';
import { ErrorMessage } from './feedback.tsx';

interface CreateConnectionDialogProps {
  readonly modes: readonly AuthMode[];
  readonly onClose: () => void;
  /** `typedSecret` is the secret the user typed (if any), kept only to sign a test request. */
  readonly onCreated: (result: ConnectionWithSecret, typedSecret: string | null) => void;
}

function groupByCategory(modes: readonly AuthMode[]): [string, AuthMode[]][] {
  const groups = new Map<string, AuthMode[]>();
  for (const mode of modes) groups.set(mode.category, [...(groups.get(mode.category) ?? []), mode]);
  return [...groups.entries()];
}

/** The create form: name, auth mode and that mode's fields, optional body limit. */
export function CreateConnectionDialog({ modes, onClose, onCreated }: CreateConnectionDialogProps) {
  const api = useApi();
  const handleError = useErrorHandler();
  const modeFieldId = useId();
  const [name, setName] = useState('');
  const [modeId, setModeId] = useState(modes[0]?.id ?? 'shared_secret');
  const mode = modes.find((m) => m.id === modeId) ?? modes[0];
  const [values, setValues] = useState<FieldValues>(() => (mode ? initialValues(mode) : {}));
  const [maxBody, setMaxBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const groups = useMemo(() => groupByCategory(modes), [modes]);

  function selectMode(id: string) {
    const next = modes.find((m) => m.id === id);
    setModeId(id);
    if (next) setValues(initialValues(next));
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!mode) return;
    const input: CreateConnectionInput = {
      name: name.trim(),
      // Built from the fields GET /api/v1/providers lists for the mode; the gateway validates it.
      auth: buildAuth(mode, values) as NonNullable<CreateConnectionInput['auth']>,
      ...(maxBody.trim() ? { maxBodyBytes: Number(maxBody) } : {}),
    };
    setBusy(true);
    setError(null);
    try {
      const result = await api.createConnection(input);
      const typed = typeof values.secret === 'string' && values.secret.trim() ? values.secret.trim() : null;
      setValues(initialValues(mode));
      onCreated(result, typed);
    } catch (err) {
      setError(handleError(err));
      setBusy(false);
    }
  }

  return (
    <Dialog title="New connection" onClose={onClose}>
      <form onSubmit={submit} className="form">
        <ConnectionNameField value={name} onChange={setName} />
        <div className="field">
          <label htmlFor={modeFieldId}>Auth mode</label>
          <select id={modeFieldId} value={modeId} onChange={(e) => selectMode(e.target.value)}>
            {groups.map(([category, members]) => (
              <optgroup key={category} label={category}>
                {members.map((m) => (
                  <option key={m.id} value={m.id}>
                    {m.name}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
        </div>
        {mode && (
          <AuthFields mode={mode} values={values} onChange={(k, v) => setValues({ ...values, [k]: v })} />
        )}
        <MaxBodyField
          value={maxBody}
          onChange={setMaxBody}
          help="Empty uses the gateway default (HOOKGATE_MAX_BODY_BYTES)."
        />
        <ErrorMessage message={error} />
        <div className="actions">
          <button type="button" className="secondary" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" disabled={busy}>
            {busy ? 'Creating…' : 'Create connection'}
          </button>
        </div>
      </form>
    </Dialog>
  );
}
