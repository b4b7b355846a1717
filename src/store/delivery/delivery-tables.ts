import type { ColumnType } from 'kysely';
import type { LeasedJobColumns } from '../job-columns.ts';

/** PostgreSQL `boolean`, SQLite 0/1 (the SQLite adapter binds booleans as integers). */
type BooleanColumn = ColumnType<boolean | number, boolean, boolean>;

/** Row shape of `delivery_applications`: a customer of the user's platform that owns endpoints. */
export interface DeliveryApplicationsTable {
  id: string;
  name: string;
  /** First 6 and last 4 characters of the current signing secret. */
  secret_preview: string;
  created_at: number;
  updated_at: number;
}

/**
 * Row shape of `delivery_endpoints`. `event_types`, `signing`, `headers` and `retry_schedule` are JSON text;
 * `signing` holds the style and its public fields only (credentials live in `delivery_secrets`).
 */
export interface DeliveryEndpointsTable {
  id: string;
  application_id: string;
  url: string;
  description: string | null;
  event_types: string | null;
  enabled: BooleanColumn;
  /** Why it was disabled (e.g. `410 Gone`), null when enabled or disabled by hand without a reason. */
  disabled_reason: string | null;
  /** Requests per second; null = unlimited. */
  rate_limit: number | null;
  /** Requests in flight at once per worker; null = the worker's default. */
  max_concurrency: number | null;
  signing: string;
  /** Mask of the endpoint's own credential; null when it uses the application's secret or none. */
  secret_preview: string | null;
  headers: string;
  retry_schedule: string | null;
  created_at: number;
  updated_at: number;
}

/** Row shape of `delivery_secrets`: one sealed credential version of an application or an endpoint. */
export interface DeliverySecretsTable {
  id: string;
  /** The application, endpoint or (forwarding secret) connection id. */
  owner_id: string;
  /** The sealed credential. */
  material: string;
  created_at: number;
  /** After this instant the version is no longer used; null = current. */
  expires_at: number | null;
}

/** Row shape of `delivery_messages`: one published outbound event; `payload` is the JSON text of `data`. */
export interface DeliveryMessagesTable {
  id: string;
  /** The envelope id (`evt_…`), the same on every attempt and every endpoint. */
  event_id: string;
  application_id: string;
  type: string;
  payload: string;
  idempotency_key: string | null;
  connection_id: string | null;
  source_event_id: string | null;
  created_at: number;
}

/**
 * Row shape of `delivery_jobs`: the durable queue, one row per (message, endpoint). `due_at` is when a
 * worker may take the job next (null once it is SUCCESS or DEAD_LETTER); a lease moves it to the lease's
 * expiry, so a crashed worker's job becomes due again. `lease_token` fences late completions.
 */
export interface DeliveryJobsTable extends LeasedJobColumns {
  id: string;
  message_id: string;
  endpoint_id: string;
  application_id: string;
}

/** Row shape of `delivery_attempts`: one HTTP attempt (or one refused before sending). */
export interface DeliveryAttemptsTable {
  id: string;
  delivery_id: string;
  message_id: string;
  endpoint_id: string;
  attempt: number;
  status: string;
  response_status: number | null;
  /** The first 4 KB of the response body as text. */
  response_body_preview: string;
  latency_ms: number;
  error: string | null;
  created_at: number;
}

/**
 * Row shape of `delivery_endpoint_limits`: the cluster-wide token bucket of an endpoint with explicit limits
 * (PostgreSQL; SQLite's single process limits in memory). `tokens` as of `refilled_at` (epoch ms).
 */
export interface DeliveryEndpointLimitsTable {
  endpoint_id: string;
  tokens: number;
  refilled_at: number;
}

/** Kysely row shapes of the delivery tables; merged into `Database` (database-schema.ts). */
export interface DeliveryTables {
  delivery_applications: DeliveryApplicationsTable;
  delivery_endpoints: DeliveryEndpointsTable;
  delivery_secrets: DeliverySecretsTable;
  delivery_messages: DeliveryMessagesTable;
  delivery_jobs: DeliveryJobsTable;
  delivery_attempts: DeliveryAttemptsTable;
  delivery_endpoint_limits: DeliveryEndpointLimitsTable;
}
