import { sseEvents } from '../../src/cli/api-client.ts';

/** One row the tail showed, and when (performance.now()) it arrived. */
export interface TailedRow {
  readonly id: string;
  readonly connectionId: string;
  readonly outcome: string;
  readonly eventId: string | null;
  readonly arrivedAt: number;
}

/** A dashboard-style live-tail client: every row of `/api/v1/history/stream`, kept by row id. */
export interface TailClient {
  /** Rows seen so far, by history id (a later update of a row replaces it). */
  readonly rows: ReadonlyMap<string, TailedRow>;
  close(): void;
}

/** Opens the live tail at `baseUrl` (an instance, or a load balancer in front of several). */
export async function openTail(baseUrl: string, adminToken: string): Promise<TailClient> {
  const controller = new AbortController();
  const response = await fetch(`${baseUrl}/api/v1/history/stream`, {
    headers: { authorization: `Bearer ${adminToken}` },
    signal: controller.signal,
  });
  if (response.status !== 200 || response.body === null) {
    throw new Error(`live tail answered ${response.status}: ${await response.text()}`);
  }
  const rows = new Map<string, TailedRow>();
  (async () => {
    for await (const event of sseEvents(response.body as ReadableStream<Uint8Array>)) {
      const row = JSON.parse(event.data) as Omit<TailedRow, 'arrivedAt'>;
      rows.set(row.id, { ...row, arrivedAt: performance.now() });
    }
  })().catch(() => {});
  return { rows, close: () => controller.abort() };
}

/** Median and maximum of `values`, rounded, for test diagnostics. */
export function spread(values: readonly number[]): { median: number; max: number; n: number } {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: Math.round(sorted[Math.floor(sorted.length / 2)] ?? Number.NaN),
    max: Math.round(sorted.at(-1) ?? Number.NaN),
    n: sorted.length,
  };
}
