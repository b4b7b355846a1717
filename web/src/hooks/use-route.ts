import { useSyncExternalStore } from 'react';

/** A tiny pathname router: the gateway serves index.html for every non-API path. */
const CHANGE = 'hookgate:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

export function navigate(path: string, replace = false): void {
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGE));
}

export function usePath(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.pathname,
    () => '/',
  );
}

export type Route =
  | { readonly page: 'connections' }
  | { readonly page: 'connection'; readonly id: string }
  | { readonly page: 'history' }
  | { readonly page: 'outbound' }
  | { readonly page: 'flows' }
  | { readonly page: 'not-found' };

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean);
  const [first, second] = parts;
  if (first === undefined || (first === 'connections' && second === undefined))
    return { page: 'connections' };
  if (first === 'connections' && second !== undefined && parts.length === 2) {
    return { page: 'connection', id: decodeURIComponent(second) };
  }
  if (parts.length === 1 && (first === 'history' || first === 'outbound' || first === 'flows'))
    return { page: first };
  return { page: 'not-found' };
}
