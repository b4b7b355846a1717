import { useEffect, useState } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { SigningStyleInfo } from '../api/delivery-types.ts';
import type { SigningStyles } from '../lib/outbound-labels.ts';
import { useApi } from './api-context.tsx';

/** One request per client: the list does not change while the gateway runs. */
const loaded = new WeakMap<ApiClient, Promise<readonly SigningStyleInfo[]>>();

/** The outbound signing styles from `GET /api/v1/signing-styles`; null until it answers (or if it fails). */
export function useSigningStyles(): SigningStyles {
  const api = useApi();
  const [styles, setStyles] = useState<SigningStyles>(null);

  useEffect(() => {
    let cancelled = false;
    let request = loaded.get(api);
    if (request === undefined) {
      request = api.delivery.listSigningStyles();
      loaded.set(api, request);
      request.catch(() => loaded.delete(api));
    }
    request
      .then((items) => !cancelled && setStyles(items))
      .catch(() => {
        // Not reachable: labels fall back to the style ids, and the form to the current style.
      });
    return () => {
      cancelled = true;
    };
  }, [api]);

  return styles;
}
