/**
 * The columns every leased work queue row has (`delivery_jobs`, `forward_jobs`): its state, its retry
 * cycle, its lease and its last outcome. Each queue's table type adds its key and what it carries.
 */
export interface LeasedJobColumns {
  state: string;
  /** Attempts started so far, across redeliveries (the next one sends `attempts + 1`). */
  attempts: number;
  /** `attempts` when the current retry cycle began (0, or the count at the last replay or redelivery). */
  schedule_base: number;
  /** When a worker may take it next; null once it is finished. */
  due_at: number | null;
  lease_owner: string | null;
  lease_token: string | null;
  last_status: number | null;
  last_error: string | null;
  created_at: number;
  updated_at: number;
}
