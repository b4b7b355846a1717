import { useState } from 'react';
import { useProcessing } from '../hooks/use-processing.ts';
import { guessIdentifierType, previewValue } from '../lib/json-paths.ts';
import { CaptureCard } from './capture-card.tsx';
import { ConfirmDialog } from './confirm-dialog.tsx';
import { ErrorMessage, Loading } from './feedback.tsx';
import { IdentifierCard } from './identifier-card.tsx';
import { IdentifierDialog, type IdentifierDraft } from './identifier-dialog.tsx';
import { type SampleField, SampleFields } from './sample-fields.tsx';

/** Schema capture, the captured sample and its fields, and the contact identifier picked from them. */
export function ProcessingSection({ connectionId }: { readonly connectionId: string }) {
  const processing = useProcessing(connectionId);
  const [draft, setDraft] = useState<IdentifierDraft | null>(null);
  const [removing, setRemoving] = useState(false);
  const { settings, schema } = processing;

  if (processing.loading) return <Loading label="Loading processing settings…" />;
  if (!settings) return <ErrorMessage message={processing.error} />;
  const current = settings;
  const hasSample = schema !== null && schema.capturedAt !== null;

  function editDraft(): IdentifierDraft {
    const identifier = current.identifier;
    return {
      type: identifier?.type ?? 'email',
      path: identifier?.path ?? '$.',
      defaultCountry: identifier?.defaultCountry ?? '',
      onUnknownContact: current.onUnknownContact,
    };
  }

  function pick(field: SampleField) {
    const example = previewValue(field.value);
    setDraft({
      type: guessIdentifierType(field.path, field.type, field.value),
      path: field.path,
      defaultCountry: current.identifier?.defaultCountry ?? '',
      onUnknownContact: current.onUnknownContact,
      ...(example ? { example } : {}),
    });
  }

  return (
    <div className="processing">
      <ErrorMessage message={processing.error} />
      <div className="processing-cards">
        <CaptureCard
          schema={schema}
          capturing={processing.capturing}
          busy={processing.busy}
          onStart={processing.startCapture}
          onCancel={processing.cancelCapture}
        />
        <IdentifierCard
          settings={settings}
          onEdit={() => setDraft(editDraft())}
          onRemove={() => setRemoving(true)}
        />
      </div>
      {hasSample && (
        <div className="sample-grid">
          <section aria-labelledby="fields-heading">
            <h4 id="fields-heading">Fields</h4>
            <SampleFields schema={schema} currentPath={settings.identifier?.path ?? null} onPick={pick} />
          </section>
          <section aria-labelledby="sample-heading">
            <h4 id="sample-heading">Sample</h4>
            <pre className="body-preview" data-testid="sample-json">
              {JSON.stringify(schema.sample, null, 2)}
            </pre>
          </section>
        </div>
      )}
      {draft && <IdentifierDialog draft={draft} onSave={processing.save} onClose={() => setDraft(null)} />}
      {removing && (
        <ConfirmDialog
          title="Remove the contact identifier?"
          confirmLabel="Remove identifier"
          onConfirm={async () => {
            await processing.save({ identifier: null, onUnknownContact: current.onUnknownContact });
            setRemoving(false);
          }}
          onClose={() => setRemoving(false)}
        >
          <p>Requests to this connection will no longer be matched to contacts.</p>
        </ConfirmDialog>
      )}
    </div>
  );
}
