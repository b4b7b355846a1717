import { useCallback, useEffect, useState } from 'react';
import type { ConnectionSchema, ProcessingInput, ProcessingSettings } from '../api/processing-types.ts';
import { useApi, useErrorHandler } from './api-context.tsx';

/** How often the sample is fetched again while a capture waits for the next request. */
export const CAPTURE_POLL_MS = 1500;

export interface Processing {
  readonly settings: ProcessingSettings | null;
  readonly schema: ConnectionSchema | null;
  readonly loading: boolean;
  readonly error: string | null;
  /** True while "capture next sample" is armed. */
  readonly capturing: boolean;
  readonly busy: boolean;
  readonly startCapture: () => void;
  readonly cancelCapture: () => void;
  /** PUTs the settings; rejects with the API error so a dialog can show it. */
  readonly save: (input: ProcessingInput) => Promise<void>;
}

/** A connection's processing settings and captured sample; polls the sample while a capture is armed. */
export function useProcessing(connectionId: string): Processing {
  const api = useApi();
  const handleError = useErrorHandler();
  const [settings, setSettings] = useState<ProcessingSettings | null>(null);
  const [schema, setSchema] = useState<ConnectionSchema | null>(null);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const capturing = schema?.capturing ?? settings?.capturing ?? false;

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.processing.getSettings(connectionId), api.processing.getSchema(connectionId)])
      .then(([loadedSettings, loadedSchema]) => {
        if (cancelled) return;
        setSettings(loadedSettings);
        setSchema(loadedSchema);
      })
      .catch((err: unknown) => !cancelled && setError(handleError(err)))
      .finally(() => !cancelled && setLoading(false));
    return () => {
      cancelled = true;
    };
  }, [api, handleError, connectionId]);

  useEffect(() => {
    if (!capturing) return;
    const timer = setInterval(() => {
      api.processing
        .getSchema(connectionId)
        .then(setSchema)
        .catch((err: unknown) => setError(handleError(err)));
    }, CAPTURE_POLL_MS);
    return () => clearInterval(timer);
  }, [api, handleError, connectionId, capturing]);

  const setCapture = useCallback(
    (arm: boolean) => {
      setBusy(true);
      setError(null);
      const call = arm
        ? api.processing.startCapture(connectionId)
        : api.processing.cancelCapture(connectionId);
      call
        .then((state) => {
          setSchema((previous) => (previous ? { ...previous, capturing: state.capturing } : previous));
          setSettings((previous) => (previous ? { ...previous, capturing: state.capturing } : previous));
        })
        .catch((err: unknown) => setError(handleError(err)))
        .finally(() => setBusy(false));
    },
    [api, handleError, connectionId],
  );

  const save = useCallback(
    async (input: ProcessingInput) => {
      setSettings(await api.processing.saveSettings(connectionId, input));
    },
    [api, connectionId],
  );

  return {
    settings,
    schema,
    loading,
    error,
    capturing,
    busy,
    startCapture: () => setCapture(true),
    cancelCapture: () => setCapture(false),
    save,
  };
}
