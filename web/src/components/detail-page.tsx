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
