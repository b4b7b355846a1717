import { createParser } from 'eventsource-parser';
import createClient, { type Client } from 'openapi-fetch';
import { z } from 'zod';
import type { paths } from '../api/index.ts';

const clientEnv = z.object({
  HOOKGATE_URL: z.url().default('http://127.0.0.1:8787'),
  HOOKGATE_ADMIN_TOKEN: z.string().min(1).optional(),
});

/**
 * The admin API as the CLI calls it: paths, parameters, bodies and answers are typed by the OpenAPI
 * document (`npm run gen:api`), so a command that no longer fits the server does not compile.
 */
export type AdminApi = Client<paths>;

/** One Server-Sent Event as the stream carries it. */
export interface SseEvent {
  readonly event?: string | undefined;
  readonly id?: string | undefined;
  readonly data: string;
}

/** The admin API client for the CLI; the one place the CLI calls the network for the API. */
export interface ApiClient {
  readonly baseUrl: string;
  readonly api: AdminApi;
  /** Opens a Server-Sent Events stream (a GET), resuming after `lastEventId` when given. */
  stream(path: string, options: { lastEventId?: string | undefined; signal: AbortSignal }): Promise<Response>;
}

/**
 * A fetch whose network failures name the URL and the cause (`connect ECONNREFUSED 127.0.0.1:8787`),
 * not only undici's `fetch failed`. An abort is passed on as it is.
 */
export function explainingFetch(fetchImpl: typeof fetch): typeof fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError') throw error;
      const url = input instanceof Request ? input.url : String(input);
      throw new Error(`Cannot reach ${url}: ${causeOf(error)}`, { cause: error });
    }
  };
}

/** The innermost readable reason of a fetch failure. */
function causeOf(error: unknown): string {
  let inner = error;
  while (inner instanceof Error && inner.cause !== undefined) inner = inner.cause;
  if (inner instanceof AggregateError && inner.errors.length > 0) inner = inner.errors[0];
  if (!(inner instanceof Error)) return String(inner);
  const code = (inner as { code?: unknown }).code;
  return inner.message || (typeof code === 'string' ? code : inner.name);
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
  const authorization: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  const explaining = explainingFetch(fetchImpl);
  return {
    baseUrl,
    api: createClient<paths>({ baseUrl, headers: authorization, fetch: (request) => explaining(request) }),
    stream(path, { lastEventId, signal }) {
      return explaining(`${baseUrl}${path}`, {
        headers: {
          ...authorization,
          accept: 'text/event-stream',
          ...(lastEventId !== undefined && { 'last-event-id': lastEventId }),
        },
        signal,
      });
    },
  };
}

/** The events of a Server-Sent Events body as they arrive, parsed by eventsource-parser (comments skipped). */
export async function* sseEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const parsed: SseEvent[] = [];
  const parser = createParser({ onEvent: (event) => parsed.push(event) });
  const decoder = new TextDecoder();
  for await (const chunk of body) {
    parser.feed(decoder.decode(chunk, { stream: true }));
    yield* parsed.splice(0);
  }
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
