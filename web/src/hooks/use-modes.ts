import { useEffect, useState } from 'react';
import { type AuthMode, allModes } from '../lib/auth-modes.ts';
import { useApi } from './api-context.tsx';

/**
 * The auth modes of `GET /api/v1/providers` (generic ones first): null while it loads, empty when the
 * gateway could not be asked. The web keeps no copy of any mode's form.
 */
export function useModes(): readonly AuthMode[] | null {
  const api = useApi();
  const [modes, setModes] = useState<readonly AuthMode[] | null>(null);

  useEffect(() => {
    let cancelled = false;
    api
      .listProviders()
      .then((providers) => !cancelled && setModes(allModes(providers ?? [])))
      .catch(() => !cancelled && setModes([]));
    return () => {
      cancelled = true;
    };
  }, [api]);

  return modes;
}

/** A mode's human name, or its id when unknown. */
export function modeName(modes: readonly AuthMode[] | null, id: string): string {
  return modes?.find((mode) => mode.id === id)?.name ?? id;
}
