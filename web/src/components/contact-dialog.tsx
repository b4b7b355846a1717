import { useId, useState } from 'react';
import type { Contact, ContactInput } from '../api/processing-types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

const FIELDS = [
  { name: 'name', label: 'Name' },
  { name: 'email', label: 'Email' },
  { name: 'phone', label: 'Phone' },
  { name: 'chatId', label: 'Chat id' },
  { name: 'channelUserId', label: 'Channel user id' },
  { name: 'defaultCountry', label: 'Default country for the phone (optional)' },
] as const;

type FieldName = (typeof FIELDS)[number]['name'];

function parseAttributes(text: string): Record<string, unknown> | string {
  if (!text.trim()) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && !Array.isArray(value))
      return value as Record<string, unknown>;
  } catch {
    // Reported below.
  }
  return 'Attributes must be a JSON object, e.g. {"tier": "gold"}.';
}

/** Creates a contact; it needs at least one identifier (email, phone, chat id or channel user id). */
export function ContactDialog({
  onClose,
  onCreated,
}: {
  readonly onClose: () => void;
  readonly onCreated: (c: Contact) => void;
}) {
  const api = useApi();
  const baseId = useId();
  const [values, setValues] = useState<Record<FieldName, string>>({
    name: '',
    email: '',
    phone: '',
    chatId: '',
    channelUserId: '',
    defaultCountry: '',
  });
  const [attributes, setAttributes] = useState('');

  function submit() {
    const parsed = parseAttributes(attributes);
    if (typeof parsed === 'string') return parsed;
    const { defaultCountry, ...fields } = values;
    const input: Record<string, unknown> = { attributes: parsed };
    for (const [key, value] of Object.entries(fields)) if (value.trim()) input[key] = value.trim();
    if (defaultCountry.trim()) input.defaultCountry = defaultCountry.trim().toUpperCase();
    return api.contacts.create(input as ContactInput).then(onCreated);
  }

  return (
    <Dialog title="New contact" onClose={onClose}>
      <DialogForm onSubmit={submit} onCancel={onClose} submitLabel="Create contact" busyLabel="Creating…">
        <p className="help">
          At least one of email, phone, chat id or channel user id. Phones are stored as E.164.
        </p>
        {FIELDS.map((field) => (
          <div className="field" key={field.name}>
            <label htmlFor={`${baseId}-${field.name}`}>{field.label}</label>
            <input
              id={`${baseId}-${field.name}`}
              type={field.name === 'email' ? 'email' : 'text'}
              value={values[field.name]}
              maxLength={field.name === 'defaultCountry' ? 2 : 320}
              onChange={(e) => setValues({ ...values, [field.name]: e.target.value })}
            />
          </div>
        ))}
        <div className="field">
          <label htmlFor={`${baseId}-attributes`}>Attributes (optional JSON object)</label>
          <textarea
            id={`${baseId}-attributes`}
            className="mono"
            rows={3}
            value={attributes}
            placeholder='{"tier": "gold"}'
            onChange={(e) => setAttributes(e.target.value)}
          />
        </div>
      </DialogForm>
    </Dialog>
  );
}
