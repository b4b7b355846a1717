import { type FormEvent, useId, useState } from 'react';
import { CONTACT_FILTERS, type ContactFilterField } from '../api/processing-types.ts';

export interface ContactSearchQuery {
  readonly field: ContactFilterField;
  readonly value: string;
}

const LABELS: Record<ContactFilterField, string> = {
  email: 'Email',
  phone: 'Phone',
  chatId: 'Chat id',
  channelUserId: 'Channel user id',
};

export function contactFieldLabel(field: ContactFilterField): string {
  return LABELS[field];
}

/** Finds contacts by one exact identifier (the API normalizes: any case of an email, any phone spelling). */
export function ContactSearch({
  onSearch,
}: {
  readonly onSearch: (query: ContactSearchQuery | null) => void;
}) {
  const ids = { field: useId(), value: useId() };
  const [field, setField] = useState<ContactFilterField>('email');
  const [value, setValue] = useState('');

  function submit(event: FormEvent) {
    event.preventDefault();
    onSearch(value.trim() ? { field, value: value.trim() } : null);
  }

  return (
    <search>
      <form className="toolbar search" onSubmit={submit}>
        <div className="field field-inline">
          <label htmlFor={ids.field}>Find by</label>
          <select
            id={ids.field}
            value={field}
            onChange={(e) => setField(e.target.value as ContactFilterField)}
          >
            {CONTACT_FILTERS.map((f) => (
              <option key={f} value={f}>
                {LABELS[f]}
              </option>
            ))}
          </select>
        </div>
        <div className="field field-inline">
          <label htmlFor={ids.value} className="visually-hidden">
            {LABELS[field]} to find
          </label>
          <input
            id={ids.value}
            type="search"
            value={value}
            placeholder={field === 'phone' ? '+49 151 12345678' : field === 'email' ? 'ada@example.com' : ''}
            onChange={(e) => setValue(e.target.value)}
          />
        </div>
        <button type="submit" className="secondary">
          Search
        </button>
        {value && (
          <button
            type="button"
            className="secondary"
            onClick={() => {
              setValue('');
              onSearch(null);
            }}
          >
            Clear
          </button>
        )}
      </form>
    </search>
  );
}
