import type { ReactNode } from 'react';
import { outcomeLabel, outcomeTone } from '../lib/format.ts';
import { runLabel, runTone } from '../lib/processing-labels.ts';

/** An error from the API, shown with the API's own message. */
export function ErrorMessage({ message }: { readonly message: string | null }) {
  if (!message) return null;
  return (
    <p className="error" role="alert">
      {message}
    </p>
  );
}

/** What to do next when a list is empty. */
export function EmptyState({ title, children }: { readonly title: string; readonly children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children && <div className="empty-body">{children}</div>}
    </div>
  );
}

export function OutcomeBadge({ outcome }: { readonly outcome: string }) {
  return <span className={`badge badge-${outcomeTone(outcome)}`}>{outcomeLabel(outcome)}</span>;
}

/** A badge when a history row says its credential came over plain HTTP; nothing otherwise. */
export function InsecureTransportBadge({ warnings }: { readonly warnings: readonly string[] | undefined }) {
  const warning = warnings?.find((text) => text.startsWith('INSECURE_TRANSPORT'));
  if (warning === undefined) return null;
  return (
    <span className="badge badge-bad" title={warning}>
      Insecure transport
    </span>
  );
}

export function StatusBadge({ enabled }: { readonly enabled: boolean }) {
  return (
    <span className={`badge ${enabled ? 'badge-good' : 'badge-muted'}`}>
      {enabled ? 'Enabled' : 'Disabled'}
    </span>
  );
}

export function Loading({ label = 'Loading…' }: { readonly label?: string }) {
  return (
    <p className="muted" role="status">
      {label}
    </p>
  );
}

/** A flow run's status as a badge. */
export function RunBadge({ status }: { readonly status: string }) {
  return <span className={`badge badge-${runTone(status)}`}>{runLabel(status)}</span>;
}
