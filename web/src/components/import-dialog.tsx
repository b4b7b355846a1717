import { useId, useMemo, useState } from 'react';
import type { ImportResult } from '../api/processing-types.ts';
import { useApi } from '../hooks/api-context.tsx';
import { parseContacts } from '../lib/contact-import.ts';
import { Dialog } from './dialog.tsx';
import { DialogForm } from './dialog-form.tsx';

const EXAMPLE = 'name,email,phone,tier\nAda,ada@example.com,+4915112345678,gold';

/** Pasted CSV (header row) or JSON imported in one call; rows that fail are listed with the API's reason. */
export function ImportDialog({
  onClose,
  onImported,
}: {
  readonly onClose: () => void;
  readonly onImported: () => void;
}) {
  const api = useApi();
  const ids = { text: useId(), help: useId(), country: useId() };
  const [text, setText] = useState('');
  const [country, setCountry] = useState('');
  const [result, setResult] = useState<ImportResult | null>(null);
  const parsed = useMemo(() => (text.trim() ? parseContacts(text) : null), [text]);

  function submit() {
    if (!parsed || 'error' in parsed) return parsed?.error ?? 'Paste some contacts first.';
    return api.contacts.import(parsed.contacts, country.trim().toUpperCase() || undefined).then((done) => {
      setResult(done);
      onImported();
    });
  }

  const failures = result?.results.filter((row) => row.status === 'failed') ?? [];
  return (
    <Dialog title="Import contacts" onClose={onClose} wide>
      {result ? (
        <div className="form">
          <p role="status" className="notice">
            {result.created} created, {result.updated} updated, {result.failed} failed.
          </p>
          {failures.length > 0 && (
            <table className="table compact">
              <caption className="help">
                Rows that failed (numbered from 1, not counting the CSV header)
              </caption>
              <tbody>
                {failures.map((row) => (
                  <tr key={row.index}>
                    <th scope="row">Row {row.index + 1}</th>
                    <td>{row.message}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <div className="actions">
            <button type="button" onClick={onClose}>
              Done
            </button>
          </div>
        </div>
      ) : (
        <DialogForm
          onSubmit={submit}
          onCancel={onClose}
          submitLabel="Import"
          busyLabel="Importing…"
          disabled={!parsed || 'error' in parsed}
          problem={parsed && 'error' in parsed ? parsed.error : null}
          reusable
        >
          <div className="field">
            <label htmlFor={ids.text}>CSV or JSON</label>
            <textarea
              id={ids.text}
              className="mono"
              rows={10}
              value={text}
              placeholder={EXAMPLE}
              aria-describedby={ids.help}
              spellCheck={false}
              onChange={(e) => setText(e.target.value)}
            />
            <p id={ids.help} className="help">
              CSV: a header row with name, email, phone, chatId, channelUserId; other columns become
              attributes. JSON: an array of contacts. A row matching an existing contact is merged into it. At
              most 5000 rows.
            </p>
          </div>
          <div className="field">
            <label htmlFor={ids.country}>Default country for phones (optional)</label>
            <input
              id={ids.country}
              value={country}
              maxLength={2}
              placeholder="DE"
              onChange={(e) => setCountry(e.target.value)}
            />
          </div>
          {parsed && 'contacts' in parsed && (
            <p className="muted" role="status">
              {parsed.contacts.length} {parsed.contacts.length === 1 ? 'contact' : 'contacts'} read as{' '}
              {parsed.format}.
            </p>
          )}
        </DialogForm>
      )}
    </Dialog>
  );
}
