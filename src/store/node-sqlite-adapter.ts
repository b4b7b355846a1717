import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import type { SqliteDatabase, SqliteStatement } from 'kysely';
import { withoutNul } from './row-mappers.ts';

/** How many prepared statements are kept for reuse; the store issues a few dozen distinct queries. */
const STATEMENT_CACHE_SIZE = 128;

/**
 * Converts a Kysely parameter to a value `node:sqlite` can bind (booleans become 0/1; text as
 * `textSafeParameter` maps it, the same as on PostgreSQL).
 */
export function toSqlValue(value: unknown): SQLInputValue {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') return withoutNul(value);
  if (value === null || typeof value === 'number' || typeof value === 'bigint') {
    return value;
  }
  // A zero-length array received from another thread may have no backing store; Node < 22.16 binds
  // that as NULL, so bind a fresh empty array instead.
  if (value instanceof Uint8Array) return value.length === 0 ? new Uint8Array(0) : value;
  throw new TypeError(`cannot bind a ${typeof value} parameter to SQLite`);
}

/** Statements that return rows, recognised by their text (for Node < 22.16, whose statements lack `columns()`). */
const READER_SQL = /^\s*(select|with|pragma|values|explain)\b|\breturning\b/i;

/** Whether a statement returns rows: `columns()` where Node has it, else the statement's text. */
function returnsRows(statement: StatementSync, text: string): boolean {
  const withColumns = statement as StatementSync & { columns?: () => readonly unknown[] };
  return typeof withColumns.columns === 'function' ? withColumns.columns().length > 0 : READER_SQL.test(text);
}

/** Wraps one prepared `node:sqlite` statement in the better-sqlite3 shape Kysely's SqliteDialect uses. */
function adaptStatement(statement: StatementSync, text: string): SqliteStatement {
  return {
    reader: returnsRows(statement, text),
    all: (parameters) => statement.all(...parameters.map(toSqlValue)),
    run: (parameters) => statement.run(...parameters.map(toSqlValue)),
    iterate: (parameters) => statement.iterate(...parameters.map(toSqlValue)),
  };
}

/**
 * Makes a `node:sqlite` `DatabaseSync` usable as the `database` of Kysely's built-in `SqliteDialect`.
 * Every transaction starts with `BEGIN IMMEDIATE` (all of the store's transactions write), so a
 * second process waits on the busy timeout up front instead of failing on a lock upgrade.
 * Prepared statements are cached; closing is idempotent.
 */
export function adaptNodeSqlite(database: DatabaseSync): SqliteDatabase {
  const statements = new Map<string, SqliteStatement>();
  return {
    prepare(text: string): SqliteStatement {
      const sqlText = text.trim().toLowerCase() === 'begin' ? 'begin immediate' : text;
      const cached = statements.get(sqlText);
      if (cached !== undefined) return cached;
      const statement = adaptStatement(database.prepare(sqlText), sqlText);
      if (statements.size >= STATEMENT_CACHE_SIZE) statements.clear();
      statements.set(sqlText, statement);
      return statement;
    },
    close(): void {
      statements.clear();
      if (database.isOpen) database.close();
    },
  };
}
