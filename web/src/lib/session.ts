/**
 * The admin token lives in memory and in sessionStorage (so a reload keeps the session in this tab);
 * never in the URL, a cookie or localStorage.
 */
const KEY = 'hookgate.adminToken';

export function loadToken(): string | null {
  try {
    return globalThis.sessionStorage?.getItem(KEY) ?? null;
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  try {
    globalThis.sessionStorage?.setItem(KEY, token);
  } catch {
    // Storage disabled: the token stays in memory for this page only.
  }
}

export function clearToken(): void {
  try {
    globalThis.sessionStorage?.removeItem(KEY);
  } catch {
    // Nothing stored.
  }
}
