import { useEffect, useState } from 'react';
import type { Connection } from '../api/types.ts';
import { useApi } from './api-context.tsx';

/** Up to 200 connections, for pickers and for showing names instead of ids; [] until loaded or on error. */
export function useConnections(): { readonly connections: readonly Connection[]; readonly loaded: boolean } {
  const api = useApi();
  const [connections, setConnections] = useState<readonly Connection[]>([]);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let cancelled = false;
    api
      .listConnections({ limit: 200 })
      .then((page) => !cancelled && setConnections(page.items))
      .catch(() => {
        // Names are a convenience: ids are shown instead.
      })
      .finally(() => !cancelled && setLoaded(true));
    return () => {
      cancelled = true;
    };
  }, [api]);

  return { connections, loaded };
}

/** A connection's name, or its id when it is not loaded. */
export function connectionName(connections: readonly Connection[], id: string): string {
  return connections.find((c) => c.id === id)?.name ?? id;
}
