import type { DatabaseSync, StatementSync } from 'node:sqlite';
import { EVENT_COLUMNS, FORWARD_COLUMNS, HISTORY_COLUMNS } from '../batch-columns.ts';
import { toSqlValue } from '../node-sqlite-adapter.ts';
import { type BatchItem, type BatchStatements, type WriteResult, writeBatch } from '../write-batch.ts';

/** `insert into "<table>" ("a", "b") values (?, ?)` for the given columns. */
function insertSql(table: string, columns: readonly string[]): string {
  const names = columns.map((column) => `"${column}"`).join(', ');
  return `insert into "${table}" (${names}) values (${columns.map(() => '?').join(', ')})`;
}

/** Runs `statement` once per row, binding the row's values (already in the statement's column order). */
function runForEachRow(statement: StatementSync, rows: readonly (readonly unknown[])[]): void {
  for (const row of rows) statement.run(...row.map(toSqlValue));
}

/** Rolls back the open transaction, if SQLite has not already rolled it back on its own (SQLITE_FULL…). */
function rollBack(database: DatabaseSync): void {
  // `isTransaction` is missing before Node 22.16: then try, and a failing ROLLBACK means nothing was open.
  const open = (database as { isTransaction?: boolean }).isTransaction;
  if (open === false) return;
  try {
    database.exec('ROLLBACK');
  } catch {
    // No transaction was open: nothing to undo.
  }
}

/**
 * The group-commit writer of the SQLite writer thread: the same `writeBatch` as every store, through
 * statements prepared once on this connection (one short INSERT per row instead of a multi-row INSERT
 * built and compiled per batch, whose text changes with the batch size). Each call is one
 * `BEGIN IMMEDIATE … COMMIT`; on failure the transaction is rolled back and the error rethrown.
 * Calls must not overlap (the writer thread runs them one after the other).
 */
export function createPreparedBatchWriter(
  database: DatabaseSync,
): (items: readonly BatchItem[]) => Promise<readonly WriteResult[]> {
  const insertEvent = database.prepare(insertSql('events', EVENT_COLUMNS));
  const insertHistory = database.prepare(insertSql('history', HISTORY_COLUMNS));
  const insertForward = database.prepare(insertSql('forward_jobs', FORWARD_COLUMNS));
  const claimKey = database.prepare(
    'insert into "idempotency_keys" ("connection_id", "key", "event_id", "created_at") values (?, ?, ?, ?) ' +
      'on conflict ("connection_id", "key") do nothing returning "event_id"',
  );
  const firstEvent = database.prepare(
    'select "event_id" from "idempotency_keys" where "connection_id" = ? and "key" = ?',
  );
  const statements: BatchStatements = {
    async claimKeys(claims) {
      return claims.map(({ connectionId, key, eventId, createdAt }) => {
        if (claimKey.get(connectionId, key, eventId, createdAt) !== undefined) return null;
        const first = firstEvent.get(connectionId, key) as { event_id: string } | undefined;
        if (first === undefined) throw new Error(`idempotency key ${key} conflicted but cannot be read`);
        return first.event_id;
      });
    },
    async insertRows(events, history, forwards) {
      // Each event's place in the event stream is its rowid (`seq`): the order the events are inserted.
      runForEachRow(insertEvent, events);
      runForEachRow(insertHistory, history);
      runForEachRow(insertForward, forwards);
    },
  };
  return async (items) => {
    database.exec('BEGIN IMMEDIATE');
    try {
      const results = await writeBatch(statements, items);
      database.exec('COMMIT');
      return results;
    } catch (error) {
      rollBack(database);
      throw error;
    }
  };
}
