import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import type { ApiClient } from '../api/client.ts';
import { describeError, isUnauthorized } from '../api/errors.ts';

interface ApiContextValue {
  readonly client: ApiClient;
  /** Called when the API answers 401: the token was revoked or changed. */
  readonly onUnauthorized: (message: string) => void;
}

const ApiContext = createContext<ApiContextValue | null>(null);

export function ApiProvider(props: {
  client: ApiClient;
  onUnauthorized: (message: string) => void;
  children: ReactNode;
}) {
  const { client, onUnauthorized, children } = props;
  const value = useMemo(() => ({ client, onUnauthorized }), [client, onUnauthorized]);
  return <ApiContext.Provider value={value}>{children}</ApiContext.Provider>;
}

export function useApi(): ApiClient {
  const value = useContext(ApiContext);
  if (!value) throw new Error('useApi outside <ApiProvider>');
  return value.client;
}

/**
 * Turns an error into the message to show; a 401 also signs the user out.
 * Returns the API's own message whenever there is one.
 */
export function useErrorHandler(): (error: unknown) => string {
  const value = useContext(ApiContext);
  return useCallback(
    (error: unknown) => {
      const message = describeError(error);
      if (isUnauthorized(error)) value?.onUnauthorized(message);
      return message;
    },
    [value],
  );
}
