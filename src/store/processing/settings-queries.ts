import type { Kysely } from 'kysely';
import type { Database } from '../database-schema.ts';
import type { ConnectionProcessingRecord, SampleRecord } from './processing-records.ts';
import { toJsonText, toSettingsRecord } from './processing-row-mappers.ts';

/** A connection's processing settings, or null when none were ever stored. */
export async function selectSettings(
  db: Kysely<Database>,
  connectionId: string,
): Promise<ConnectionProcessingRecord | null> {
  const row = await db
    .selectFrom('processing_settings')
    .selectAll()
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  return row === undefined ? null : toSettingsRecord(row);
}

/** Creates or replaces the identifier mapping and policy; capture state and sample are kept. */
export async function upsertSettings(
  db: Kysely<Database>,
  record: Omit<ConnectionProcessingRecord, 'captureArmedAt' | 'sampleEventId'>,
): Promise<ConnectionProcessingRecord> {
  const columns = {
    identifier_type: record.identifier?.type ?? null,
    identifier_path: record.identifier?.path ?? null,
    identifier_country: record.identifier?.defaultCountry ?? null,
    on_unknown_contact: record.onUnknownContact,
    updated_at: record.updatedAt,
  };
  const row = await db
    .insertInto('processing_settings')
    .values({ connection_id: record.connectionId, ...columns })
    .onConflict((conflict) => conflict.column('connection_id').doUpdateSet(columns))
    .returningAll()
    .executeTakeFirstOrThrow();
  return toSettingsRecord(row);
}

/** Arms (`at`) or disarms (`null`) the capture; a connection without settings gets the defaults. */
export async function upsertCapture(
  db: Kysely<Database>,
  connectionId: string,
  at: number | null,
  now: number,
): Promise<void> {
  await db
    .insertInto('processing_settings')
    .values({
      connection_id: connectionId,
      on_unknown_contact: 'skip',
      capture_armed_at: at,
      updated_at: now,
    })
    .onConflict((conflict) =>
      conflict.column('connection_id').doUpdateSet({ capture_armed_at: at, updated_at: now }),
    )
    .execute();
}

/**
 * Keeps `sample` when the capture was armed at or before `receivedAt`, disarming it in the same statement
 * so exactly one event wins. True also when this event already is the sample.
 */
export async function storeSample(
  db: Kysely<Database>,
  sample: SampleRecord,
  receivedAt: number,
): Promise<boolean> {
  const updated = await db
    .updateTable('processing_settings')
    .set({
      capture_armed_at: null,
      sample_event_id: sample.eventId,
      sample_captured_at: sample.capturedAt,
      sample: toJsonText(sample.sample),
      sample_schema: toJsonText(sample.schema),
    })
    .where('connection_id', '=', sample.connectionId)
    .where('capture_armed_at', 'is not', null)
    .where('capture_armed_at', '<=', receivedAt)
    .returning('connection_id')
    .executeTakeFirst();
  if (updated !== undefined) return true;
  const current = await db
    .selectFrom('processing_settings')
    .select('sample_event_id')
    .where('connection_id', '=', sample.connectionId)
    .executeTakeFirst();
  return current?.sample_event_id === sample.eventId;
}

/** The connection's captured sample and schema, or null. */
export async function selectSample(db: Kysely<Database>, connectionId: string): Promise<SampleRecord | null> {
  const row = await db
    .selectFrom('processing_settings')
    .select(['sample_event_id', 'sample_captured_at', 'sample', 'sample_schema'])
    .where('connection_id', '=', connectionId)
    .executeTakeFirst();
  if (row?.sample_event_id == null || row.sample_captured_at === null) return null;
  if (row.sample === null || row.sample_schema === null) return null;
  return {
    connectionId,
    eventId: row.sample_event_id,
    capturedAt: row.sample_captured_at,
    sample: JSON.parse(row.sample) as unknown,
    schema: JSON.parse(row.sample_schema) as Record<string, unknown>,
  };
}
