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

/** The query string (`?…` or ''); changes with navigate() and back / forward. */
export function useSearch(): string {
  return useSyncExternalStore(
    subscribe,
    () => window.location.search,
    () => '',
  );
}

export type Route =
  | { readonly page: 'home' }
  | { readonly page: 'connections' }
  | { readonly page: 'connection'; readonly id: string }
  | { readonly page: 'history' }
  | { readonly page: 'flows' }
  | { readonly page: 'flow'; readonly id: string }
  | { readonly page: 'contacts' }
  | { readonly page: 'outbound' }
  | { readonly page: 'application'; readonly id: string }
  | { readonly page: 'endpoint'; readonly applicationId: string; readonly endpointId: string }
  | { readonly page: 'not-found' };

const TOP_LEVEL = ['history', 'flows', 'contacts', 'outbound'] as const;

function isTopLevel(part: string): part is (typeof TOP_LEVEL)[number] {
  return (TOP_LEVEL as readonly string[]).includes(part);
}

function decode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

export function matchRoute(path: string): Route {
  const parts = path.split('/').filter(Boolean).map(decode);
  const [first, second, third, fourth] = parts;
  if (first === undefined) return { page: 'home' };
  if (first === 'connections' && second === undefined) return { page: 'connections' };
  if (parts.length === 1 && isTopLevel(first)) return { page: first };
  if (parts.length === 2 && second !== undefined) {
    if (first === 'connections') return { page: 'connection', id: second };
    if (first === 'flows') return { page: 'flow', id: second };
    if (first === 'outbound') return { page: 'application', id: second };
  }
  if (first === 'outbound' && second && third === 'endpoints' && fourth && parts.length === 4) {
    return { page: 'endpoint', applicationId: second, endpointId: fourth };
  }
  return { page: 'not-found' };
}

// The dashboard's own URLs, encoded once here.

export function connectionPath(id: string): string {
  return `/connections/${encodeURIComponent(id)}`;
}

export function flowPath(id: string): string {
  return `/flows/${encodeURIComponent(id)}`;
}

export function applicationPath(id: string): string {
  return `/outbound/${encodeURIComponent(id)}`;
}

export function endpointPath(applicationId: string, endpointId: string): string {
  return `${applicationPath(applicationId)}/endpoints/${encodeURIComponent(endpointId)}`;
}
