import type { ColumnType } from 'kysely';

/** PostgreSQL `boolean`, SQLite 0/1 (the SQLite adapter binds booleans as integers). */
type BooleanColumn = ColumnType<boolean | number, boolean, boolean>;

/**
 * Row shape of `processing_settings`: one row per connection that has processing settings or a sample.
 * `sample` and `sample_schema` are JSON text.
 */
export interface ProcessingSettingsTable {
  connection_id: string;
  identifier_type: string | null;
  identifier_path: string | null;
  identifier_country: string | null;
  on_unknown_contact: string;
  capture_armed_at: number | null;
  sample_event_id: string | null;
  sample_captured_at: number | null;
  sample: string | null;
  sample_schema: string | null;
  updated_at: number;
}

/** Row shape of `processing_contacts`; identifiers are normalized and unique when not null. */
export interface ProcessingContactsTable {
  id: string;
  name: string | null;
  chat_id: string | null;
  phone: string | null;
  channel_user_id: string | null;
  email: string | null;
  attributes: string;
  created_at: number;
  updated_at: number;
}

/** Row shape of `processing_flows`; `filter` and `actions` are JSON text. */
export interface ProcessingFlowsTable {
  id: string;
  name: string;
  enabled: BooleanColumn;
  connection_id: string;
  filter: string | null;
  /** A JSONata expression; null = the payload as is. */
  transform: string | null;
  actions: string;
  created_at: number;
  updated_at: number;
}

/** Row shape of `processing_runs`: one flow applied to one event; `input`, `output`, `actions` are JSON text. */
export interface ProcessingRunsTable {
  id: string;
  flow_id: string;
  event_id: string;
  connection_id: string;
  status: string;
  input: string;
  output: string | null;
  error: string | null;
  actions: string;
  started_at: number;
  finished_at: number;
}

/**
 * Row shape of `processing_jobs`: the claim on one accepted event. `running` until finished; a running job
 * whose `lease_until` has passed belongs to a worker that died (its heartbeat stopped) and is claimed again.
 */
export interface ProcessingJobsTable {
  event_id: string;
  history_id: string;
  connection_id: string;
  state: string;
  attempts: number;
  lease_until: number;
  /** The current claim's token: renewals and the result commit must present it (null before 0005). */
  lease_token: string | null;
  finished_at: number | null;
}

/** Row shape of `processing_cursor`: named positions (the scan floor). */
export interface ProcessingCursorTable {
  name: string;
  at: number;
}

/** Kysely row shapes of the processing tables; merged into `Database` (database-schema.ts). */
export interface ProcessingTables {
  processing_settings: ProcessingSettingsTable;
  processing_contacts: ProcessingContactsTable;
  processing_flows: ProcessingFlowsTable;
  processing_runs: ProcessingRunsTable;
  processing_jobs: ProcessingJobsTable;
  processing_cursor: ProcessingCursorTable;
}
