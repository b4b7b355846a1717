import type { LeasedJobColumns } from '../job-columns.ts';

/**
 * Row shape of `forward_jobs`: the forwarding queue, one row per accepted event of a forwarding
 * connection, written in the same transaction as the event. `due_at` is when a worker may take the job
 * next (null once it is delivered, failed or dead); a lease moves it to the lease's expiry, so a crashed
 * worker's job becomes due again, and `lease_token` fences late completions. `headers` is the JSON of the
 * inbound headers to forward (hop-by-hop and credential headers already removed).
 */
export interface ForwardJobsTable extends LeasedJobColumns {
  event_id: string;
  connection_id: string;
  headers: string;
}

/** Row shape of `forward_attempts`: one HTTP attempt of a forward (or one refused before sending). */
export interface ForwardAttemptsTable {
  id: string;
  event_id: string;
  connection_id: string;
  attempt: number;
  /** `success` for a 2xx, else `failed` (with the status code or the transport error). */
  status: string;
  status_code: number | null;
  duration_ms: number;
  /** The first 4 KB of the response body, credentials replaced by `[redacted]`. */
  response_preview: string;
  error: string | null;
  created_at: number;
}

/** Kysely row shapes of the forwarding tables; merged into `Database` (database-schema.ts). */
export interface ForwardTables {
  forward_jobs: ForwardJobsTable;
  forward_attempts: ForwardAttemptsTable;
}
