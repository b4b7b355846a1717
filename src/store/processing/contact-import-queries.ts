import type { Kysely, Transaction } from 'kysely';
import type { Database } from '../database-schema.ts';
import { isUniqueViolation, StoreConflictError } from '../store-errors.ts';
import { contactPatchColumns, IDENTIFIER_COLUMNS } from './contact-queries.ts';
import { type ContactPatch, IDENTIFIER_FIELDS, IDENTIFIER_TYPES as TYPES } from './processing-records.ts';
import { fromContactRecord } from './processing-row-mappers.ts';
import type { ContactImportRow, ImportRowResult } from './processing-types.ts';

const FIELDS = IDENTIFIER_FIELDS;

/** Ids and attributes of the contacts that hold any identifier of `row`. */
async function matchesOf(
  trx: Transaction<Database>,
  row: ContactImportRow,
): Promise<{ id: string; attributes: string }[]> {
  const present = TYPES.filter((type) => row[FIELDS[type]] !== null);
  if (present.length === 0) return [];
  return trx
    .selectFrom('processing_contacts')
    .select(['id', 'attributes'])
    .where((eb) => eb.or(present.map((type) => eb(IDENTIFIER_COLUMNS[type], '=', row[FIELDS[type]]))))
    .execute();
}

/** The patch that merges `row` into an existing contact: its set fields win, attributes are merged. */
function mergePatch(row: ContactImportRow, storedAttributes: string): ContactPatch {
  const patch: { -readonly [K in keyof ContactPatch]: ContactPatch[K] } = {};
  for (const type of TYPES) {
    const value = row[FIELDS[type]];
    if (value !== null) patch[FIELDS[type]] = value;
  }
  if (row.name !== null) patch.name = row.name;
  if (row.attributes !== null) {
    const stored = JSON.parse(storedAttributes) as Record<string, unknown>;
    patch.attributes = { ...stored, ...row.attributes };
  }
  return patch;
}

/** Creates or merges one row inside the import transaction. */
async function importOne(
  trx: Transaction<Database>,
  row: ContactImportRow,
  now: number,
  newId: () => string,
): Promise<ImportRowResult> {
  const matches = await matchesOf(trx, row);
  if (matches.length > 1) {
    const ids = matches.map((match) => match.id).join(', ');
    return { status: 'conflict', message: `identifiers belong to different contacts (${ids})` };
  }
  const existing = matches[0];
  if (existing === undefined) {
    const id = newId();
    const contact = { ...row, id, attributes: row.attributes ?? {}, createdAt: now, updatedAt: now };
    await trx.insertInto('processing_contacts').values(fromContactRecord(contact)).execute();
    return { status: 'created', id };
  }
  await trx
    .updateTable('processing_contacts')
    .set(contactPatchColumns(mergePatch(row, existing.attributes), now))
    .where('id', '=', existing.id)
    .execute();
  return { status: 'updated', id: existing.id };
}

/**
 * Imports contacts in one transaction, in order: a row whose identifiers match no contact is created, one
 * matching exactly one contact is merged into it, one matching several is reported as a conflict. A clash
 * with a concurrent writer aborts the whole import with `StoreConflictError` (nothing is kept).
 */
export async function importContactRows(
  db: Kysely<Database>,
  rows: readonly ContactImportRow[],
  now: number,
  newId: () => string,
): Promise<ImportRowResult[]> {
  try {
    return await db.transaction().execute(async (trx) => {
      const results: ImportRowResult[] = [];
      for (const row of rows) results.push(await importOne(trx, row, now, newId));
      return results;
    });
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    throw new StoreConflictError('contacts changed during the import; retry it', { cause: error });
  }
}
