import { CompiledQuery, type Insertable } from 'kysely';
import { EVENT_COLUMNS, FORWARD_COLUMNS, HISTORY_COLUMNS } from './batch-columns.ts';
import type { EventsTable, HistoryTable } from './database-schema.ts';
import type { ForwardJobsTable } from './forward/forward-tables.ts';

interface TableRows {
  readonly table: string;
  readonly columns: readonly string[];
  readonly rows: readonly object[];
}

/** Statement texts by row counts: a batch's text depends only on how many rows of each table it has. */
const texts = new Map<string, string>();
const MAX_TEXTS = 512;

/** `insert into <table> (<columns>) values ($n, …), …` for `rows` rows, parameters from `first`. */
function insertText({ table, columns, rows }: TableRows, first: number): string {
  const tuples: string[] = [];
  let n = first;
  for (let row = 0; row < rows.length; row++) {
    const placeholders: string[] = [];
    for (let column = 0; column < columns.length; column++) placeholders.push(`$${n++}`);
    tuples.push(`(${placeholders.join(', ')})`);
  }
  return `insert into ${table} (${columns.join(', ')}) values ${tuples.join(', ')}`;
}

/** One statement inserting every table's rows: all but the last as data-modifying WITH queries. */
function statementText(tables: readonly TableRows[]): string {
  const parts: string[] = [];
  let first = 1;
  for (const part of tables) {
    parts.push(insertText(part, first));
    first += part.rows.length * part.columns.length;
  }
  const last = parts.pop() ?? '';
  if (parts.length === 0) return last;
  return `with ${parts.map((text, index) => `inserted_${index} as (${text})`).join(', ')} ${last}`;
}

/**
 * PostgreSQL: a group commit's events, forward jobs and history rows as one statement (atomic by itself;
 * the jobs' foreign key to their events is checked at the end of the statement), built directly instead of
 * through Kysely's query builder: the text is cached by row counts and the parameters are pushed column by
 * column, which takes a fraction of the gateway CPU of building and compiling a query tree per value.
 * Null when there is nothing to insert.
 */
export function pgBatchInsert(
  events: readonly Insertable<EventsTable>[],
  history: readonly Insertable<HistoryTable>[],
  forwards: readonly Insertable<ForwardJobsTable>[],
): CompiledQuery | null {
  const tables: TableRows[] = [
    { table: 'events', columns: EVENT_COLUMNS, rows: events },
    { table: 'forward_jobs', columns: FORWARD_COLUMNS, rows: forwards },
    { table: 'history', columns: HISTORY_COLUMNS, rows: history },
  ].filter((part) => part.rows.length > 0);
  if (tables.length === 0) return null;
  const key = `${events.length}/${forwards.length}/${history.length}`;
  let text = texts.get(key);
  if (text === undefined) {
    text = statementText(tables);
    if (texts.size >= MAX_TEXTS) texts.clear();
    texts.set(key, text);
  }
  const parameters: unknown[] = [];
  for (const { columns, rows } of tables) {
    for (const row of rows) {
      const values = row as Record<string, unknown>;
      for (const column of columns) parameters.push(values[column] ?? null);
    }
  }
  return CompiledQuery.raw(text, parameters);
}
