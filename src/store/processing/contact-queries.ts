import type { Kysely, Updateable } from 'kysely';
import type { Database } from '../database-schema.ts';
import { newestFirstPage } from '../newest-first.ts';
import { withoutNulOrNull } from '../row-mappers.ts';
import { isUniqueViolation, StoreConflictError } from '../store-errors.ts';
import type { Page } from '../types.ts';
import type { ContactPatch, ContactRecord, IdentifierType } from './processing-records.ts';
import { fromContactRecord, toContactRecord, toJsonText } from './processing-row-mappers.ts';
import type { ProcessingContactsTable } from './processing-tables.ts';
import type { ContactFilter } from './processing-types.ts';

/** The column holding each identifier type. */
export const IDENTIFIER_COLUMNS = {
  chat_id: 'chat_id',
  phone: 'phone',
  channel_user_id: 'channel_user_id',
  email: 'email',
} as const satisfies Record<IdentifierType, keyof ProcessingContactsTable>;

/** Runs `write`, turning a unique-identifier clash into `StoreConflictError`. */
async function withConflict<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreConflictError('another contact already has one of these identifiers', { cause: error });
  }
}

/** Inserts a contact; `StoreConflictError` when the id or an identifier is taken. */
export async function insertContact(db: Kysely<Database>, contact: ContactRecord): Promise<void> {
  await withConflict(() => db.insertInto('processing_contacts').values(fromContactRecord(contact)).execute());
}

/** One contact by id, or null. */
export async function selectContact(db: Kysely<Database>, id: string): Promise<ContactRecord | null> {
  const row = await db.selectFrom('processing_contacts').selectAll().where('id', '=', id).executeTakeFirst();
  return row === undefined ? null : toContactRecord(row);
}

/** The contact whose `type` identifier equals `value` (already normalized), or null. */
export async function selectContactBy(
  db: Kysely<Database>,
  type: IdentifierType,
  value: string,
): Promise<ContactRecord | null> {
  const row = await db
    .selectFrom('processing_contacts')
    .selectAll()
    .where(IDENTIFIER_COLUMNS[type], '=', value)
    .executeTakeFirst();
  return row === undefined ? null : toContactRecord(row);
}

/** Contacts newest first, filtered by exact identifiers. */
export async function listContactPage(
  db: Kysely<Database>,
  filter: ContactFilter,
): Promise<Page<ContactRecord>> {
  let query = db.selectFrom('processing_contacts').selectAll();
  if (filter.chatId != null) query = query.where('chat_id', '=', filter.chatId);
  if (filter.phone != null) query = query.where('phone', '=', filter.phone);
  if (filter.channelUserId != null) query = query.where('channel_user_id', '=', filter.channelUserId);
  if (filter.email != null) query = query.where('email', '=', filter.email);
  return newestFirstPage(query, 'created_at', filter, toContactRecord);
}

/** The columns a contact patch changes. */
export function contactPatchColumns(patch: ContactPatch, now: number): Updateable<ProcessingContactsTable> {
  const columns: Updateable<ProcessingContactsTable> = { updated_at: now };
  if (patch.name !== undefined) columns.name = withoutNulOrNull(patch.name);
  if (patch.chatId !== undefined) columns.chat_id = withoutNulOrNull(patch.chatId);
  if (patch.phone !== undefined) columns.phone = patch.phone;
  if (patch.channelUserId !== undefined) columns.channel_user_id = withoutNulOrNull(patch.channelUserId);
  if (patch.email !== undefined) columns.email = withoutNulOrNull(patch.email);
  if (patch.attributes !== undefined) columns.attributes = toJsonText(patch.attributes);
  return columns;
}

/** Applies a patch; the updated contact, null when absent, `StoreConflictError` on an identifier clash. */
export async function updateContactRow(
  db: Kysely<Database>,
  id: string,
  patch: ContactPatch,
  now: number,
): Promise<ContactRecord | null> {
  const row = await withConflict(() =>
    db
      .updateTable('processing_contacts')
      .set(contactPatchColumns(patch, now))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst(),
  );
  return row === undefined ? null : toContactRecord(row);
}

/** Deletes a contact; false when absent. History rows keep the id they recorded. */
export async function deleteContactRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('processing_contacts').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}
