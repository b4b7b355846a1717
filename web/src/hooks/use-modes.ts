import { useEffect, useState } from 'react';
import { type AuthMode, allModes, SEED_MODES } from '../lib/auth-modes.ts';
import { useApi } from './api-context.tsx';

/** Seed modes at once, plus the provider catalogue once `GET /api/v1/providers` answers. */
export function useModes(): readonly AuthMode[] {
  const api = useApi();
  const [modes, setModes] = useState<readonly AuthMode[]>(SEED_MODES);

  useEffect(() => {
    let cancelled = false;
    api
      .listProviders()
      .then((providers) => !cancelled && setModes(allModes(providers)))
      .catch(() => {
        // No catalogue (or not reachable): the seed modes are still usable.
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  return modes;
}

/** A mode's human name, or its id when unknown. */
export function modeName(modes: readonly AuthMode[], id: string): string {
  return modes.find((mode) => mode.id === id)?.name ?? id;
}
