import createClient, { type Client } from 'openapi-fetch';
import type { paths } from '../../../src/api/generated/openapi.ts';
import { errorFromBody } from './errors.ts';

/**
 * The admin API typed by the OpenAPI document (`npm run gen:api`): paths, parameters, bodies and answers
 * come from the server's zod schemas, so a dashboard call that no longer fits the server does not compile.
 * Every admin API call of the dashboard goes through it; no path or shape is written by hand in web/.
 */
export type AdminApi = Client<paths>;

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** Query strings without the parameters a form left empty (`undefined`, `null` or ''). */
function querySerializer(params: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/**
 * The typed client over `fetchImpl` (looked up at call time, so tests can stub it), with the admin token.
 * `baseUrl` '' means the page's own origin.
 */
export function createAdminApi(token: string, baseUrl: string, fetchImpl: FetchLike): AdminApi {
  return createClient<paths>({
    // openapi-fetch builds a Request, which needs an absolute URL.
    baseUrl: baseUrl || globalThis.location.origin,
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
    querySerializer,
    fetch: async (request: Request) => {
      const body = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.text();
      return fetchImpl(request.url, {
        method: request.method,
        headers: request.headers,
        cache: 'no-store',
        signal: request.signal,
        ...(body !== '' && { body }),
      });
    },
  });
}

/** What an openapi-fetch call answered. */
interface Answer<T> {
  readonly data?: T;
  readonly error?: unknown;
  readonly response: Response;
}

/** The data of a successful answer; the API's `{ error, message }` thrown as an ApiError otherwise. */
export async function unwrap<T>(call: Promise<Answer<T>>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw errorFromBody(response, error);
  return data as T;
}
