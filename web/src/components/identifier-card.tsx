import type { ProcessingSettings } from '../api/processing-types.ts';
import { identifierLabel } from '../lib/processing-labels.ts';

interface IdentifierCardProps {
  readonly settings: ProcessingSettings;
  readonly onEdit: () => void;
  readonly onRemove: () => void;
}

/** The connection's current identifier mapping and unknown-contact policy. */
export function IdentifierCard({ settings, onEdit, onRemove }: IdentifierCardProps) {
  const { identifier } = settings;
  return (
    <section className="card" aria-labelledby="identifier-heading" data-testid="identifier-settings">
      <h3 id="identifier-heading">Contact identifier</h3>
      {identifier ? (
        <dl className="facts">
          <dt>Type</dt>
          <dd>{identifierLabel(identifier.type)}</dd>
          <dt>Path</dt>
          <dd className="mono" data-testid="identifier-path">
            {identifier.path}
          </dd>
          {identifier.defaultCountry && (
            <div className="fact-row">
              <dt>Default country</dt>
              <dd>{identifier.defaultCountry}</dd>
            </div>
          )}
          <dt>No match</dt>
          <dd>{settings.onUnknownContact === 'create' ? 'Create the contact' : 'Skip the event'}</dd>
        </dl>
      ) : (
        <p className="muted">
          No contact resolution. Capture a sample and click a field, or enter a JSONPath, to look up the
          contact of every request.
        </p>
      )}
      <div className="actions">
        {identifier && (
          <button type="button" className="secondary" onClick={onRemove}>
            Remove identifier
          </button>
        )}
        <button type="button" className="secondary" onClick={onEdit}>
          {identifier ? 'Edit identifier' : 'Enter a JSONPath'}
        </button>
      </div>
    </section>
  );
}
