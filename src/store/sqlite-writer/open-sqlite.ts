import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync, type SQLOutputValue } from 'node:sqlite';
import { Kysely, type LogConfig, SqliteDialect } from 'kysely';
import type { Database } from '../database-schema.ts';
import { documentMatches, type SearchableRow, searchDocument, searchIndexText } from '../history-search.ts';
import { adaptNodeSqlite } from '../node-sqlite-adapter.ts';

/** The database file inside the data directory. */
export const SQLITE_FILE_NAME = 'hookgate.db';

/** How long a statement waits for another connection's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

/**
 * WAL size (pages) at which a committing connection checkpoints by itself. The checkpoint thread keeps the
 * WAL far below this; it is only the safety net for when that thread is not running (40 MB).
 */
const AUTO_CHECKPOINT_PAGES = 10_000;

/** A Kysely instance over one `node:sqlite` connection, and the function that closes that connection. */
export interface SqliteHandle {
  readonly db: Kysely<Database>;
  readonly close: () => void;
}

/**
 * Opens (creating when needed) `<dataDir>/hookgate.db` with `node:sqlite`: WAL journal, fully synced
 * commits (a resolved write survives power loss), foreign keys enforced, a busy timeout, and automatic
 * checkpoints only as a safety net (the checkpoint thread does them). The writer and checkpoint threads
 * use it directly.
 */
export function openSqliteDatabase(dataDir: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const database = new DatabaseSync(join(dataDir, SQLITE_FILE_NAME));
  try {
    database.exec(
      [
        `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`,
        'PRAGMA journal_mode = WAL',
        'PRAGMA synchronous = FULL',
        'PRAGMA foreign_keys = ON',
        `PRAGMA wal_autocheckpoint = ${AUTO_CHECKPOINT_PAGES}`,
      ].join(';\n'),
    );
  } catch (error) {
    database.close();
    throw error;
  }
  return database;
}

/** A history row's search columns as SQLite hands them to a function. */
function searchableRow(
  id: SQLOutputValue,
  eventId: SQLOutputValue,
  message: SQLOutputValue,
  headers: SQLOutputValue,
  bodyStart: SQLOutputValue,
): SearchableRow {
  return {
    id: String(id),
    event_id: eventId === null ? null : String(eventId),
    message: message === null ? null : String(message),
    headers: String(headers),
    body_start: String(bodyStart),
  };
}

/**
 * `hookgate_search_match(id, event_id, message, headers, body_start, words)`: whether a history row's
 * search words match the space-separated query `words` — the search of rows not indexed yet, with the
 * very definition the index is built from.
 */
function registerSearchMatch(database: DatabaseSync): void {
  database.function(
    'hookgate_search_match',
    { deterministic: true },
    (id, eventId, message, headers, bodyStart, words) =>
      documentMatches(
        searchDocument(searchableRow(id, eventId, message, headers, bodyStart)),
        String(words).split(' '),
      )
        ? 1
        : 0,
  );
}

/**
 * `hookgate_search_document(id, event_id, message, headers, body_start)`: the text the history index is
 * given for a row (`searchIndexText`: the words of its `searchDocument` once tokenized), for the writer
 * thread's indexer, which indexes a slice of rows in one `INSERT … SELECT` with it.
 */
export function registerSearchDocument(database: DatabaseSync): void {
  database.function(
    'hookgate_search_document',
    { deterministic: true },
    (id, eventId, message, headers, bodyStart) =>
      searchIndexText(searchableRow(id, eventId, message, headers, bodyStart)),
  );
}

/**
 * `openSqliteDatabase` wrapped in Kysely: the main thread's connection (reads, admin writes, migrations),
 * with the search function its history queries use. `log` is Kysely's query log (the store's health
 * observes queries through it).
 */
export function openSqliteHandle(dataDir: string, log?: LogConfig): SqliteHandle {
  const database = openSqliteDatabase(dataDir);
  registerSearchMatch(database);
  const adapted = adaptNodeSqlite(database);
  const db = new Kysely<Database>({
    dialect: new SqliteDialect({ database: adapted }),
    ...(log !== undefined && { log }),
  });
  return { db, close: () => adapted.close() };
}
