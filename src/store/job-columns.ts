import type { CreateTableBuilder } from 'kysely';

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

/**
 * Adds the lease columns shared by both queues, `state` through `last_error` in this order, to a queue
 * table being created. Migrations 0002 (`delivery_jobs`) and 0006 (`forward_jobs`) use it: never change
 * what it emits, or an existing database and a new one would differ (a new column needs a new migration).
 */
export function addLeasedJobColumns<TB extends string, C extends string>(table: CreateTableBuilder<TB, C>) {
  return table
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('schedule_base', 'integer', (c) => c.notNull())
    .addColumn('due_at', 'bigint')
    .addColumn('lease_owner', 'text')
    .addColumn('lease_token', 'text')
    .addColumn('last_status', 'integer')
    .addColumn('last_error', 'text');
}
