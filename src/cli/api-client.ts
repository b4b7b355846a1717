import { z } from 'zod';

const clientEnv = z.object({
  HOOKGATE_URL: z.url().default('http://127.0.0.1:8787'),
  HOOKGATE_ADMIN_TOKEN: z.string().min(1).optional(),
});

/** A list answer of the admin API. */
export interface ApiPage<T> {
  readonly items: T[];
  readonly nextCursor: string | null;
}

/** A query string of the given parameters; unset (undefined or empty) ones are left out. */
export function queryString(values: Readonly<Record<string, string | undefined>>): string {
  const set = Object.entries(values).filter((entry): entry is [string, string] => Boolean(entry[1]));
  return new URLSearchParams(set).toString();
}

/** An admin API answer: status and parsed JSON (or text). */
export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A thin client of the admin API for the CLI; the one place the CLI calls fetch. */
export interface ApiClient {
  readonly baseUrl: string;
  request(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
  /** Opens a streaming GET (Server-Sent Events) and returns the response. */
  stream(path: string, signal: AbortSignal): Promise<Response>;
}

/** Builds the client from HOOKGATE_URL and HOOKGATE_ADMIN_TOKEN (or the flags that override them). */
export function createApiClient(
  env: Readonly<Record<string, string | undefined>>,
  overrides: { url?: string | undefined; token?: string | undefined },
  fetchImpl: typeof fetch = fetch,
): ApiClient {
  const parsed = clientEnv.parse(Object.fromEntries(Object.entries(env).filter(([, v]) => v)));
  const baseUrl = (overrides.url ?? parsed.HOOKGATE_URL).replace(/\/+$/, '');
  const token = overrides.token ?? parsed.HOOKGATE_ADMIN_TOKEN;
  const headers = (json: boolean): Record<string, string> => ({
    ...(token && { authorization: `Bearer ${token}` }),
    ...(json && { 'content-type': 'application/json' }),
  });
  return {
    baseUrl,
    async request(method, path, body) {
      const response = await fetchImpl(`${baseUrl}${path}`, {
        method,
        headers: headers(body !== undefined),
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, body: parseMaybeJson(text) };
    },
    stream(path, signal) {
      return fetchImpl(`${baseUrl}${path}`, {
        headers: { ...headers(false), accept: 'text/event-stream' },
        signal,
      });
    },
  };
}

/** JSON when the text is JSON, the text otherwise, null when empty. */
export function parseMaybeJson(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
