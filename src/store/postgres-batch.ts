import type { Insertable, Kysely } from 'kysely';
import type { Database, EventsTable, HistoryTable } from './database-schema.ts';
import {
  type BatchStatements,
  claimsAnyKey,
  commitWriteBatch,
  type WriteItem,
  type WriteResult,
  writeBatch,
} from './write-batch.ts';

/** The rows a key-less batch writes, gathered by `writeBatch` instead of being sent one INSERT at a time. */
interface GatheredRows {
  events: Insertable<EventsTable>[];
  history: Insertable<HistoryTable>[];
}

/** Statements that only gather rows; a batch that claims no key never calls `claimKey`. */
function gatheringStatements(rows: GatheredRows): BatchStatements {
  return {
    claimKey() {
      return Promise.reject(new Error('a batch with idempotency keys must be committed in a transaction'));
    },
    async insertEvents(events) {
      rows.events.push(...events);
    },
    async insertHistory(history) {
      rows.history.push(...history);
    },
  };
}

/**
 * Group commit on PostgreSQL. A batch that claims no idempotency key (most senders send none) is written
 * with ONE statement — `WITH … INSERT INTO events … INSERT INTO history …`, atomic on its own — instead of
 * BEGIN, two INSERTs and COMMIT: four round trips become one, which is what bounds PostgreSQL's inbound
 * rate (the round trips, not the server's CPU). A batch with keys claims them first, in a transaction
 * (`commitWriteBatch`). Either way the results are `writeBatch`'s.
 */
export async function commitPostgresBatch(
  db: Kysely<Database>,
  items: readonly WriteItem[],
): Promise<readonly WriteResult[]> {
  if (claimsAnyKey(items)) return commitWriteBatch(db, items);
  const rows: GatheredRows = { events: [], history: [] };
  const results = await writeBatch(gatheringStatements(rows), items);
  const { events, history } = rows;
  if (events.length === 0) {
    if (history.length > 0) await db.insertInto('history').values(history).execute();
    return results;
  }
  await db
    .with('accepted_events', (query) => query.insertInto('events').values(events))
    .insertInto('history')
    .values(history)
    .execute();
  return results;
}
