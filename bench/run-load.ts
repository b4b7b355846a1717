import autocannon from 'autocannon';

/** What one load run measured. */
export interface LoadResult {
  readonly requestsPerSecond: number;
  readonly p50: number;
  readonly p99: number;
  /** Responses with a 2xx status (accepted events). */
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
}

/**
 * Runs autocannon against one URL with a fixed request; `rate` caps the total requests per second.
 * `[<id>]` in a header value or the body is replaced by a new id per request (`uniqueIds`).
 */
export async function runLoad(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  seconds: number;
  connections: number;
  rate?: number;
  uniqueIds?: boolean;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    headers: options.headers,
    body: options.body,
    duration: options.seconds,
    connections: options.connections,
    idReplacement: options.uniqueIds ?? false,
    ...(options.rate !== undefined && { overallRate: options.rate }),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
  };
}
