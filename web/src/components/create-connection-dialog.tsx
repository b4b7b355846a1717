import { useId, useMemo, useState } from 'react';
import type { ConnectionWithSecret, CreateConnectionInput, SenderTemplate } from '../api/types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { type AuthMode, buildAuth, type FieldValues, initialValues } from '../lib/auth-modes.ts';
import { AuthFields } from './auth-fields.tsx';
import { ConnectionNameField, MaxBodyField } from './connection-fields.tsx';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';
import { TemplatePicker, useTemplates } from './template-picker.tsx';

interface CreateConnectionDialogProps {
  /** Null while `GET /api/v1/providers` loads. */
  readonly modes: readonly AuthMode[] | null;
  readonly onClose: () => void;
  /** `typedSecret` is the secret the user typed (if any), kept only to sign a test request. */
  readonly onCreated: (result: ConnectionWithSecret, typedSecret: string | null) => void;
}

function groupByCategory(modes: readonly AuthMode[]): [string, AuthMode[]][] {
  const groups = new Map<string, AuthMode[]>();
  for (const mode of modes) groups.set(mode.category, [...(groups.get(mode.category) ?? []), mode]);
  return [...groups.entries()];
}

/**
 * The create form: where to start (blank, or a known sender's template), name, the auth mode and its
 * fields (a template sets them; it asks only for a secret the sender issues), optional body limit.
 */
export function CreateConnectionDialog({ modes, onClose, onCreated }: CreateConnectionDialogProps) {
  const api = useApi();
  const modeFieldId = useId();
  const secretFieldId = useId();
  const templates = useTemplates();
  const [templateId, setTemplateId] = useState('');
  const template = templates.find((t) => t.id === templateId);
  const [senderSecret, setSenderSecret] = useState('');
  const [name, setName] = useState('');
  const [modeId, setModeId] = useState<string | null>(null);
  const mode = modes?.find((m) => m.id === modeId) ?? modes?.[0];
  // Null until the user edits a field: the mode's defaults, also once the modes have loaded.
  const [edited, setValues] = useState<FieldValues | null>(null);
  const values = edited ?? (mode ? initialValues(mode) : {});
  const [maxBody, setMaxBody] = useState('');
  const groups = useMemo(() => groupByCategory(modes ?? []), [modes]);

  function selectMode(id: string) {
    setModeId(id);
    setValues(null);
  }

  function selectTemplate(id: string) {
    const previous = template?.name ?? '';
    const next = templates.find((t) => t.id === id);
    setTemplateId(id);
    setSenderSecret('');
    // The sender's name is a good first name; one the user typed is kept.
    if (name.trim() === '' || name === previous) setName(next?.name ?? '');
  }

  /** The create body: the template's id (and a secret the sender issued), or the mode built from the form. */
  function input(): CreateConnectionInput | null {
    const limit = maxBody.trim() ? { maxBodyBytes: Number(maxBody) } : {};
    if (template) {
      const secret = senderSecret.trim();
      return {
        name: name.trim(),
        template: template.id as NonNullable<CreateConnectionInput['template']>,
        ...(secret && {
          auth: { mode: template.auth.mode, secret } as NonNullable<CreateConnectionInput['auth']>,
        }),
        ...limit,
      };
    }
    if (!mode) return null;
    return {
      name: name.trim(),
      // Built from the fields GET /api/v1/providers lists for the mode; the gateway validates it.
      auth: buildAuth(mode, values) as NonNullable<CreateConnectionInput['auth']>,
      ...limit,
    };
  }

  function submit() {
    const body = input();
    if (!body) return;
    return api.createConnection(body).then((result) => {
      const typedField = template ? senderSecret : values.secret;
      const typed = typeof typedField === 'string' && typedField.trim() ? typedField.trim() : null;
      setValues(null);
      onCreated(result, typed);
    });
  }

  return (
    <Dialog title="New connection" onClose={onClose}>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel="Create connection" busyLabel="Creating…">
        {templates.length > 0 && (
          <TemplatePicker templates={templates} value={templateId} onChange={selectTemplate} />
        )}
        <ConnectionNameField value={name} onChange={setName} />
        {template ? (
          <TemplateSummary
            template={template}
            modeLabel={modes?.find((m) => m.id === template.auth.mode)?.name ?? template.auth.mode}
            secretFieldId={secretFieldId}
            secret={senderSecret}
            onSecret={setSenderSecret}
          />
        ) : modes === null ? (
          <p className="muted">Loading auth modes…</p>
        ) : (
          <>
            <div className="field">
              <label htmlFor={modeFieldId}>Auth mode</label>
              <select id={modeFieldId} value={mode?.id ?? ''} onChange={(e) => selectMode(e.target.value)}>
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
          </>
        )}
        <MaxBodyField
          value={maxBody}
          onChange={setMaxBody}
          help="Empty uses the gateway default (HOOKGATE_MAX_BODY_BYTES)."
        />
      </DialogForm>
    </Dialog>
  );
}

interface TemplateSummaryProps {
  readonly template: SenderTemplate;
  readonly modeLabel: string;
  readonly secretFieldId: string;
  readonly secret: string;
  readonly onSecret: (value: string) => void;
}

/** What a template sets up, and the secret field when the sender issues the secret. */
function TemplateSummary({ template, modeLabel, secretFieldId, secret, onSecret }: TemplateSummaryProps) {
  const header = typeof template.auth.header === 'string' ? template.auth.header : null;
  return (
    <div className="template-summary">
      <p>
        Auth mode <strong>{modeLabel}</strong>
        {header && (
          <>
            {' '}
            with header <code>{header}</code>
          </>
        )}
        {template.identifier && (
          <>
            ; contacts identified by <code>{template.identifier.path}</code>
          </>
        )}
        .
      </p>
      {template.secret.source === 'sender' ? (
        <div className="field">
          <label htmlFor={secretFieldId}>Secret from {template.name}</label>
          <input
            id={secretFieldId}
            type="password"
            autoComplete="off"
            required
            value={secret}
            onChange={(e) => onSecret(e.target.value)}
          />
          <p className="help">{template.secret.hint}</p>
        </div>
      ) : (
        <p className="help">hookgate generates the secret and shows it once. {template.secret.hint}</p>
      )}
    </div>
  );
}
