import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { EVENT_COLUMNS, FORWARD_COLUMNS, HISTORY_COLUMNS } from '../batch-columns.ts';
import { type BatchItem, type BatchStatements, type WriteResult, writeBatch } from '../write-batch.ts';

/**
 * Most rows one INSERT statement writes. Each statement run has a fixed cost on top of its rows' (the
 * call into SQLite and back, resetting the statement, the AUTOINCREMENT counter of `events` read and
 * written back once per statement, the result object `run` returns): a batch of 20 events costs two
 * statements per table instead of twenty. Each row count from 1 to this is its own statement, prepared
 * once when first needed (a larger batch runs in pieces of this size).
 */
export const ROWS_PER_INSERT = 16;

/** `insert into "<table>" ("a", "b") values (?, ?), (?, ?)…` for the given columns and row count. */
function insertSql(table: string, columns: readonly string[], rows: number): string {
  const names = columns.map((column) => `"${column}"`).join(', ');
  const row = `(${columns.map(() => '?').join(', ')})`;
  return `insert into "${table}" (${names}) values ${Array.from({ length: rows }, () => row).join(', ')}`;
}

/**
 * A value of a batch row as `node:sqlite` binds it. The rows arrive already mapped by the row mappers
 * (`toBatchItem`: sender text without U+0000, headers as JSON, no booleans), so they bind as they are,
 * without another pass over every string (`toSqlValue` costs about 2 µs per event here). Only an empty
 * body needs care: a zero-length array received from another thread may have no backing store, which
 * Node < 22.16 binds as NULL.
 */
function bindable(value: unknown): SQLInputValue {
  return value instanceof Uint8Array && value.byteLength === 0 ? new Uint8Array(0) : (value as SQLInputValue);
}

/**
 * Inserts rows (values in `columns` order) into `table`, in the order given (an `events` row's rowid, its
 * place in the event stream, follows that order), ROWS_PER_INSERT rows per statement.
 */
function createRowInserter(
  database: DatabaseSync,
  table: string,
  columns: readonly string[],
): (rows: readonly (readonly unknown[])[]) => void {
  const statements: StatementSync[] = [];
  const statementFor = (rows: number): StatementSync => {
    let statement = statements[rows];
    if (statement === undefined) {
      statement = database.prepare(insertSql(table, columns, rows));
      statements[rows] = statement;
    }
    return statement;
  };
  return (rows) => {
    for (let start = 0; start < rows.length; start += ROWS_PER_INSERT) {
      const end = Math.min(rows.length, start + ROWS_PER_INSERT);
      const values: SQLInputValue[] = [];
      for (let index = start; index < end; index++) {
        for (const value of rows[index] as readonly unknown[]) values.push(bindable(value));
      }
      statementFor(end - start).run(...values);
    }
  };
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
 * statements prepared once on this connection (INSERTs of 1 to ROWS_PER_INSERT rows, each compiled the
 * first time a batch needs it, not a statement built and compiled per batch). Each call is one
 * `BEGIN IMMEDIATE … COMMIT`; on failure the transaction is rolled back and the error rethrown.
 * Calls must not overlap (the writer thread runs them one after the other).
 */
export function createPreparedBatchWriter(
  database: DatabaseSync,
): (items: readonly BatchItem[]) => Promise<readonly WriteResult[]> {
  // An INSERT of several rows keeps a statement journal (the pages it changes, so that a failing row can
  // undo the rows before it), which SQLite writes to a temporary file past 64 KB: a batch of 16 events
  // with 1 KB bodies reaches that. In memory instead, on this connection.
  database.exec('PRAGMA temp_store = MEMORY');
  const insertEvents = createRowInserter(database, 'events', EVENT_COLUMNS);
  const insertHistory = createRowInserter(database, 'history', HISTORY_COLUMNS);
  const insertForwards = createRowInserter(database, 'forward_jobs', FORWARD_COLUMNS);
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
      insertEvents(events);
      insertHistory(history);
      insertForwards(forwards);
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
