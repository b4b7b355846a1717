import { type ReactNode, useEffect, useState } from 'react';
import { useErrorHandler } from '../hooks/api-context.tsx';
import { ErrorMessage, Loading } from './feedback.tsx';

/**
 * The record a detail page shows, loaded once per `load` (memoise it on the ids). `error` holds the load's
 * failure; the page may also use it for later failures.
 */
export function useDetailRecord<T>(load: () => Promise<T>) {
  const handleError = useErrorHandler();
  const [record, setRecord] = useState<T | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let cancelled = false;
    load()
      .then((found) => !cancelled && setRecord(found))
      .catch((err: unknown) => !cancelled && setError(handleError(err)));
    return () => {
      cancelled = true;
    };
  }, [load, handleError]);

  return { record, setRecord, error, setError } as const;
}

interface DetailPageLoadingProps {
  /** The link back to the list the record belongs to. */
  readonly back: ReactNode;
  readonly error: string | null;
  readonly label: string;
}

/** What a detail page shows until its record is there: the way back, and loading or why it failed. */
export function DetailPageLoading({ back, error, label }: DetailPageLoadingProps) {
  return (
    <section>
      {back}
      {error ? <ErrorMessage message={error} /> : <Loading label={label} />}
    </section>
  );
}

/** One button of a detail page's header. */
export interface HeaderAction {
  readonly label: string;
  readonly onClick: () => void;
  /** `danger` for destructive actions (delete); `secondary` otherwise. */
  readonly tone?: 'secondary' | 'danger';
}

interface DetailHeaderProps {
  /** The heading's id, for the page section's `aria-labelledby`. */
  readonly headingId: string;
  /** The heading's content: the record's name, and a status badge where it has one. */
  readonly title: ReactNode;
  readonly actions: readonly HeaderAction[];
}

/** A detail page's heading with its action buttons (edit, enable, rotate, delete …) beside it. */
export function DetailHeader({ headingId, title, actions }: DetailHeaderProps) {
  return (
    <div className="page-header">
      <h1 id={headingId}>{title}</h1>
      <div className="actions">
        {actions.map((action, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a page's actions are a fixed list whose labels may change (Enable/Disable); keyed by place, the button keeps its focus
          <button key={index} type="button" className={action.tone ?? 'secondary'} onClick={action.onClick}>
            {action.label}
          </button>
        ))}
      </div>
    </div>
  );
}

/**
 * A dialog's `onSaved`: keeps what the dialog saved and closes it (`close` sets the page's open dialog to
 * none).
 */
export function saveAndClose<T>(keep: (saved: T) => void, close: () => void): (saved: T) => void {
  return (saved) => {
    keep(saved);
    close();
  };
}
